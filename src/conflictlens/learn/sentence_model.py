"""The sentence typer: which ACLED sub-type a sentence states, or none, or background / irrealis talk.

Logistic regression over the sentence's MiniLM embedding and hashed word stems and stem pairs (the stems of
``events/classifier.py``: names and numbers left out, so the model learns what happened, not who or how many).
Trained by ``python -m conflictlens.learn.train`` on our own example sentences and the sentences of our corpus;
it replaces the naive Bayes as the classifier of ``events/detect.classifier_mentions`` and gives the event
verifier its view of each candidate's sentence. Its ``predict`` keeps the naive Bayes' protocol.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

from ..events.classifier import features as stem_features
from .encoder import SentenceEncoder
from .linear import LinearModel

NONE = "none"
BACKGROUND = "background"  # an earlier event recalled: history, anniversaries, running totals
IRREALIS = "irrealis"      # planned, threatened, denied, hypothetical
NON_EVENTS = (NONE, BACKGROUND, IRREALIS)
BUCKETS = 1 << 13


@lru_cache(maxsize=200_000)
def _bucket(feature: str) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=4).digest(), "little") % BUCKETS


def buckets(text: str) -> list[int]:
    """Hashed stem and stem-pair features of a sentence (sorted, distinct)."""
    return sorted({_bucket(f) for f in stem_features(text)})


class SentenceTyper:
    """``predict(text)`` -> [(label, probability)] most probable first; ``proba(texts)`` -> array over ``classes``."""

    def __init__(self, model: LinearModel, encoder: SentenceEncoder) -> None:
        self.model = model
        self.encoder = encoder
        self.classes = model.classes
        self._cache: dict[str, np.ndarray] = {}

    def proba(self, texts: list[str]) -> np.ndarray:
        found = {t: self._cache[t] for t in dict.fromkeys(texts) if t in self._cache}
        todo = [t for t in dict.fromkeys(texts) if t not in found]
        if todo:
            vectors = self.encoder.embed(todo)
            probs = self.model.proba(vectors, [buckets(t) for t in todo])
            found.update(zip(todo, probs))
            if len(self._cache) > 5000:  # bounded: one document's sentences are asked for twice, not a corpus'
                self._cache.clear()  # (the answer is read from ``found``: clearing here lost texts asked for again)
            self._cache.update(zip(todo, probs))
        return np.array([found[t] for t in texts]).reshape(len(texts), len(self.classes))

    def forget(self) -> None:
        """Drop the remembered sentences (a benchmark that repeats its texts uses it to pay for every article)."""
        self._cache.clear()

    def predict(self, text: str) -> list[tuple[str, float]]:
        """The naive Bayes' protocol: background and irrealis talk count as ``none`` for the event gate."""
        p = self.proba([text])[0]
        ranked: dict[str, float] = {}
        for label, prob in zip(self.classes, p):
            key = NONE if label in NON_EVENTS else label
            ranked[key] = ranked.get(key, 0.0) + float(prob)
        return sorted(ranked.items(), key=lambda kv: -kv[1])
