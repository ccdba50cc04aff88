"""The example-trained sentence classifier that backs up the rules."""

from __future__ import annotations

import pytest

from conflictlens.errors import DataFileError
from conflictlens.events.classifier import NaiveBayes, default_classifier, example_sentences, features


def test_features_are_words_and_pairs():
    assert features("The army shelled the village") == ["army", "shelled", "village", "army_shelled", "shelled_village"]


def test_naive_bayes_learns_and_gives_probabilities():
    model = NaiveBayes([("rebels shelled the town", "Shelling"), ("crowds marched peacefully", "Protest"),
                        ("mortars shelled the base", "Shelling"), ("the match ended", "none")])
    ranked = model.predict("artillery shelled the village")
    assert ranked[0][0] == "Shelling"
    assert abs(sum(p for _, p in ranked) - 1.0) < 1e-9


def test_no_examples_is_a_data_file_error():
    with pytest.raises(DataFileError):
        NaiveBayes([])


def test_shipped_examples_cover_every_sub_type_and_non_events():
    from conflictlens.ontology import acled_subtypes

    labels = {label for _, label in example_sentences()}
    assert set(acled_subtypes()) <= labels and "none" in labels


def test_default_classifier_types_a_sentence_the_rules_miss():
    label, probability = default_classifier().predict(
        "A suicide bomber blew himself up at a checkpoint, killing four policemen.")[0]
    assert label == "Suicide bomb" and probability > 0.5
