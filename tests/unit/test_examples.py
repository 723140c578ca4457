"""Every example letter loads, renders and follows the rules; new examples are tested
with no edits here. (How the letters read side by side is tests/unit/test_letters.py's.)"""

from __future__ import annotations

import pytest

from followup.checker import check
from followup.example import example_ids
from followup.model import ASKING_CONTEXTS, CONTEXTS, Blank, LetterText
from support import REAL, filled_in

CATALOGUE = REAL.catalogue
IDS = example_ids(REAL.examples_dir)


def test_every_example_loads_without_problems() -> None:
    assert [str(p) for p in CATALOGUE.all_problems()] == []
    assert sorted(CATALOGUE.examples) == IDS


ASKING = [i for i in IDS if CATALOGUE.examples[i].context in ASKING_CONTEXTS]
NOT_ASKING = [i for i in IDS if i not in ASKING]


@pytest.mark.parametrize("example_id", ASKING)
def test_example_follows_the_rules(example_id: str) -> None:
    """Nothing said about feedback, or an offer of it: thank, ask, never ask why."""
    example = CATALOGUE.examples[example_id]
    report = check(example.as_text(filled_in()))
    assert report.ok, "\n".join(
        f"{example.path.name}: {f.rule}: {f.sentence or ''} {f.message}" for f in report.findings
    )
    assert report.labels["thanks"] and report.labels["feedback_request"]
    assert not report.labels["asks_why"]


@pytest.mark.parametrize("example_id", NOT_ASKING)
def test_a_letter_after_a_refusal_or_feedback_does_not_ask_again(example_id: str) -> None:
    """They said they can't give feedback, or already gave it: thank, and never ask."""
    example = CATALOGUE.examples[example_id]
    report = check(example.as_text(filled_in()))
    asking = [s.text for s, labels in report.sentences if "feedback_request" in labels]
    assert asking == [], f"{example.path.name} (context {example.context!r}) asks: {asking}"
    assert report.labels["thanks"] and not report.labels["asks_why"]
    assert [f.rule for f in report.findings] == ["feedback_request"]


def test_every_context_has_letters() -> None:
    """A letter for each thing they may have said about feedback, so both rules bite."""
    assert {e.context for e in CATALOGUE.examples.values()} == set(CONTEXTS)
    assert len(NOT_ASKING) >= 4


def test_the_context_rule_can_fail() -> None:
    asks = "Thank you. If anything else occurs to you later, I'd be glad to hear your thoughts."
    assert check(asks).labels["feedback_request"]  # a fresh request, after feedback
    silent = "Thank you for the interview. I wish you well."
    assert not check(silent).labels["feedback_request"]


@pytest.mark.parametrize("example_id", IDS)
def test_example_fills_every_blank(example_id: str) -> None:
    example = CATALOGUE.examples[example_id]
    template = example.as_text()
    filled = example.as_text(filled_in())
    for blank in example.blanks:
        assert blank.placeholder in template
        assert blank.placeholder not in filled
        assert filled_in()[blank.name] in filled
    assert "{{" not in template and "{%" not in template and "[" not in filled


def test_examples_cover_every_channel_and_tone_and_the_two_next_needs() -> None:
    examples = CATALOGUE.examples.values()
    assert {e.channel.id for e in examples} == {"email", "reply", "linkedin", "phone"}
    assert {e.tone for e in examples} == {"formal", "warm", "brief"}
    # The two letters people most often need after the first one.
    assert {"feedback-received", "no-reply"} <= {e.scenario.id for e in examples}


def test_every_scenario_has_an_example() -> None:
    used = {e.scenario.id for e in CATALOGUE.examples.values()}
    assert set(CATALOGUE.scenarios) == used


def test_a_value_that_ends_in_a_full_stop_ends_the_sentence_once() -> None:
    text = LetterText(("roles at ", Blank("organisation", "[Company]"), ". Thank you."))
    assert text.fill({"organisation": "Brightwave & Co."}) == "roles at Brightwave & Co. Thank you."
    assert text.fill({"organisation": "Brightwave"}) == "roles at Brightwave. Thank you."
    assert text.fill() == "roles at [Company]. Thank you."
    middle = LetterText(("at ", Blank("organisation", "[Company]"), " in future."))
    assert middle.fill({"organisation": "Brightwave & Co."}) == "at Brightwave & Co. in future."
    ends = [
        e
        for e in CATALOGUE.examples.values()
        if any(
            isinstance(part, Blank)
            and part.name == "organisation"
            and isinstance(after, str)
            and after.startswith(".")
            for part, after in zip(e.body.parts, e.body.parts[1:], strict=False)
        )
    ]
    assert ends  # the real letters that end a sentence with the organisation
    for example in ends:
        filled = example.as_text({"organisation": "Brightwave & Co."})
        assert "Co.." not in filled and "Brightwave & Co." in filled, example.id
