"""Every mistake, and every hostile input, in an example or a snippet gets one clear line:
the file, the line where known, and what to do. Nothing runs that a letter does not need.

The cases change a private copy of the tiny project in tests/roots/test-basic, whose
example ``thanks.j2`` reads (line 1 is the first +++)::

    1 +++  2 title  3 scenario  4 channel  5 tone  6 subject  7 use_when  8 +++
    9 {% include "greeting/dear.j2" %}  10 (blank)  11 Thank you ... {% slot moment %}...
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from followup.catalogue import load_catalogue
from followup.reading import SOURCE_LIMIT
from followup.render import MAX_DEPTH
from followup.tomlfile import key_lines
from support import ROOTS

EXAMPLE = "examples/thanks.j2"
ORIGINAL = (ROOTS / "test-basic" / EXAMPLE).read_bytes()
Change = Callable[[Path], None]


def edit(relative: str, old: str, new: str) -> Change:
    def change(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def write(relative: str, data: bytes | str) -> Change:
    def change(project: Path) -> None:
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)

    return change


def both(*changes: Change) -> Change:
    def change(project: Path) -> None:
        for one in changes:
            one(project)

    return change


def body(new: str) -> Change:
    """Put ``new`` on the first line of the letter (line 9)."""
    return edit(EXAMPLE, '{% include "greeting/dear.j2" %}', new)


def symlink(relative: str, target: str) -> Change:
    def change(project: Path) -> None:
        path = project / relative
        if path.is_dir():
            os.rename(path, path.with_name(path.name + "-real"))
        elif path.exists():
            path.unlink()
        path.symlink_to(target)

    return change


def append(relative: str, text: str) -> Change:
    def change(project: Path) -> None:
        with (project / relative).open("a", encoding="utf-8") as file:
            file.write(text)

    return change


def nested(depth: int) -> Change:
    """Snippets that include each other ``depth`` deep, used by the letter."""

    def change(project: Path) -> None:
        for level in range(depth):
            inner = f'{{% include "deep/level-{level + 1}.j2" %}}' if level + 1 < depth else "x"
            write(f"snippets/deep/level-{level}.j2", inner)(project)
        body('{% include "deep/level-0.j2" %}')(project)

    return change


def doubling(project: Path) -> None:
    """Each snippet includes the next twice: small files, an enormous letter."""
    for level in range(MAX_DEPTH):
        inner = f'{{% include "double/d-{level + 1}.j2" %}}' * 2 if level + 1 < MAX_DEPTH else ""
        write(f"snippets/double/d-{level}.j2", inner or "y" * 5000)(project)
    body('{% include "double/d-0.j2" %}')(project)


def prompt(line: str) -> Change:
    """Word a slot's prompt in reply.j2, in a [prompts] table on its line 10."""
    return edit(
        "examples/reply.j2",
        'their_name = "[Recruiter\'s name]"\n',
        (f'their_name = "[Recruiter\'s name]"\n[prompts]\n{line}\n'),
    )


NOT_ALLOWED = "is not allowed in a letter; a letter may use only plain text, {{ variable }}"
#: name -> (the change, where the one problem is, a part of its message)
CASES: dict[str, tuple[Change, str, str]] = {
    # The metadata
    "malformed metadata": (
        edit(EXAMPLE, 'tone = "warm"', "tone = warm"),
        f"{EXAMPLE}:5", "is not valid TOML",
    ),
    "missing required field": (
        edit(EXAMPLE, 'tone = "warm"\n', ""),
        f"{EXAMPLE}:1", "missing field 'tone'; add tone = \"warm\"",
    ),
    "misspelled field": (
        edit(EXAMPLE, "use_when =", "use_wen ="),
        f"{EXAMPLE}:7", "unknown field 'use_wen'; did you mean 'use_when'?",
    ),
    "variables listed by hand": (
        edit(EXAMPLE, 'tone = "warm"', 'tone = "warm"\nvariables = ["role"]'),
        f"{EXAMPLE}:6", "found from the letter's text, so remove this line",
    ),
    "unknown scenario": (
        edit(EXAMPLE, 'scenario = "any-interview"', 'scenario = "any-intervew"'),
        f"{EXAMPLE}:3", "did you mean 'any-interview'?",
    ),
    "unknown channel": (
        edit(EXAMPLE, 'channel = "email"', 'channel = "fax"'),
        f"{EXAMPLE}:4", "unknown channel 'fax'",
    ),
    "a value on two lines": (
        edit(EXAMPLE, 'title = "A thank-you after the news"', 'title = """A thank-you\nafter"""'),
        f"{EXAMPLE}:2", "title must be one line of text",
    ),
    "a new email without a subject": (
        edit(EXAMPLE, 'subject = "Thank you for the {{ role }} interview"\n', ""),
        f"{EXAMPLE}:1", "a new email needs a subject line",
    ),
    "a reply with a subject of its own": (
        edit("examples/reply.j2", 'tone = "brief"', 'tone = "brief"\nsubject = "Re: hello"'),
        "examples/reply.j2:6", "a reply to their email has no subject line of its own",
    ),
    "an unknown feedback context": (
        edit(EXAMPLE, 'tone = "warm"', 'tone = "warm"\ncontext = "refuse"'),
        f"{EXAMPLE}:6", "unknown context 'refuse'; did you mean 'refused'? (one of none, offered",
    ),
    "an unknown country": (
        edit(EXAMPLE, 'tone = "warm"', 'tone = "warm"\ncountry = "England"'),
        f"{EXAMPLE}:6", "unknown country 'England' (one of UK, US)",
    ),
    "a prompt for an unknown detail": (
        prompt('momnet = "What you enjoyed"'),
        "examples/reply.j2:10", "[prompts] names unknown personal detail 'momnet'; did you mean",
    ),
    "a prompt in square brackets": (
        prompt('moment = "[What you enjoyed]"'),
        "examples/reply.j2:10", "[prompts] moment is written without square brackets",
    ),
    "a prompt too long to stand in the letter": (
        prompt(f'moment = "{"word " * 20}"'),
        "examples/reply.j2:10", "[prompts] moment is 99 characters; say what goes there in",
    ),
    "a placeholder for an unknown variable": (
        edit("examples/reply.j2", "their_name = ", "thier_name = "),
        "examples/reply.j2:8", "names unknown variable 'thier_name'; did you mean 'their_name'?",
    ),
    "a placeholder without brackets": (
        edit("examples/reply.j2", '"[Recruiter\'s name]"', '"Recruiter"'),
        "examples/reply.j2:8", "must be text in square brackets",
    ),
    "a placeholder the letter does not use": (
        edit("examples/reply.j2", "[placeholders]\n", '[placeholders]\nrole = "[Job]"\n'),
        "examples/reply.j2:8", "[placeholders] role is not used in this letter",
    ),
    "no front matter": (
        edit(EXAMPLE, "+++\ntitle", "title"),
        f"{EXAMPLE}:1", "starts with a line +++",
    ),
    "unclosed front matter": (
        edit(EXAMPLE, "+++\n{% include", "{% include"),
        f"{EXAMPLE}:1", "never closed",
    ),
    "empty letter": (
        write(EXAMPLE, ORIGINAL.split(b"+++\n{")[0] + b"+++\n\n"),
        f"{EXAMPLE}:9", "the letter is empty",
    ),
    # Snippets
    "unknown snippet": (
        body('{% include "greeting/deer.j2" %}'),
        f"{EXAMPLE}:9", "unknown snippet 'greeting/deer.j2'; did you mean 'greeting/dear.j2'?",
    ),
    "snippet named by a variable": (
        body("{% include role %}"),
        f"{EXAMPLE}:9", "name the snippet in quotes",
    ),
    "snippet outside the folder": (
        body('{% include "../conf.py" %}'),
        f"{EXAMPLE}:9", "leaves the snippets folder",
    ),
    "absolute snippet path": (
        body('{% include "/etc/passwd" %}'),
        f"{EXAMPLE}:9", "leaves the snippets folder",
    ),
    "an include that may be missing": (
        body('{% include "greeting/dear.j2" ignore missing %}'),
        f"{EXAMPLE}:9", 'write the include plainly, as {% include "greeting/dear.j2" %}',
    ),
    "a snippet that includes itself": (
        write("snippets/greeting/dear.j2", 'Dear {% include "greeting/dear.j2" %}'),
        "snippets/greeting/dear.j2:1",
        "snippets include each other in a loop (greeting/dear.j2 -> greeting/dear.j2)",
    ),
    "snippets that include each other": (
        both(
            write("snippets/greeting/dear.j2", '{% include "greeting/hi.j2" %}'),
            write("snippets/greeting/hi.j2", '{% include "greeting/dear.j2" %}'),
        ),
        "snippets/greeting/hi.j2:1",
        "in a loop (greeting/dear.j2 -> greeting/hi.j2 -> greeting/dear.j2)",
    ),
    "snippets nested too deep": (
        nested(MAX_DEPTH + 2),
        f"snippets/deep/level-{MAX_DEPTH - 1}.j2:1", f"more than {MAX_DEPTH} deep",
    ),
    "snippets that double the letter at every level": (
        doubling, f"{EXAMPLE}:9", "comes to over 20,000 characters with its snippets",
    ),
    "misspelled variable": (
        body("Dear {{ thier_name }},"),
        f"{EXAMPLE}:9", "unknown variable 'thier_name'; did you mean 'their_name'?",
    ),
    "misspelled variable in a snippet": (
        edit("snippets/greeting/dear.j2", "{{ their_name }}", "{{ their_nam }}"),
        "snippets/greeting/dear.j2:1", "unknown variable 'their_nam'",
    ),
    "template syntax error in a snippet": (
        edit("snippets/ask/any-feedback.j2", "my interview", "my {{ interview"),
        "snippets/ask/any-feedback.j2:1", "template error",
    ),
    # Everything else a template might try
    "the template object": (body("{{ self }}"), f"{EXAMPLE}:9", "unknown variable 'self'"),
    "a method of a variable": (
        body("{{ role.upper }}"), f"{EXAMPLE}:9", f"attribute access (x.y) {NOT_ALLOWED}",
    ),
    "Python internals": (
        body("{{ role.__class__.__mro__ }}"), f"{EXAMPLE}:9", "attribute access (x.y)",
    ),
    "item access": (body("{{ role['x'] }}"), f"{EXAMPLE}:9", "item access (x[...])"),
    "a call that fills the memory": (
        body("{{ 'a'.ljust(300000000) }}"), f"{EXAMPLE}:9", f"a call {NOT_ALLOWED}",
    ),
    "formatting that fills the memory": (
        body("{{ '%0300000000d' % 1 }}"), f"{EXAMPLE}:9", f"an operator {NOT_ALLOWED}",
    ),
    "format() that fills the memory": (
        body("{{ '{:>300000000}'.format(1) }}"), f"{EXAMPLE}:9", f"a call {NOT_ALLOWED}",
    ),
    "repetition that fills the memory": (
        body('{{ "x" * 100000000 }}'), f"{EXAMPLE}:9", f"an operator {NOT_ALLOWED}",
    ),
    "loops that never end": (
        body("{% for a in 'x'.ljust(30000) %}{% for b in 'x'.ljust(30000) %}{% endfor %}"
             "{% endfor %}"),
        f"{EXAMPLE}:9", "a loop ({% for %})",
    ),
    "a condition": (body("{% if role %}x{% endif %}"), f"{EXAMPLE}:9", "a condition"),
    "a filter": (body("Dear {{ their_name | upper }},"), f"{EXAMPLE}:9", "a filter (|)"),
    "a test": (body("{{ role is defined }}"), f"{EXAMPLE}:9", "a test (is ...)"),
    "set": (body("{% set x = 1 %}"), f"{EXAMPLE}:9", "{% set %}"),
    "a macro": (body("{% macro m() %}x{% endmacro %}"), f"{EXAMPLE}:9", "a macro"),
    "extends": (body('{% extends "greeting/dear.j2" %}'), f"{EXAMPLE}:9", "{% extends %}"),
    "import": (body('{% import "greeting/dear.j2" as g %}'), f"{EXAMPLE}:9", "{% import %}"),
    "a quoted value": (body('{{ "Dear" }}'), f"{EXAMPLE}:9", "a quoted value"),
    "a reserved character": (
        body("Dear \ue000role\ue001,"), f"{EXAMPLE}:9", "reserved character U+E000",
    ),
    # Slots
    "an unknown detail": (
        edit(EXAMPLE, "{% slot moment %}", "{% slot momnet %}"),
        f"{EXAMPLE}:11", "unknown personal detail 'momnet'; did you mean 'moment'?",
    ),
    "a slot with a variable in it": (
        edit(EXAMPLE, "I enjoyed the tour", "I enjoyed {{ role }}"),
        f"{EXAMPLE}:11", "a slot holds only plain text",
    ),
    "a slot without an example": (
        edit(EXAMPLE, "I enjoyed the tour of the kitchen.", " "),
        f"{EXAMPLE}:11", "a slot needs an example sentence",
    ),
    "a detail written as a variable": (
        body("{{ moment }}"), f"{EXAMPLE}:9", "'moment' is a personal detail",
    ),
    "a detail marked twice": (
        body("{% slot moment %}Again.{% endslot %}"), f"{EXAMPLE}:9", "'moment' is marked twice",
    ),
    # Files that are not what they seem
    "a snippet that is a link to a secret": (
        symlink("snippets/greeting/dear.j2", "/etc/passwd"),
        "snippets/greeting/dear.j2", "is a symbolic link; snippets/ may hold only real files",
    ),
    "a snippet folder that is a link": (
        symlink("snippets/greeting", "/etc"),
        "snippets/greeting: ", "is a symbolic link",
    ),
    "an example that is a link": (
        symlink(EXAMPLE, "/etc/passwd"),
        EXAMPLE, "is a symbolic link; examples/ may hold only real files",
    ),
    "a data file that is a link": (
        symlink("snippets/variables.toml", "/etc/hostname"),
        "snippets/variables.toml", "is a symbolic link",
    ),
    "the snippets folder is a link": (
        symlink("snippets", "/etc"), "snippets", "is a symbolic link; it must be a real folder",
    ),
    "a huge example": (
        append(EXAMPLE, "Thank you. " * (SOURCE_LIMIT // 10)),
        EXAMPLE, "is over 64 KB, the most an example may hold",
    ),
    "a huge snippet": (
        append("snippets/ask/any-feedback.j2", "x" * SOURCE_LIMIT),
        "snippets/ask/any-feedback.j2", "is over 64 KB",
    ),
    "non-UTF-8 example": (
        write(EXAMPLE, ORIGINAL.replace(b"kitchen", b"k\xfctchen")),
        f"{EXAMPLE}:11", "is not UTF-8 text",
    ),
    "non-UTF-8 snippet": (
        write("snippets/sign-off/best.j2", b"Best regards,\n{{ your_name }}\n\xa9"),
        "snippets/sign-off/best.j2:3", "is not UTF-8 text",
    ),
    "binary example": (write(EXAMPLE, b"+++\n\x00\x01\x02"), f"{EXAMPLE}:2", "is binary"),
    "invalid id": (
        lambda p: (p / EXAMPLE).rename(p / "examples/Thanks_Note.j2"),
        "examples/Thanks_Note.j2",
        "not a valid example id; use lower-case letters, digits and hyphens, for example "
        "thanks-note.j2",
    ),
    "a very long id": (
        lambda p: (p / EXAMPLE).rename(p / f"examples/{'a' * 200}.j2"),
        f"examples/{'a' * 200}.j2", "200 characters long; keep it to 60",
    ),
    "stray file": (
        write("examples/notes.txt", b"draft"), "examples/notes.txt", "is not an example",
    ),
    "duplicated scenario id": (
        append("examples/scenarios.toml", '\n[reply]\ntitle = "Again"\nsummary = "Twice."\n'),
        "examples/scenarios.toml:", "is not valid TOML (cannot declare ('reply',) twice",
    ),
    "duplicated variable": (
        append("snippets/variables.toml", '\n[role]\nlabel = "Role"\nplaceholder = "[Role]"\n'),
        "snippets/variables.toml:", "is not valid TOML",
    ),
    "variable without a placeholder": (
        edit("snippets/variables.toml", 'placeholder = "[Role]"', ""),
        "snippets/variables.toml:", "variable 'role' needs placeholder",
    ),
    # Nesting that would overflow the parsers' stacks
    "brackets nested 200 deep": (
        body("{{ " + "(" * 200 + "role" + ")" * 200 + " }}"),
        f"{EXAMPLE}:9", "brackets or blocks nest more than 20 deep here",
    ),
    "braces nested 200 deep": (
        body("{{{{" * 200), f"{EXAMPLE}:9", "brackets or blocks nest more than 20 deep here",
    ),
    "slots nested 200 deep in a snippet": (
        write("snippets/ask/any-feedback.j2",
              "{% slot moment %}" * 200 + "x" + "{% endslot %}" * 200),
        "snippets/ask/any-feedback.j2:1", "brackets or blocks nest more than 20 deep here",
    ),
    "a thousand signs in one tag": (
        body("{{ " + "- " * 1000 + "role }}"), f"{EXAMPLE}:9", "holds over 100 parts",
    ),
    "lists nested 600 deep in the front matter": (
        edit(EXAMPLE, 'tone = "warm"', 'tone = "warm"\na = ' + "[" * 600 + "]" * 600),
        f"{EXAMPLE}:6", "lists or tables nest more than 20 deep here",
    ),
    "tables nested 600 deep in a data file": (
        append("snippets/variables.toml", "\n[x]\nlabel = " + "{a = " * 600 + "1" + "}" * 600),
        "snippets/variables.toml:14", "lists or tables nest more than 20 deep here",
    ),
    # Text that is not what it looks like
    "a right-to-left override in an example": (
        body("Dear {{ role }}\u202e,"),
        f"{EXAMPLE}:9",
        "holds U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible control character; delete it",
    ),
    "a zero-width space in a snippet": (
        edit("snippets/ask/any-feedback.j2", "my interview", "my inter\u200bview"),
        "snippets/ask/any-feedback.j2:1", "holds U+200B (ZERO WIDTH SPACE)",
    ),
    "a terminal escape in the front matter": (
        edit(EXAMPLE, 'tone = "warm"', 'tone = "warm\x1b[2J"'),
        f"{EXAMPLE}:5", "holds U+001B (ESCAPE), an invisible control character",
    ),
    "a soft hyphen in a data file": (
        edit("snippets/variables.toml", 'label = "Your name"', 'label = "Your na\u00adme"'),
        "snippets/variables.toml:2", "holds U+00AD (SOFT HYPHEN)",
    ),
    "an isolate in the scenarios": (
        edit("examples/scenarios.toml", 'title = "Any interview"', 'title = "\u2066Any"'),
        "examples/scenarios.toml:2", "holds U+2066 (LEFT-TO-RIGHT ISOLATE)",
    ),
    "a byte order mark after the start": (
        body("Dear\ufeff {{ role }},"), f"{EXAMPLE}:9", "holds U+FEFF (ZERO WIDTH NO-BREAK SPACE)",
    ),
    "a word joiner in a details file": (
        append("snippets/details.toml", "\n# note\u2060\n"),
        "snippets/details.toml:", "holds U+2060 (WORD JOINER)",
    ),
    "a detail that is also a variable": (
        append("snippets/details.toml", '\n[role]\nlabel = "R"\nprompt = "R"\n'),
        "snippets/details.toml", "'role' is both a variable and a detail",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_one_clear_line(basic: Path, case: str, monkeypatch) -> None:
    change, where, message = CASES[case]
    change(basic)
    monkeypatch.chdir(basic)
    catalogue = load_catalogue(basic / "examples", basic / "snippets")
    problems = [str(p) for p in catalogue.all_problems()]
    assert len(problems) == 1, problems
    (problem,) = problems
    assert "\n" not in problem and "Traceback" not in problem
    assert problem.startswith(where), problem
    assert message.lower() in problem.lower(), problem


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (body("{{ " + "(" * 400 + "role" + ")" * 400 + " }}"), f"{EXAMPLE}:9"),
        (edit(EXAMPLE, 'tone = "warm"', 'tone = "warm"\na = ' + "[" * 900 + "]" * 900), EXAMPLE),
    ],
    ids=["template", "front matter"],
)
def test_nesting_past_the_scan_still_gives_one_line(
    basic: Path, change: Change, where: str, monkeypatch
) -> None:
    """Behind the scans, a RecursionError in a parser is turned into the same problem."""
    import followup.language
    import followup.tomlfile

    for module in (followup.language, followup.tomlfile):
        monkeypatch.setattr(module, "MAX_NESTING", 10**6)
    monkeypatch.setattr(followup.language, "MAX_TAG_PARTS", 10**6)
    change(basic)
    monkeypatch.chdir(basic)
    catalogue = load_catalogue(basic / "examples", basic / "snippets")
    problems = [str(p) for p in catalogue.all_problems()]
    assert len(problems) == 1 and problems[0].startswith(where), problems
    assert "nest more than" in problems[0]


def test_thousands_of_unknown_fields_are_placed_in_one_pass(basic: Path, monkeypatch) -> None:
    """5,000 unknown fields took seconds when each was looked for from the top."""
    import followup.example

    calls = []

    def counted(lines: list[str], first_line: int = 1) -> dict[str, int]:
        calls.append(first_line)
        return key_lines(lines, first_line)

    monkeypatch.setattr(followup.example, "key_lines", counted)
    unknown = "".join(f"k{n} = 1\n" for n in range(5000))
    edit(EXAMPLE, 'tone = "warm"\n', f'tone = "warm"\n{unknown}')(basic)
    catalogue = load_catalogue(basic / "examples", basic / "snippets")
    problems = catalogue.broken["thanks"]
    assert len(problems) == 5000 and max(p.line or 0 for p in problems) == 5005
    assert len(calls) <= 3, calls  # once a file: the scenarios, then each example


def test_a_byte_order_mark_at_the_start_is_allowed(basic: Path) -> None:
    """Some editors start a UTF-8 file with one; it is not text, and decoding drops it."""
    write(EXAMPLE, b"\xef\xbb\xbf" + ORIGINAL)(basic)
    catalogue = load_catalogue(basic / "examples", basic / "snippets")
    assert not list(catalogue.all_problems()) and "thanks" in catalogue.examples


def test_a_broken_example_keeps_the_others(basic: Path) -> None:
    body('{% include "greeting/nope.j2" %}')(basic)
    catalogue = load_catalogue(basic / "examples", basic / "snippets")
    assert sorted(catalogue.broken) == ["thanks"] and sorted(catalogue.examples) == ["reply"]
    # The missing snippet is still a dependency, so creating it rebuilds the page.
    assert basic / "snippets" / "greeting" / "nope.j2" in catalogue.dependencies["thanks"]


def test_nothing_is_read_through_a_link(basic: Path) -> None:
    """The probe of the issue: a link to a secret file never reaches the letter."""
    secret = basic.parent / "secret.txt"
    secret.write_text("TOKEN=hunter2", encoding="utf-8")
    symlink("snippets/greeting/dear.j2", os.fspath(secret))(basic)
    catalogue = load_catalogue(basic / "examples", basic / "snippets")
    assert "reply" in catalogue.broken and "thanks" in catalogue.broken
    assert not any("hunter2" in str(p) for p in catalogue.all_problems())
