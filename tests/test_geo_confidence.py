from __future__ import annotations

import random

import pytest

from conflictlens.geo.confidence import (
    FEATURES,
    Calibration,
    ResolutionEvidence,
    default_calibration,
    fit_logistic,
    place_confidence,
)


def evidence(**overrides) -> ResolutionEvidence:
    values = dict(how="exact", margin=5.0, alternatives=0, kind="populated_place", focus_rank=0, population=50_000,
                  place_label=True, cue=True)
    values.update(overrides)
    return ResolutionEvidence(**values)


def test_vector_matches_the_feature_names():
    assert len(evidence().vector()) == len(FEATURES)
    assert evidence(how="fuzzy").vector()[FEATURES.index("fuzzy")] == 1.0
    assert evidence(margin=40).vector()[FEATURES.index("margin")] == 5.0  # capped


def test_fit_logistic_learns_a_separating_feature():
    rng = random.Random(1)
    rows, labels = [], []
    for _ in range(300):
        x = rng.random()
        rows.append([1.0, x])
        labels.append(int(rng.random() < x))  # P(right) rises with x
    w = fit_logistic(rows, labels, l2=0.1)
    assert w[1] > 2.0
    low = Calibration((w[0], w[1]))
    assert 1 / (1 + pow(2.718281828, -(w[0] + w[1]))) > 1 / (1 + pow(2.718281828, -w[0]))
    assert low.weights == (w[0], w[1])


def test_shipped_calibration_orders_clear_and_doubtful_choices():
    clear = place_confidence(evidence())
    doubtful = place_confidence(evidence(how="fuzzy", margin=0.1, alternatives=6, focus_rank=-1, population=600,
                                         place_label=False, cue=False))
    assert 0.0 <= doubtful < clear <= 1.0


def test_without_a_calibration_file_the_match_kind_decides(monkeypatch):
    import conflictlens.geo.confidence as confidence

    monkeypatch.setattr(confidence, "default_calibration", lambda: None)
    assert confidence.place_confidence(evidence(how="exact")) == 0.9
    assert confidence.place_confidence(evidence(how="fuzzy")) == 0.6


def test_calibration_file_lists_the_features_in_order():
    calibration = default_calibration()
    if calibration is None:
        pytest.skip("no calibration fitted yet")
    assert len(calibration.weights) == len(FEATURES)
    assert calibration.fitted_on
