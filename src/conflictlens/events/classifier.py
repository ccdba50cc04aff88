"""A light sentence classifier for event sub-types, trained at first use on our own example sentences.

The fallback when the learned sentence typer (``learn/sentence_model.py``) is switched off (``learned = false``).
The rules (trigger lexicon + dependency arguments) decide first; the classifier only speaks for sentences that
carry some sign of political violence or unrest but where no rule typed an event ("Two women blew themselves
up at a crowded depot"; ``detect.classifier_mentions`` holds the gate). It is a multinomial naive Bayes over
word stems and stem pairs: transparent (its evidence is the sentence; :meth:`NaiveBayes.explain` lists the
words that weighed most), fast (under a quarter of a second to read and train on the 2,290 sentences), and
trained only on ``events/data/examples/*.yaml``, which this project wrote. Capitalised names and numbers are left out of the
features: in 5-fold cross-validation on the examples they were noise (accuracy 70.5 % with them, 74 % without).
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
from ..datafiles import parse_yaml

NONE = "none"
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+")
_STOP = frozenset("the a an of in on at to and or by for with from that this was were is are be been as it its their "
                  "his her they he she said says".split())


class SentenceClassifier(Protocol):
    """What the events stage needs from a classifier."""

    def predict(self, text: str) -> list[tuple[str, float]]:
        """(label, probability) pairs, most probable first; ``"none"`` means no event."""


def stem(word: str) -> str:
    """A crude suffix stripper: "clashes", "clashed", "clashing" -> "clash"; "militias" -> "militia"."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def words(text: str) -> list[str]:
    """Lowercase stems of the sentence's words, without stop words, numbers and capitalised names (a capitalised
    word not at the start; acronyms such as "IED" are kept)."""
    kept = []
    for i, token in enumerate(_TOKEN.findall(text)):
        lower = token.lower()
        if token[0].isdigit() or lower in _STOP or (i and token[0].isupper() and not token.rstrip("s").isupper()):
            continue
        kept.append(stem(lower))
    return kept


def features(text: str) -> list[str]:
    """Stems and neighbouring stem pairs."""
    stems = words(text)
    return stems + [f"{a}_{b}" for a, b in zip(stems, stems[1:])]


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

    def explain(self, text: str, label: str, against: str = NONE, top: int = 5) -> list[tuple[str, float]]:
        """The features of ``text`` that weigh most for ``label`` over ``against`` (log-likelihood ratio)."""
        ratios: Counter = Counter()
        for f in features(text):
            if f in self.vocab:
                ratios[f] += self.loglik[label].get(f, self.unseen[label]) - self.loglik[against].get(f, self.unseen[against])
        return [(f, round(r, 2)) for f, r in ratios.most_common(top)]


def example_sentences() -> list[tuple[str, str]]:
    """(text, sub-event type or "none") from the shipped example files."""
    folder = resources.files("conflictlens.events").joinpath("data", "examples")
    examples = []
    for resource in sorted(folder.iterdir(), key=lambda r: r.name):
        if not resource.name.endswith(".yaml"):
            continue
        try:
            rows = parse_yaml(resource.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as e:
            raise DataFileError(f"events/data/examples/{resource.name}: {e}") from e
        examples += [(str(r["text"]), str(r.get("sub_event_type") or NONE)) for r in rows if r.get("text")]
    return examples


@lru_cache(maxsize=1)
def default_classifier() -> NaiveBayes:
    return NaiveBayes(example_sentences())
