"""The example-trained sentence classifier that backs up the rules."""

from __future__ import annotations

import pytest

from conflictlens.errors import DataFileError
from conflictlens.events.classifier import NaiveBayes, default_classifier, example_sentences, features, words


def test_features_are_stems_and_pairs():
    assert features("The army shelled the village") == ["army", "shell", "village", "army_shell", "shell_village"]


def test_features_leave_out_names_and_numbers_but_keep_acronyms():
    assert words("Houthi fighters attacked 3 army positions east of Marib with IEDs") == [
        "houthi", "fighter", "attack", "army", "position", "east", "ied"]


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


def test_explain_names_the_words_that_weighed_most():
    model = NaiveBayes([("rebels shelled the town", "Shelling"), ("mortars shelled the base", "Shelling"),
                        ("the match ended", "none"), ("the market opened", "none")])
    assert model.explain("artillery shelled the village", "Shelling")[0][0] == "shell"


@pytest.mark.parametrize(
    "ranked, text, flags, expected",
    [
        # A sub-type needs its words: artillery is no chemical attack, whatever the probabilities.
        ([("Chemical weapon", 0.96), ("Shelling/artillery/missile attack", 0.02)],
         "Rebels pounded army trenches near the front line with artillery.", dict(armed=True), None),
        ([("Chemical weapon", 0.96)], "Medics said the shell released chlorine over the trenches.", dict(armed=True),
         "Chemical weapon"),
        # Minimum probability per family: battles need 0.9, explosions 0.7.
        ([("Armed clash", 0.85)], "Soldiers and rebels traded fire for hours.", dict(armed=True), None),
        ([("Remote explosive/landmine/IED", 0.75)], "A device went off under a truck carrying soldiers.", dict(armed=True),
         "Remote explosive/landmine/IED"),
        # A sign of conflict fitting the family: none here.
        ([("Attack", 0.99)], "The claim could not be independently verified.", dict(), None),
        ([("Peaceful protest", 0.8)], "Thousands of teachers marched to the ministry, waving placards.", dict(),
         "Peaceful protest"),
        # Accidents stay none, even when the accident is told in the sentence before.
        ([("Other", 0.9)], "Three vehicles were involved in the incident.",
         dict(window="A crash and explosion killed one. Three vehicles were involved in the incident."), None),
        ([("Change to group/activity", 0.95)], "Moscow expelled two embassy staff in a retaliatory move.", dict(), None),
    ],
)
def test_classifier_choice_gate(ranked, text, flags, expected):
    from conflictlens.events.gate import classifier_choice

    flags = {"armed": False, "crowd": False, "named": False, **flags}
    choice = classifier_choice(ranked, text, **flags)
    assert (choice[0] if choice else None) == expected


def test_sentences_naming_an_earlier_year_are_left_to_the_rules():
    import datetime as dt

    from conflictlens.events.detect import _past_year

    assert _past_year("the killing of 156 civilians in Karma in April 2023", dt.date(2024, 6, 10))
    assert not _past_year("the killing of 15 civilians in Karma in June 2024", dt.date(2024, 6, 10))
    assert not _past_year("the killing of 156 civilians in Karma in April 2023", None)
