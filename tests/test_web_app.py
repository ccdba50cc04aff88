"""The app shell: security (token, read-only, body limit, headers, escaping), errors, static assets, OpenAPI."""

from __future__ import annotations

import pytest
from web_helpers import AUTH, HOSTILE, TOKEN

from conflictlens.web import create_app
from conflictlens.web.security import load_token, token_matches

WRITES = [
    ("/api/events/{a1}/review", {"action": "accept"}),
    ("/api/ingest", {"text": "Protesters marched in Baghdad."}),
    ("/api/token", {}),
]


@pytest.mark.parametrize("path,body", WRITES)
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                                     {"Authorization": "Basic " + TOKEN}])
def test_no_write_without_the_token(web_client, path, body, headers):
    r = web_client.post(path.format(a1=web_client.ids["a1"]), json=body, headers=headers)
    assert r.status_code == 401
    assert r.json()["ok"] is False and "token" in r.json()["error"].lower()
    log = web_client.get("/api/review-log").json()["log"]
    assert log == []
    assert web_client.get("/api/articles").json()["total"] == 6


def test_upload_needs_the_token(web_client):
    r = web_client.post("/api/ingest/upload?name=x.txt", content=b"Protesters marched in Baghdad.")
    assert r.status_code == 401
    assert web_client.get("/api/articles").json()["total"] == 6


def test_token_is_accepted(web_client):
    assert web_client.post("/api/token", headers=AUTH).json() == {"ok": True, "read_only": False}


def test_read_only_refuses_writes_even_with_the_token(web_store):
    from fastapi.testclient import TestClient

    client = TestClient(create_app(web_store, token=TOKEN, read_only=True))
    r = client.post(f"/api/events/{web_store.ids['a1']}/review", json={"action": "accept"}, headers=AUTH)
    assert r.status_code == 403 and r.json() == {"ok": False, "error": "this server is read-only (--read-only)"}
    assert client.get("/events").status_code == 200
    assert 'id="accept"' not in client.get(f"/events/{web_store.ids['a1']}").text


def test_token_generated_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("CONFLICTLENS_TOKEN", raising=False)
    token, where = load_token(tmp_path)
    assert len(token) >= 32 and where == str(tmp_path / "token")
    assert (tmp_path / "token").stat().st_mode & 0o777 == 0o600
    assert load_token(tmp_path)[0] == token
    monkeypatch.setenv("CONFLICTLENS_TOKEN", "from-env")
    assert load_token(tmp_path) == ("from-env", "env")


def test_token_comparison():
    assert token_matches("Bearer abc", "abc") and token_matches("bearer abc", "abc")
    assert not token_matches("Bearer abd", "abc") and not token_matches(None, "abc") and not token_matches("Bearer ", "")


def test_body_limit(web_store):
    from fastapi.testclient import TestClient

    client = TestClient(create_app(web_store, token=TOKEN, max_body=1000))
    r = client.post("/api/ingest", json={"text": "x" * 5000}, headers=AUTH)
    assert r.status_code == 413 and r.json()["ok"] is False


def test_article_script_renders_inert(web_client):
    page = web_client.get(f"/events/{web_client.ids['a2']}").text
    assert HOSTILE not in page
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert "<script" not in page.replace('<script src="/static/', "").replace('<script type="application/json"', "")


def test_security_headers(web_client):
    r = web_client.get("/events")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp and "unsafe-eval" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_tile_url_is_opt_in(web_store):
    from fastapi.testclient import TestClient

    plain = TestClient(create_app(web_store, token=TOKEN)).get("/events")
    assert "tile.example" not in plain.headers["content-security-policy"]
    tiles = TestClient(create_app(web_store, token=TOKEN, tile_url="https://{s}.tile.example.org/{z}/{x}/{y}.png"))
    r = tiles.get("/events")
    assert "https://*.tile.example.org" in r.headers["content-security-policy"]
    assert 'data-tile-url="https://{s}.tile.example.org/{z}/{x}/{y}.png"' in r.text


def test_errors_are_json(web_client):
    assert web_client.get("/api/events/cle-nope").json() == {"ok": False, "error": "no event 'cle-nope'"}
    assert web_client.get("/api/events/cle-nope").status_code == 404
    r = web_client.get("/api/events?limit=100000")
    assert r.status_code == 422 and r.json()["ok"] is False
    assert web_client.get("/api/events?since=yesterday").json() == {"ok": False, "error": "since must be a date, YYYY-MM-DD"}
    assert web_client.get("/api/nothing").json()["ok"] is False
    html = web_client.get("/events/cle-nope", headers={"accept": "text/html"})
    assert html.status_code == 404 and "no event" in html.text


def test_no_file_read_by_user_path(web_client):
    for path in ("/static/../web/app.py", "/static/..%2F..%2Fpipeline.py", "/static/%2e%2e/app.py"):
        r = web_client.get(path)
        assert r.status_code == 404, path
    spec = web_client.get("/openapi.json").json()
    params = [p["name"] for ops in spec["paths"].values() for op in ops.values() for p in op.get("parameters", [])]
    assert not {"path", "file", "filename"} & set(params)


def test_vendored_assets_served_with_licences(web_client):
    for path in ("vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css", "vendor/leaflet/LICENSE",
                 "vendor/leaflet.markercluster/leaflet.markercluster.js", "vendor/leaflet.markercluster/LICENSE",
                 "vendor/topojson-client/topojson-client.min.js", "vendor/topojson-client/LICENSE",
                 "vendor/world-atlas/countries-50m.json", "vendor/world-atlas/LICENSE", "app.js", "events.js"):
        assert web_client.get("/static/" + path).status_code == 200, path


def test_pages_load_nothing_from_the_network(web_client):
    import re

    for path in ("/events", f"/events/{web_client.ids['a1']}", "/actors", "/articles", "/framing", "/api/docs",
                 "/actor?name=HTS: Hayat Tahrir al Sham", "/review-log"):
        html = web_client.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', html.replace('href="https://example.org/', "")), path


def test_openapi(web_client):
    spec = web_client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/events/{event_id}/review", "/api/actors",
                 "/api/relations", "/api/articles", "/api/ingest", "/api/ingest/upload", "/api/export",
                 "/api/framing", "/api/review-log", "/api/points", "/api/timeline", "/api/facets"):
        assert path in spec["paths"], path
    assert "/api/events" in web_client.get("/api/docs").text
