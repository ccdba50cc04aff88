"""De-duplication gates and scores (store/dedup.py) and the merged record (store/merge.py), without a database."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from conflictlens.model import Actor, ActorType, Modality, Place
from conflictlens.store.dedup import Candidate, DedupSettings, best_match, family, haversine_km, is_background, match
from conflictlens.store.merge import conservative_fatalities, corroboration, materialize
from conflictlens.store.records import SourceRef

S = DedupSettings()


def moved(event, km_north: float):  # type: ignore[no-untyped-def]
    place = event.place
    return dataclasses.replace(event, place=dataclasses.replace(place, geonameid=None, latitude=place.latitude + km_north / 111.2))


def test_families_group_ways_of_telling_one_event(make_event):
    assert family(make_event()) == family(make_event(event_type="Violence against civilians")) == "violence"
    assert family(make_event(event_type="Protests")) == family(make_event(event_type="Riots"))
    assert family(make_event(event_type="", plover_event="ACCUSE")) == "plover:ACCUSE"


def test_haversine_matches_a_known_distance():
    assert abs(haversine_km(0, 0, 1, 0) - 111.2) < 0.2


def test_an_event_matches_itself(make_event):
    event = make_event()
    found = match(event, event, S)
    assert found is not None and found.score == 1.0 and "same place" in found.reason


def test_distance_gate(make_event):
    event = make_event()
    assert match(moved(event, 20), event, S) is not None
    assert match(moved(event, 60), event, S) is None
    assert match(moved(event, 20), event, DedupSettings(distance_km=10)) is None


def test_containment_a_village_inside_the_province_another_report_names(make_event):
    event = make_event()
    province = dataclasses.replace(event.place, geonameid=None, location="Idleb", kind="admin1", geo_precision=3,
                                   latitude=35.8, longitude=36.6)
    far = match(dataclasses.replace(event, place=province), event, S)
    assert far is not None and "inside" in far.reason
    other = dataclasses.replace(province, admin1="Hama")
    assert match(dataclasses.replace(event, place=other), event, S) is None


def test_other_country_never_matches(make_event):
    event = make_event()
    abroad = dataclasses.replace(event.place, country_code="TR", country="Turkey")
    assert match(dataclasses.replace(event, place=abroad), event, S) is None


def test_date_gate_follows_precision(make_event):
    event = make_event()
    assert match(make_event(event_date=dt.date(2019, 8, 6)), event, S) is not None
    assert match(make_event(event_date=dt.date(2019, 8, 7)), event, S) is None
    week = make_event(event_date=dt.date(2019, 8, 9), time_precision=2)
    assert match(week, event, S) is not None
    assert match(make_event(event_date=None), event, S) is None


def test_actor_gate(make_event):
    event = make_event()
    swapped = make_event(actor1=event.actor2, actor2=event.actor1)
    assert match(swapped, event, S) is not None  # two sides of a clash, told the other way round
    other = make_event(actor1=Actor("Islamic State (Syria)", ActorType.REBEL, "SY"))
    assert match(other, event, S) is None
    unknown = make_event(actor1=Actor("Unidentified Armed Group (Syria)", ActorType.POLITICAL_MILITIA, "SY"))
    assert match(unknown, event, S) is not None


def test_one_sided_events_are_not_swapped(make_event):
    civilians = Actor("Civilians (Syria)", ActorType.CIVILIANS, "SY")
    attack = make_event(event_type="Violence against civilians", sub_event_type="Attack", actor2=civilians)
    other_attacker = dataclasses.replace(attack, actor1=Actor("Islamic State (Syria)", ActorType.REBEL, "SY"))
    assert match(other_attacker, attack, S) is None


def test_best_match_skips_events_of_the_same_article(make_event):
    event = make_event()
    assert best_match(event, [Candidate("cle-1", event, frozenset({"art-1"}))], "art-1", S) is None
    assert best_match(event, [Candidate("cle-1", event, frozenset({"art-2"}))], "art-1", S)[0] == "cle-1"  # type: ignore[index]


def test_a_report_must_fit_every_date_of_the_event(make_event):
    event = make_event()  # 5 August
    spread = Candidate("cle-1", event, first_date=dt.date(2019, 8, 4), last_date=dt.date(2019, 8, 5))
    assert best_match(make_event(event_date=dt.date(2019, 8, 6)), [spread], "a", S) is None
    assert best_match(make_event(event_date=dt.date(2019, 8, 5)), [spread], "a", S) is not None


def test_best_match_takes_the_highest_score(make_event):
    event = make_event()
    near, far = event, moved(event, 15)
    assert best_match(event, [Candidate("cle-far", far), Candidate("cle-near", near)], "a", S)[0] == "cle-near"  # type: ignore[index]


def test_a_week_dated_report_that_fits_two_events_joins_neither(make_event):
    event = make_event()  # 5 August, day precision
    earlier = Candidate("cle-early", dataclasses.replace(event, event_date=dt.date(2019, 8, 3)))
    later = Candidate("cle-late", event)
    week = dataclasses.replace(event, event_date=dt.date(2019, 8, 4), time_precision=2)
    assert best_match(week, [earlier, later], "a", S) is None
    assert best_match(week, [later], "a", S)[0] == "cle-late"  # type: ignore[index]
    day = dataclasses.replace(event, event_date=dt.date(2019, 8, 4))  # a day-dated report fits both too: the best wins
    assert best_match(day, [earlier, later], "a", S) is not None


def test_background(make_event):
    assert is_background(make_event(modality=Modality.HISTORICAL), None, S)
    assert is_background(make_event(), dt.date(2019, 8, 20), S)
    assert not is_background(make_event(), dt.date(2019, 8, 6), S)


@given(st.lists(st.integers(0, 500), min_size=1, max_size=8))
def test_fatalities_take_the_lowest_stated_figure(figures):
    from conflictlens.model import Event

    events = [Event(f"e{i}", "d", "Battles", "Armed clash", "", "", "", None, None, "", None, None, fatalities=n)
              for i, n in enumerate(figures)]
    stated = [n for n in figures if n > 0]
    assert conservative_fatalities(events)[0] == (min(stated) if stated else 0)


@given(st.lists(st.sampled_from(["Wire", "wire", "Paper", ""]), min_size=1, max_size=6))
def test_corroboration_counts_publishers(publishers):
    refs = [SourceRef(f"art-{i}", f"d{i}", f"r{i}", publisher=p) for i, p in enumerate(publishers)]
    expected = len({p.lower() for p in publishers if p}) + sum(1 for p in publishers if not p)
    assert corroboration(refs) == expected


@given(st.lists(st.floats(0, 1), min_size=1, max_size=5), st.integers(0, 4))
def test_materialize_keeps_the_highest_confidence_and_every_source(confidences, first):
    from conflictlens.serialize import to_jsonable  # noqa: F401 - records stay serialisable

    base = Place(name="X", location="X", latitude=1.0, longitude=1.0, country_code="SY", geo_precision=1)
    events = []
    for i, c in enumerate(confidences):
        from conflictlens.model import Event

        events.append(Event(f"e{i}", f"d{i}", "Battles", "Armed clash", "Political violence", "FIGHT", "",
                            dt.date(2020, 1, 1), 1, "", None, None, place=base, confidence=c))
    refs = [SourceRef(f"art-{i}", f"d{i}", f"r{i}", publisher=f"P{i}") for i in range(len(events))]
    merged = materialize("cle-1", events, refs)
    assert merged.event_id == "cle-1" and merged.confidence == max(confidences)
    assert all(f"P{i}" in merged.source.source for i in range(len(events)))


def test_materialize_picks_the_date_most_reports_give(make_event):
    a, b, c = make_event(), make_event(event_date=dt.date(2019, 8, 4), confidence=0.95), make_event()
    merged = materialize("cle-1", [a, b, c], [SourceRef("x", "d", "r")] * 3)
    assert merged.event_date == dt.date(2019, 8, 5)
