"""A mistake on a page is one warning naming the page's file (relative to where the
build runs, as CONTRIBUTING.md shows it) and the line, of type ``followup.page``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from followup.problems import Kind
from followup.site.report import WARNING_TYPE
from support import ROOTS

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


#: One mistake of each kind, each in its own copy of the tiny project's thanks.j2 (and,
#: for the theme, the test-theme root's template that hides the panels the fixes look for).
MISTAKES: dict[str, tuple[str, str | bytes]] = {
    Kind.INPUT: ("enjoyed", "enjoy\u00e9d".encode("latin-1")),
    Kind.METADATA: ('tone = "warm"', 'tone = "friendly"'),
    Kind.SNIPPET: ("greeting/dear.j2", "greeting/deer.j2"),
    Kind.VARIABLE: ("{{ role }} role", "{{ rol }} role"),
    Kind.TEMPLATE: ("{{ role }} role", "{{ role | upper }} role"),
    Kind.SCAFFOLD: ("A thank-you after the news", "[Replace this: short title]"),
}
THEME = {"html_theme": "basic", "templates_path": ["_templates"]}


def every_mistake(project: Path) -> None:
    """Make one mistake of every kind in ``project``, a copy of tests/roots/test-basic."""
    thanks = (project / "examples" / "thanks.j2").read_bytes()
    for kind, (old, new) in MISTAKES.items():
        assert old.encode() in thanks, kind
        changed = thanks.replace(old.encode(), new if isinstance(new, bytes) else new.encode())
        (project / "examples" / f"broken-{kind}.j2").write_bytes(changed)
    with (project / "other.md").open("a", encoding="utf-8") as page:
        page.write("\n```{letter} thank\n```\n")  # Kind.PAGE
    shutil.copytree(ROOTS / "test-theme" / "_templates", project / "_templates")  # Kind.THEME


def kinds_warned(output: str) -> set[str]:
    return set(re.findall(rf"WARNING: .* \[{re.escape(WARNING_TYPE)}\.(\w+)\]$", output, re.M))


@pytest.mark.parametrize("kind", list(Kind), ids=str)
def test_every_kind_of_warning_can_be_silenced(make_app, basic: Path, kind: Kind) -> None:
    """A build with a mistake of every kind, one kind silenced: that kind says nothing,
    and every other kind still warns (so each mistake does warn, and only one is quiet)."""
    every_mistake(basic)
    silence = [f"{WARNING_TYPE}.{kind}"]
    app = make_app("html", srcdir=basic, confoverrides={**THEME, "suppress_warnings": silence})
    app.build()
    assert kinds_warned(app.warning.getvalue()) == {k.value for k in Kind} - {kind.value}


def test_all_kinds_at_once_can_be_silenced(make_app, basic: Path) -> None:
    every_mistake(basic)
    silence = [f"{WARNING_TYPE}.{kind}" for kind in Kind]
    app = make_app("html", srcdir=basic, confoverrides={**THEME, "suppress_warnings": silence})
    app.build()
    assert app.warning.getvalue() == ""
    assert {kind.value for kind in Kind} >= {"metadata", "snippet", "variable", "template", "page"}
