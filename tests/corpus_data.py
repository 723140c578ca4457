"""The labelled corpus in tests/corpus/ (see its README), and how the rules score on it."""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
#: The three rules a letter must follow, and the advice the checker gives besides.
LABELS = ("thanks", "feedback_request", "asks_why")
ADVICE = ("door_open",)
NOTES = ("reconsider", "bitter", "salary", "hired_person")
#: own: written with the first rules; modelled: on real writing; heldout: never tuned on.
SETS = ("own", "modelled", "heldout")


@dataclass(frozen=True)
class Case:
    """A labelled text: one sentence, or a whole letter."""

    name: str
    text: str
    labels: dict[str, bool]
    note: str = ""
    kind: str = ""


def sentences(which: str = "own") -> list[Case]:
    with (CORPUS / which / "sentences.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    cases = []
    for number, row in enumerate(rows, start=2):  # the line in the CSV file
        labels = {label: row[label] == "1" for label in (*LABELS, *ADVICE) if label in row}
        if "kind" in row:  # the sets modelled on real writing label the advice too
            labels.update({note: row["note"] == note for note in NOTES})
        cases.append(
            Case(f"{which}-{number:03d}", row["sentence"], labels, row.get("note", ""),
                 row.get("kind", ""))
        )  # fmt: skip
    return cases


def letters(which: str = "own") -> list[Case]:
    data = tomllib.loads((CORPUS / which / "letters.toml").read_text(encoding="utf-8"))
    cases = []
    for item in data["letter"]:
        labels = {label: item[label] for label in (*LABELS, *ADVICE) if label in item}
        if "notes" in item:
            labels.update({note: note in item["notes"] for note in NOTES})
        cases.append(Case(f"{which}-{item['name']}", item["text"], labels))
    return cases


def scores(
    cases: list[Case], predict: Callable[[str], dict[str, bool]]
) -> dict[str, tuple[float, float, int]]:
    """Precision, recall and the number of positives, for each label the cases carry."""
    result = {}
    judged = [(case.labels, predict(case.text)) for case in cases]
    for label in cases[0].labels if cases else ():
        pairs = [(want[label], got[label]) for want, got in judged]
        true_pos = sum(1 for want, got in pairs if want and got)
        predicted = sum(1 for _, got in pairs if got)
        actual = sum(1 for want, _ in pairs if want)
        precision = true_pos / predicted if predicted else 1.0
        recall = true_pos / actual if actual else 1.0
        result[label] = (precision, recall, actual)
    return result


def sentence_labels(text: str) -> dict[str, bool]:
    from followup.rules import default_rules

    rules = default_rules()
    normal = rules.normalise(text)
    return {rule.id: rules.shape_of(rule, normal) is not None for rule in rules.rules
            if rule.kind != "leftover"}  # fmt: skip


def letter_labels(text: str) -> dict[str, bool]:
    from followup.rules import check

    report = check(text)
    return {**report.labels, **{note: any(n.rule == note for n in report.notes) for note in NOTES}}


def table() -> list[tuple[str, str, str, float, float, int]]:
    """(set, "sentences" or "letters", label, precision, recall, positives) for every label."""
    rows = []
    for which in SETS:
        for unit, cases, predict in (
            ("sentences", sentences(which), sentence_labels),
            ("letters", letters(which), letter_labels),
        ):
            for label, (precision, recall, actual) in scores(cases, predict).items():
                rows.append((which, unit, label, precision, recall, actual))
    return rows


def evaluate() -> list[str]:
    """Lines of a table: precision and recall per label, for each set."""
    lines = [
        f"{'set':<9} {'unit':<10} {'label':<17} {'precision':>9} {'recall':>7} {'positives':>9}"
    ]
    for which, unit, label, precision, recall, actual in table():
        if label in (*LABELS, *ADVICE) or actual:
            lines.append(
                f"{which:<9} {unit:<10} {label:<17} {precision:>9.2f} {recall:>7.2f} {actual:>9}"
            )
    return lines
