"""Theme fixes: names and levels the theme's markup lacks, which screen readers need.

Applied as each page is rendered, by ``followup_fix_theme`` in
``docs/_templates/page.html``; the build warns if the theme's markup ever stops matching.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ..problems import Kind
from .report import WARNING_TYPE

logger = logging.getLogger(__name__)


#: Fixes to the theme's markup for screen readers, applied as each page is rendered
#: (see ``docs/_templates/page.html``): its two side panels are landmarks of the same
#: kind, so each gets a name; the navigation's section captions are headings without a
#: level. Each entry: what to find, what to put instead, and whether every page has it.
THEME_FIXES: tuple[tuple[str, str, bool], ...] = (
    (
        '<aside class="sidebar-drawer">',
        '<aside class="sidebar-drawer" aria-label="Site menu">',
        True,
    ),
    ('<aside class="toc-drawer', '<aside aria-label="On this page" class="toc-drawer', True),
    ('class="caption" role="heading">', 'class="caption" role="heading" aria-level="2">', False),
)


def fix_theme(page: str) -> tuple[str, list[str]]:
    """The page with :data:`THEME_FIXES` applied, and what could not be found."""
    missing = []
    for old, new, everywhere in THEME_FIXES:
        if old in page:
            page = page.replace(old, new)
        elif everywhere and new not in page:
            missing.append(old)
    return page, missing


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Each page gets the theme fixes for screen readers."""

    def fix(html: str) -> str:
        fixed, missing = fix_theme(str(html))
        for old in missing:
            logger.warning(
                f"the theme's markup has changed: {old!r} is not on the page, so it could not "
                "be given its accessible name; update theme.THEME_FIXES",
                location=pagename,
                type=WARNING_TYPE,
                subtype=Kind.THEME,
            )
        return fixed

    context["followup_fix_theme"] = fix


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", page_context)
