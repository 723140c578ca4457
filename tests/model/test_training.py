"""The learned layer retrained in full (scikit-learn, about 15 seconds): ``make
model-check``, which CI runs after ``make test``. ``make test`` checks the digest of what
``learned.json`` was trained from instead (tests/unit/test_learned.py), which tells a
contributor in a second that ``make model`` is due; this checks that the weights
themselves are what training writes, so a hand-edited weight, or a library that trains
differently, fails."""

from __future__ import annotations

import pytest

from followup import learned, train

pytest.importorskip("sklearn", reason="make model needs the test extra")


def test_the_weights_are_what_make_model_writes() -> None:
    written = learned.LEARNED_JSON.read_text(encoding="utf-8")
    assert written == train.as_json(train.train()), "learned.json is out of date: make model"


def test_thresholds_are_chosen_on_scores_from_models_that_never_saw_the_case() -> None:
    """Out-of-fold scores: a case a model was trained on scores higher than the same case
    scored by a model trained without it, so the fold scores are not the final model's."""
    import numpy as np
    from scipy.sparse import csr_matrix

    rng = np.random.default_rng(0)
    data = csr_matrix((rng.random((60, 40)) < 0.2).astype(float))
    target = np.array([n % 3 == 0 for n in range(60)])
    bias, weights = train._regression(data, target)
    seen = train._scores(data, bias, weights)
    unseen = train.out_of_fold(data, target)
    assert unseen == train.out_of_fold(data, target)  # the fixed seed
    assert np.mean([s for s, y in zip(seen, target, strict=True) if y]) > np.mean(
        [s for s, y in zip(unseen, target, strict=True) if y]
    )
    assert train.cross_validated(data, target) == train.threshold(unseen, target.tolist(), 0.9)
