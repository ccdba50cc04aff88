"""The event store on SQLite and PostgreSQL: idempotent ingest, merges with sources, undo, recluster, queries."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conflictlens.errors import ResourceError
from conflictlens.model import Actor, ActorType, Article, Modality, Place
from conflictlens.store import DedupSettings, EventQuery, ReviewEntry, open_store
from conflictlens.store.protocol import EventStore

DEDUP = DedupSettings()
ARMY = Actor("Military Forces of Syria (2000-2024)", ActorType.STATE, "SY")
HTS = Actor("Hayat Tahrir al-Sham", ActorType.REBEL, "SY")
IS = Actor("Islamic State (Syria)", ActorType.REBEL, "SY")
UNKNOWN = Actor("Unidentified Armed Group (Syria)", ActorType.POLITICAL_MILITIA, "SY")


def place(name: str, lat: float, lon: float, geonameid: int | None = None, admin1: str = "Idleb") -> Place:
    return Place(name=name, location=name, geonameid=geonameid, latitude=lat, longitude=lon, country="Syria",
                 country_code="SY", admin1=admin1, geo_precision=1, kind="populated_place", confidence=0.9)


KHAN = place("Khan Shaykhun", 35.44208, 36.65095, 169304)
MAARAT = place("Maarat al-Numan", 35.64396, 36.67924, 169023)  # ~22 km north of Khan Shaykhun
HAMA = place("Hama", 35.13179, 36.75783, 170017, admin1="Hama")  # ~36 km south


def article(text: str, publisher: str, published: str = "2019-08-06") -> Article:
    return Article(text=text, publisher=publisher, published=published, url=f"https://{publisher.lower()}.example/1")


@pytest.fixture
def clash(make_event):
    def build(event_id: str = "evt-a", **overrides):  # type: ignore[no-untyped-def]
        return make_event(**{"event_id": event_id, "actor1": ARMY, "actor2": HTS, "place": KHAN, **overrides})

    return build


def test_a_new_store_has_the_current_schema(store):
    info = store.info()
    assert isinstance(store, EventStore)
    assert info.schema_version == info.code_version == 1
    assert info.counts["articles"] == info.counts["events"] == 0


def test_the_same_text_is_stored_once(store, clash):
    first = store.add_article(article("Army and HTS clash.", "Wire"), [clash()], dedup=DEDUP)
    again = store.add_article(Article(text="Army and HTS clash.", id="other-name"), [clash()], dedup=DEDUP)
    assert (first.status, first.events_new) == ("new", 1)
    assert (again.status, again.events_new) == ("stored", 0)
    assert store.has_article(Article(text="Army and HTS clash."))
    assert store.info().counts["reports"] == 1


def test_two_outlets_one_event_sources_and_conservative_fatalities(store, clash):
    store.add_article(article("one", "Wire"), [clash(fatalities=9, confidence=0.6)], dedup=DEDUP)
    second = clash("evt-b", fatalities=7, event_date=dt.date(2019, 8, 6), actor1=HTS, actor2=ARMY, confidence=0.9,
                   place=dataclasses.replace(KHAN, geonameid=None, latitude=35.45, longitude=36.64))
    result = store.add_article(article("two", "Local Paper"), [second], dedup=DEDUP)
    assert (result.events_new, result.events_merged) == (0, 1)
    [stored] = list(store.events())
    assert stored.corroboration == 2
    assert [s.publisher for s in stored.sources] == ["Wire", "Local Paper"]
    assert stored.sources[1].url == "https://local paper.example/1"
    assert stored.event.fatalities == 7  # the most conservative credible figure
    assert stored.event.place.geonameid == 169304  # the better-placed report wins the place
    assert "Local Paper" in stored.event.source.source and "Wire" in stored.event.source.source
    [merge] = store.merges()
    assert merge.event_id == stored.event_id and "1 day(s) apart" in merge.reason and merge.settings["distance_km"] == 25


def test_a_silent_report_does_not_lower_fatalities(store, clash):
    store.add_article(article("one", "Wire"), [clash(fatalities=9)], dedup=DEDUP)
    store.add_article(article("two", "Paper"), [clash("evt-b", fatalities=0)], dedup=DEDUP)
    assert [e.event.fatalities for e in store.events()] == [9]


def test_never_two_events_of_one_article(store, clash):
    result = store.add_article(article("one", "Wire"), [clash(), clash("evt-b", sub_event_type="Attack")], dedup=DEDUP)
    assert result.events_new == 2 and len(list(store.events())) == 2
    both = store.add_article(article("two", "Paper"), [clash("evt-c"), clash("evt-d")], dedup=DEDUP)
    assert both.events_merged == 2  # one into each stored event, never both into one
    assert sorted(e.corroboration for e in store.events()) == [2, 2]


@pytest.mark.parametrize("change", [
    {"event_date": dt.date(2019, 8, 8)},  # same actors, another day
    {"place": HAMA},  # same day, ~36 km away, another province
    {"actor1": IS},  # same town, same day, another attacker
    {"event_type": "Protests", "sub_event_type": "Peaceful protest"},  # another family
])
def test_traps_stay_apart(store, clash, change):
    store.add_article(article("one", "Wire"), [clash()], dedup=DEDUP)
    result = store.add_article(article("two", "Paper"), [clash("evt-b", **change)], dedup=DEDUP)
    assert result.events_merged == 0 and len(list(store.events())) == 2


def test_an_unknown_side_may_join(store, clash):
    store.add_article(article("one", "Wire"), [clash()], dedup=DEDUP)
    result = store.add_article(article("two", "Paper"), [clash("evt-b", actor1=UNKNOWN, place=MAARAT)], dedup=DEDUP)
    assert result.events_merged == 1
    [stored] = list(store.events())
    assert stored.event.actor1 == ARMY  # the named actor is kept


def test_background_mentions_join_but_never_found(store, clash):
    background = clash("evt-old", modality=Modality.HISTORICAL)
    lone = store.add_article(article("recalls an attack nobody stored", "Paper"), [background], dedup=DEDUP)
    assert (lone.events_new, lone.events_merged) == (0, 0) and list(store.events()) == []
    store.add_article(article("the original report", "Wire"), [clash()], dedup=DEDUP)
    late = store.add_article(article("a week later", "Other", "2019-08-20"), [clash("evt-x")], dedup=DEDUP)
    assert late.events_merged == 1 and len(list(store.events())) == 1


def test_undo_a_merge_and_recluster_keeps_it_undone(store, clash):
    store.add_article(article("one", "Wire"), [clash()], dedup=DEDUP)
    store.add_article(article("two", "Paper"), [clash("evt-b")], dedup=DEDUP)
    [merge] = store.merges()
    split = store.undo_merge(merge.id, reason="two raids")
    assert split.corroboration == 1 and len(list(store.events())) == 2
    assert store.reports(split.event_id)[0].pinned
    [undone] = store.merges()
    assert undone.undone_at is not None and undone.undo_reason == "two raids"
    with pytest.raises(ResourceError):
        store.undo_merge(merge.id)
    result = store.recluster(DEDUP)
    assert (result.reports, result.events, result.merges) == (2, 2, 0)
    assert len(store.merges()) == 1  # the undone merge stays in the log


def test_recluster_follows_the_thresholds(store, clash):
    store.add_article(article("one", "Wire"), [clash()], dedup=DEDUP)
    store.add_article(article("two", "Paper"), [clash("evt-b", place=MAARAT)], dedup=DEDUP)
    store.add_article(article("three", "Third"), [clash("evt-c", event_date=dt.date(2019, 8, 8))], dedup=DEDUP)
    before = sorted(e.event_id for e in store.events())
    assert len(before) == 2
    assert store.recluster(DEDUP).events == 2
    assert sorted(e.event_id for e in store.events()) == before  # same thresholds, same dataset
    tight = store.recluster(DedupSettings(distance_km=10))
    assert (tight.events, tight.merges) == (3, 0)
    loose = store.recluster(DedupSettings(date_days=3))
    assert (loose.events, loose.merges) == (1, 2)
    assert sum(e.corroboration for e in store.events()) == 3


def test_queries_filter_the_dataset(store, clash):
    store.add_article(article("one", "Wire"), [clash(confidence=0.9)], dedup=DEDUP)
    store.add_article(article("two", "Wire"), [clash("evt-b", actor1=IS, sub_event_type="Attack",
                                                      event_type="Violence against civilians", confidence=0.4,
                                                      event_date=dt.date(2019, 9, 1))], dedup=DEDUP)
    count = lambda **kw: len(list(store.events(EventQuery(**kw))))  # noqa: E731
    assert count() == 2
    assert count(country="syria") == count(country="SY") == 2 and count(country="Iraq") == 0
    assert count(since=dt.date(2019, 8, 10)) == 1 and count(until=dt.date(2019, 8, 10)) == 1
    assert count(type="armed clash") == 1 and count(type="Violence against civilians") == 1 and count(type="FIGHT") == 2
    assert count(actor="islamic") == 1 and count(actor="hayat tahrir") == 2 and count(actor="100%") == 0
    assert count(min_confidence=0.5) == 1
    assert count(limit=1) == 1 and count(offset=1) == 1
    assert store.count_events(EventQuery(country="SY", limit=1)) == 2 and store.count_events(EventQuery(actor="islamic")) == 1
    dates = [e.event.event_date for e in store.events()]
    assert dates == sorted(dates)


def test_failures_are_recorded_and_retried(store, clash):
    bad = article("text the pipeline choked on", "Wire")
    assert store.add_failure(bad, "stage parse: boom").status == "failed"
    assert not store.has_article(bad) and store.info().counts["failed_articles"] == 1
    assert store.add_article(bad, [clash()], dedup=DEDUP).status == "new"
    assert store.info().counts["failed_articles"] == 0


def test_review_log_round_trip(store):
    first = store.log_review(ReviewEntry("cle-1", "edit", field="actor1", old_value="a", new_value="b", reviewer="ana"))
    store.log_review(ReviewEntry("cle-2", "accept"))
    [entry] = store.review_log(event_id="cle-1")
    assert (entry.id, entry.field, entry.new_value, entry.reviewer) == (first, "actor1", "b", "ana")
    assert entry.created_at is not None and len(store.review_log()) == 2


def test_runs_are_recorded(store):
    run_id = store.start_run("ingest", {"paths": ["x"]})
    store.finish_run(run_id, {"articles_new": 3})
    assert store.info().counts["runs"] == 1


def test_stored_events_read_back_equal(store, clash):
    event = clash()
    store.add_article(article("one", "Wire"), [event], dedup=DEDUP)
    [stored] = list(store.events())
    assert dataclasses.replace(stored.event, event_id=event.event_id, source=event.source) == event
    assert store.get_event(stored.event_id) == stored and store.get_event("cle-none") is None
    [report] = store.reports(stored.event_id)
    assert report.event == event and report.event_id == stored.event_id


def test_open_store_refuses_an_empty_database_when_not_creating(store_url):
    with pytest.raises(ResourceError, match="empty|no event store"):
        open_store(store_url, create=False)


def test_a_bad_url_is_one_clear_error():
    with pytest.raises(ResourceError):
        open_store("mysql://nobody@nowhere/db")
    with pytest.raises(ResourceError):
        open_store("postgresql://nobody@127.0.0.1:1/none")
