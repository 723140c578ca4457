"""The score tables the guide shows, kept in tests/corpus/scores.json so that a build
need not work them out (see followup.scores): today's, and never used when not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_data import CORPUS, message_scores
from followup import scores


@pytest.mark.xdist_group("message-scores")  # the worker that reads every message anyway
def test_the_kept_tables_are_what_the_corpus_gives_today() -> None:
    kept = json.loads((CORPUS / scores.SAVED).read_text(encoding="utf-8"))
    out_of_date = "tests/corpus/scores.json is out of date: make scores"
    sentences = scores.table(CORPUS)
    assert kept["inputs"] == scores.digest(CORPUS), out_of_date
    assert kept["sentences"] == [list(row) for row in sentences], out_of_date
    assert kept["messages"] == [list(row) for row in message_scores()], out_of_date
    assert scores.saved_tables(CORPUS) == (sentences, message_scores())


def _kept(corpus: Path, inputs: str, sentences: list[list[object]]) -> None:
    data = {"inputs": inputs, "sentences": sentences, "messages": []}
    (corpus / scores.SAVED).write_text(json.dumps(data), encoding="utf-8")


WORKED_OUT = ([scores.Score("own", "sentences", "thanks", 0.5, 0.5, 2)], [])


@pytest.mark.parametrize(
    "inputs, sentences",
    [
        ("0" * 64, [["own", "sentences", "thanks", 1.0, 1.0, 9]]),  # another digest
        (None, [["own", "sentences", "thanks", "1.0", 1.0, 9]]),  # a number as text
        (None, [["own", "sentences", "thanks", 1.0, 1.0]]),  # a field missing
        (None, [["own", "sentences", "thanks", 1.0, 1.0, True]]),  # a count as a truth
        (None, {"own": 1}),  # not rows
    ],
    ids=["out-of-date", "text-for-number", "short-row", "bool-for-int", "not-rows"],
)
def test_kept_tables_that_are_not_todays_or_not_tables_are_worked_out_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inputs: str | None, sentences: object
) -> None:
    monkeypatch.setattr(scores, "table", lambda corpus: WORKED_OUT[0])
    monkeypatch.setattr(scores, "message_table", lambda corpus: WORKED_OUT[1])
    _kept(tmp_path, inputs or scores.digest(tmp_path), sentences)  # type: ignore[arg-type]
    assert scores.saved_tables(tmp_path) == WORKED_OUT


def test_kept_tables_from_todays_files_are_read_not_worked_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scores, "table", lambda corpus: pytest.fail("worked out again"))
    _kept(tmp_path, scores.digest(tmp_path), [["own", "sentences", "thanks", 1, 0.75, 4]])
    assert scores.saved_tables(tmp_path) == (
        [scores.Score("own", "sentences", "thanks", 1, 0.75, 4)],
        [],
    )


def test_the_digest_follows_a_corpus_file(tmp_path: Path) -> None:
    (tmp_path / "own").mkdir()
    csv = tmp_path / "own" / "sentences.csv"
    csv.write_text("sentence,thanks\nThank you.,1\n", encoding="utf-8")
    before = scores.digest(tmp_path)
    csv.write_text("sentence,thanks\nThank you.,0\n", encoding="utf-8")
    assert scores.digest(tmp_path) != before
