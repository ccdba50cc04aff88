"""/api: events with every filter and pagination, downloads, map points, timeline, facets, actors, relations,
framing, articles and ingest (through the store, with a fake pipeline)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from web_helpers import AUTH, GOV, HTS, SDF


def ids_of(client, **params):
    r = client.get("/api/events", params={**params, "limit": 500})
    assert r.status_code == 200, r.text
    return {e["event_id"] for e in r.json()["rows"]}


def test_events_page(web_client):
    data = web_client.get("/api/events").json()
    assert data["ok"] and data["total"] == 5  # a1 and a5 are one event
    clash = next(e for e in data["rows"] if e["event_id"] == web_client.ids["a1"])
    assert clash["corroboration"] == 2 and {s["doc_id"] for s in clash["sources"]} == {"a1", "a5"}
    assert clash["review"] == {"state": "unreviewed", "edited": [], "merged_into": ""}
    dates = [e["event_date"] for e in data["rows"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("params,docs", [
    ({"country": "Iraq"}, {"a4"}),
    ({"country": "Syria", "admin1": "Raqqa"}, {"a3"}),
    ({"since": "2024-03-06", "until": "2024-03-07"}, {"a3", "a4", "a6"}),
    ({"event_type": "Battles"}, {"a1"}),
    ({"sub_event_type": "Shelling/artillery/missile attack"}, {"a2"}),
    ({"actor": SDF.name}, {"a3", "a6"}),
    ({"min_confidence": "0.7"}, {"a1", "a2", "a3", "a4", "a6"}),
    ({"max_confidence": "0.5"}, set()),
    ({"review": "unreviewed"}, {"a1", "a2", "a3", "a4", "a6"}),
    ({"review": "accepted"}, set()),
])
def test_filters(web_client, params, docs):
    assert ids_of(web_client, **params) == {web_client.ids[d] for d in docs}


def test_pagination(web_client):
    first = web_client.get("/api/events?limit=2").json()
    second = web_client.get("/api/events?limit=2&offset=2").json()
    assert first["total"] == second["total"] == 5
    assert len(first["rows"]) == 2 and not {e["event_id"] for e in first["rows"]} & {e["event_id"] for e in second["rows"]}


def test_bad_filters(web_client):
    assert web_client.get("/api/events?min_confidence=2").status_code == 400
    assert web_client.get("/api/events?review=maybe").status_code == 400


def test_downloads(web_client):
    rows = list(csv.DictReader(io.StringIO(web_client.get("/api/events?format=csv").text)))
    assert len(rows) == 5 and "review_state" in rows[0]
    acled = list(csv.DictReader(io.StringIO(web_client.get("/api/export?format=acled&country=Syria").text)))
    assert len(acled) == 3 and "review_state" not in acled[0]  # the accusation has no ACLED row
    lines = web_client.get("/api/export?format=jsonl").text.splitlines()
    assert len(lines) == 5 and json.loads(lines[0])["event_id"]
    geo = web_client.get("/api/export?format=geojson").json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 5
    assert sum(f["geometry"] is None for f in geo["features"]) == 1
    r = web_client.get("/api/export?format=parquet")
    assert r.headers["content-type"] == "application/vnd.apache.parquet" and r.content[:4] == b"PAR1"
    assert "attachment" in r.headers["content-disposition"]


def test_points_timeline_facets(web_client):
    points = web_client.get("/api/points?country=Syria").json()
    assert {p[0] for p in points["points"]} == {web_client.ids[d] for d in ("a1", "a2", "a3")}
    assert not points["truncated"] and all(len(p) == 4 for p in points["points"])
    days = web_client.get("/api/timeline").json()["days"]
    assert {"day": "2024-03-06", "event_type": "Protests", "count": 1} in days
    assert any(d["event_type"] == "(PLOVER only)" for d in days)
    facets = web_client.get("/api/facets?country=Syria").json()
    assert {"name": "Iraq", "count": 1} in facets["countries"]
    assert facets["admin1"] == ["Idlib", "Raqqa"]  # admin-1 units of coded points (Aleppo has none)
    assert "Armed clash" in facets["event_types"]["Battles"]


def test_event_detail(web_client):
    detail = web_client.get(f"/api/events/{web_client.ids['a1']}").json()
    assert detail["corroboration"] == 2 and len(detail["reports"]) == 2
    report = detail["reports"][0]
    assert report["text"].startswith("Government troops clashed") and report["publisher"] == "Outlet A"
    assert {e["field"] for e in report["evidence"]} >= {"trigger", "location"}
    assert len(detail["store_merges"]) == 1 and detail["store_merges"][0]["undone_at"] == ""


def test_actors_and_relations(web_client):
    actors = {a["name"]: a for a in web_client.get("/api/actors").json()["actors"]}
    assert actors[HTS.name]["events"] == 3 and actors[GOV.name]["events"] == 2
    assert actors[HTS.name]["first"] == "2024-03-04" and actors[HTS.name]["last"] == "2024-03-09"
    assert [a["name"] for a in web_client.get("/api/actors?q=sdf").json()["actors"]] == [SDF.name]
    rel = web_client.get("/api/relations", params={"actor": HTS.name}).json()
    edges = {(e["other"], e["relation"]): e for e in rel["edges"]}
    assert set(edges) == {(GOV.name, "fought"), (GOV.name, "attacked"), (SDF.name, "accused")}
    assert rel["months"] == [{"month": "2024-03", "relation": r, "count": 1} for r in ("accused", "attacked", "fought")]
    ranged = web_client.get("/api/relations", params={"actor": HTS.name, "until": "2024-03-05"}).json()
    assert [(e["other"], e["relation"]) for e in ranged["edges"]] == [(GOV.name, "fought")]
    assert web_client.get("/api/relations").status_code == 422


def test_relations_of_defections_and_alliances():
    from conflictlens.web.actors import relations_of

    defect = {"actor1": "A", "actor2": "B", "event_type": "Strategic developments",
              "sub_event_type": "Change to group/activity", "evidence": [{"field": "trigger", "text": "defected"}],
              "assoc_actor_1": "C"}
    assert set(relations_of(defect)) == {("A", "B", "defected"), ("A", "C", "allied"), ("C", "A", "allied")}


def test_framing(web_client):
    labels = web_client.get("/api/framing").json()["labels"]
    assert labels == [{"outlet": "Outlet C", "actor": HTS.name, "label": "terrorists", "category": "delegitimising",
                       "articles": 1}]
    assert web_client.get("/api/framing?outlet=Outlet A").json()["labels"] == []


def test_ingest_paste_upload_and_failures(web_client):
    r = web_client.post("/api/ingest", json={"text": "Crowds protested in Baghdad.", "publisher": "Outlet D",
                                             "published": "2024-03-10", "title": "Pasted"}, headers=AUTH)
    assert r.status_code == 200 and r.json()["articles"] == 1 and r.json()["events"] == 1
    again = web_client.post("/api/ingest", json={"text": "Crowds protested in Baghdad.", "title": "Pasted"},
                            headers=AUTH).json()
    assert again["already_stored"] == 1 and again["articles"] == 0
    jsonl = b'{"id": "j1", "text": "A protest in Baghdad today."}\n{"id": "j2", "text": "FAIL to code"}\nnot json\n'
    up = web_client.post("/api/ingest/upload?name=batch.jsonl", content=jsonl, headers=AUTH).json()
    assert (up["articles"], up["failed"]) == (1, 2)
    failed = web_client.get("/api/articles?status=failed").json()
    assert failed["total"] == 1 and "could not code" in failed["rows"][0]["error"]  # unreadable lines are not stored
    assert web_client.get("/api/articles").json()["counts"] == {"ok": 8, "failed": 1}
    assert "text" not in web_client.get("/api/articles").json()["rows"][0]


@pytest.mark.model
def test_upload_codes_with_the_real_pipeline(web_store, pipeline):
    """The sample report uploaded through the API is coded by the real pipeline and stored with its evidence."""
    from fastapi.testclient import TestClient
    from web_helpers import TOKEN

    from conflictlens.cli.base import sample_path
    from conflictlens.web import create_app

    client = TestClient(create_app(web_store, token=TOKEN, pipeline=pipeline))
    r = client.post("/api/ingest/upload?name=sample.txt&published=2024-03-12&publisher=Sample", headers=AUTH,
                    content=sample_path().read_bytes())
    assert r.status_code == 200 and r.json()["articles"] == 1 and r.json()["events"] >= 2, r.text
    yemen = client.get("/api/events?country=Yemen").json()["rows"]
    assert yemen and all(e["sources"][0]["publisher"] == "Sample" for e in yemen)
    detail = client.get(f"/api/events/{yemen[0]['event_id']}").json()
    assert detail["reports"][0]["evidence"] and "Marib" in detail["reports"][0]["text"].replace("Ma'rib", "Marib")
