"""Boosted trees copied from scikit-learn give the same probabilities under numpy, and survive a round trip."""

from __future__ import annotations

import numpy as np
import pytest

from conflictlens.learn.trees import TreeEnsemble, from_sklearn


def test_numpy_trees_match_scikit_learn(tmp_path):
    ensemble = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(3)
    x = rng.standard_normal((400, 6))
    y = ((x[:, 0] * x[:, 1] > 0) ^ (x[:, 2] > 1)).astype(int)  # an interaction a linear model cannot draw
    model = ensemble.HistGradientBoostingClassifier(max_iter=40, random_state=3).fit(x, y)
    trees = from_sklearn(model, {"features": ["a"]})
    test = rng.standard_normal((50, 6))
    assert np.allclose(trees.proba(test), model.predict_proba(test), atol=1e-9)
    trees.save(tmp_path / "v.npz")
    again = TreeEnsemble.load(tmp_path / "v.npz")
    assert np.allclose(again.proba(test), trees.proba(test)) and again.meta == {"features": ["a"]}
