"""The labelled corpus in tests/corpus/, and how the rules score on it."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
LABELS = ("thanks", "feedback_request", "asks_why")


@dataclass(frozen=True)
class Case:
    """A labelled text: one sentence, or a whole letter."""

    name: str
    text: str
    labels: dict[str, bool]
    note: str = ""


def sentences() -> list[Case]:
    with (CORPUS / "sentences.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return [
        Case(
            f"sentence-{number:03d}",
            row["sentence"],
            {label: row[label] == "1" for label in LABELS},
            row["note"],
        )
        for number, row in enumerate(rows, start=2)  # the line in the CSV file
    ]


def letters() -> list[Case]:
    data = tomllib.loads((CORPUS / "letters.toml").read_text(encoding="utf-8"))
    return [
        Case(item["name"], item["text"], {label: item[label] for label in LABELS})
        for item in data["letter"]
    ]


def scores(cases: list[Case], predict) -> dict[str, tuple[float, float, int]]:
    """Precision, recall and the number of positives, for each label."""
    result = {}
    judged = [(case.labels, predict(case.text)) for case in cases]
    for label in LABELS:
        pairs = [(want[label], got[label]) for want, got in judged]
        true_pos = sum(1 for want, got in pairs if want and got)
        predicted = sum(1 for _, got in pairs if got)
        actual = sum(1 for want, _ in pairs if want)
        precision = true_pos / predicted if predicted else 1.0
        recall = true_pos / actual if actual else 1.0
        result[label] = (precision, recall, actual)
    return result


def evaluate() -> list[str]:
    """Lines of a table: precision and recall per label, on sentences and on letters."""
    from followup.rules import default_rules

    rules = default_rules()

    def sentence_labels(text: str) -> dict[str, bool]:
        normal = rules.normalise(text)
        return {rule.id: rule.matches(normal) for rule in rules.rules}

    def letter_labels(text: str) -> dict[str, bool]:
        return rules.check(text).labels

    lines = [f"{'corpus':<10} {'label':<17} {'precision':>9} {'recall':>7} {'positives':>9}"]
    for name, cases, predict in (
        ("sentences", sentences(), sentence_labels),
        ("letters", letters(), letter_labels),
    ):
        for label, (precision, recall, actual) in scores(cases, predict).items():
            lines.append(f"{name:<10} {label:<17} {precision:>9.3f} {recall:>7.3f} {actual:>9}")
    return lines
