"""ACLED's implied second actors: the civilians a violence-against-civilians event targets when the text names no
target, the state force that met a protest or riot in a sentence of its own, and ACLED's names of a few groups."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import top_event

from conflictlens.actors.kb import shipped_entries


def _entry(entry_id):
    return next(e for e in shipped_entries() if e.id == entry_id)


def test_islamic_state_sahel_went_by_greater_sahara_before_2022():
    entry = _entry("is_sahel")
    assert entry.name_on(dt.date(2020, 5, 5)) == "Islamic State (Greater Sahara)"
    assert entry.name_on(dt.date(2023, 1, 1)) == "Islamic State Sahel"


def test_brazilian_factions_carry_acled_names():
    names = {e.name for e in shipped_entries()}
    assert {"CV: Red Command", "TCP: Pure Third Command", "Dozo Communal Militia (Mali)"} <= names


def _top(pipeline, text, published="2020-05-10"):
    return top_event(pipeline, text, published)


@pytest.mark.model
def test_unnamed_victim_of_an_attack_is_civilians(pipeline):
    e = _top(pipeline, "On 9 May 2020, gunmen killed a shopkeeper in front of his store in Zapopan, Jalisco.")
    if e.sub_event_type == "Attack":
        assert e.actor2 is not None and e.actor2.name == "Civilians (Mexico)"
        assert e.civilian_targeting


@pytest.mark.model
def test_police_who_intervene_in_a_later_sentence_are_actor2(pipeline):
    e = _top(pipeline, "On 8 May 2020, dismissed factory workers held a sit-in protest in Kucove to demand unpaid "
                       "wages. Police intervened and dispersed the protesters by force.")
    assert e.actor1.name == "Protesters (Albania)"
    if e.sub_event_type == "Protest with intervention":
        assert e.actor2 is not None and e.actor2.name.startswith("Police Forces of Albania")


@pytest.mark.model
def test_peaceful_protest_takes_no_later_police(pipeline):
    e = _top(pipeline, "On 8 May 2020, dismissed factory workers held a peaceful sit-in protest in Kucove to demand "
                       "unpaid wages. Police officers watched from nearby.")
    if e.sub_event_type == "Peaceful protest":
        assert e.actor2 is None


@pytest.mark.model
def test_us_dollar_names_no_country_of_the_crowd(pipeline):
    events = [e for e in pipeline.extract("On 30 April 2020, protesters angry at the high US dollar exchange rate "
                                          "blocked a road in Jdita.", published="2020-05-01") if e.event_type]
    assert not any(a is not None and "United States" in a.name for e in events for a in (e.actor1, e.actor2))


def test_kb_closed_state_name_was_open_in_an_earlier_download():
    from conflictlens.actors.periods import name_as_of

    assert name_as_of("Military Forces of Artsakh (2007-2020)", dt.date(2020, 5, 16)) == "Military Forces of Artsakh (2007-)"
    assert name_as_of("Military Forces of Artsakh (2007-2020)", dt.date(2021, 1, 1)) == "Military Forces of Artsakh (2007-2020)"


@pytest.mark.model
def test_a_crowd_that_fought_the_police_has_the_police_for_its_other_side(pipeline):
    events = [e for e in pipeline.extract("Supporters of a jailed mayor clashed with police in Bukavu on Monday, and "
                                          "several people were injured.", published="2024-05-14") if e.event_type == "Riots"]
    assert events and all(e.actor2 is not None and e.actor2.name.startswith("Police Forces of") for e in events)
