"""Event records as assembled from whole sentences: ACLED roles, generic state actors, sponsors."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _events(pipeline, text: str):
    return pipeline.extract(text, published="2019-08-06")


def test_regime_warplanes_are_the_syrian_military(pipeline):
    (event,) = _events(pipeline, "Regime warplanes struck the outskirts of Maarat al-Numan on Tuesday, activists said.")
    assert event.sub_event_type == "Air/drone strike"
    assert event.actor1.name.startswith("Military Forces of Syria")
    assert event.place.country_code == "SY" and event.place.geo_precision == 2


def test_turkish_backed_factions_are_the_sna_with_turkey_kept_as_associate(pipeline):
    (event,) = _events(pipeline, "Turkish-backed factions shelled SDF positions near Manbij on Sunday, the Syrian "
                                 "Observatory for Human Rights said.")
    assert "Syrian National Army" in event.actor1.name
    assert "Syrian Democratic Forces" in event.actor2.name
    (turkey,) = event.assoc_actor_1
    assert turkey.name.startswith("Military Forces of Turkey") and turkey.inter == 8  # External/Other forces


def test_two_groups_accusing_each_other_stand_on_both_sides(pipeline):
    text = ("Commanders of Jaysh al-Izza met their counterparts from Hayat Tahrir al-Sham in Idlib city on Monday. "
            "The two groups accused each other of betrayal, local sources said.")
    (event,) = [e for e in pipeline.extract(text, published="2019-08-06") if e.plover_event == "ACCUSE"]
    assert {event.actor1.kb_id, event.actor2.kb_id} == {"hts", "jaysh_al_izza"}


def test_a_strike_on_civilians_is_not_merged_into_nearby_fighting(pipeline):
    text = ("Rebels and Syrian army troops clashed near Kafr Nabudah in Hama on Monday. Syrian warplanes carried out "
            "airstrikes on a market in the town, killing five civilians.")
    types = {e.sub_event_type: e for e in pipeline.extract(text, published="2019-08-06")}
    assert "Armed clash" in types and "Air/drone strike" in types
    assert types["Air/drone strike"].actor2.name == "Civilians (Syria)" and types["Air/drone strike"].fatalities == 5
