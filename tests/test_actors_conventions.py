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
    assert cues.search("Police said his hands were tied behind his back and he had been shot twice.")
    assert cues.search("gunmen on a motorbike killed a street vendor in a drive-by attack")
    assert not cues.search("The corpse, wrapped in a blanket, showed several gunshot wounds.")
    assert not cues.search("the bodies presented signs of torture")
    assert battle_cues.search("an operation against drug trafficking")
    assert any(r["admin1"] == "Rio de Janeiro" for r in regional)


@pytest.mark.model
def test_governmental_positions_are_the_governments_forces(pipeline):
    e = _top(pipeline, "On 8 May 2020, NAF rebel forces shelled governmental positions near Pavlopil, Donetsk, with 120mm mortars.",
             "2020-05-09")
    assert e.actor1.name.startswith("NAF")
    assert e.actor2 is not None and e.actor2.name.startswith("Military Forces of Ukraine")


@pytest.mark.model
def test_positions_of_named_forces(pipeline):
    e = _top(pipeline, "On the evening of 27 April 2020, military forces of Artsakh positioned at Talish fired with unspecified "
                       "weapons at two positions of the military forces of Azerbaijan near Sugovushan, Tartar.", "2020-04-28")
    assert e.actor1.name.startswith("Military Forces of Artsakh")
    assert e.actor2 is not None and e.actor2.name.startswith("Military Forces of Azerbaijan")


@pytest.mark.model
def test_crowd_named_by_its_nationality(pipeline):
    e = _top(pipeline, "On 3 May 2020, some 40 Ethiopian migrants demonstrated outside the UNHCR office in "
                       "Hargeysa (Waqooyi Galbeed).", "2020-05-04")
    assert e.actor1.name == "Protesters (Ethiopia)"


@pytest.mark.model
def test_crowd_without_nationality_takes_the_place(pipeline):
    e = _top(pipeline, "On 5 May 2020, traders staged a protest in Nairobi, Kenya against new taxes.", "2020-05-05")
    assert e.actor1.name == "Protesters (Kenya)"


@pytest.mark.model
def test_coalition_on_its_leaders_soil_is_that_states_forces(pipeline):
    e = _top(pipeline, "On 30 April 2020, Saudi-led coalition airstrikes reportedly hit Sharorah (Najran), "
                       "causing no casualties.", "2020-05-01")
    assert e.actor1.name.startswith("Military Forces of Saudi Arabia")
    e = _top(pipeline, "On 7 May 2020, Saudi-led coalition aircraft reportedly carried out three airstrikes on Nati "
                       "district (Al Bayda), causing no casualties.", "2020-05-08")
    assert e.actor1.name == "Operation Restoring Hope"


@pytest.mark.model
def test_bound_body_in_mexico_is_a_gang_killing(pipeline):
    e = _top(pipeline, "A man was found dead in Colonia San Juanico in Salamanca, Guanajuato, on 1 May 2020. His "
                       "hands were tied and he had gunshot wounds.", "2020-05-02")
    assert e.actor1.name == "Unidentified Gang (Mexico)"
    e = _top(pipeline, "A man was found dead in Colonia Valle Hermoso in Salamanca, Guanajuato, on 1 May 2020. The "
                       "corpse was wrapped in a blanket and had gunshot wounds.", "2020-05-02")
    assert e.actor1.name == "Unidentified Armed Group (Mexico)"


@pytest.mark.model
def test_rio_police_shootout_with_traffickers(pipeline):
    e = _top(pipeline, "On 6 May 2020, the Military Police conducted an operation in the Mare favela, North Zone, Rio "
                       "de Janeiro. A gunfight broke out between Police officers and drug traffickers, "
                       "and one suspect was wounded.", "2020-05-08")
    assert e.actor2 is not None and e.actor2.name == "Unidentified Gang and/or Police Militia"
