"""Linear models as plain arrays: multinomial or binary logistic regression, saved as ``.npz``, run with numpy.

Training happens elsewhere (``learn/train.py`` with scikit-learn); the package only needs the weights. A model
reads two kinds of input at once: a dense block (sentence embeddings, numeric features) and an optional bag of
hashed sparse features (word stems), whose weights are rows of one matrix looked up by index — the product of a
sparse one-hot vector with the weight matrix without building either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ResourceError


@dataclass(frozen=True)
class LinearModel:
    """``classes`` label names; ``dense`` (n_dense, n_out) weights; ``sparse`` (n_buckets, n_out) weights or an
    empty array; ``bias`` (n_out,); ``mean``/``scale`` standardise the dense input; ``meta`` free facts (threshold,
    training date, scores). A binary model has one output column: the log-odds of ``classes[1]``."""

    classes: tuple[str, ...]
    dense: np.ndarray
    sparse: np.ndarray
    bias: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    meta: dict = field(default_factory=dict)

    @property
    def binary(self) -> bool:
        return self.dense.shape[1] == 1

    def scores(self, dense: np.ndarray, buckets: list[list[int]] | None = None) -> np.ndarray:
        """Raw scores, shape (n, n_out)."""
        x = (np.asarray(dense, dtype=np.float32) - self.mean) / self.scale
        out = x @ self.dense + self.bias
        if buckets is not None and self.sparse.size:
            for row, idx in enumerate(buckets):
                if idx:
                    out[row] += self.sparse[idx].sum(axis=0)
        return out

    def proba(self, dense: np.ndarray, buckets: list[list[int]] | None = None) -> np.ndarray:
        """Probabilities, shape (n, len(classes)) (for a binary model: [P(classes[0]), P(classes[1])])."""
        s = self.scores(dense, buckets)
        if self.binary:
            p = 1.0 / (1.0 + np.exp(-np.clip(s[:, 0], -30, 30)))
            return np.stack([1 - p, p], axis=1)
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, path: str | Path) -> None:
        np.savez_compressed(path, classes=np.array(self.classes), dense=self.dense.astype(np.float32),
                            sparse=self.sparse.astype(np.float32), bias=self.bias.astype(np.float32),
                            mean=self.mean.astype(np.float32), scale=self.scale.astype(np.float32),
                            meta=np.array(json.dumps(self.meta, sort_keys=True)))

    @classmethod
    def load(cls, path: str | Path) -> LinearModel:
        try:
            with np.load(path, allow_pickle=False) as z:
                return cls(tuple(str(c) for c in z["classes"]), z["dense"], z["sparse"], z["bias"], z["mean"],
                           z["scale"], json.loads(str(z["meta"])))
        except (OSError, KeyError, ValueError) as e:
            raise ResourceError(f"cannot read model file {path}: {e}") from e


def packaged(name: str, package: str = "conflictlens.learn") -> Path | None:
    """The path of a model file shipped in ``<package>/data``, or None when it is not there (not trained yet)."""
    path = Path(str(resources.files(package))) / "data" / name
    return path if path.is_file() else None


def read_ranker_file(path: str, features: tuple[str, ...], arrays: tuple[str, ...],
                     what: str) -> tuple[list[np.ndarray], dict]:
    """The named weight arrays and the facts of a small ranker's ``.npz`` (the event-place and actor-role rankers),
    refused unless it was trained on ``features``, the code's feature list."""
    try:
        with np.load(path, allow_pickle=False) as z:
            names = tuple(str(n) for n in z["features"])
            values, meta = [z[a] for a in arrays], json.loads(str(z["meta"]))
    except (OSError, KeyError, ValueError) as e:
        raise ResourceError(f"cannot read {what} {path}: {e}") from e
    if names != features:
        raise ResourceError(f"{what} {path} has features {names}, the code expects {features}")
    return values, meta
