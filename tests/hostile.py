"""Hostile text for the message reader and the checker, shared by the tests and `make bench`.

Each maker returns a text of about ``size`` characters built to make a backtracking
engine try an exponential or quadratic number of ways: runs of what two neighbouring
quantifiers both accept (spaces after "Dear", space-padded signature columns, capitals,
capitalised words that may or may not be an organisation's name), or to keep the
automaton that finds all patterns at once building new states (sentences of the rules'
own words). With RE2 each is read in time linear in its length.
"""

from __future__ import annotations

from collections.abc import Callable

#: Names are read only from a message in English, so each text starts with some.
ENGLISH = "Thank you for your time with us and the team.\n"


def dear_and_spaces(size: int) -> str:
    """ "Dear" and then nothing but spaces: a greeting whose name never comes."""
    return ENGLISH + "Dear" + " " * (size - 5) + "x"


def capitals(size: int) -> str:
    return ENGLISH + "A" * size


def signature_columns(size: int) -> str:
    """A signature laid out in space-padded columns, as email clients do."""
    line = "Jane Smith" + " " * 40 + "| Acme Holdings Ltd" + " " * 40 + "| London\n"
    head = "Hi Sam,\n\nThank you for your interview. We will not be taking you forward.\n\n"
    return head + line * max(1, (size - len(head)) // len(line))


def organisation_words(size: int) -> str:
    """Capitalised words with runs of spaces and tabs between them, after "at": each could
    start or continue an organisation's name, or not."""
    unit = "Ab" + " " * 30
    return ENGLISH + "Thank you for the role at " + unit * max(1, (size - 30) // len(unit)) + "!"


def laughter(size: int) -> str:
    """For a rule with a pattern like (?:(?:ha)+\\s?)+! : a long laugh with no "!"."""
    return "Thank you. " + "ha" * max(1, (size - 12) // 2) + "?"


#: Words the rules and recognisers look for, to keep many of their patterns in play.
KEYS = [
    "thank",
    "thanks",
    "feedback",
    "why",
    "interview",
    "position",
    "role",
    "decision",
    "unfortunately",
    "candidate",
    "future",
    "opportunity",
    "application",
    "applied",
    "shortlist",
    "close",
    "runner",
    "panel",
    "recruiter",
    "client",
    "offer",
    "unable",
    "provide",
    "keep",
    "touch",
    "details",
    "stage",
    "call",
    "meeting",
    "feel",
    "reason",
    "chosen",
]


def keyword_sentences(size: int) -> str:
    """Sentences of about 1,900 characters, each a different run of the words the rules
    look for: the checker and the reader search each such sentence for all their patterns
    at once (RE2's Set), so this keeps that one automaton busy with new states."""
    import random

    chooser = random.Random(size)
    sentences = []
    total = len(ENGLISH)
    while total < size:
        words = [chooser.choice(KEYS) + chooser.choice(("", "s", "ed", "ing")) for _ in range(260)]
        sentence = " ".join(words)[:1_900] + ". "
        sentences.append(sentence)
        total += len(sentence)
    return (ENGLISH + "".join(sentences))[:size]


#: An offer of feedback, which the message reader knows, for pastes longer than it reads.
OFFER = "We would be happy to talk you through some feedback on a short call."


def long_pastes(most_words: int) -> list[str]:
    """Pastes longer than the message reader reads (its [reading] most_words): the offer
    after that many words, the offer before them, and one sentence of twice as many."""
    filler = "We met many people for this post this spring. " * (most_words // 9 + 1)  # 9 words
    return [
        f"Dear Sam,\n\n{filler}{OFFER}",
        f"Dear Sam,\n\n{OFFER} {filler}",
        "word " * 2 * most_words,
    ]


MESSAGES: dict[str, Callable[[int], str]] = {
    "keyword_sentences": keyword_sentences,
    "dear_and_spaces": dear_and_spaces,
    "capitals": capitals,
    "signature_columns": signature_columns,
    "organisation_words": organisation_words,
}
#: A pattern a pull request might add to a rule: harmless-looking, catastrophic for a
#: backtracking engine on ``laughter``.
CATASTROPHIC = r"\b(?:(?:ha)+\s?)+!"
