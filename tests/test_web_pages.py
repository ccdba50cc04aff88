"""Pages and their JSON twins (datasette's manner), evidence highlighting, and the serve command."""

from __future__ import annotations

import pytest
from web_helpers import HTS

from conflictlens.web.highlight import Segment, segments

TWINS = ["/events", "/actors", "/articles", "/framing", "/review-log"]


@pytest.mark.parametrize("path", TWINS)
def test_every_page_has_a_json_twin(web_client, path):
    page = web_client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'href="{path}.json"' in page.text
    twin = web_client.get(path + ".json")
    assert twin.status_code == 200 and twin.json()["ok"] is True


def test_events_page(web_client):
    html = web_client.get("/events?country=Syria").text
    assert 'id="map"' in html and 'id="timeline"' in html
    assert html.count('class="event-link"') == 4
    assert '<option value="Syria" selected>' in html
    assert "/api/export?format=csv&amp;country=Syria" in html
    twin = web_client.get("/events.json?country=Syria").json()
    assert twin["total"] == 4 and twin["filters"] == {"country": "Syria"} and twin["facets"]["admin1"]
    assert web_client.get("/events?since=nonsense").status_code == 400


def test_event_page_highlights_evidence_in_each_report(web_client):
    a1 = web_client.ids["a1"]
    html = web_client.get(f"/events/{a1}").text
    assert '<mark class="ev ev-trigger" title="trigger">clashed</mark>' in html
    assert '<mark class="ev ev-location" title="location">Sarmin</mark>' in html
    assert html.count('<section class="report"') == 2
    assert "Outlet A" in html and "Outlet C" in html and 'id="accept"' in html
    twin = web_client.get(f"/events/{a1}.json").json()
    assert twin["event"]["event_id"] == a1 and len(twin["reports"]) == 2


def test_actor_page(web_client):
    html = web_client.get("/actor", params={"name": HTS.name}).text
    assert 'id="graph"' in html and "fought" in html and "accused" in html
    twin = web_client.get("/actor.json", params={"name": HTS.name}).json()
    assert twin["actor"] == HTS.name and len(twin["edges"]) == 3
    assert web_client.get("/actor").status_code == 400
    actors = web_client.get("/actors").text
    assert "/actor?name=HTS%3A%20Hayat%20Tahrir%20al%20Sham" in actors


def test_articles_and_framing_pages(web_client):
    html = web_client.get("/articles").text
    assert "Report a1" in html and 'id="paste-form"' in html and 'id="upload-form"' in html
    assert web_client.get("/articles?status=bogus").status_code == 400
    assert "terrorists" in web_client.get("/framing").text


def test_segments_cut_at_every_boundary():
    text = "HTS shelled Sarmin"
    spans = [{"field": "actor1", "start": 0, "end": 3}, {"field": "trigger", "start": 4, "end": 11},
             {"field": "location", "start": 12, "end": 18}, {"field": "event_date", "start": 4, "end": 18},
             {"field": "bad", "start": 10, "end": 99}]
    assert segments(text, spans) == [
        Segment("HTS", ("actor1",)), Segment(" ", ()), Segment("shelled", ("event_date", "trigger")),
        Segment(" ", ("event_date",)), Segment("Sarmin", ("event_date", "location")),
    ]
    assert segments("plain", []) == [Segment("plain", ())]
    assert Segment("x", ("event_date",)).css == "ev-event-date"


def test_serve_command_help():
    from click.testing import CliRunner

    from conflictlens.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--read-only", "--tile-url"):
        assert option in result.output
    assert "127.0.0.1" in result.output


def test_serve_starts_on_loopback(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from conflictlens.cli import cli

    seen = {}
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    monkeypatch.setenv("CONFLICTLENS_TOKEN", "t0k")
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "s.sqlite3"), "--read-only"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000 and seen["app"].state.web.read_only
    assert "read-only" in result.output
    from fastapi.testclient import TestClient

    client = TestClient(seen["app"], base_url="http://127.0.0.1:8000")
    assert client.get("/events").status_code == 200
    assert client.get("/events", headers={"host": "attacker.example:8000"}).status_code == 400  # DNS rebinding
