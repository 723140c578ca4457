"""``followup new`` starts an example that passes every test once its sentences are written,
and ``followup check`` checks an example file as the pre-commit hook runs it."""

from __future__ import annotations

import subprocess
import sys
from itertools import product
from pathlib import Path

import pytest

from followup.cli import main
from followup.examples import CHANNELS, SCAFFOLD_MARKER, TONES, load_catalogue, load_scenarios
from followup.rules import check
from followup.scaffold import render_template
from support import ROOT, SAMPLE_VALUES, sphinx_build
from test_spelling import misspelt

SCENARIOS = load_scenarios(ROOT / "examples" / "scenarios.toml")
MARKED = "still has the scaffold's instruction; replace it with your own words"
#: What a contributor writes in place of each instruction, in the order they appear.
FILLED = {
    "short title": "After a video call",
    "when a reader should send": "Your first interview was a video call, and they wrote to say no.",
    "real detail": "I enjoyed hearing how your support team shares its notes between time zones.",
    "point from their feedback": "Your point about my examples being too general was fair, and "
    "I am rewriting them now.",
}
SAMPLE = SAMPLE_VALUES


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def fill(text: str) -> str:
    """Replace each scaffold instruction with what a contributor would write."""

    def replace(found) -> str:
        (sentence,) = [s for key, s in FILLED.items() if key in found.group()]
        return sentence

    return SCAFFOLD_MARKER.sub(replace, text)


def show_on_page(project: Path, example_id: str) -> Path:
    """Add the ``{letter}`` block to the page for the example's scenario, as step 2 says."""
    text = (project / "examples" / f"{example_id}.j2").read_text(encoding="utf-8")
    scenario = text.split('scenario = "', 1)[1].split('"', 1)[0]
    page = project / "docs" / f"{SCENARIOS[scenario].page}.md"
    with page.open("a", encoding="utf-8") as file:
        file.write(f"\n```{{letter}} {example_id}\n```\n")
    return page


@pytest.fixture
def in_project(project: Path, monkeypatch) -> Path:
    monkeypatch.chdir(project)
    return project


def problems_of(catalogue, example_id: str) -> list[str]:
    """The problems of one example (another example's do not concern these tests)."""
    return [str(p) for p in catalogue.broken.get(example_id, [])]


def warnings_about(stderr: str, *example_ids: str) -> list[str]:
    """The build's warnings that name one of these examples."""
    return [
        line
        for line in stderr.splitlines()
        if "WARNING" in line and any(f"{i}.j2" in line or f"'{i}'" in line for i in example_ids)
    ]


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# Refusing what cannot work


def test_new_refuses_an_id_that_exists(capsys, in_project: Path) -> None:
    path = in_project / "examples" / "after-final-round.j2"
    before = path.read_bytes()
    code, out, err = run(
        capsys, "new", "after-final-round", "--scenario", "final-round", "--channel", "email"
    )
    assert (code, out) == (2, "")
    assert err == (
        "followup: examples/after-final-round.j2: already exists; choose another id, or edit "
        "that file instead\n"
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("given", "suggestion"),
    [
        ("My_Letter", "my-letter"),
        ("after a video call", "after-a-video-call"),
        ("../escape", "escape"),
        ("letter.j2", "letter-j2"),
        ("trailing-", "trailing"),
        ("", "my-letter"),
        ("Überraschung", "berraschung"),
    ],
)
def test_new_refuses_an_id_that_is_not_a_valid_file_name(
    capsys, in_project: Path, given: str, suggestion: str
) -> None:
    before = files_in(in_project / "examples")
    code, out, err = run(capsys, "new", given, "--scenario", "phone-screen", "--channel", "email")
    assert (code, out) == (2, "")
    assert err == (
        f"followup: {given!r} is not a valid example id; use lower-case letters, digits and "
        f"hyphens, for example {suggestion}\n"
    )
    assert files_in(in_project / "examples") == before


def test_new_refuses_a_very_long_id(capsys, in_project: Path) -> None:
    code, _, err = run(capsys, "new", "a" * 61, "--scenario", "phone-screen", "--channel", "email")
    assert code == 2 and err.count("\n") == 1 and "61 characters long" in err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--scenario",
            "phone-scren",
            "unknown scenario 'phone-scren'; did you mean 'phone-screen'?",
        ),
        ("--channel", "fax", "unknown channel 'fax' (one of email, reply, linkedin, phone)"),
        ("--tone", "chirpy", "unknown tone 'chirpy' (one of formal, warm, brief)"),
    ],
)
def test_new_refuses_unknown_choices(
    capsys, in_project: Path, option: str, value: str, message: str
) -> None:
    args = {"--scenario": "phone-screen", "--channel": "email", "--tone": "warm", option: value}
    before = files_in(in_project / "examples")
    code, out, err = run(capsys, "new", "my-letter", *(x for kv in args.items() for x in kv))
    assert (code, out) == (2, "")
    assert err.startswith("followup: ") and message in err and err.count("\n") == 1
    assert files_in(in_project / "examples") == before


def test_new_outside_the_project_says_where_to_run_it(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(
        capsys, "new", "my-letter", "--scenario", "phone-screen", "--channel", "email"
    )
    assert code == 2 and "no examples/ and snippets/ folders here or above" in err


# What it writes


def test_new_writes_the_file_and_says_what_to_do_next(capsys, in_project: Path) -> None:
    code, out, err = run(
        capsys, "new", "after-a-video-call", "--scenario", "phone-screen", "--channel", "email"
    )
    assert (code, err) == (0, "")
    assert out == (
        "Wrote examples/after-a-video-call.j2. Next:\n"
        "  1. Open it and replace each of its 3 [Replace this ...] instructions with your own "
        "words.\n"
        "  2. Show it in the guide: add these two lines to docs/situations/phone-screen.md\n"
        "       ```{letter} after-a-video-call\n"
        "       ```\n"
        "  3. Run `make test`. Each problem is one line naming the file, the line and the fix.\n"
    )
    path = in_project / "examples" / "after-a-video-call.j2"
    assert path.stat().st_mode & 0o044 == 0o044  # readable by all, as an editor saves it
    # Written atomically: no temporary file is left behind.
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_every_field_is_present_and_commented(in_project: Path) -> None:
    text = render_template(SCENARIOS["final-round"], "email", "warm")
    metadata = text.split("+++\n")[1].splitlines()
    for field in ("title", "scenario", "channel", "tone", "subject", "use_when"):
        (number,) = [i for i, line in enumerate(metadata) if line.startswith(f"{field} = ")]
        assert metadata[number - 1].startswith("# "), field


COMBINATIONS = [
    (scenario, channel, tone)
    for (scenario, channel), tone in zip(
        product(["phone-screen", "recruiter", "feedback-received", "no-reply"], CHANNELS),
        [*TONES] * 6,
        strict=False,
    )
]


def scaffold(project: Path, scenario: str, channel: str, tone: str) -> Path:
    """Run `followup new my-letter` in ``project``; the file it wrote."""
    arguments = ["--scenario", scenario, "--channel", channel, "--tone", tone]
    assert main(["new", "my-letter", *arguments]) == 0
    return project / "examples" / "my-letter.j2"


@pytest.mark.parametrize(("scenario", "channel", "tone"), COMBINATIONS)
def test_new_example_has_one_problem_per_instruction(
    in_project: Path, scenario: str, channel: str, tone: str
) -> None:
    path = scaffold(in_project, scenario, channel, tone)
    lines = path.read_text(encoding="utf-8").splitlines()
    marked = [number for number, line in enumerate(lines, start=1) if SCAFFOLD_MARKER.search(line)]
    assert len(marked) == 3
    catalogue = load_catalogue(in_project / "examples", in_project / "snippets")
    assert problems_of(catalogue, "my-letter") == [
        f"examples/my-letter.j2:{number}: {MARKED}" for number in marked
    ]


@pytest.mark.parametrize(("scenario", "channel", "tone"), COMBINATIONS)
def test_new_example_passes_every_check_once_filled_in(
    in_project: Path, scenario: str, channel: str, tone: str
) -> None:
    path = scaffold(in_project, scenario, channel, tone)
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    catalogue = load_catalogue(in_project / "examples", in_project / "snippets")
    assert problems_of(catalogue, "my-letter") == []
    example = catalogue.examples["my-letter"]
    # What tests/test_examples.py asks of every example.
    assert check(example.as_text()).ok, example.as_text()
    assert check(example.as_text(SAMPLE)).ok
    assert example.word_count(SAMPLE) < 150
    filled = example.as_text(SAMPLE)
    for name in example.variables:
        assert catalogue.variables[name].placeholder not in filled
    assert (example.subject is not None) == (example.channel.subject == "required")
    assert misspelt(path, in_project) == []


def test_a_filled_in_example_builds_cleanly(in_project: Path) -> None:
    """From the scaffold to a clean `make html`, as CONTRIBUTING.md's three steps go."""
    for example_id, scenario, channel in (
        ("after-a-video-call", "phone-screen", "email"),
        ("ringing-back", "rejection-call", "phone"),
    ):
        assert main(["new", example_id, "--scenario", scenario, "--channel", channel]) == 0
        path = in_project / "examples" / f"{example_id}.j2"
        path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
        show_on_page(in_project, example_id)
    result = sphinx_build(in_project)
    # Warnings about other examples (a contributor's own work in progress, say) are for
    # tests/test_examples.py and the site to report.
    assert warnings_about(result.stderr, "after-a-video-call", "ringing-back") == []
    assert "Traceback" not in result.stderr
    for example_id in ("after-a-video-call", "ringing-back"):
        assert (in_project / "_build/html/letters" / f"{example_id}.txt").is_file()


def test_unfinished_example_fails_the_build_at_its_line(in_project: Path) -> None:
    assert main(["new", "my-letter", "--scenario", "phone-screen", "--channel", "email"]) == 0
    show_on_page(in_project, "my-letter")
    result = sphinx_build(in_project)
    assert result.returncode != 0
    assert f"examples/my-letter.j2:4: WARNING: {MARKED}" in result.stderr


# The scenarios name their pages, so `followup new` can name the right one.


def test_every_scenario_names_the_page_that_shows_its_letters() -> None:
    catalogue = load_catalogue(ROOT / "examples", ROOT / "snippets")
    for scenario in SCENARIOS.values():
        assert scenario.page and (ROOT / "docs" / f"{scenario.page}.md").is_file(), scenario.id
    for example in catalogue.examples.values():
        page = ROOT / "docs" / f"{example.scenario.page}.md"
        assert f"```{{letter}} {example.id}\n" in page.read_text(encoding="utf-8"), (
            f"examples/{example.id}.j2: show it on docs/{example.scenario.page}.md, the page "
            f"for its scenario, with a ```{{letter}} {example.id}``` block"
        )


# `followup check` on an example file, as the pre-commit hook runs it


def test_check_renders_an_example_and_passes_a_good_one(capsys) -> None:
    catalogue = load_catalogue(ROOT / "examples", ROOT / "snippets")
    paths = sorted(str(e.path) for e in catalogue.examples.values())
    code, out, err = run(capsys, "check", *paths)
    assert (code, err) == (0, ""), out
    assert out.count(": ok: ") == len(paths)


def test_check_names_the_line_of_a_sentence_that_asks_why(capsys, in_project: Path) -> None:
    path = in_project / "examples" / "after-final-round.j2"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('{% include "door-open.j2" %}', "Could you tell me why I wasn't selected?"),
        encoding="utf-8",
    )
    number = next(
        i for i, line in enumerate(path.read_text().splitlines(), 1) if "selected?" in line
    )
    code, out, _ = run(capsys, "check", "examples/after-final-round.j2")
    assert code == 1
    assert f"examples/after-final-round.j2:{number}: asks_why: " in out


def test_check_reports_an_unfinished_example_and_exits_2(capsys, in_project: Path) -> None:
    assert main(["new", "my-letter", "--scenario", "phone-screen", "--channel", "email"]) == 0
    capsys.readouterr()
    code, out, err = run(capsys, "check", "examples/my-letter.j2")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"followup: examples/my-letter.j2:{n}: {MARKED}" for n in (4, 14, 19)
    ]


def test_check_refuses_a_snippet(capsys, in_project: Path) -> None:
    code, _, err = run(capsys, "check", "snippets/greeting.j2")
    assert code == 2 and "is a snippet, not a letter" in err


def test_check_imports_jinja_only_for_an_example() -> None:
    code = (
        "import sys; from followup.cli import main; "
        "code = main(['check', 'examples/all-purpose.j2']); "
        "print(code, sorted(m for m in ('sphinx', 'jinja2', 'docutils') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "0 ['jinja2']"
