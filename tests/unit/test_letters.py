"""The example letters read as one person in one situation, not as stitched templates.

Each test here measures one way a catalogue of letters built from shared snippets goes
wrong: the same sentence everywhere, a letter that never mentions the no, thanks or
requests said twice, an invented memory a reader could send by accident, a subject line
on a reply. When one fails, it prints what to change.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from followup.checker import default_rules
from followup.example import example_ids
from followup.model import Example
from followup.scaffold import MOST_SHARED
from support import REAL, filled_in

#: The letters' ids, from their files: the catalogue itself is loaded when a test first
#: needs it, not when this module is imported (in every pytest-xdist worker).
IDS = example_ids(REAL.examples_dir)
#: Words that say the letter answers a no, one of which each letter's opening holds.
NEWS = re.compile(
    r"\b(?:let(?:ting)? me know|the news|(?:the|your) decision|the outcome|the result|"
    r"not (?:to be|this time|successful)|wasn't|weren't|didn't|disappoint\w*|sorry|"
    r"(?:telling|told|tell) me|(?:your|the) (?:call|message|email|note|reply)|"
    r"getting back to me|hear(?:ing|d)? back|went (?:to|with) |not (?:be )?(?:going|moving) "
    r"(?:ahead|forward)|another candidate|someone else|(?:a|the) no\b)",
    re.IGNORECASE,
)
#: Outside square brackets, a letter says nothing only its writer could know: no day,
#: month, number or name. (Capitalised words that belong to everyone are allowed.)
SPECIFIC = re.compile(
    r"\d|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
    r"March|April|June|July|August|September|October|November|December)\b"
)
EVERYONE = {"I", "I'd", "I'm", "I've", "I'll", "LinkedIn", "CV", "Dear", "Hi", "Hello"}
#: The most letters that may open with the same four words, or share the "sorry, but" beat.
MOST_ALIKE = 5
#: The longest square bracket a reader may copy: a short prompt, never an example.
LONGEST_BRACKET = 80
#: The second beat that made the letters read as one kit: regret, then a silver lining
#: ("I was sorry to hear the news, but I'm glad I applied").
SORRY_BUT = re.compile(
    r"\b(?:sorry|disappoint\w*|a shame|hard|(?:not|wasn't) the (?:answer|news|result)\w*)\b"
    r"[^.?!]*\bbut\b",
    re.IGNORECASE,
)


@cache
def examples() -> list[Example]:
    """Every letter in the catalogue, by id."""
    return sorted(REAL.catalogue.examples.values(), key=lambda e: e.id)


@pytest.fixture
def example(request: pytest.FixtureRequest) -> Example:
    """The letter a test is given by id."""
    return REAL.catalogue.examples[request.param]


def body_sentences(example: Example) -> list[str]:
    """The letter's sentences, greeting and sign-off aside, with its blanks as written."""
    text = example.body.fill()
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    if not example.channel.spoken:
        paragraphs = paragraphs[1:-1]  # the greeting and the sign-off
    rules = default_rules()
    return [s.text for s in rules.sentences("\n\n".join(paragraphs))]


def labelled(example: Example, label: str) -> list[str]:
    """The sentences of the filled-in letter that the rules give ``label``."""
    rules = default_rules()
    text = example.body.fill(filled_in())
    return [s.text for s in rules.sentences(text) if rules.matches(label, s.text)]


def outside_brackets(text: str) -> str:
    return re.sub(r"\[[^\]]*\]", " ", text)


def opening(example: Example) -> str:
    """The first four words of what the letter says after its greeting, in lower case."""
    paragraphs = [p for p in example.body.fill().split("\n\n") if p.strip()]
    first = paragraphs[0] if example.channel.spoken else paragraphs[1]
    words = re.findall(r"[a-z']+", first.lower().replace("\u2019", "'"))
    return " ".join(words[:4])


def too_common(values: list[str], most: int) -> dict[str, int]:
    return {value: n for value, n in Counter(values).items() if n > most}


def sorry_but_sentences(examples: list[Example]) -> list[str]:
    return [
        f"{example.id}: {sentence}"
        for example in examples
        for sentence in body_sentences(example)
        if SORRY_BUT.search(outside_brackets(sentence))
    ]


def long_brackets(text: str) -> list[str]:
    return [b for b in re.findall(r"\[[^\]\n]*\]", text) if len(b) > LONGEST_BRACKET]


def test_no_four_word_opening_is_in_more_than_five_letters() -> None:
    shared = too_common([opening(e) for e in examples()], MOST_ALIKE)
    assert shared == {}, f"open these letters in their own words: {shared}"


def test_the_sorry_but_beat_is_in_at_most_five_letters() -> None:
    found = sorry_but_sentences(examples())
    assert len(found) <= MOST_ALIKE, "\n".join(found)


def test_the_kit_checks_can_fail() -> None:
    """The two checks above, on letters that read as one kit."""
    assert too_common(["thank you for letting"] * 6, MOST_ALIKE)
    assert SORRY_BUT.search("I was sorry to hear the news, but I'm glad I applied.")
    assert SORRY_BUT.search("It wasn't the answer I'd hoped for, but it was good practice.")
    assert not SORRY_BUT.search("I'm sorry I missed your call.")
    assert long_brackets("[" + "x" * 80 + "]") and not long_brackets("[Their kind words]")


@pytest.mark.parametrize("example", IDS, indirect=True)
def test_no_bracket_in_the_copied_text_is_long(example: Example) -> None:
    """A bracket is a short prompt; its example is a hint beside the letter, not in it."""
    found = long_brackets(example.as_text())
    assert found == [], f"{example.path.name}: shorten its [prompts]: {found}"
    for blank in example.body.blanks:
        if blank.kind == "detail":
            assert blank.example and blank.example not in example.as_text(), example.id


def test_every_letter_words_its_own_slot_prompts() -> None:
    prompts = [
        blank.placeholder
        for example in examples()
        for blank in example.body.blanks
        if blank.kind == "detail"
    ]
    shared = too_common(prompts, 1)
    assert shared == {}, f"name each slot for what goes there, in [prompts]: {shared}"


def test_a_spoken_script_has_no_slot() -> None:
    """Said aloud, a script is the reader's own words already: nothing to fill in."""
    spoken = [e for e in examples() if e.channel.spoken]
    assert spoken
    for example in spoken:
        assert [b.name for b in example.body.blanks if b.kind == "detail"] == [], example.id


def test_no_sentence_is_in_more_than_three_letters() -> None:
    uses = Counter(s for example in examples() for s in set(body_sentences(example)))
    shared = {s: n for s, n in uses.most_common() if n > MOST_SHARED}
    assert shared == {}, "\n".join(f"{n} letters: {s}" for s, n in shared.items())


@pytest.mark.parametrize("example", IDS, indirect=True)
def test_the_letter_mentions_the_news_in_its_opening(example: Example) -> None:
    if example.scenario.id in {"feedback-received", "no-reply"}:
        return  # these answer their feedback, or a silence, not the no itself
    paragraphs = [p for p in example.body.fill().split("\n\n") if p.strip()]
    opening = " ".join(paragraphs[: 3 if not example.channel.spoken else 2])
    assert NEWS.search(outside_brackets(opening)), (
        f"{example.path.name}: the first lines never mention the no; say what you are "
        "answering (thank them for letting you know, or for their call)"
    )


@pytest.mark.parametrize("example", IDS, indirect=True)
def test_the_letter_asks_once_and_thanks_at_most_twice(example: Example) -> None:
    asks = labelled(example, "feedback_request")
    thanks = labelled(example, "thanks")
    if not example.asks_for_feedback:
        assert asks == [], f"{example.path.name}: context {example.context!r}: {asks}"
    elif example.channel.spoken and example.scenario.id == "phone-screen":
        # Talking points for a live call, then a voicemail: one request in each.
        assert 1 <= len(asks) <= 2, asks
    else:
        assert len(asks) == 1, (
            f"{example.path.name}: ask for feedback once, not {len(asks)}: {asks}"
        )
    assert 1 <= len(thanks) <= 2, f"{example.path.name}: thank them once or twice: {thanks}"


@pytest.mark.parametrize("example", IDS, indirect=True)
def test_the_letter_has_a_slot_for_the_readers_own_words(example: Example) -> None:
    if example.channel.spoken:
        return  # see test_a_spoken_script_has_no_slot
    details = [b for b in example.body.blanks if b.kind == "detail"]
    assert details, f"{example.path.name}: mark the sentence only the reader can write"
    copied = example.body.fill()
    for blank in details:
        assert blank.placeholder in copied
        assert blank.placeholder.startswith("[") and blank.placeholder.endswith("]")


@pytest.mark.parametrize("example", IDS, indirect=True)
def test_nothing_outside_the_brackets_is_an_invented_memory(example: Example) -> None:
    rules = default_rules()
    texts = [example.body.fill()] + ([example.subject.fill()] if example.subject else [])
    names = []
    for text in map(outside_brackets, texts):
        assert not SPECIFIC.search(text), f"{example.path.name}: {SPECIFIC.search(text)}"
        for sentence in rules.sentences(text):
            words = re.findall(r"[A-Za-z][\w'\u2019-]*", sentence.text)
            names += [w for w in words[1:] if w[0].isupper() and w not in EVERYONE]
    assert names == [], f"{example.path.name}: names only its writer could know: {names}"


@pytest.mark.parametrize("example", IDS, indirect=True)
def test_a_reply_has_no_subject_and_a_new_email_has_one(example: Example) -> None:
    assert (example.subject is not None) == example.channel.subject
    if example.channel.id == "reply":
        assert example.subject is None and not example.channel.new_message


@pytest.mark.parametrize("example", IDS, indirect=True)
def test_the_letter_is_brief(example: Example) -> None:
    assert example.word_count(filled_in()) < 150, f"{example.path.name}: cut it below 150 words"


def test_every_shared_phrasing_is_shared() -> None:
    """A snippet only one letter uses belongs in that letter."""
    uses: Counter[str] = Counter()
    for example in examples():
        for path in set(example.dependencies):
            if path.suffix == ".j2" and path.is_relative_to(REAL.catalogue.snippets_dir):
                uses[path.relative_to(REAL.catalogue.snippets_dir).as_posix()] += 1
    snippets = sorted(
        p.relative_to(REAL.catalogue.snippets_dir).as_posix()
        for p in REAL.catalogue.snippets_dir.rglob("*.j2")
    )
    assert {name: uses[name] for name in snippets if uses[name] < 2} == {}


def test_superlatives_do_not_repeat() -> None:
    found = Counter(
        m.group().lower()
        for example in examples()
        for m in re.finditer(r"\bthe (?:most|best) \w+", outside_brackets(example.body.fill()))
    )
    assert [s for s, n in found.items() if n > 1] == []
