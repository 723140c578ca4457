"""The theme's markup gets names and levels for screen readers as each page is rendered,
and a theme whose markup no longer matches makes the build say so."""

from __future__ import annotations

import pytest

from followup.site.theme import THEME_FIXES, fix_theme


@pytest.mark.sphinx("html", testroot="theme", srcdir="theme-unmatched")
def test_a_fix_that_finds_nothing_is_a_warning(app) -> None:
    app.build()
    warnings = [w for w in app.warning.getvalue().splitlines() if "WARNING" in w]
    assert len(warnings) == 2, warnings  # the two side panels, on the one page
    assert all("the theme's markup has changed" in w and "[followup.theme]" in w for w in warnings)


def test_the_fixes_name_the_panels_and_give_captions_a_level() -> None:
    page = "".join(old for old, _, _ in THEME_FIXES) + "<p class='x'>"
    fixed, missing = fix_theme(page)
    assert missing == []
    assert 'aria-label="Site menu"' in fixed and 'aria-label="On this page"' in fixed
    assert 'aria-level="2"' in fixed
    assert fix_theme(fixed) == (fixed, [])  # applying them twice changes nothing
