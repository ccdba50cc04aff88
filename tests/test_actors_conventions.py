"""ACLED's naming conventions for sides the text gives only indirectly: a target named by its positions, a crowd
named by its people's nationality, a coalition acting on its leader's soil, and unnamed doers where organised crime
is the usual one."""

from __future__ import annotations

import pytest
from helpers import top_event

from conflictlens.actors.kb import shipped_entries
from conflictlens.event_actors import gang_lexicon


def _top(pipeline, text, published="2020-05-10"):
    return top_event(pipeline, text, published)


def test_donbass_peoples_militia_is_the_naf():
    naf = next(e for e in shipped_entries() if e.id == "naf")
    assert "Donbass People's Militia" in naf.all_names()


def testgang_lexicon_cues():
    countries, cues, battle_cues, regional = gang_lexicon()
    assert "MX" in countries and "SY" not in countries
    assert cues.search("The victim had his hands tied and the body presented firearm injuries.")
    assert cues.search("armed men carried out a drive-by shooting against a man")
    assert not cues.search("The body was covered with a blanket and presented firearm injuries.")
    assert not cues.search("the bodies presented signs of torture")
    assert battle_cues.search("an operation against drug trafficking")
    assert any(r["admin1"] == "Rio de Janeiro" for r in regional)


@pytest.mark.model
def test_governmental_positions_are_the_governments_forces(pipeline):
    e = _top(pipeline, "On 9 May 2020, the NAF rebel forces fired 82mm mortars at the governmental positions near Vodyane, Donetsk.",
             "2020-05-09")
    assert e.actor1.name.startswith("NAF")
    assert e.actor2 is not None and e.actor2.name.startswith("Military Forces of Ukraine")


@pytest.mark.model
def test_positions_of_named_forces(pipeline):
    e = _top(pipeline, "On 28 April 2020, military forces of Artsakh located at Goyarkh fired with unspecified weapons on the "
                       "positions of the military forces of Azerbaijan assumed to be located near Shikharkh, Tartar.", "2020-04-28")
    assert e.actor1.name.startswith("Military Forces of Artsakh")
    assert e.actor2 is not None and e.actor2.name.startswith("Military Forces of Azerbaijan")


@pytest.mark.model
def test_crowd_named_by_its_nationality(pipeline):
    e = _top(pipeline, "On 4 May 2020, around 30 Ethiopian refugees and asylum seekers protested on the roadside between "
                       "ministry of finance and the Presidential palace in Hargeysa town (Hargeysa, Waqooyi Galbeed).", "2020-05-04")
    assert e.actor1.name == "Protesters (Ethiopia)"


@pytest.mark.model
def test_crowd_without_nationality_takes_the_place(pipeline):
    e = _top(pipeline, "On 5 May 2020, traders staged a protest in Nairobi, Kenya against new taxes.", "2020-05-05")
    assert e.actor1.name == "Protesters (Kenya)"


@pytest.mark.model
def test_coalition_on_its_leaders_soil_is_that_states_forces(pipeline):
    e = _top(pipeline, "On 1 May 2020, Saudi-led coalition airstrikes reportedly targeted Ash Shurfah area (Najran). "
                       "No fatalities nor injuries reported.", "2020-05-01")
    assert e.actor1.name.startswith("Military Forces of Saudi Arabia")
    e = _top(pipeline, "On 8 May 2020, 2 Saudi-led coalition airstrikes reportedly targeted Mukayras district (Al Bayda). "
                       "No fatalities nor injuries reported.", "2020-05-08")
    assert e.actor1.name == "Operation Restoring Hope"


@pytest.mark.model
def test_bound_body_in_mexico_is_a_gang_killing(pipeline):
    e = _top(pipeline, "On 2 May 2020, in Celaya, Guanajuato, a man was found dead in Colonia Las Aves. The victim had his "
                       "hands tied and the body presented firearm injuries. 1 fatality.", "2020-05-02")
    assert e.actor1.name == "Unidentified Gang (Mexico)"
    e = _top(pipeline, "On 2 May 2020, in Celaya, Guanajuato, a man was found dead in Colonia Gobernadores. The body was "
                       "covered with a blanket and presented firearm injuries. 1 fatality.", "2020-05-02")
    assert e.actor1.name == "Unidentified Armed Group (Mexico)"


@pytest.mark.model
def test_rio_police_shootout_with_traffickers(pipeline):
    e = _top(pipeline, "On 8 May 2020, in the West Zone of Rio de Janeiro, Rio de Janeiro, the Military Police carried out an "
                       "operation in the Cidade de Deus neighborhood. A shoot-out between Police officers and drug traffickers "
                       "broke out and a suspect was injured. The Police seized a pistol and a radio.", "2020-05-08")
    assert e.actor2 is not None and e.actor2.name == "Unidentified Gang and/or Police Militia"
