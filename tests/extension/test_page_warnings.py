"""A mistake on a page is one warning naming the page's file (relative to where the
build runs, as CONTRIBUTING.md shows it) and the line, of type ``followup.page``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from followup.problems import Kind
from followup.site.report import WARNING_TYPE

CASES = {
    "an unknown example": (
        "```{letter} thank\n```\n",
        r"^other\.md:\d+: WARNING: unknown example 'thank'; did you mean 'thanks'\? \(examples "
        r"are the \.j2 files in the examples folder\) \[followup\.page\]$",
    ),
    "an example shown twice": (
        "```{letter} reply\n```\n",
        r"^other\.md:\d+: WARNING: example 'reply' is shown twice on this page; show it once "
        r"\[followup\.page\]$",
    ),
    "an unknown snippet": (
        "```{snippet} ask/any-feedbak.j2\n```\n",
        r"^other\.md:\d+: WARNING: unknown snippet 'ask/any-feedbak\.j2'; did you mean "
        r"'ask/any-feedback\.j2'\? \[followup\.snippet\]$",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_mistake_on_a_page_is_one_warning_at_its_line(
    make_app, basic: Path, monkeypatch, case: str
) -> None:
    addition, warning = CASES[case]
    with (basic / "other.md").open("a", encoding="utf-8") as page:
        page.write("\n" + addition)
    line = (basic / "other.md").read_text(encoding="utf-8").count("\n") - 1
    monkeypatch.chdir(basic)
    app = make_app("html", srcdir=basic)
    app.build()
    warnings = [w for w in app.warning.getvalue().splitlines() if "WARNING" in w]
    assert len(warnings) == 1, warnings
    assert re.match(warning, warnings[0]), warnings[0]
    assert f"other.md:{line}:" in warnings[0]
    assert "Traceback" not in app.warning.getvalue()


def test_a_letter_on_no_page_is_reported(make_app, basic: Path, monkeypatch) -> None:
    page = basic / "other.md"
    page.write_text(page.read_text().replace("```{letter} reply\n```\n", ""), encoding="utf-8")
    monkeypatch.chdir(basic)
    app = make_app("html", srcdir=basic)
    app.build()
    assert (
        app.warning.getvalue()
        .strip()
        .endswith(
            "examples/reply.j2:1: WARNING: example 'reply' is not shown on any page; add a "
            "```{letter} reply``` block to the page for its situation [followup.page]"
        )
    )


def test_every_kind_of_warning_can_be_silenced(make_app, basic: Path) -> None:
    with (basic / "other.md").open("a", encoding="utf-8") as page:
        page.write("\n```{letter} thank\n```\n")
    app = make_app(
        "html", srcdir=basic, confoverrides={"suppress_warnings": [f"{WARNING_TYPE}.page"]}
    )
    app.build()
    assert app.warning.getvalue() == ""
    assert {kind.value for kind in Kind} >= {"metadata", "snippet", "variable", "template", "page"}
