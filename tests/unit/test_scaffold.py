"""``followup new`` starts an example that passes every test once its sentences are
written, taking shared phrasings that still have room, and refuses what cannot work."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

import pytest

from followup.catalogue import load_catalogue
from followup.checker import check
from followup.cli import main
from followup.example import SCAFFOLD_MARKER
from followup.model import CHANNELS, TONES
from followup.registries import load_scenarios
from followup.scaffold import MOST_SHARED, render_template, shared_uses
from spelling import misspelt
from support import ROOT, SAMPLE_VALUES, copy_project, fill

SCENARIOS = load_scenarios(ROOT / "examples" / "scenarios.toml")
MARKED = "still has the scaffold's instruction; replace it with your own words"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def in_project(tmp_path: Path, monkeypatch) -> Path:
    project = copy_project(tmp_path / "project", ("examples", "snippets", "docs"))
    monkeypatch.chdir(project)
    return project


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


# What it writes


def test_new_writes_the_file_and_says_what_to_do_next(capsys, in_project: Path) -> None:
    code, out, err = run(
        capsys, "new", "after-a-video-call", "--scenario", "phone-screen", "--channel", "email"
    )
    assert (code, err) == (0, "")
    path = in_project / "examples" / "after-a-video-call.j2"
    markers = len(SCAFFOLD_MARKER.findall(path.read_text(encoding="utf-8")))
    assert out == (
        "Wrote examples/after-a-video-call.j2. Next:\n"
        f"  1. Open it and replace each of its {markers} [Replace this ...] instructions with "
        "your own words.\n"
        "  2. Show it in the guide: add these two lines to docs/situations/phone-screen.md\n"
        "       ```{letter} after-a-video-call\n"
        "       ```\n"
        "  3. Run `make test`. Each problem is one line naming the file, the line and the fix.\n"
    )
    assert path.stat().st_mode & 0o044 == 0o044  # readable by all, as an editor saves it
    # Written atomically: no temporary file is left behind.
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_every_field_is_present_and_commented() -> None:
    text = render_template(SCENARIOS["final-round"], "email", "warm")
    metadata = text.split("+++\n")[1].splitlines()
    for field in ("title", "scenario", "channel", "tone", "subject", "use_when"):
        (number,) = [i for i, line in enumerate(metadata) if line.startswith(f"{field} = ")]
        assert metadata[number - 1].startswith("# "), field


def test_new_takes_only_phrasings_with_room(in_project: Path) -> None:
    uses = shared_uses(in_project / "examples", in_project / "snippets")
    text = render_template(SCENARIOS["phone-screen"], "email", "warm", uses)
    for name in re.findall(r'{% include "([^"]+)" %}', text):
        if not name.startswith(("greeting/", "sign-off/")):
            assert uses[name] < MOST_SHARED, name
    full = {name: MOST_SHARED for name in uses}
    every_move_written = render_template(SCENARIOS["phone-screen"], "email", "warm", full)
    assert len(SCAFFOLD_MARKER.findall(every_move_written)) == 8  # and the prompt


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
    marked = [n for n, line in enumerate(lines, start=1) for _ in SCAFFOLD_MARKER.finditer(line)]
    assert len(marked) >= 3
    catalogue = load_catalogue(in_project / "examples", in_project / "snippets")
    assert [str(p) for p in catalogue.broken["my-letter"]] == [
        f"examples/my-letter.j2:{number}: {MARKED}" for number in marked
    ]


@pytest.mark.parametrize(("scenario", "channel", "tone"), COMBINATIONS)
def test_new_example_passes_every_check_once_filled_in(
    in_project: Path, scenario: str, channel: str, tone: str
) -> None:
    path = scaffold(in_project, scenario, channel, tone)
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    catalogue = load_catalogue(in_project / "examples", in_project / "snippets")
    assert catalogue.broken.get("my-letter") is None
    example = catalogue.examples["my-letter"]
    filled = {**SAMPLE_VALUES, **{name: "Sam wrote this." for name in catalogue.details}}
    # What the letter tests ask of every example.
    report = check(example.as_text(filled))
    if example.asks_for_feedback:
        assert report.ok, example.as_text(filled)
    else:  # feedback already given: thank them, and ask for nothing more
        assert [f.rule for f in report.findings if f.rule != "feedback_request"] == []
    assert example.word_count(filled) < 150
    assert any(b.kind == "detail" for b in example.body.blanks) != example.channel.spoken
    assert (example.subject is not None) == example.channel.subject
    assert misspelt(path, in_project) == []
