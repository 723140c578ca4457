"""CONTRIBUTING.md tells the truth: its commands do what it says, its sample example is
valid, and every message in its table is what the tools print for that mistake.

The table's messages are for an example called ``my-letter``, made as CONTRIBUTING.md's
three steps make one. Each case below makes one mistake in it and records every line
the loader, the command, the checker, the spelling test or the build prints; every row
of the table must be one of those lines (``…`` in a row stands for any text).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from followup.cli import main
from followup.examples import load_catalogue
from followup.rules import check
from support import ROOT, copy_project, sphinx_build
from test_scaffold import fill, show_on_page
from test_spelling import misspelt

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
TEXT = CONTRIBUTING.read_text(encoding="utf-8")
LETTER = "examples/my-letter.j2"


def section(heading: str) -> str:
    """The text of one ``## `` section of CONTRIBUTING.md."""
    found = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", TEXT, re.M | re.S)
    assert found, heading
    return found.group(1)


def table(text: str) -> list[list[str]]:
    """The rows of the first table in ``text``, each a list of cells, header left out."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split(" | ")]
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


def edit(old: str, new: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / LETTER
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def edits(*changes: tuple[str, str]) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        for old, new in changes:
            edit(old, new)(project)

    return change


def write(data: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / LETTER
        path.write_bytes(data(path.read_bytes()))

    return change


def rename(project: Path) -> None:
    (project / LETTER).rename(project / "examples" / "My_Letter.j2")


def stray(project: Path) -> None:
    (project / "examples" / "notes.txt").write_text("draft", encoding="utf-8")


#: Mistakes in my-letter.j2 that loading the catalogue reports.
LOADER_CASES = {
    "instruction left": edit(
        'title = "After a video call"', 'title = "[Replace this with a title]"'
    ),
    "no quotes": edit('tone = "warm"', "tone = warm"),
    "empty value": edit('title = "After a video call"', 'title = ""'),
    "missing field": edit('tone = "warm"\n', ""),
    "misspelt field": edit("use_when =", "use_wen ="),
    "variables listed": edit('tone = "warm"', 'tone = "warm"\nvariables = ["role"]'),
    "unknown scenario": edit('scenario = "phone-screen"', 'scenario = "phone-scren"'),
    "unknown channel": edit('channel = "email"', 'channel = "fax"'),
    "unknown tone": edit('tone = "warm"', 'tone = "friendly"'),
    "no subject": edit('subject = "Thank you for the {{ role }} interview"\n', ""),
    "subject on LinkedIn": edit('channel = "email"', 'channel = "linkedin"'),
    "no first fence": edit("+++\n#", "#"),
    "no second fence": edit("+++\n{#", "{#"),
    "empty letter": write(lambda data: data.split(b"+++\n{#")[0] + b"+++\n\n"),
    "misspelt snippet": edit('{% include "greeting.j2" %}', '{% include "greting.j2" %}'),
    "snippet without quotes": edit('{% include "greeting.j2" %}', "{% include greeting %}"),
    "misspelt variable": edit('{% include "greeting.j2" %}', "Dear {{ interveiwer }},"),
    "unclosed tag": edit('{% include "greeting.j2" %}', "Dear {{ interviewer },"),
    "filter": edit('{% include "greeting.j2" %}', "Dear {{ interviewer | upper }},"),
    "not UTF-8": write(lambda data: data.replace(b"enjoyed", "enjoy\u00e9d".encode("latin-1"))),
    "bad file name": rename,
    "stray file": stray,
}
#: Mistakes that `followup check` reports, as the rules see them.
CHECK_CASES = {
    "no thanks": edits(
        ('{% include "thanks-interview.j2" %} I enjoyed', "I enjoyed"),
        (' {% include "no-obligation.j2" %}', ""),
        ("sign-off-warm.j2", "sign-off.j2"),  # "With thanks," thanks them too
        ("Thank you for the {{ role }} interview", "The {{ role }} interview"),  # the subject
    ),
    "no feedback request": edit(
        '{% include "feedback-request.j2" %} {% include "no-obligation.j2" %}', ""
    ),
    "asks why": edit(
        "between time zones.", "between time zones. Could you tell me why I wasn't selected?"
    ),
}


@pytest.fixture(scope="module")
def my_letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with my-letter made as CONTRIBUTING.md says: scaffold, write, show."""
    project = copy_project(tmp_path_factory.mktemp("contributing") / "project")
    with contextlib.chdir(project):
        assert capture(["new", "my-letter", "--scenario", "phone-screen", "--channel", "email"])
    path = project / LETTER
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    show_on_page(project, "my-letter")
    return project


@pytest.fixture(scope="module")
def printed(my_letter: Path) -> dict[str, list[str]]:
    """For each mistake, every line printed, with the project's own path left out."""
    project = my_letter
    page = project / "docs/situations/phone-screen.md"
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
        edit("time zones.", "time zones. I was glad to recieve your call.")(project)
        found["misspelt word"] = misspelt(project / LETTER, project)
        restore()
    # One build where my-letter is on no page and the page names a wrong id; one where the
    # page shows it twice.
    page.write_text(shown.replace("{letter} my-letter", "{letter} my-leter"), encoding="utf-8")
    found["build: not shown, wrong id"] = sphinx_build(project).stderr.splitlines()
    page.write_text(shown + "\n```{letter} my-letter\n```\n", encoding="utf-8")
    found["build: shown twice"] = sphinx_build(project).stderr.splitlines()
    restore()
    return {
        name: [line.replace(f"{project}/", "") for line in lines] for name, lines in found.items()
    }


def in_table(line: str) -> bool:
    return any(pattern(message).fullmatch(line) for message in MESSAGES)


def test_the_table_has_a_row_for_each_kind_of_mistake() -> None:
    assert len(MESSAGES) >= len(LOADER_CASES) + len(CHECK_CASES) + 3
    assert len(set(MESSAGES)) == len(MESSAGES)


@pytest.mark.parametrize("message", MESSAGES)
def test_each_message_in_the_table_is_what_the_tools_print(message: str, printed) -> None:
    lines = [line for lines in printed.values() for line in lines]
    assert any(pattern(message).fullmatch(line) for line in lines), "\n".join(lines)


@pytest.mark.parametrize("message", MESSAGES)
def test_each_message_is_one_line_naming_the_file(message: str) -> None:
    assert "\n" not in message
    # Mistakes on the command line are about the command, so they name it instead.
    assert message.startswith(("examples/", "docs/", "followup: ")), message


def test_every_mistake_here_has_its_row(printed) -> None:
    """The reverse: each mistake made above prints at least one line the table shows."""
    for name, lines in printed.items():
        shown = [line for line in lines if in_table(line)]
        assert shown, f"{name}: no line of its output is in the table:\n" + "\n".join(lines)
    warnings = printed["build: not shown, wrong id"] + printed["build: shown twice"]
    assert sum(in_table(line) for line in warnings if "WARNING" in line) == 3


# The three steps, the sample example and the snippet list


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", TEXT, re.M | re.S)


def test_step_one_prints_what_contributing_shows(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (command,) = [
        line
        for block in code_blocks("sh")
        for line in block.splitlines()
        if line.startswith(".venv/bin/followup new ")
    ]
    shown = next(block for block in code_blocks("text") if block.startswith("Wrote "))
    with contextlib.chdir(project):
        assert "\n".join(capture(command.split()[1:])) + "\n" == shown


def test_the_sample_example_is_valid_and_follows_the_rules(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (sample,) = code_blocks("jinja")
    (project / "examples" / "after-a-video-call.j2").write_text(sample, encoding="utf-8")
    catalogue = load_catalogue(project / "examples", project / "snippets")
    assert [str(p) for p in catalogue.all_problems()] == []
    assert check(catalogue.examples["after-a-video-call"].as_text()).ok


def test_every_snippet_is_listed() -> None:
    listed = section("Snippets")
    for snippet in sorted((ROOT / "snippets").glob("*.j2")):
        assert f"`{snippet.name}`" in listed, snippet.name


def test_every_field_is_listed() -> None:
    from followup.examples import OPTIONAL, REQUIRED

    fields = [row[0].strip("`") for row in table(section("The format of an example"))]
    assert fields == ["title", "scenario", "channel", "tone", "subject", "use_when"]
    assert set(fields) == set(REQUIRED + OPTIONAL)


def test_contributing_is_a_page_of_the_guide(site: Path) -> None:
    page = (site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "Add an example in three steps" in page
    assert "When <code" in page  # the heading of the messages table
    for target in ("../reference/rules.html", "../writing/anatomy.html", "../licence.html"):
        assert f'href="{target}' in page, target
