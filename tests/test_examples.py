"""Every example letter renders and follows the rules. New examples are tested with no edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.examples import load_catalogue
from followup.rules import check
from support import SAMPLE_VALUES

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT / "examples", ROOT / "snippets")
IDS = sorted(path.stem for path in (ROOT / "examples").glob("*.j2"))
SAMPLE = SAMPLE_VALUES


def test_every_example_loads_without_problems() -> None:
    assert [str(p) for p in CATALOGUE.all_problems()] == []
    assert sorted(CATALOGUE.examples) == IDS
    assert len(IDS) >= 6


@pytest.mark.parametrize("example_id", IDS)
def test_example_follows_the_rules(example_id: str) -> None:
    example = CATALOGUE.examples[example_id]
    report = check(example.as_text())
    assert report.ok, "\n".join(
        f"{example.path.name}: {f.rule}: {f.sentence or ''} {f.message}" for f in report.findings
    )


@pytest.mark.parametrize("example_id", IDS)
def test_example_follows_the_rules_once_filled_in(example_id: str) -> None:
    example = CATALOGUE.examples[example_id]
    assert check(example.as_text(SAMPLE)).ok


@pytest.mark.parametrize("example_id", IDS)
def test_example_is_short(example_id: str) -> None:
    words = CATALOGUE.examples[example_id].word_count(SAMPLE)
    assert words <= 200, f"{words} words: a follow-up letter should stay under 150"


@pytest.mark.parametrize("example_id", IDS)
def test_example_fills_every_placeholder(example_id: str) -> None:
    example = CATALOGUE.examples[example_id]
    template = example.as_text()
    filled = example.as_text(SAMPLE)
    for name in example.variables:
        placeholder = CATALOGUE.variables[name].placeholder
        assert placeholder in template
        assert placeholder not in filled
        assert SAMPLE[name] in filled
    assert "{{" not in template and "{%" not in template


@pytest.mark.parametrize("example_id", IDS)
def test_example_has_a_subject_when_its_channel_needs_one(example_id: str) -> None:
    example = CATALOGUE.examples[example_id]
    if example.channel.subject == "required":
        assert example.subject is not None and example.as_text().startswith("Subject: ")
    if example.channel.subject == "none":
        assert example.subject is None


def test_examples_cover_many_scenarios_channels_and_tones() -> None:
    examples = CATALOGUE.examples.values()
    assert len(CATALOGUE.examples) >= 24
    assert len({e.scenario.id for e in examples}) >= 12
    assert len({e.channel.id for e in examples}) >= 3
    assert {e.tone for e in examples} == {"formal", "warm", "brief"}
    # The two letters people most often need after the first one.
    assert {"feedback-received", "no-reply"} <= {e.scenario.id for e in examples}


def test_most_examples_are_under_150_words() -> None:
    words = [e.word_count(SAMPLE) for e in CATALOGUE.examples.values()]
    assert sum(count < 150 for count in words) >= 0.75 * len(words), sorted(words)


def test_every_scenario_has_an_example() -> None:
    used = {e.scenario.id for e in CATALOGUE.examples.values()}
    assert set(CATALOGUE.scenarios) == used


def test_every_snippet_is_used_and_shared() -> None:
    """A snippet only one letter uses belongs in that letter."""
    uses: dict[str, int] = {}
    for example in CATALOGUE.examples.values():
        for path in set(example.dependencies):
            if path.suffix == ".j2" and path.parent == CATALOGUE.snippets_dir:
                uses[path.name] = uses.get(path.name, 0) + 1
    snippets = sorted(p.name for p in CATALOGUE.snippets_dir.glob("*.j2"))
    assert {name: uses.get(name, 0) for name in snippets if uses.get(name, 0) < 2} == {}
