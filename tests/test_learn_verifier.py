"""The event verifier: features of real candidates, the model-file check, and resources that switch it off."""

from __future__ import annotations

import numpy as np
import pytest

from conflictlens.errors import ResourceError
from conflictlens.learn.encoder import DIM, HashingEncoder
from conflictlens.learn.linear import LinearModel
from conflictlens.learn.sentence_model import BUCKETS, SentenceTyper
from conflictlens.learn.verifier import Verifier, feature_names

CLASSES = ("Armed clash", "Attack", "background", "irrealis", "none")


def _typer() -> SentenceTyper:
    n = len(CLASSES)
    model = LinearModel(CLASSES, np.zeros((DIM, n), np.float32), np.zeros((BUCKETS, n), np.float32),
                        np.zeros(n, np.float32), np.zeros(DIM, np.float32), np.ones(DIM, np.float32))
    return SentenceTyper(model, HashingEncoder())


def _verifier(weights: np.ndarray, names: list[str] | None = None) -> Verifier:
    names = feature_names() if names is None else names
    model = LinearModel(("no", "yes"), weights.reshape(-1, 1).astype(np.float32), np.zeros((0, 1), np.float32),
                        np.zeros(1, np.float32), np.zeros(len(names), np.float32), np.ones(len(names), np.float32),
                        {"features": names, "threshold": 0.5})
    return Verifier(model, _typer())


def test_a_model_trained_on_other_features_is_refused():
    with pytest.raises(ResourceError):
        _verifier(np.zeros(3), ["a", "b", "c"])


@pytest.mark.model
def test_verifier_scores_every_candidate_of_a_real_document(pipeline):
    from conflictlens.assemble import candidates

    doc = pipeline.run(pipeline_article(), until="fatalities")
    built = candidates(doc)
    assert built
    names = feature_names()
    weights = np.zeros(len(names))
    weights[names.index("earlier_same_type")] = -20.0  # a verifier that distrusts repeats
    scores = _verifier(weights).score(doc, built)
    assert len(scores) == len(built) and all(0.0 <= s <= 1.0 for s in scores)
    first = min(range(len(built)), key=lambda i: built[i][0].trigger_start)
    assert scores[first] == pytest.approx(0.5)


def pipeline_article():
    from conflictlens.model import Article

    return Article(text="Soldiers clashed with gunmen near Maiduguri on Monday, killing four. The fighting lasted "
                        "two hours, and troops later clashed with the gunmen again near the same village.",
                   published="2021-03-02")


def test_learned_off_gives_no_typer_and_no_verifier(default_settings):
    from conflictlens.resources import Resources

    resources = Resources(default_settings.with_overrides(learned=False))
    assert resources.sentence_typer is None and resources.verifier is None
