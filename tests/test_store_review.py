"""Review semantics in the store: edited values laid over the record, rejected events left out of the dataset
unless asked for, merged ones always — the same in ``store.events()``, ``conflictlens events`` and the web app."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from click.testing import CliRunner
from web_helpers import AUTH, DOCS, TOKEN, FakePipeline, article_of, event_of, seed

from conflictlens.cli import cli
from conflictlens.serialize import event_to_record
from conflictlens.store import EventQuery, open_store
from conflictlens.store.review import Review, reviewed_event
from conflictlens.web.review import EDITABLE


@pytest.fixture
def reviewed(store_url):
    """A seeded store (SQLite file or PostgreSQL) and a client of the web app over it: (store, client, ids)."""
    from fastapi.testclient import TestClient

    from conflictlens.web import create_app

    store = open_store(store_url)
    ids = seed(store)
    with TestClient(create_app(store, token=TOKEN, pipeline=FakePipeline())) as client:
        yield store, client, ids
    store.close()


def act(client, event_id, **body):
    r = client.post(f"/api/events/{event_id}/review", json={"who": "ana", **body}, headers=AUTH)
    assert r.status_code == 200, r.text


def cli_events(url, *args):
    result = CliRunner().invoke(cli, ["events", "--db", url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def by_id(jsonl):
    return {r["event_id"]: r for r in map(json.loads, jsonl.splitlines())}


SAMPLES = {"event_date": "2024-01-02", "event_type": "Riots", "sub_event_type": "Mob violence", "actor1": "Someone",
           "assoc_actor_1": "A; B", "actor2": "", "assoc_actor_2": "C", "country": "Lebanon", "admin1": "Beirut",
           "admin2": "Beirut", "location": "Beirut", "latitude": 33.9, "longitude": None, "fatalities": 11,
           "notes": "checked by hand", "source": "Outlet Z"}


@pytest.mark.parametrize("name", sorted(EDITABLE))
def test_every_editable_field_shows_in_the_record(name):
    article = article_of("a1", "Outlet A", "2024-03-04", DOCS[0][3])
    record = event_to_record(reviewed_event(event_of(article, DOCS[0][4]), {name: SAMPLES[name]}))
    assert record[name] == SAMPLES[name]


def test_no_place_and_a_country_edit_gives_a_place_without_the_old_codes():
    article = article_of("a4", "Outlet B", "2024-03-06", DOCS[3][3])
    event = reviewed_event(event_of(article, DOCS[3][4]), {"country": "Syria"})
    assert (event.place.country, event.place.country_code, event.place.iso) == ("Syria", "", None)
    unplaced = dataclasses.replace(event_of(article, DOCS[3][4]), place=None)
    assert reviewed_event(unplaced, {"admin1": "X"}).place.admin1 == "X"


def test_rejected_left_out_unless_asked_edits_applied_merged_never(reviewed):
    store, client, ids = reviewed
    act(client, ids["a4"], action="reject")
    act(client, ids["a1"], action="edit", field="fatalities", value="7")
    act(client, ids["a2"], action="merge", other_id=ids["a3"])
    act(client, ids["a6"], action="accept")
    found = {e.event_id: e for e in store.events()}
    assert ids["a4"] not in found and ids["a3"] not in found
    assert found[ids["a1"]].event.fatalities == 7 and found[ids["a1"]].review.state == "edited"
    assert found[ids["a6"]].review.state == "accepted" and found[ids["a2"]].review.state == "unreviewed"
    everything = {e.event_id: e for e in store.events(EventQuery(include_rejected=True))}
    assert everything[ids["a4"]].review.state == "rejected" and ids["a3"] not in everything
    assert store.count_events() == len(found) and store.count_events(EventQuery(include_rejected=True)) == len(everything)
    assert store.get_event(ids["a4"]).review.state == "rejected"
    assert store.get_event(ids["a1"]).event.fatalities == 7


def test_filters_read_reviewed_values_and_pages_keep_the_order(reviewed):
    store, client, ids = reviewed
    act(client, ids["a4"], action="edit", field="country", value="Syria")
    act(client, ids["a4"], action="edit", field="event_date", value="2024-02-01")
    act(client, ids["a3"], action="edit", field="actor1", value="Jaysh al-Izza")
    syria = [e.event_id for e in store.events(EventQuery(country="Syria"))]
    assert ids["a4"] in syria and ids["a4"] not in [e.event_id for e in store.events(EventQuery(country="Iraq"))]
    assert syria[0] == ids["a4"]  # its reviewed date is the earliest
    assert [e.event_id for e in store.events(EventQuery(actor="izza"))] == [ids["a3"]]
    assert [e.event_id for e in store.events(EventQuery(actor="Syrian Democratic"))] == [ids["a6"]]  # a3's was edited
    assert store.count_events(EventQuery(country="Syria")) == len(syria)
    every = [e.event_id for e in store.events()]
    paged = [e.event_id for n in range(0, len(every), 2) for e in store.events(EventQuery(limit=2, offset=n))]
    assert paged == every


def test_cli_events_agrees_with_the_web_export(reviewed, store_url):
    _store, client, ids = reviewed
    act(client, ids["a4"], action="reject")
    act(client, ids["a1"], action="edit", field="actor2", value="Jaysh al-Izza")
    act(client, ids["a1"], action="edit", field="fatalities", value="7")
    act(client, ids["a2"], action="merge", other_id=ids["a3"])
    web = by_id(client.get("/api/export", params={"format": "jsonl"}).text)
    mine = by_id(cli_events(store_url))
    assert set(mine) == set(web) and ids["a4"] not in mine and ids["a3"] not in mine
    for event_id, record in web.items():
        for key in ("event_date", "event_type", "actor1", "actor2", "country", "fatalities", "review"):
            assert mine[event_id][key] == record[key], (event_id, key)
    assert mine[ids["a1"]]["review"] == {"state": "edited", "edited": ["actor2", "fatalities"], "merged_into": ""}
    assert ids["a4"] in by_id(cli_events(store_url, "--include-rejected"))
    rows = {r["event_id"]: r for r in csv.DictReader(io.StringIO(cli_events(store_url, "--format", "csv")))}
    assert (rows[ids["a1"]]["review_state"], rows[ids["a1"]]["reviewed_fields"]) == ("edited", "actor2; fatalities")
    assert rows[ids["a2"]]["review_state"] == "unreviewed"


def test_a_store_the_web_app_never_opened_has_no_reviews(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    ids = seed(store)
    assert [e.review.state for e in store.events()] == ["unreviewed"] * 5 and store.get_event(ids["a1"]).review == Review()
    store.close()
