"""A light sentence classifier for event sub-types, trained at first use on our own example sentences.

The rules (trigger lexicon + dependency arguments) decide first; the classifier only speaks for sentences that
are clearly about political violence or unrest but where no rule typed an event ("Four female kamikazes went off
near a bus station"). It is a multinomial naive Bayes over words and word pairs: transparent (its evidence is
the sentence), fast (about a second to train on 1,400 sentences), and trained only on
``events/data/examples/*.yaml``, which this project wrote.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Protocol

import yaml

from ..errors import DataFileError

NONE = "none"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader reads the examples ~10x faster
_WORD = re.compile(r"[a-z][a-z'-]+|\d+")
_STOP = frozenset("the a an of in on at to and or by for with from that this was were is are be been as it its their "
                  "his her they he she said says".split())


class SentenceClassifier(Protocol):
    """What the events stage needs from a classifier."""

    def predict(self, text: str) -> list[tuple[str, float]]:
        """(label, probability) pairs, most probable first; ``"none"`` means no event."""


def features(text: str) -> list[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


class NaiveBayes:
    """Multinomial naive Bayes with Laplace smoothing."""

    def __init__(self, examples: Iterable[tuple[str, str]], alpha: float = 0.5) -> None:
        self.alpha = alpha
        counts: dict[str, Counter] = defaultdict(Counter)
        docs: Counter = Counter()
        for text, label in examples:
            docs[label] += 1
            counts[label].update(features(text))
        if not docs:
            raise DataFileError("no example sentences to train the event classifier on")
        self.vocab = {f for c in counts.values() for f in c}
        total = sum(docs.values())
        self.prior = {label: math.log(n / total) for label, n in docs.items()}
        self.loglik: dict[str, dict[str, float]] = {}
        self.unseen: dict[str, float] = {}
        for label, counter in counts.items():
            denominator = sum(counter.values()) + alpha * len(self.vocab)
            self.loglik[label] = {f: math.log((n + alpha) / denominator) for f, n in counter.items()}
            self.unseen[label] = math.log(alpha / denominator)

    def predict(self, text: str) -> list[tuple[str, float]]:
        feats = [f for f in features(text) if f in self.vocab]
        scores = {label: self.prior[label] + sum(self.loglik[label].get(f, self.unseen[label]) for f in feats)
                  for label in self.prior}
        top = max(scores.values())
        weights = {label: math.exp(score - top) for label, score in scores.items()}
        norm = sum(weights.values())
        return sorted(((label, w / norm) for label, w in weights.items()), key=lambda p: -p[1])


def example_sentences() -> list[tuple[str, str]]:
    """(text, sub-event type or "none") from the shipped example files."""
    folder = resources.files("conflictlens.events").joinpath("data", "examples")
    examples = []
    for resource in sorted(folder.iterdir(), key=lambda r: r.name):
        if not resource.name.endswith(".yaml"):
            continue
        try:
            rows = yaml.load(resource.read_text(encoding="utf-8"), Loader=_LOADER) or []  # noqa: S506 (a safe loader)
        except yaml.YAMLError as e:
            raise DataFileError(f"events/data/examples/{resource.name}: {e}") from e
        examples += [(str(r["text"]), str(r.get("sub_event_type") or NONE)) for r in rows if r.get("text")]
    return examples


@lru_cache(maxsize=1)
def default_classifier() -> NaiveBayes:
    return NaiveBayes(example_sentences())
