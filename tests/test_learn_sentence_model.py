"""The sentence typer's protocol, with the hashing fake encoder and a hand-made model."""

from __future__ import annotations

import numpy as np

from conflictlens.learn.encoder import DIM, HashingEncoder
from conflictlens.learn.linear import LinearModel
from conflictlens.learn.sentence_model import BUCKETS, SentenceTyper, buckets

CLASSES = ("Armed clash", "background", "irrealis", "none")


def _typer(bias: list[float]) -> SentenceTyper:
    model = LinearModel(CLASSES, np.zeros((DIM, 4), np.float32), np.zeros((BUCKETS, 4), np.float32),
                        np.array(bias, np.float32), np.zeros(DIM, np.float32), np.ones(DIM, np.float32))
    return SentenceTyper(model, HashingEncoder())


def test_non_event_classes_count_as_none_for_the_gate():
    ranked = _typer([0.0, 1.0, 1.0, 0.0]).predict("Fighting raged near the town.")
    labels = dict(ranked)
    assert set(labels) == {"Armed clash", "none"}
    assert ranked[0][0] == "none" and abs(sum(labels.values()) - 1.0) < 1e-6


def test_proba_is_cached_per_sentence_and_ordered():
    typer = _typer([2.0, 0.0, 0.0, 0.0])
    p = typer.proba(["a b c", "d e f", "a b c"])
    assert p.shape == (3, 4) and np.allclose(p[0], p[2])
    assert typer.predict("a b c")[0][0] == "Armed clash"


def test_buckets_leave_out_names_and_numbers():
    assert all(0 <= b < BUCKETS for b in buckets("Troops clashed"))
    assert buckets("Rebels attacked 12 posts in Homs") == buckets("rebels attacked posts in")


def test_full_cache_is_cleared_without_losing_a_sentence_asked_for_again():
    # A batch mixing a cached sentence with new ones, asked for when the cache is full, used to raise KeyError.
    typer = _typer([2.0, 0.0, 0.0, 0.0])
    typer.proba([f"sentence {i}" for i in range(5001)])
    p = typer.proba(["sentence 7", "a new one"])
    assert p.shape == (2, 4)


def test_forget_makes_the_typer_embed_a_sentence_again():
    typer = _typer([0.0, 0.0, 0.0, 0.0])
    embedded: list[str] = []
    embed = typer.encoder.embed
    typer.encoder.embed = lambda texts: (embedded.extend(texts), embed(texts))[1]  # type: ignore[method-assign]
    typer.proba(["a b c"])
    typer.proba(["a b c"])
    assert embedded == ["a b c"]
    typer.forget()
    typer.proba(["a b c"])
    assert embedded == ["a b c", "a b c"]
