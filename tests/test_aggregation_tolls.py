"""A kept event takes the death figure of a rejected restatement of it (``aggregation.with_tolls_of``)."""

from __future__ import annotations

import datetime as dt

from conflictlens.aggregation import with_tolls_of


def test_a_restatements_figure_goes_to_the_event_it_restates(make_event):
    kept = make_event(fatalities=0, fatalities_phrase="", evidence=())
    restated = make_event(event_id="r", fatalities=4, fatalities_phrase="killed four", confidence=0.2)
    [event] = with_tolls_of([kept], [restated])
    assert event.fatalities == 4 and event.fatalities_phrase == "killed four"
    assert [e.text for e in event.evidence if e.field == "fatalities"] == ["at least 9 killed"]
    assert "4 fatalities" in event.notes


def test_a_figure_of_another_day_or_a_lower_one_stays_out(make_event):
    kept = make_event(fatalities=9)
    other_day = make_event(event_id="r1", fatalities=30, event_date=dt.date(2019, 8, 1))
    lower = make_event(event_id="r2", fatalities=2)
    assert with_tolls_of([kept], [other_day, lower]) == [kept]


def test_a_figure_that_fits_two_kept_events_goes_to_neither(make_event):
    first, second = make_event(event_id="a", fatalities=0), make_event(event_id="b", fatalities=0, trigger="fighting")
    restated = make_event(event_id="r", fatalities=5)
    assert with_tolls_of([first, second], [restated]) == [first, second]


def test_the_killing_of_demonstrators_gives_its_toll_to_the_force_used_on_their_protest(make_event):
    from conflictlens.model import Actor, ActorType

    police = Actor("Police Forces of Kenya (2022-)", ActorType.STATE, "KE", sector="COP")
    protesters = Actor("Protesters (Kenya)", ActorType.PROTESTERS, "KE", sector="OPP")
    force = make_event(event_type="Protests", sub_event_type="Excessive force against protesters", actor1=protesters,
                       actor2=police, fatalities=0, fatalities_phrase="", evidence=())
    killing = make_event(event_id="r", event_type="Violence against civilians", sub_event_type="Attack", actor1=police,
                         actor2=None, fatalities=2, fatalities_phrase="killing two", confidence=0.1)
    [event] = with_tolls_of([force], [killing])
    assert event.fatalities == 2
    battle = make_event(event_id="b", fatalities=0)  # an event with other sides takes nothing
    assert with_tolls_of([battle], [killing]) == [battle]


def test_a_province_and_a_village_inside_it_are_one_event_at_the_village(make_event):
    from dataclasses import replace

    from conflictlens.aggregation import aggregate
    from conflictlens.model import Place

    region = Place(name="Idlib province", location="Idlib", latitude=35.8, longitude=36.6, country="Syria",
                   country_code="SY", admin1="Idlib", kind="admin1", geo_precision=3, confidence=0.9)
    village = Place(name="Kafr Ruma", location="Kafr Ruma", latitude=35.6, longitude=36.6, country="Syria",
                    country_code="SY", admin1="Idlib", kind="populated_place", geo_precision=1, confidence=0.8)
    first = make_event(event_id="a", sub_event_type="Air/drone strike", event_type="Explosions/Remote violence",
                       place=region, fatalities=7, actor2=None)
    second = make_event(event_id="b", sub_event_type="Air/drone strike", event_type="Explosions/Remote violence",
                        place=village, fatalities=0, actor1=None, actor2=None)
    [event] = aggregate([first, second])
    assert event.place.location == "Kafr Ruma" and event.fatalities == 7
    elsewhere = replace(village, admin1="Hama")
    assert len(aggregate([first, replace(second, place=elsewhere)])) == 2


def test_a_capture_and_the_same_handover_told_again_are_one_event(make_event):
    from conflictlens.aggregation import aggregate
    from conflictlens.model import Actor, ActorType

    rebels = Actor("M23: March 23 Movement", ActorType.REBEL, "CD", kb_id="m23", sector="REB")
    capture = make_event(event_id="a", sub_event_type="Non-state actor overtakes territory", actor1=rebels, actor2=None)
    handover = make_event(event_id="b", event_type="Strategic developments", plover_event="SEIZE",
                          sub_event_type="Non-violent transfer of territory", actor1=rebels, actor2=None, place=None)
    [event] = aggregate([capture, handover])
    assert event.sub_event_type == "Non-state actor overtakes territory" and event.event_id == "a"
