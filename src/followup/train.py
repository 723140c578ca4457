"""``python -m followup.train`` (``make model``): train the learned layer and write
``learned.json``.

For each label the checker judges a sentence by (thanks, a feedback request, asking
why, bitterness), a logistic regression (scikit-learn, L1, a fixed seed) over the
hashed features of :mod:`followup.learned` (the word classes of ``wordclasses.toml``
among them, for the labels in WITH_CLASSES), trained on the tuning sets of the labelled
corpus (``own``, ``modelled``, ``voices``) and never on the held-out ones. The weights
are scaled to integers. Each threshold is chosen by cross-validation on the tuning
cases alone: they are dealt into five folds (stratified, with a fixed seed), each fold
is scored by a model trained on the other four, and the threshold is the lowest score
at which at least 90% of the cases those scores flag have the label. It is never below
a tuning sentence that lacks the label, so that the rules' perfect scores on the tuning
sets stay perfect, and never at or below the bias. The held-out sets play no part. The
same data gives the same file: ``learned.json`` keeps a digest of what it was trained
from, which a test compares with today's, and ``make model-check`` retrains and compares
the whole file.

scikit-learn is in the ``test`` extra only: nothing here runs when the guide is read or
a draft is checked.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NamedTuple

from .learned import BUCKETS, LEARNED_JSON, WordClasses, buckets
from .scores import Case, letters, messages, sentences

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "corpus"
#: The word classes the models read (see followup.learned.WordClasses), copied into
#: learned.json for Python and the page to read.
WORD_CLASSES = Path(__file__).with_name("wordclasses.toml")
#: The sets trained on; the held-out ones are only ever scored.
TRAINING = ("own", "modelled", "voices")
HELD_OUT = ("heldout", "voices-heldout")
#: Each label, and what a finding from its model says the sentence reads like.
LABELS = {
    "thanks": "thanking them",
    "feedback_request": "asking for feedback",
    "asks_why": "asking why you were not chosen",
    "bitter": "bitter or sharp",
    "door_open": "keeping the door open",
}
#: The labels whose models read the word classes (a model without them has no weight on
#: a class feature, so it scores as if there were none). Word classes were kept where,
#: over cross-validation and over training without each later batch of voices/ and
#: scoring it, they raised recall without lowering precision (docs/contributing/checker.md
#: gives the figures). With them door_open's precision on the left-out batches fell, and
#: so did feedback_request's recall there; the message models' recall fell a little in
#: cross-validation (the classes were written for letters).
WITH_CLASSES = ("thanks", "asks_why", "bitter")
#: The rules whose verdict on an example letter's sentence is taken as its label.
RULE_LABELS = ("thanks", "feedback_request", "asks_why", "door_open")
SCALE = 1000
SEED = 7
#: A model's threshold is the lowest score at which, over FOLDS-fold cross-validation on
#: the tuning cases, at least this share of the cases it flags have the label.
PRECISION = 0.9
FOLDS = 5
#: The inverse strength of the L1 penalty (scikit-learn's C).
STRENGTH = 4.0
#: Weights smaller than this (after scaling) are left out: they change no decision.
SMALLEST = 5


def cases(corpus: Path, which: tuple[str, ...]) -> list[Case]:
    """The sets' sentences, each as the checker reads it (curly quotes made straight, and
    so on), so that a model learns the words the checker will score."""
    from .checker import default_rules

    readable = default_rules().readable
    return [
        case._replace(text=readable(case.text))
        for name in which
        if (corpus / name).is_dir()
        for case in sentences(corpus, name)
    ]


def labelled(case: Case, label: str) -> bool | None:
    """The case's label, or None if its set does not label it."""
    if label in case.labels:
        return case.labels[label]
    return None


def letter_sentences(corpus: Path) -> list[Case]:
    """More sentences without a label: every sentence of a tuning letter labelled as
    not having it (greetings, news, sign-offs: what a letter is mostly made of), and of
    the example letters, none of which asks why or is bitter."""
    from .catalogue import load_catalogue
    from .checker import default_rules

    rules = default_rules()
    found = []
    for which in TRAINING:
        if not (corpus / which / "letters.toml").exists():
            continue
        for letter in letters(corpus, which):
            for sentence in rules.sentences(letter.text):
                negative = {label: False for label, has in letter.labels.items() if not has}
                found.append(Case(letter.name, sentence.text, negative))
    # The example letters are tested to thank once, ask once (unless told not to) and
    # never ask why: what the rules find in each of their sentences is its label.
    root = corpus.parents[1]
    catalogue = load_catalogue(root / "examples", root / "snippets")
    for example in catalogue.examples.values():
        for sentence in rules.sentences(example.as_text()):
            labels = {rule: rules.matches(rule, sentence.text) for rule in RULE_LABELS}
            found.append(Case(example.id, sentence.text, {**labels, "bitter": False}))
    return found


def signal_sentences(corpus: Path) -> tuple[list[Case], list[Case]]:
    """From the tuning messages: each sentence, labelled for each signal where that is
    known (the sentence a message's evidence names has the signal; no sentence of a
    message without the signal has it; the others are left out); and each whole message,
    labelled for each stage."""
    from .matcher import default_matcher

    matcher = default_matcher()
    signal_ids = [r["id"] for r in matcher.data["rules"] if r["kind"] == "signal"]
    stage_ids = [r["id"] for r in matcher.data["rules"] if r["kind"] == "stage"]
    found, whole = [], []
    for message in messages(corpus):
        if message.set != "tuning":
            continue
        read = matcher.rules.sentences(matcher.plain(message.text))
        for sentence in read:
            labels = {}
            flat = " ".join(sentence.written.split())
            for signal in signal_ids:
                evidence = " ".join(message.evidence.get(signal, "").split())
                if signal not in message.signals:
                    labels[signal] = False
                elif evidence and (evidence in flat or flat in evidence):
                    labels[signal] = True
            found.append(Case(message.id, sentence.text, labels))
        text = " ".join(sentence.text for sentence in read)
        whole.append(Case(message.id, text, {s: message.stage == s for s in stage_ids}))
    return found, whole


def fit(
    tuning: list[Case],
    label: str,
    reads_like: str,
    *,
    precision: float = PRECISION,
    rows: list[tuple[int, ...]] | None = None,
) -> dict[str, Any]:
    """One model: logistic regression on the cases that label ``label``, with the
    threshold :func:`cross_validated` chooses. ``rows`` are the cases' buckets, if
    already worked out."""
    import numpy as np
    from scipy.sparse import csr_matrix

    if rows is None:
        rows = [buckets(case.text) for case in tuning]
    kept = [(row, y) for row, case in zip(rows, tuning, strict=True)
            if (y := labelled(case, label)) is not None]  # fmt: skip
    columns = sorted({b for row, _ in kept for b in row})
    where = {b: i for i, b in enumerate(columns)}
    data = csr_matrix(
        (
            np.ones(sum(len(row) for row, _ in kept)),
            (
                [n for n, (row, _) in enumerate(kept) for _ in row],
                [where[b] for row, _ in kept for b in row],
            ),
        ),
        shape=(len(kept), len(columns)),
    )
    target = np.array([y for _, y in kept])
    bias, weights = _regression(data, target)
    return {
        "reads_like": reads_like,
        "bias": bias,
        "threshold": max(
            cross_validated(data, target, precision),
            # Never below a tuning sentence that lacks the label (the rules' perfect
            # scores on the tuning sets stay perfect), nor at or below the bias (a text
            # with no feature the model knows is not flagged).
            threshold(_scores(data, bias, weights), target.tolist(), 1.0),
            bias + 1,
        ),
        "weights": {str(columns[i]): int(weights[i]) for i in np.flatnonzero(weights)},
    }


def _regression(data: Any, target: Any) -> tuple[int, Any]:
    """A logistic regression's bias and its weights (one a column), scaled to integers,
    the smallest set to 0."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    fitted = LogisticRegression(
        l1_ratio=1.0, C=STRENGTH, solver="liblinear", class_weight="balanced", random_state=SEED
    ).fit(data, target)
    weights = np.rint(fitted.coef_[0] * SCALE)
    weights[np.abs(weights) < SMALLEST] = 0
    return round(float(fitted.intercept_[0]) * SCALE), weights


def _scores(data: Any, bias: int, weights: Any) -> list[int]:
    """Each row's score, as :meth:`followup.learned.Model.score` adds it up: the bias
    and the integer weights of its buckets (sums of integers, exact in floating point)."""
    return [bias + round(s) for s in (data @ weights).tolist()]


def out_of_fold(data: Any, target: Any) -> list[int]:
    """Each case's score from a model trained without it: the cases are dealt into
    FOLDS folds (stratified, shuffled with the fixed seed), and each fold is scored by
    a model trained on the others, with integer weights as ``learned.json`` holds them."""
    from sklearn.model_selection import StratifiedKFold

    found = [0] * len(target)
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train_on, score_on in folds.split(data, target):
        bias, weights = _regression(data[train_on], target[train_on])
        for n, score in zip(score_on, _scores(data[score_on], bias, weights), strict=True):
            found[n] = score
    return found


def cross_validated(data: Any, target: Any, precision: float = PRECISION) -> int:
    """The threshold chosen by cross-validation on the tuning cases alone: the lowest
    score at which, on the out-of-fold scores, at least ``precision`` of the cases
    flagged have the label. A label with fewer than FOLDS cases on either side cannot be
    dealt into folds: its threshold is left to :func:`fit`'s floor."""
    smaller = min(int(target.sum()), int(len(target) - target.sum()))
    if smaller < FOLDS:
        return 0
    return threshold(out_of_fold(data, target), target.tolist(), precision)


def word_classes(path: Path | None = None) -> dict[str, dict[str, list[str]]]:
    """The word classes of ``wordclasses.toml``, checked: each class has only ``words``
    and ``stems``, in lower case, as the models split words (a phrase is two words);
    every stem is at least STEM_SHORTEST letters long; no entry is listed twice in a
    class."""
    import re
    import tomllib

    from .generate import DataError
    from .learned import STEM_SHORTEST

    path = WORD_CLASSES if path is None else path
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DataError(f"{path.name}: {error}") from None
    word = re.compile(r"[a-z0-9']+( [a-z0-9']+)?")
    found: dict[str, dict[str, list[str]]] = {}
    for name, entries in data.items():
        if not re.fullmatch(r"[a-z_]+", name) or set(entries) - {"words", "stems"}:
            raise DataError(f"{path.name}: [{name}] has only words and stems")
        for kind in ("words", "stems"):
            listed = entries.get(kind, [])
            for entry in listed:
                if not word.fullmatch(entry) or (
                    kind == "stems" and (" " in entry or len(entry) < STEM_SHORTEST)
                ):
                    raise DataError(f"{path.name}: [{name}] {kind}: {entry!r}")
            if len(set(listed)) != len(listed):
                raise DataError(f"{path.name}: [{name}] lists a {kind[:-1]} twice")
        found[name] = {
            kind: list(entries[kind]) for kind in ("words", "stems") if entries.get(kind)
        }
    return found


class Training(NamedTuple):
    """Everything the models are trained from, read from the corpus and the code."""

    classes: dict[str, dict[str, list[str]]]
    #: The checker's sentences (tuning sets, then sentences of letters).
    tuning: list[Case]
    #: Sentences of tuning messages, labelled for each signal where known.
    sentences_of_messages: list[Case]
    #: Whole tuning messages, labelled for each stage.
    whole_messages: list[Case]


def training_data(corpus: Path = CORPUS) -> Training:
    """The cases every model is trained on (see :func:`train`)."""
    classes = word_classes()  # first: a file that cannot be read stops it at once
    sentences_of_messages, whole_messages = signal_sentences(corpus)
    return Training(
        classes,
        cases(corpus, TRAINING) + letter_sentences(corpus),
        sentences_of_messages,
        whole_messages,
    )


#: What the weights also depend on besides the cases: the code that reads a sentence
#: into features and trains, and the versions of the libraries that fit the models.
CODE = (Path(__file__), Path(__file__).with_name("learned.py"))
LIBRARIES = ("scikit-learn", "scipy", "numpy")


def digest(data: Training) -> str:
    """A SHA-256 of everything a retrain would read: each case's text and labels, the
    word classes, the settings, the code of this module and of :mod:`followup.learned`,
    and the versions of scikit-learn, SciPy and NumPy. ``learned.json`` keeps the digest
    it was trained from, so a test can tell in a second that it is out of date (the
    full retrain, about 15 seconds, runs in ``make model-check``)."""
    import hashlib
    from importlib.metadata import version

    def rows(found: list[Case]) -> list[list[object]]:
        return [[case.text, sorted(case.labels.items())] for case in found]

    described = {
        "settings": [SEED, FOLDS, PRECISION, STRENGTH, SMALLEST, SCALE, BUCKETS],
        "labels": LABELS,
        "with_classes": WITH_CLASSES,
        "classes": data.classes,
        "cases": [
            rows(data.tuning),
            rows(data.sentences_of_messages),
            rows(data.whole_messages),
        ],
        "code": [hashlib.sha256(path.read_bytes()).hexdigest() for path in CODE],
        "libraries": {name: version(name) for name in LIBRARIES},
    }
    text = json.dumps(described, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def train(corpus: Path = CORPUS) -> dict[str, Any]:
    """Train every model on the tuning sets; the data ``learned.json`` holds."""
    data = training_data(corpus)
    classes = WordClasses(data.classes)
    plain = WordClasses({})
    tuning = data.tuning
    # Each case's buckets once: every model of a set reads the same cases.
    read = {
        True: [buckets(case.text, classes) for case in tuning],
        False: [buckets(case.text, plain) for case in tuning],
    }
    models = {
        label: fit(tuning, label, reads_like, rows=read[label in WITH_CLASSES])
        for label, reads_like in LABELS.items()
    }
    sentences_of_messages, whole_messages = data.sentences_of_messages, data.whole_messages
    rows = [buckets(case.text, plain) for case in sentences_of_messages]
    signals = sorted({label for case in sentences_of_messages for label in case.labels})
    for signal in signals:
        models[signal] = fit(sentences_of_messages, signal, signal.replace("_", " "), rows=rows)
    rows = [buckets(case.text, plain) for case in whole_messages]
    stages = sorted({label for case in whole_messages for label in case.labels})
    for stage in stages:
        models[f"stage:{stage}"] = fit(whole_messages, stage, stage.replace("_", " "), rows=rows)
    return {
        "seed": SEED,
        # How each threshold was chosen (see cross_validated).
        "folds": FOLDS,
        "precision": PRECISION,
        "scale": SCALE,
        "buckets": BUCKETS,
        "trained_on": list(TRAINING),
        # What it was trained from (see digest): a test compares it with today's.
        "inputs": digest(data),
        "classes": data.classes,
        "models": models,
    }


def threshold(scores: list[int], truth: list[bool], precision: float = PRECISION) -> int:
    """The lowest score at which the model's precision on the tuning cases is at least
    ``precision`` (and never below 0, the model's own boundary)."""
    for candidate in [0, *sorted(set(s for s in scores if s > 0))]:
        flagged = [t for s, t in zip(scores, truth, strict=True) if s >= candidate]
        if flagged and sum(flagged) / len(flagged) >= precision:
            return candidate
    return max(scores) + 1


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=0, sort_keys=False, separators=(",", ":")) + "\n"


def main() -> int:
    """Write learned.json; a word classes file that cannot be read gets one line, as a
    rules file does in ``make rules``, and nothing is written."""
    from .files import write_generated
    from .generate import DataError

    try:
        trained = train()
    except DataError as error:
        print(f"followup.train: {error}", file=sys.stderr)
        return 2
    write_generated(LEARNED_JSON, as_json(trained), "the labelled corpus")
    return 0


if __name__ == "__main__":
    sys.exit(main())
