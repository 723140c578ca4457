"""Every mistake a contributor can make gets one clear line: the file, the line, the fix."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from followup.examples import load_catalogue
from support import sphinx_build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/after-final-round.j2"  # lines: 1 +++, 2-7 metadata, 8 +++, 9 body


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def write(relative: str, data: bytes) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        (project / relative).write_bytes(data)

    return change


def body(new: str) -> Callable[[Path], None]:
    """Put ``new`` on the first line of the letter's body (line 9)."""
    return edit(EXAMPLE, '{% include "greeting.j2" %}', new)


CASES = {
    "malformed metadata": (
        edit(EXAMPLE, 'tone = "warm"', "tone = warm"),
        "examples/after-final-round.j2:5", "is not valid TOML",
    ),
    "missing required field": (
        edit(EXAMPLE, 'tone = "warm"\n', ""),
        "examples/after-final-round.j2:1", "missing field 'tone'; add tone = \"warm\"",
    ),
    "misspelled field": (
        edit(EXAMPLE, "use_when =", "use_wen ="),
        "examples/after-final-round.j2:7", "unknown field 'use_wen'; did you mean 'use_when'?",
    ),
    "variables listed by hand": (
        edit(EXAMPLE, 'tone = "warm"', 'tone = "warm"\nvariables = ["role"]'),
        "examples/after-final-round.j2:6", "found from the letter's text, so remove this line",
    ),
    "unknown scenario": (
        edit(EXAMPLE, 'scenario = "final-round"', 'scenario = "final-rond"'),
        "examples/after-final-round.j2:3", "did you mean 'final-round'?",
    ),
    "unknown channel": (
        edit(EXAMPLE, 'channel = "email"', 'channel = "fax"'),
        "examples/after-final-round.j2:4", "unknown channel 'fax'",
    ),
    "email without a subject": (
        edit(EXAMPLE, 'subject = "Thank you for the {{ role }} interviews"\n', ""),
        "examples/after-final-round.j2:1", "needs a subject line",
    ),
    "no front matter": (
        edit(EXAMPLE, "+++\ntitle", "title"),
        "examples/after-final-round.j2:1", "starts with a line +++",
    ),
    "unclosed front matter": (
        edit(EXAMPLE, "+++\n{% include", "{% include"),
        "examples/after-final-round.j2:1", "never closed",
    ),
    "empty letter": (
        write(EXAMPLE, (ROOT / EXAMPLE).read_bytes().split(b"+++\n{")[0] + b"+++\n\n"),
        "examples/after-final-round.j2:9", "the letter is empty",
    ),
    "unknown snippet": (
        body('{% include "greting.j2" %}'),
        "examples/after-final-round.j2:9",
        "unknown snippet 'greting.j2'; did you mean 'greeting.j2'?",
    ),
    "snippet named by a variable": (
        body("{% include role %}"),
        "examples/after-final-round.j2:9", "name the snippet in quotes",
    ),
    "snippet outside the folder": (
        body('{% include "../conf.py" %}'),
        "examples/after-final-round.j2:9", "leaves the snippets folder",
    ),
    "misspelled variable": (
        body("Dear {{ interveiwer }},"),
        "examples/after-final-round.j2:9",
        "unknown variable 'interveiwer'; did you mean 'interviewer'?",
    ),
    "misspelled variable in a snippet": (
        edit("snippets/greeting.j2", "{{ interviewer }}", "{{ intervewer }}"),
        "snippets/greeting.j2:1", "unknown variable 'intervewer'",
    ),
    "template syntax error in a snippet": (
        edit("snippets/door-open.j2", "{{ company }}", "{{ company }"),
        "snippets/door-open.j2:1", "template error",
    ),
    "reaching Python internals": (
        body("{{ role.__class__.__mro__ }}"),
        "examples/after-final-round.j2:9", "not allowed in a letter",
    ),
    "a filter that changes a variable": (
        body("Dear {{ interviewer | upper }},"),
        "examples/after-final-round.j2:9", "a filter changes the variable 'interviewer'",
    ),
    "a letter that would fill the memory": (
        body('{{ "x" * 100000000 }}'),
        "examples/after-final-round.j2:9", "too long",
    ),
    "non-UTF-8 example": (
        write(EXAMPLE, (ROOT / EXAMPLE).read_bytes().replace(b"Thursday", b"Th\xfcrsday")),
        "examples/after-final-round.j2:11", "is not UTF-8 text",
    ),
    "non-UTF-8 snippet": (
        write("snippets/sign-off.j2", b"Best regards,\n{{ your_name }}\n\xa9"),
        "snippets/sign-off.j2:3", "is not UTF-8 text",
    ),
    "binary example": (
        write(EXAMPLE, b"+++\n\x00\x01\x02"),
        "examples/after-final-round.j2:2", "is binary",
    ),
    "invalid id": (
        lambda p: (p / EXAMPLE).rename(p / "examples/After_Final.j2"),
        "examples/After_Final.j2",
        "not a valid example id; use lower-case letters, digits and hyphens, for example "
        "after-final.j2",
    ),
    "stray file": (
        write("examples/notes.txt", b"draft"),
        "examples/notes.txt", "is not an example",
    ),
    "duplicated scenario id": (
        lambda p: (p / "examples/scenarios.toml").open("a").write(
            '\n[runner-up]\ntitle = "Again"\nsummary = "Twice."\n'),
        "examples/scenarios.toml:", "is not valid TOML (cannot declare ('runner-up',) twice",
    ),
    "duplicated variable": (
        lambda p: (p / "snippets/variables.toml").open("a").write(
            '\n[role]\nlabel = "Role"\nplaceholder = "[Role]"\n'),
        "snippets/variables.toml:", "is not valid TOML",
    ),
    "variable without a placeholder": (
        edit("snippets/variables.toml", 'placeholder = "[Company]"', ""),
        "snippets/variables.toml:", "variable 'company' needs placeholder",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_one_clear_line(project: Path, case: str, monkeypatch) -> None:
    change, where, message = CASES[case]
    change(project)
    monkeypatch.chdir(project)
    catalogue = load_catalogue(project / "examples", project / "snippets")
    problems = [str(p) for p in catalogue.all_problems()]
    assert len(problems) == 1, problems
    (problem,) = problems
    assert "\n" not in problem and "Traceback" not in problem
    assert problem.startswith(where), problem
    assert message.lower() in problem.lower(), problem


def test_a_broken_example_keeps_the_others(project: Path) -> None:
    body('{% include "nope.j2" %}')(project)
    catalogue = load_catalogue(project / "examples", project / "snippets")
    assert "after-final-round" in catalogue.broken
    assert len(catalogue.examples) == len(list((project / "examples").glob("*.j2"))) - 1
    # The missing snippet is still a dependency, so creating it rebuilds the page.
    assert project / "snippets" / "nope.j2" in catalogue.dependencies["after-final-round"]


# The same mistakes fail the build, naming the file and line, with no traceback.

BUILD_CASES = {
    "unknown snippet": (
        body('{% include "greting.j2" %}'),
        r"examples/after-final-round\.j2:9: WARNING: unknown snippet 'greting\.j2'.*"
        r"\[followup\.snippet\]",
    ),
    "template error in a snippet": (
        edit("snippets/door-open.j2", "{{ company }}", "{{ company }"),
        r"snippets/door-open\.j2:1: WARNING: template error: .*\[followup\.template\]",
    ),
    "unknown example id on a page": (
        lambda p: (p / "docs/index.md").open("a").write("\n```{letter} no-such-letter\n```\n"),
        r"docs/index\.md:\d+: WARNING: unknown example 'no-such-letter'.*\[followup\.page\]",
    ),
    "unknown snippet shown on a page": (
        lambda p: (p / "docs/index.md").open("a").write("\n```{snippet} thanks-intervew.j2\n```\n"),
        r"docs/index\.md:\d+: WARNING: unknown snippet 'thanks-intervew\.j2'; did you mean "
        r"'thanks-interview\.j2'\?",
    ),
    "an example shown twice on one page": (
        lambda p: (p / "docs/situations/final-round.md").open("a").write(
            "\n```{letter} after-final-round\n```\n"),
        r"final-round\.md:\d+: WARNING: example 'after-final-round' is shown twice",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", BUILD_CASES, ids=list(BUILD_CASES))
def test_bad_input_fails_the_build_with_its_location(project: Path, case: str) -> None:
    change, warning = BUILD_CASES[case]
    change(project)
    result = sphinx_build(project)
    assert result.returncode != 0
    assert re.search(warning, result.stderr), result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_markup_in_a_letter_is_shown_as_text(project: Path) -> None:
    body("<script>alert('hi')</script> Dear {{ interviewer }},")(project)
    edit(EXAMPLE, 'title = "', 'title = "<b>Bold</b> ')(project)
    result = sphinx_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "_build/html/situations/final-round.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in page or (
        "&lt;script&gt;alert('hi')&lt;/script&gt;" in page
    )
    assert "<script>alert" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page and "<b>Bold</b>" not in page
    text = (project / "_build/html/letters/after-final-round.txt").read_text(encoding="utf-8")
    assert "<script>alert('hi')</script>" in text  # the text file is plain text, unescaped
