"""The page's engine and Python's are one engine: proved on shared cases, under Node.

The page's scripts (the vendored re2js, followup-engine.js, followup-checker.js and
followup-match.js) run under Node exactly as the browser loads them, on the cases in
tests/engine/cases.toml and on every labelled sentence, letter and message; their
sentence splits, labels, reports and matches must be Python's, and the cases' own.
A change to the page's engine that changes what it reads fails here, in the fast tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import hostile
from corpus_data import CORPUS, letters, matched, sentences
from followup.checker import check, default_rules, resolved_rules
from followup.learned import default_models, features, resolved_models
from followup.matcher import default_matcher, match, resolved_signals
from followup.scores import messages, sentence_labels
from followup.site.tools import SHARED_LONGEST, shared_words

#: The page's scripts run under Node once, for all these tests: one worker runs them.
pytestmark = pytest.mark.xdist_group("page-engine")
HERE = Path(__file__).resolve().parents[1] / "engine"
CASES = tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))
RULES = default_rules()
WHICH = ("own", "modelled", "heldout")


def node() -> str:
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js is needed to run the page's engine: .ci/install-node")
        pytest.skip("Node.js is not installed: run .ci/install-node (or apt-get install nodejs)")
    return found


def python_labels(text: str) -> dict[str, bool]:
    return sentence_labels(text)  # the rules and their models, as the page's labelsOf


def python_match(text: str) -> dict[str, Any]:
    return match(text).as_dict()


def splits(text: str) -> list[dict[str, Any]]:
    return [{"text": s.text, "line": s.line, "written": s.written} for s in RULES.sentences(text)]


@cache
def inputs() -> dict[str, list[Any]]:
    return {
        "splits": [c["text"] for c in CASES["split"]]
        + [c["text"] for c in CASES["quote"]]
        + [case.text for w in WHICH for case in letters(w)],
        "sentences": [c["text"] for c in CASES["verdict"]]
        + [case.text for w in WHICH for case in sentences(w)],
        "drafts": [case.text for w in WHICH for case in letters(w)]
        + [c["text"] for c in CASES["verdict"]],
        "messages": [c["text"] for c in CASES["message"]]
        + [m.text for m in messages(CORPUS)]
        + hostile.long_pastes(int(resolved_signals()["signals"]["reading"]["most_words"])),
        "contexts": [[c["text"], c["context"]] for c in CASES["context"]],
        "models": [[c["text"], c["label"]] for c in CASES["model"]],
    }


@cache
def in_node() -> dict[str, list[Any]]:
    signals = resolved_signals()
    # The recognisers as the page's data file holds them: each long word list written once.
    shared, words = shared_words(signals["signals"])
    payload = {
        **inputs(), "rules": resolved_rules(), "learned": resolved_models(), **signals,
        "signals": shared, "words": words,
    }  # fmt: skip
    done = subprocess.run(
        [node(), str(HERE / "page_engine.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, list[Any]] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("case", CASES["split"], ids=lambda c: c["why"])
def test_each_split_case_holds_in_python_and_the_page(case: dict[str, Any]) -> None:
    found = splits(case["text"])
    assert [s["text"] for s in found] == case["sentences"]
    if "lines" in case:
        assert [s["line"] for s in found] == case["lines"]
    assert in_node()["splits"][CASES["split"].index(case)] == found


@pytest.mark.parametrize("case", CASES["quote"], ids=lambda c: c["why"])
def test_each_quote_case_holds_in_python_and_the_page(case: dict[str, Any]) -> None:
    found = splits(case["text"])
    assert [s["written"] for s in found] == case["quoted"]
    where = len(CASES["split"]) + CASES["quote"].index(case)
    assert in_node()["splits"][where] == found


@pytest.mark.parametrize("case", CASES["verdict"], ids=lambda c: c["why"])
def test_each_verdict_case_holds_in_python_and_the_page(case: dict[str, Any]) -> None:
    labels = python_labels(case["text"])
    assert sorted(k for k, v in labels.items() if v) == sorted(case["rules"])
    assert in_node()["labels"][CASES["verdict"].index(case)] == labels


@pytest.mark.parametrize("case", CASES["context"], ids=lambda c: c["why"])
def test_each_context_case_holds_in_python_and_the_page(case: dict[str, Any]) -> None:
    report = check(case["text"], context=case["context"])
    assert [f.rule for f in report.findings] == case["findings"]
    assert in_node()["contexts"][CASES["context"].index(case)] == report.as_dict()


@pytest.mark.parametrize("case", CASES["model"], ids=lambda c: c["why"])
def test_each_model_case_holds_in_python_and_the_page(case: dict[str, Any]) -> None:
    """The same features (word classes among them) and the same score, to the unit."""
    model = default_models()[case["label"]]
    found = features(case["text"])
    assert [f for f in found if f.startswith("k:") and " " not in f] == case["classes"]
    assert model.flags(case["text"]) is case["flags"]
    where = CASES["model"].index(case)
    assert in_node()["features"][where] == found
    assert in_node()["models"][where] == model.score(case["text"])


@pytest.mark.parametrize("case", CASES["message"], ids=lambda c: c["why"])
def test_each_message_case_holds_in_python_and_the_page(case: dict[str, Any]) -> None:
    found = python_match(case["text"])
    assert found["stage"] == case["stage"]
    assert sorted({s["id"] for s in found["signals"]}) == sorted(case["signals"])
    for field, value in case["fields"].items():  # "" for a field left empty
        assert found["fields"][field] == (value or None), field
    assert in_node()["matches"][CASES["message"].index(case)] == found


def test_the_page_splits_every_labelled_letter_as_python_does() -> None:
    assert in_node()["splits"] == [splits(t) for t in inputs()["splits"]]


def test_the_page_labels_every_labelled_sentence_as_python_does() -> None:
    assert in_node()["labels"] == [python_labels(t) for t in inputs()["sentences"]]


def test_the_page_scores_every_labelled_sentence_as_python_does() -> None:
    """The learned layer: the same features, hashes and sums, to the unit."""
    models = default_models()
    assert models, "learned.json has no models: run `make model`"
    expected = [{label: m.score(t) for label, m in models.items()} for t in inputs()["sentences"]]
    assert in_node()["scores"] == expected


def test_the_page_reports_on_every_labelled_letter_as_python_does() -> None:
    assert in_node()["reports"] == [check(t).as_dict() for t in inputs()["drafts"]]


def test_the_page_reads_every_labelled_message_as_python_does() -> None:
    assert default_matcher().letters == tuple(resolved_signals()["letters"])
    known = {m.text: matched()[m.id] for m in messages(CORPUS)}  # each matched once a run
    expected = [(known[t] if t in known else match(t)).as_dict() for t in inputs()["messages"]]
    assert in_node()["matches"] == expected


def test_the_pages_copy_of_the_recognisers_writes_each_long_word_list_once() -> None:
    """The page's data file writes each long word list of signals.toml once (the given
    names were written out 13 times); the page puts them back (the tests above read the
    messages from that form), and here Python does too: the same recognisers."""
    signals = resolved_signals()["signals"]
    shared, words = shared_words(signals)
    assert words and all(len(w) >= SHARED_LONGEST for w in words)
    assert len(json.dumps(shared)) < len(json.dumps(signals)) - 20_000

    def unshared(value: Any) -> Any:
        if isinstance(value, str):
            return re.sub("\u0001(\\d+)\u0001", lambda m: words[int(m.group(1))], value)
        if isinstance(value, list):
            return [unshared(item) for item in value]
        if isinstance(value, dict):
            return {key: unshared(item) for key, item in value.items()}
        return value

    assert unshared(shared) == signals
