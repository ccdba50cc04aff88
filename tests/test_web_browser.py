"""A real browser on the real server: Playwright for Python driving Debian's chromium (no browser download).

Opens the map, filters by country, opens an event, sees its evidence highlighted, accepts it (the review loop:
two clicks once the token is saved), and saves screenshots. Skipped when chromium or Playwright is absent.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from web_helpers import TOKEN, FakePipeline, seed

CHROMIUM = os.environ.get("CONFLICTLENS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(tmp_path):
    import uvicorn

    from conflictlens.store import open_store
    from conflictlens.web import create_app

    store = open_store(str(tmp_path / "browser.sqlite3"))
    ids = seed(store)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, token=TOKEN, pipeline=FakePipeline()),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids, store
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


def test_map_filter_event_evidence_accept(live_server, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    base, ids, store = live_server
    outside: list[str] = []
    shots = Path(os.environ.get("CONFLICTLENS_SCREENSHOTS") or tmp_path)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.on("request", lambda req: None if req.url.startswith(base) or req.url.startswith("data:")
                else outside.append(req.url))
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + "/events")
        page.wait_for_selector("#map[data-points='4']", state="attached", timeout=15000)
        page.wait_for_selector("#timeline rect", state="attached", timeout=15000)
        page.wait_for_selector("#map[data-basemap]", state="attached", timeout=15000)  # the shipped country layer
        assert int(page.get_attribute("#map", "data-basemap")) > 200

        page.fill("#token-input", TOKEN)
        page.click("#token-save")
        page.wait_for_selector("#token-state:has-text('token saved')", timeout=10000)

        page.select_option("#f-country", "Syria")
        page.click("#apply-filters")
        page.wait_for_url("**country=Syria**")
        page.wait_for_selector("#map[data-points='3']", state="attached", timeout=15000)
        assert page.locator("a.event-link").count() == 4
        box = page.locator("#timeline").bounding_box()  # brush 4-5 March (of 4-9 March): only the clash remains
        bar = (box["width"] - 36) / 6
        page.mouse.move(box["x"] + 19, box["y"] + 40)
        page.mouse.down()
        page.mouse.move(box["x"] + 18 + 1.5 * bar, box["y"] + 40, steps=5)
        page.mouse.up()
        page.wait_for_selector("#map[data-points='1']", state="attached", timeout=15000)
        assert "2024-03-04 to 2024-03-05" in page.inner_text("#brush-note")
        page.screenshot(path=str(shots / "web-events.png"), full_page=True)

        clicks = 0
        page.click(f"a.event-link[href='/events/{ids['a1']}']")
        clicks += 1
        page.wait_for_selector("mark.ev-trigger")
        assert page.locator("mark.ev-trigger").first.inner_text() == "clashed"
        assert page.locator("mark.ev-location").first.is_visible()
        page.click("#accept")
        clicks += 1
        page.wait_for_selector("#review-state:has-text('accepted')", timeout=10000)
        page.screenshot(path=str(shots / "web-event.png"), full_page=True)
        assert clicks <= 3
        browser.close()
    assert errors == []
    assert outside == []  # fully offline: nothing but this server was asked for anything
    assert (shots / "web-event.png").stat().st_size > 10_000
    log = store.review_log(event_id=ids["a1"])
    assert [(e.action, e.new_value) for e in log] == [("accept", '"accepted"')]
