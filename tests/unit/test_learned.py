"""The learned layer: reproducible from the corpus, small, and read alike by the page
(the page's scores are compared in tests/unit/test_page_engine.py)."""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError
from importlib.util import find_spec
from pathlib import Path

import pytest

from corpus_data import SETS, sentences
from followup import learned, train
from followup.checker import check
from followup.learned import BUCKETS, buckets, crc32, default_models, features


def test_learned_json_was_trained_on_what_make_model_would_read_today() -> None:
    """The digest of the cases, word classes, settings, training code and library
    versions it was trained from is today's (``make model-check`` retrains in full)."""
    written = json.loads(learned.LEARNED_JSON.read_text(encoding="utf-8"))
    try:
        today = train.digest(train.training_data())
    except PackageNotFoundError:
        pytest.skip("make model needs the test extra")
    assert written["inputs"] == today, "learned.json is out of date: make model"


def test_the_digest_changes_with_a_label_a_word_class_or_the_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if find_spec("sklearn") is None:
        pytest.skip("make model needs the test extra")
    data = train.training_data()
    first = data.tuning[0]
    relabelled = first._replace(labels={**first.labels, "thanks": not first.labels.get("thanks")})
    classes = {**data.classes, "extra": {"words": ["zzqx"]}}
    changed = [
        data._replace(tuning=[relabelled, *data.tuning[1:]]),
        data._replace(classes=classes),
        data._replace(whole_messages=data.whole_messages[1:]),
    ]
    digests = {train.digest(data), *(train.digest(other) for other in changed)}
    assert len(digests) == 4
    monkeypatch.setattr(train, "SEED", train.SEED + 1)
    assert train.digest(data) not in digests


def test_the_hash_is_the_published_crc32() -> None:
    # CRC-32 check values: "123456789" is the standard one.
    assert crc32("") == 0
    assert crc32("123456789") == 0xCBF43926
    assert crc32("a") == 0xE8B7BE43


def test_features_are_words_pairs_and_pieces_once_each() -> None:
    found = features("Why, WHY not me?")
    assert found[:3] == ["w:why", "w:not", "w:me"]
    assert "b:why why" in found and "b:not me" in found
    assert "c: wh" in found and "c:why " in found and "c: why" in found
    assert len(found) == len(set(found))
    assert buckets("Why, WHY not me?") == buckets("why why not me")


def test_buckets_made_word_by_word_are_the_features_buckets() -> None:
    """The buckets are made word by word, each word hashed once (for speed): the same set
    as hashing the sentence's features, on every labelled sentence."""
    for which in SETS:
        for case in sentences(which):
            want = {crc32(f) % BUCKETS for f in features(case.text)}
            assert set(buckets(case.text)) == want, case.text
            assert len(buckets(case.text)) == len(want)


def test_every_model_is_small_and_has_a_reachable_threshold() -> None:
    for model in default_models().values():
        assert 0 < len(model.weights) < 5000, model.label
        assert model.threshold >= 0
        assert model.bias < model.threshold  # a sentence with no known feature is not flagged


def test_a_model_finding_says_what_the_sentence_reads_like() -> None:
    """A way of asking why that no rule's shape names, flagged by the model in plain words
    with the rule's suggestion; and an exception still holds against the model."""
    models = default_models()
    flagged = [
        text
        for text in (
            "Which part of me was not enough?",
            "Which answer was it that sank me?",
            "What let me down in the end?",
        )
        if models["asks_why"].flags(text)
    ]
    assert flagged, "the model flags none of these"
    report = check(f"Thank you for your time. {flagged[0]}")
    why = [f for f in report.findings if f.rule == "asks_why"]
    assert len(why) == 1
    assert why[0].shape is not None and why[0].shape.startswith("reads like ")
    assert why[0].suggestion


def test_a_threshold_is_the_lowest_score_with_the_precision_asked_for() -> None:
    scores = [-500, 100, 200, 300, 400, 500]
    truth = [False, False, True, False, True, True]
    assert train.threshold(scores, truth, 1.0) == 400
    assert train.threshold(scores, truth, 0.75) == 200
    assert train.threshold(scores, truth, 0.5) == 0  # never below the model's own boundary
    assert train.threshold([100, 200], [False, False], 0.9) == 201  # nothing to flag


def test_models_scored_together_score_as_each_alone() -> None:
    """The packed sum gives each model exactly its own sum, negative or not, on every
    labelled sentence, and on a sentence of words no model has seen."""
    models = default_models()
    texts = [case.text for which in SETS for case in sentences(which)]
    for text in [*texts, "zzqx " * 50, ""]:
        for model in models.values():
            alone = model._replace(together=None)
            assert model.score(text) == alone.score(text), (model.label, text)


def test_packed_sums_keep_each_model_apart_whatever_its_weights() -> None:
    sentence = "why not me"
    found = buckets(sentence)
    weights = [{found[0]: -(2**45), found[1]: 3}, {found[0]: 2**50 + 1}, {}, {found[2]: -1}]
    together = learned.Together(weights)
    assert together.totals(sentence) == [-(2**45) + 3, 2**50 + 1, 0, -1]


def test_a_word_gives_the_classes_that_list_it_its_stem_or_its_phrase() -> None:
    classes = learned.WordClasses(
        {
            "contempt": {"words": ["farce", "joke"], "stems": ["disgrac"]},
            "waiting": {"words": ["weeks", "heard nothing"]},
        }
    )
    found = features("A disgraceful farce: six weeks and I heard nothing.", classes)
    assert [f for f in found if f.startswith("k:")] == [
        "k:contempt",  # "disgraceful", by its stem, and "farce": once
        "k:waiting",  # "weeks", and "heard" with "nothing" after it
        "k:contempt contempt",  # "disgraceful farce"
    ]
    assert not [f for f in features("I heard that nothing changed.", classes) if f[:2] == "k:"]
    assert not [f for f in features("A disgraceful farce.", learned.WordClasses({})) if "k:" in f]


def test_the_classes_the_models_read_are_those_of_wordclasses_toml() -> None:
    written = learned.resolved_models()["classes"]
    assert written == train.word_classes()
    assert (
        100
        < sum(len(c.get("words", [])) + len(c.get("stems", [])) for c in written.values())
        < 1000
    )


@pytest.mark.parametrize(
    ("entry", "why"),
    [
        ('words = ["so-called"]', "a hyphen splits words: list 'so called'"),
        ('words = ["Rude"]', "entries are lower case"),
        ('words = ["keep in mind"]', "a phrase is at most two words"),
        ('stems = ["di"]', "a stem this short means nothing"),
        ('words = ["rude", "rude"]', "an entry listed twice"),
        ('word = ["rude"]', "a key that is neither words nor stems"),
    ],
)
def test_a_wrongly_written_class_is_refused(tmp_path: Path, entry: str, why: str) -> None:
    path = tmp_path / "wordclasses.toml"
    path.write_text(f"[contempt]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="contempt"):
        train.word_classes(path)


def test_make_model_says_in_one_line_what_is_wrong_with_the_classes_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    written = tmp_path / "learned.json"
    monkeypatch.setattr(train, "LEARNED_JSON", written)
    for broken in ('[contempt]\nwords = ["Rude"]\n', "[contempt\nwords = 1\n"):
        (tmp_path / "wordclasses.toml").write_text(broken, encoding="utf-8")
        monkeypatch.setattr(train, "WORD_CLASSES", tmp_path / "wordclasses.toml")
        assert train.main() == 2
        err = capsys.readouterr().err
        assert err.startswith("followup.train: wordclasses.toml") and err.count("\n") == 1, err
        assert not written.exists()


def test_a_word_of_contempt_no_tuning_sentence_uses_is_read_by_its_class() -> None:
    """Word classes are what let the bitter model flag words it was never shown; a model
    trained without them (door_open, the messages') scores as if there were none."""
    models = default_models()
    bitter, plain = models["bitter"], learned.WordClasses({})
    for text in ("Your hiring process was shambolic.", "The whole interview was amateurish."):
        word = text.split()[-1].strip(".")
        tuning = ("own", "modelled", "voices")
        assert not any(word in case.text.lower() for which in tuning for case in sentences(which))
        assert bitter.flags(text)
        assert bitter.bias + sum(bitter.weights.get(b, 0) for b in buckets(text, plain)) < 0
    # Nor does any feature a class could give fall in a bucket such a model weighs (a
    # hash collision would change its score): a class whose name collides is renamed.
    names = list(train.word_classes())
    possible = [f"k:{a}" for a in names] + [f"k:{a} {b}" for a in names for b in names]
    for label, model in models.items():
        if label not in train.WITH_CLASSES:
            assert not [f for f in possible if crc32(f) % BUCKETS in model.weights], label
