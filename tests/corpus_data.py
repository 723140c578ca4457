"""The labelled corpus in tests/corpus/ (see its README), read through followup.scores."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from followup import scores
from followup.matcher import Match, default_matcher
from followup.scores import (
    ADVICE,
    LABELS,
    NOTES,
    SETS,
    Case,
    MessageScore,
    letter_labels,
    precision_recall,
    sentence_labels,
)

CORPUS = Path(__file__).parent / "corpus"

__all__ = [
    "ADVICE",
    "CORPUS",
    "LABELS",
    "NOTES",
    "SETS",
    "Case",
    "evaluate",
    "evaluate_messages",
    "letter_labels",
    "letters",
    "matched",
    "message_scores",
    "precision_recall",
    "sentence_labels",
    "sentences",
]


def sentences(which: str = "own") -> list[Case]:
    return scores.sentences(CORPUS, which)


def letters(which: str = "own") -> list[Case]:
    return scores.letters(CORPUS, which)


@cache
def matched() -> dict[str, Match]:
    """Every labelled message through the recognisers, by id (some seconds): made the
    first time a test or the summary asks for it in this process, then kept."""
    reader = default_matcher()
    return {m.id: reader.match(m.text) for m in scores.messages(CORPUS)}


@cache
def message_scores() -> list[MessageScore]:
    """The messages' table, from :func:`matched`, made once in this process."""
    return scores.message_table(CORPUS, matched())


def evaluate() -> list[str]:
    """Lines of a table: precision and recall per label, for each set."""
    lines = [
        f"{'set':<9} {'unit':<10} {'label':<17} {'precision':>9} {'recall':>7} {'positives':>9}"
    ]
    for row in scores.saved_tables(CORPUS)[0]:  # worked out again if not today's
        if row.label in (*LABELS, *ADVICE) or row.positives:
            lines.append(
                f"{row.set:<9} {row.unit:<10} {row.label:<17} {row.precision:>9.2f} "
                f"{row.recall:>7.2f} {row.positives:>9}"
            )
    return lines


def evaluate_messages() -> list[str]:
    """Lines of a table: each signal's precision and recall, and the share of messages
    whose stage and each field are exactly right, for each set."""
    lines = [
        f"{'set':<9} {'what':<7} {'label':<21} {'precision':>9} {'recall/right':>12} {'of':>4}"
    ]
    for row in message_scores():
        precision = "" if row.precision is None else f"{row.precision:.2f}"
        wrong = (
            f"  (wrong on {row.wrong} of {row.of}: {row.wrong_share:.3f})"
            if row.what == "field"
            else ""
        )
        lines.append(
            f"{row.set:<9} {row.what:<7} {row.label:<21} {precision:>9} {row.recall:>12.2f} "
            f"{row.total:>4}{wrong}"
        )
    return lines
