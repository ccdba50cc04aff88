"""Review: accept, edit, reject, reopen, merge and split — each logged (who, when, before -> after) in the store's
review log — and the reviewed values winning in every export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from web_helpers import AUTH


def act(client, doc_or_id, **body):
    event_id = client.ids.get(doc_or_id, doc_or_id)
    r = client.post(f"/api/events/{event_id}/review", json={"who": "ana", **body}, headers=AUTH)
    return r


def exported(client, fmt="jsonl", **params):
    text = client.get("/api/export", params={"format": fmt, **params}).text
    if fmt == "jsonl":
        return {json.loads(line)["event_id"]: json.loads(line) for line in text.splitlines()}
    return {row["event_id"]: row for row in csv.DictReader(io.StringIO(text))}


def test_accept(web_client):
    r = act(web_client, "a1", action="accept")
    assert r.status_code == 200 and r.json()["event"]["review"]["state"] == "accepted"
    log = web_client.get(f"/api/events/{web_client.ids['a1']}/log").json()["log"]
    assert [(x["action"], x["who"], x["before"], x["after"]) for x in log] == [("accept", "ana", "unreviewed", "accepted")]
    assert log[0]["at"]
    assert exported(web_client, "csv")[web_client.ids["a1"]]["review_state"] == "accepted"
    assert {e["event_id"] for e in web_client.get("/api/events?review=accepted").json()["rows"]} == {web_client.ids["a1"]}


def test_edit_wins_in_every_export(web_client):
    a1 = web_client.ids["a1"]
    assert act(web_client, "a1", action="edit", field="fatalities", value="7").status_code == 200
    assert act(web_client, "a1", action="edit", field="actor2", value="Jaysh al-Izza").status_code == 200
    assert act(web_client, "a1", action="edit", field="event_date", value="2024-03-03").status_code == 200
    record = exported(web_client)[a1]
    assert (record["fatalities"], record["actor2"], record["event_date"], record["year"]) == (7, "Jaysh al-Izza", "2024-03-03", 2024)
    assert record["review"] == {"state": "edited", "edited": ["actor2", "event_date", "fatalities"], "merged_into": ""}
    row = exported(web_client, "acled")[a1]
    assert (row["fatalities"], row["actor2"], row["event_date"]) == ("7", "Jaysh al-Izza", "2024-03-03")
    feature = next(f for f in web_client.get("/api/export?format=geojson").json()["features"] if f["id"] == a1)
    assert feature["properties"]["fatalities"] == 7 and feature["properties"]["review_state"] == "edited"
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(web_client.get("/api/export?format=parquet").content)).to_pylist()
    assert next(r for r in table if r["event_id"] == a1)["fatalities"] == 7
    page = web_client.get(f"/events/{a1}").text
    assert "Jaysh al-Izza" in page and "(was HTS: Hayat Tahrir al Sham)" in page
    detail = web_client.get(f"/api/events/{a1}").json()
    assert detail["machine"]["fatalities"] == 3  # the store's record is untouched
    edits = [(x["field"], x["before"], x["after"]) for x in detail["log"]]
    assert ("fatalities", 3, 7) in edits and ("actor2", "HTS: Hayat Tahrir al Sham", "Jaysh al-Izza") in edits
    assert act(web_client, "a1", action="accept").json()["event"]["review"]["state"] == "edited"


@pytest.mark.parametrize("field,value,message", [
    ("fatalities", "-1", "negative"), ("fatalities", "many", "whole number"), ("event_date", "March", "YYYY-MM-DD"),
    ("latitude", "91", "within"), ("event_type", "Skirmish", "unknown ACLED event type"),
    ("record", "x", "cannot be edited"), ("sub_event_type", "Brawl", "unknown ACLED sub-event type"),
])
def test_bad_edits_refused(web_client, field, value, message):
    r = act(web_client, "a1", action="edit", field=field, value=value)
    assert r.status_code == 400 and message in r.json()["error"]
    assert web_client.get("/api/review-log").json()["log"] == []


def test_reject_drops_from_exports_and_reopen_restores(web_client):
    a4 = web_client.ids["a4"]
    act(web_client, "a4", action="reject")
    assert a4 not in exported(web_client) and a4 not in exported(web_client, "csv")
    assert a4 in {e["event_id"] for e in web_client.get("/api/events").json()["rows"]}  # still listed for review
    assert web_client.get("/api/events?review=rejected").json()["total"] == 1
    act(web_client, "a4", action="reopen")
    assert exported(web_client)[a4]["review"]["state"] == "unreviewed"


def test_merge_and_split(web_client):
    a2, a3 = web_client.ids["a2"], web_client.ids["a3"]
    assert act(web_client, "a2", action="merge", other_id=a3).status_code == 200
    assert a3 not in exported(web_client) and a3 not in {e["event_id"] for e in web_client.get("/api/events").json()["rows"]}
    detail = web_client.get(f"/api/events/{a2}").json()
    assert detail["merged"] == [a3] and {r["doc_id"] for r in detail["reports"]} == {"a2", "a3"}
    assert web_client.get(f"/api/events/{a3}").json()["event"]["review"]["merged_into"] == a2
    assert act(web_client, "a3", action="merge", other_id=a2).status_code == 400  # a3 is itself merged
    assert act(web_client, "a2", action="merge", other_id=a2).status_code == 400
    assert act(web_client, "a2", action="split", other_id=a3).status_code == 200
    assert a3 in exported(web_client)
    assert act(web_client, "a2", action="split", other_id=a3).status_code == 400
    actions = [x["action"] for x in web_client.get("/api/review-log").json()["log"]]
    assert actions == ["split", "split", "merge", "merge"]


def test_split_a_report_the_store_merged(web_client, web_store):
    a1 = web_client.ids["a1"]
    merge_id = web_client.get(f"/api/events/{a1}").json()["store_merges"][0]["merge_id"]
    r = act(web_client, "a1", action="split", merge_id=merge_id)
    assert r.status_code == 200
    assert web_client.get("/api/events").json()["total"] == 6
    split = [e for e in web_store.events() if any(s.doc_id == "a5" for s in e.sources)][0]
    assert split.event_id != a1
    assert [x["action"] for x in web_client.get(f"/api/events/{split.event_id}/log").json()["log"]] == ["split"]
    assert act(web_client, "a1", action="split", merge_id=merge_id).status_code == 400


def test_unknown_event_and_action(web_client):
    assert act(web_client, "cle-none", action="accept").status_code == 404
    assert act(web_client, "a1", action="approve").status_code == 422


def test_reviewed_values_win_in_filters_map_and_timeline(web_client):
    a4, a3 = web_client.ids["a4"], web_client.ids["a3"]
    act(web_client, "a4", action="edit", field="country", value="Syria")
    act(web_client, "a4", action="edit", field="event_date", value="2024-02-01")
    act(web_client, "a4", action="edit", field="latitude", value="36.0")
    act(web_client, "a3", action="edit", field="actor1", value="Jaysh al-Izza")
    assert a4 in ids(web_client, country="Syria") and a4 not in ids(web_client, country="Iraq")
    assert a4 in ids(web_client, until="2024-02-15") and a4 not in ids(web_client, since="2024-03-01")
    assert a4 not in ids(web_client, country="Syria", review="accepted")  # the other filters still apply
    assert a3 in ids(web_client, actor="Jaysh al-Izza") and a3 not in ids(web_client, actor="SDF: Syrian Democratic Forces")
    assert web_client.get("/api/events?country=Syria").json()["total"] == 5
    point = next(p for p in web_client.get("/api/points").json()["points"] if p[0] == a4)
    assert point[1] == 36.0
    days = web_client.get("/api/timeline?country=Syria").json()["days"]
    assert {"day": "2024-02-01", "event_type": "Protests", "count": 1} in days
    assert not any(d["day"] == "2024-03-06" and d["event_type"] == "Protests" for d in days)
    assert a4 in exported(web_client, country="Syria")


def ids(client, **params):
    return {e["event_id"] for e in client.get("/api/events", params={**params, "limit": 500}).json()["rows"]}
