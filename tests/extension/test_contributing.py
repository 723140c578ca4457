"""CONTRIBUTING.md tells the truth: its commands do what it says, its sample example is
valid, its lists match the project, and every message in its table is what the tools
print for that mistake.

The table's messages are for an example called ``my-letter``, made as CONTRIBUTING.md's
three steps make one. Each case below makes one mistake in it and records every line the
loader, the command, the checker, the spelling test or a build prints; every row of the
table must be one of those lines (``…`` in a row stands for any text), and each mistake
must print at least one of them.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from followup.catalogue import load_catalogue
from followup.checker import check
from followup.cli import main
from followup.example import FIELDS
from followup.problems import Kind
from followup.sitebuild import command
from spelling import misspelt
from support import ROOT, copy_project, fill

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
TEXT = CONTRIBUTING.read_text(encoding="utf-8")
LETTER = "examples/my-letter.j2"
PAGE = "docs/situations/phone-screen.md"


def section(heading: str, level: str = "##") -> str:
    """The text of one section of CONTRIBUTING.md."""
    found = re.search(rf"^{level} {re.escape(heading)}\n(.*?)(?=^##+ |\Z)", TEXT, re.M | re.S)
    assert found, heading
    return found.group(1)


def table(text: str) -> list[list[str]]:
    """The rows of the first table in ``text``, each a list of cells, header left out."""
    rows = [
        [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        for line in text.splitlines()
        if line.startswith("|")
    ]
    return [row for row in rows[1:] if not set("".join(row)) <= set("-| ")]


def messages() -> list[str]:
    """The messages in the table of CONTRIBUTING.md, without their code quotes."""
    found = []
    for _, shown in table(section("When `make test` fails")):
        assert shown.startswith("`") and shown.endswith("`"), shown
        found.append(shown[1:-1])
    return found


MESSAGES = messages()


def pattern(message: str) -> re.Pattern[str]:
    return re.compile(".+?".join(re.escape(part) for part in message.split("…")))


def in_table(line: str) -> bool:
    return any(pattern(message).fullmatch(line) for message in MESSAGES)


# Making each mistake in a fresh my-letter, and recording what is printed


def capture(argv: list[str]) -> list[str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(argv)
    return (out.getvalue() + err.getvalue()).splitlines()


def loaded(project: Path) -> list[str]:
    """The loader's problems with my-letter (and the files its mistakes make)."""
    catalogue = load_catalogue(project / "examples", project / "snippets")
    ours = ("examples/my-letter.j2", "examples/My_Letter.j2", "examples/notes.txt")
    return [str(p) for p in catalogue.all_problems() if str(p).startswith(ours)]


def edit(*changes: tuple[str, str]) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / LETTER
        text = path.read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")

    return change


def write(data: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / LETTER
        path.write_bytes(data(path.read_bytes()))

    return change


GREETING = '{% include "greeting/dear.j2" %}'
#: Mistakes in my-letter.j2 that loading the catalogue reports.
LOADER_CASES = {
    "instruction left": edit(('title = "After a video call"', 'title = "[Replace this title]"')),
    "no quotes": edit(('tone = "warm"', "tone = warm")),
    "empty value": edit(('title = "After a video call"', 'title = ""')),
    "missing field": edit(('tone = "warm"\n', "")),
    "misspelt field": edit(("use_when =", "use_wen =")),
    "variables listed": edit(('tone = "warm"', 'tone = "warm"\nvariables = ["role"]')),
    "unknown scenario": edit(('scenario = "phone-screen"', 'scenario = "phone-scren"')),
    "unknown channel": edit(('channel = "email"', 'channel = "fax"')),
    "unknown tone": edit(('tone = "warm"', 'tone = "friendly"')),
    "no subject": edit(('subject = "Thank you for the {{ role }} interview"\n', "")),
    "subject on LinkedIn": edit(('channel = "email"', 'channel = "linkedin"')),
    "unknown context": edit(('context = "none"', 'context = "refuse"')),
    "prompt too long": edit(
        ('moment = "What you enjoyed most, in a sentence"', f'moment = "{"x" * 95}"')
    ),
    "unknown answer": edit(('tone = "warm"', 'tone = "warm"\nanswers = ["feedback_offerd"]')),
    "unknown placeholder": edit(("+++\n{#", '[placeholders]\nthier_name = "[Recruiter]"\n+++\n{#')),
    "no first fence": edit(("+++\n#", "#")),
    "no second fence": edit(("+++\n{#", "{#")),
    "empty letter": write(lambda data: data.split(b"+++\n{#")[0] + b"+++\n\n"),
    "misspelt snippet": edit((GREETING, '{% include "greeting/deer.j2" %}')),
    "snippet without quotes": edit((GREETING, "{% include greeting %}")),
    "misspelt variable": edit((GREETING, "Dear {{ thier_name }},")),
    "misspelt detail": edit(("{% slot moment %}", "{% slot momnet %}")),
    "unclosed tag": edit((GREETING, "Dear {{ their_name },")),
    "filter": edit((GREETING, "Dear {{ their_name | upper }},")),
    "invisible character": edit((GREETING, "Dear\u202e {{ their_name }},")),
    "nested too deep": edit((GREETING, "{{ " + "(" * 30 + "their_name" + ")" * 30 + " }}")),
    "not UTF-8": write(lambda data: data.replace(b"enjoyed", "enjoy\u00e9d".encode("latin-1"))),
    "bad file name": lambda p: (p / LETTER).rename(p / "examples" / "My_Letter.j2"),
    "stray file": lambda p: (p / "examples" / "notes.txt").write_text("draft", encoding="utf-8"),
}
#: Mistakes that `followup check` reports, as the rules see them.
CHECK_CASES = {
    "no thanks": edit(
        ("Thank you for getting back to me so soon. ", ""),
        ("sign-off/with-thanks.j2", "sign-off/best-regards.j2"),  # "With thanks" thanks them too
        ("Thank you for the {{ role }} interview", "The {{ role }} interview"),  # the subject
    ),
    "no feedback request": edit(
        ("Would you share a few words on how my answers came across? ", ""),
    ),
    "asks why": edit(
        ("{% endslot %}", "{% endslot %}\n\nCould you tell me why I wasn't selected?"),
    ),
}


@pytest.fixture(scope="module")
def my_letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with my-letter made as CONTRIBUTING.md says: scaffold, write, show.

    The guide's pages are left out but the one that shows the letter, so builds are quick.
    """
    project = copy_project(tmp_path_factory.mktemp("contributing") / "project")
    with contextlib.chdir(project):
        assert capture(["new", "my-letter", "--scenario", "phone-screen", "--channel", "email"])
    path = project / LETTER
    # Step 2: the contributor writes their own sentences, in place of the instructions
    # and of any shared phrasing the scaffold took.
    own = {"news": "thanks them for letting", "ask": "asks for feedback",
           "no-pressure": "need not reply", "door": "future roles"}  # fmt: skip
    text = path.read_text(encoding="utf-8")
    for move, key in own.items():
        text = re.sub(rf'{{% include "{move}/[a-z-]+\.j2" %}}', f"[Replace this: {key}]", text)
    path.write_text(fill(text), encoding="utf-8")
    page = project / PAGE
    for other in (project / "docs").rglob("*.md"):
        if other != page:
            other.unlink()
    page.write_text("# After a phone screen\n\n```{letter} my-letter\n```\n", encoding="utf-8")
    (project / "docs/index.md").write_text(
        "# Letters\n\n```{toctree}\nsituations/phone-screen\n```\n", encoding="utf-8"
    )
    return project


def build(project: Path) -> list[str]:
    """What a build of the project prints, as `make html` prints it."""
    import subprocess

    result = subprocess.run(
        command(out=Path("_build/html"), doctrees=Path("_build/doctrees")),
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return result.stderr.splitlines()


@pytest.fixture(scope="module")
def printed(my_letter: Path) -> dict[str, list[str]]:
    """For each mistake, every line printed."""
    project = my_letter
    page = project / PAGE
    letter, shown = (project / LETTER).read_bytes(), page.read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}

    def restore() -> None:
        for extra in ("My_Letter.j2", "notes.txt"):
            (project / "examples" / extra).unlink(missing_ok=True)
        (project / LETTER).write_bytes(letter)
        page.write_text(shown, encoding="utf-8")

    with contextlib.chdir(project):
        assert loaded(project) == []  # the starting point is a good letter
        new = ["new", "my-letter", "--scenario", "phone-screen", "--channel", "email"]
        found["new: invalid id"] = capture(["new", "My_Letter", *new[2:]])
        found["new: id taken"] = capture(new)
        found["new: unknown scenario"] = capture(
            ["new", "other", "--scenario", "phone-scren", "--channel", "email"]
        )
        for name, change in LOADER_CASES.items():
            change(project)
            found[name] = loaded(project)
            restore()
        for name, change in CHECK_CASES.items():
            change(project)
            found[name] = capture(["check", LETTER])
            restore()
        edit(("shares its notes.", "shares its notes. I was glad to recieve your call."))(project)
        found["misspelt word"] = misspelt(project / LETTER, project)
        restore()
        # One build where the page names a wrong id (so the letter is on no page), one
        # where it shows the letter twice.
        page.write_text(shown.replace("{letter} my-letter", "{letter} my-leter"), encoding="utf-8")
        found["build: not shown, wrong id"] = build(project)
        page.write_text(shown + "\n```{letter} my-letter\n```\n", encoding="utf-8")
        found["build: shown twice"] = build(project)
        restore()
    return found


def test_the_table_has_a_row_for_each_kind_of_mistake() -> None:
    assert len(MESSAGES) >= len(LOADER_CASES) + len(CHECK_CASES) + 3
    assert len(set(MESSAGES)) == len(MESSAGES)


@pytest.mark.xdist_group("contributing-printed")  # `printed` is made once
@pytest.mark.parametrize("message", MESSAGES)
def test_each_message_in_the_table_is_what_the_tools_print(message: str, printed) -> None:
    lines = [line for lines in printed.values() for line in lines]
    assert any(pattern(message).fullmatch(line) for line in lines), "\n".join(lines)


@pytest.mark.parametrize("message", MESSAGES)
def test_each_message_is_one_line_naming_the_file(message: str) -> None:
    assert "\n" not in message
    # Mistakes on the command line are about the command, so they name it instead.
    assert message.startswith(("examples/", "docs/", "followup: ")), message


@pytest.mark.xdist_group("contributing-printed")  # `printed` is made once
def test_every_mistake_here_has_its_row(printed) -> None:
    """The reverse: each mistake made above prints at least one line the table shows."""
    for name, lines in printed.items():
        shown = [line for line in lines if in_table(line)]
        assert shown, f"{name}: no line of its output is in the table:\n" + "\n".join(lines)
    warnings = printed["build: not shown, wrong id"] + printed["build: shown twice"]
    assert sum(in_table(line) for line in warnings if "WARNING" in line) == 3


# The three steps, the sample example and the lists


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", TEXT, re.M | re.S)


def test_step_one_prints_what_contributing_shows(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (command_line,) = [
        line
        for block in code_blocks("sh")
        for line in block.splitlines()
        if line.startswith(".venv/bin/followup new ")
    ]
    shown = next(block for block in code_blocks("text") if block.startswith("Wrote "))
    with contextlib.chdir(project):
        assert "\n".join(capture(command_line.split()[1:])) + "\n" == shown


def test_the_sample_example_is_valid_and_follows_the_rules(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", ("examples", "snippets"))
    (sample,) = [block for block in code_blocks("jinja") if block.startswith("+++")]
    (project / "examples" / "after-a-video-call.j2").write_text(sample, encoding="utf-8")
    catalogue = load_catalogue(project / "examples", project / "snippets")
    assert [str(p) for p in catalogue.all_problems()] == []
    example = catalogue.examples["after-a-video-call"]
    assert check(example.as_text(), placeholders_allowed=True).ok


def test_every_snippet_is_listed() -> None:
    rows = table(section("Snippets"))
    listed = {
        f"{row[1].strip('`')}{name.strip('`')}"
        for row in rows
        for name in re.findall(r"`[a-z-]+\.j2`", row[2])
    }
    snippets = {
        p.relative_to(ROOT / "snippets").as_posix() for p in (ROOT / "snippets").rglob("*.j2")
    }
    assert listed == snippets


def test_every_field_is_listed() -> None:
    fields = [row[0].strip("`") for row in table(section("The format of an example"))]
    assert fields == list(FIELDS)


def test_every_kind_of_warning_is_listed() -> None:
    kinds = [row[0].strip("`") for row in table(section("Kinds of warning", "###"))]
    assert kinds == [f"followup.{kind.value}" for kind in Kind]


def test_every_variable_and_detail_is_named() -> None:
    import tomllib

    for data, where in (("variables.toml", "The format of an example"),
                        ("details.toml", "Personal details")):  # fmt: skip
        names = tomllib.loads((ROOT / "snippets" / data).read_text(encoding="utf-8"))
        if data == "variables.toml":
            for name in names:
                assert f"`{name}`" in section(where) or f"`{name}`" in TEXT, name
