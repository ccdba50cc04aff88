"""The numpy linear models: probabilities, sparse buckets and the .npz round trip."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictlens.errors import ResourceError
from conflictlens.learn.linear import LinearModel


def _model(n_out: int, seed: int = 0) -> LinearModel:
    rng = np.random.default_rng(seed)
    classes = ("no", "yes") if n_out == 1 else tuple(f"c{i}" for i in range(n_out))
    return LinearModel(classes, rng.standard_normal((4, n_out)).astype(np.float32),
                       rng.standard_normal((16, n_out)).astype(np.float32), rng.standard_normal(n_out).astype(np.float32),
                       np.zeros(4, np.float32), np.ones(4, np.float32), {"threshold": 0.4})


@pytest.mark.parametrize("n_out", [1, 3])
def test_probabilities_sum_to_one(n_out):
    model = _model(n_out)
    p = model.proba(np.random.default_rng(1).standard_normal((5, 4)), [[1, 2], [], [3], [0, 15], []])
    assert p.shape == (5, len(model.classes))
    assert np.allclose(p.sum(axis=1), 1.0)


def test_sparse_buckets_add_their_rows():
    model = _model(3)
    x = np.zeros((1, 4), np.float32)
    base = model.scores(x)
    with_bucket = model.scores(x, [[7]])
    assert np.allclose(with_bucket - base, model.sparse[7])


@given(st.integers(min_value=1, max_value=4), st.integers(min_value=0, max_value=1000))
def test_save_and_load_round_trip(tmp_path_factory, n_out, seed):
    model = _model(n_out, seed)
    path = tmp_path_factory.mktemp("m") / "model.npz"
    model.save(path)
    again = LinearModel.load(path)
    assert again.classes == model.classes and again.meta == model.meta
    x = np.random.default_rng(seed).standard_normal((3, 4))
    assert np.allclose(again.proba(x, [[1], [], [2, 3]]), model.proba(x, [[1], [], [2, 3]]))


def test_unreadable_model_file_is_a_resource_error(tmp_path):
    path = tmp_path / "broken.npz"
    path.write_bytes(b"not a zip file")
    with pytest.raises(ResourceError):
        LinearModel.load(path)
