"""Web app speed on a large store: /api/events filtered pages (p50/p95) and the map page load, at 100,000 events.

The dataset is written straight into the store's tables (articles, reports, events, event_actors) from a few
hundred hand-built events varied in date, place, actors and confidence, so building it takes seconds instead of
the hours that coding 100,000 articles would; de-duplication is not exercised here (the store's own bench does).
About 2 % of events carry a review (accepted, edited, rejected).

    python bench/web_bench.py                       # 100,000 events in bench/out/web_bench.sqlite3
    python bench/web_bench.py --events 20000 --markdown
    python bench/web_bench.py --no-browser          # skip the map page timing (needs Debian's chromium)

API latency is measured in-process (Starlette's TestClient: routing, validation, SQL and JSON, no sockets);
the map page is loaded by headless chromium from a real uvicorn server on the loopback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
try:
    import conflictlens  # noqa: F401
except ImportError:
    sys.path.insert(0, str(ROOT / "src"))

import sqlalchemy as sa  # noqa: E402

from conflictlens.model import Actor, ActorType, Event, Evidence, Place, SourceClaim  # noqa: E402
from conflictlens.store import open_store  # noqa: E402
from conflictlens.store import schema as s  # noqa: E402
from conflictlens.store.codec import dumps, event_to_json  # noqa: E402

TOKEN = "bench-token"
COUNTRIES = {
    "Syria": ("SY", 760, [("Idlib", 35.93, 36.63), ("Aleppo", 36.2, 37.16), ("Hama", 35.13, 36.75), ("Raqqa", 35.95, 39.01)]),
    "Yemen": ("YE", 887, [("Marib", 15.46, 45.33), ("Taizz", 13.58, 44.02), ("Al Hudaydah", 14.8, 42.95)]),
    "Nigeria": ("NG", 566, [("Borno", 11.85, 13.16), ("Zamfara", 12.17, 6.25), ("Kaduna", 10.52, 7.44)]),
    "Ukraine": ("UA", 804, [("Donetsk", 48.0, 37.8), ("Kharkiv", 49.99, 36.23), ("Zaporizhzhia", 47.84, 35.14)]),
    "Mali": ("ML", 466, [("Mopti", 14.49, -4.2), ("Gao", 16.27, -0.04), ("Segou", 13.43, -6.26)]),
    "Sudan": ("SD", 729, [("Khartoum", 15.5, 32.56), ("North Darfur", 13.63, 25.35)]),
}
TYPES = [
    ("Battles", "Armed clash", "ASSAULT", "clashed"), ("Explosions/Remote violence", "Air/drone strike", "ASSAULT", "struck"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT", "shelled"),
    ("Violence against civilians", "Attack", "ASSAULT", "attacked"), ("Protests", "Peaceful protest", "PROTEST", "protested"),
    ("Riots", "Mob violence", "ASSAULT", "rioted"), ("Strategic developments", "Looting/property destruction", "COERCE", "looted"),
    ("", "", "ACCUSE", "accused"),
]
TEXT = ("{a1} {verb} {a2} in {town}, {admin1}, on {day}, killing {n} people, local sources said. The fighting "
        "followed days of tension in the area, residents told the outlet.")


def _actors(country: str) -> list[Actor]:
    code = COUNTRIES[country][0]
    return [Actor(f"Military Forces of {country}", ActorType.STATE, code), Actor(f"Police Forces of {country}", ActorType.STATE, code),
            *[Actor(f"Rebel Group {i} ({country})", ActorType.REBEL, code) for i in range(1, 9)],
            *[Actor(f"Militia {i} ({country})", ActorType.POLITICAL_MILITIA, code) for i in range(1, 6)],
            Actor(f"Civilians ({country})", ActorType.CIVILIANS, code)]


def build(path: Path, n_events: int, seed: int = 7) -> None:
    """Write ``n_events`` events (one article and one report each) into a new store at ``path``."""
    if path.exists():
        path.unlink()
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    store = open_store(str(path))
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    now = dt.datetime(2025, 1, 1)
    actors = {c: _actors(c) for c in COUNTRIES}
    batch: dict[str, list[dict]] = {"articles": [], "reports": [], "events": [], "event_actors": []}

    def flush(conn: sa.Connection) -> None:
        for name, rows in batch.items():
            if rows:
                conn.execute(s.metadata.tables[name].insert(), rows)
                rows.clear()

    with store.engine.begin() as conn:
        for i in range(n_events):
            country = rng.choice(list(COUNTRIES))
            code, iso, provinces = COUNTRIES[country]
            admin1, lat, lon = rng.choice(provinces)
            lat, lon = lat + rng.uniform(-0.6, 0.6), lon + rng.uniform(-0.6, 0.6)
            kind, sub, plover, verb = rng.choice(TYPES)
            a1, a2 = rng.sample(actors[country], 2)
            day = start + dt.timedelta(days=rng.randrange(730))
            town = f"Town {rng.randrange(300)}"
            deaths = rng.choice([0, 0, 0, 1, 2, 3, 5, 12])
            text = TEXT.format(a1=a1.name, verb=verb, a2=a2.name, town=town, admin1=admin1, day=day.isoformat(), n=deaths)
            place = Place(town, town, None, round(lat, 4), round(lon, 4), country, code, iso, admin1, geo_precision=1,
                          kind="populated_place", confidence=0.8)
            t0 = text.index(verb)
            event = Event(
                event_id=f"cle-{i:016x}", doc_id=f"doc-{i}", event_type=kind, sub_event_type=sub,
                disorder_type="Political violence", plover_event=plover, plover_mode="", event_date=day,
                time_precision=1, date_phrase=day.isoformat(), actor1=a1, actor2=a2, interaction=12, place=place,
                fatalities=deaths, source=SourceClaim(("Bench News", "local sources"), "Bench News; Local sources", "National"),
                notes=text[:120], confidence=round(rng.uniform(0.3, 0.98), 3), trigger=verb,
                evidence=(Evidence("trigger", t0, t0 + len(verb), verb, "bench"),
                          Evidence("actor1", 0, len(a1.name), a1.name, "bench")),
            )
            art = f"art-{i:032x}"
            record = event_to_json(event)
            batch["articles"].append(dict(id=art, doc_id=f"doc-{i}", url=f"https://example.org/{i}", publisher=f"Outlet {i % 40}",
                                          published=day, title=f"Report {i}", text=text, ingested_at=now, status="ok",
                                          error=None, run_id=None))
            batch["reports"].append(dict(id=f"rep-{i:016x}", article_id=art, event_id=event.event_id, seq=i + 1, pinned=False,
                                         record=record, created_at=now))
            batch["events"].append(dict(id=event.event_id, family="violence", event_type=kind, sub_event_type=sub,
                                        plover_event=plover, event_date=day, time_precision=1, country=country,
                                        country_code=code, admin1=admin1, latitude=place.latitude, longitude=place.longitude,
                                        geo_precision=1, fatalities=deaths, confidence=event.confidence, corroboration=1,
                                        record=record, sources=dumps([{"article_id": art, "doc_id": f"doc-{i}",
                                                                      "report_id": f"rep-{i:016x}", "publisher": f"Outlet {i % 40}",
                                                                      "url": "", "published": day.isoformat(), "title": ""}]),
                                        updated_at=now))
            batch["event_actors"] += [dict(event_id=event.event_id, role="actor1", name=a1.name),
                                      dict(event_id=event.event_id, role="actor2", name=a2.name)]
            if len(batch["events"]) >= 5000:
                flush(conn)
        flush(conn)
    from conflictlens.web.review import review
    from conflictlens.web.tables import attach

    attach(store.engine)
    with store.engine.begin() as conn:
        edits = [("fatalities", 1), ("event_type", "Battles"), ("country", "Syria"), ("event_date", "2024-06-01"),
                 ("actor1", "Rebel Group 3 (Syria)")]
        for i in rng.sample(range(n_events), n_events // 50):
            action = rng.choice(["accept", "accept", "reject", "edit"])
            field, value = rng.choice(edits) if action == "edit" else ("", None)
            review(conn, f"cle-{i:016x}", action, who="bench", field=field, value=value)
        conn.execute(sa.text("ANALYZE"))
    store.close()


QUERIES = [
    {},
    {"country": "Syria"},
    {"country": "Syria", "since": "2024-01-01", "until": "2024-03-31"},
    {"country": "Yemen", "admin1": "Marib"},
    {"event_type": "Battles"},
    {"sub_event_type": "Air/drone strike", "since": "2023-06-01", "until": "2023-12-31"},
    {"actor": "Rebel Group 3 (Syria)"},
    {"min_confidence": "0.9"},
    {"review": "accepted"},
    {"country": "Nigeria", "event_type": "Violence against civilians", "min_confidence": "0.5"},
    {"country": "Ukraine", "offset": "2000"},
    {"since": "2024-12-01", "until": "2024-12-31", "offset": "100"},
]


def measure_api(path: Path, rounds: int) -> dict:
    from fastapi.testclient import TestClient

    from conflictlens.web import create_app

    app = create_app(str(path), token=TOKEN)
    times: list[float] = []
    per_query: dict[str, list[float]] = {}
    with TestClient(app) as client:
        for params in QUERIES:  # warm the caches once
            client.get("/api/events", params=params)
        for _ in range(rounds):
            for params in QUERIES:
                t0 = time.perf_counter()
                r = client.get("/api/events", params={**params, "limit": 50})
                elapsed = (time.perf_counter() - t0) * 1000
                if r.status_code != 200:
                    raise SystemExit(f"{params}: {r.status_code} {r.text[:200]}")
                times.append(elapsed)
                per_query.setdefault(json.dumps(params), []).append(elapsed)
        extra = {}
        for name, url in (("points (Syria)", "/api/points?country=Syria"), ("timeline (Syria)", "/api/timeline?country=Syria"),
                          ("facets", "/api/facets"), ("events page HTML (Syria)", "/events?country=Syria")):
            samples = []
            for _ in range(5):
                t0 = time.perf_counter()
                client.get(url)
                samples.append((time.perf_counter() - t0) * 1000)
            extra[name] = statistics.median(samples)
    times.sort()
    return {"n": len(times), "p50": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))],
            "max": times[-1], "per_query": {k: statistics.median(v) for k, v in per_query.items()}, "other": extra}


def measure_map(path: Path) -> dict | None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    import uvicorn

    from conflictlens.web import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(path), token=TOKEN), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    results = {}
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=flags)
        for label, query in (("Syria, Q1 2024", "?country=Syria&since=2024-01-01&until=2024-03-31"),
                             ("Syria, all", "?country=Syria"), ("everything (20,000-point cap)", "")):
            samples = []
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.on("pageerror", lambda e: print("page error:", e, file=sys.stderr))
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/events{query}")
                page.wait_for_selector("#map[data-points]", state="attached", timeout=120000)
                page.wait_for_selector("#timeline rect", state="attached", timeout=120000)
                samples.append(time.perf_counter() - t0)
                points = page.get_attribute("#map", "data-points")
                page.close()
            results[label] = {"seconds": statistics.median(samples), "points": int(points or 0)}
        browser.close()
    server.should_exit = True
    return results


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the query set")
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "web_bench.sqlite3")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing --db instead of rebuilding it")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if not (args.reuse and args.db.exists()):
        build(args.db, args.events)
    built = time.perf_counter() - t0
    api = measure_api(args.db, args.rounds)
    page = None if args.no_browser else measure_map(args.db)
    size = sum(os.path.getsize(p) for p in (args.db, Path(str(args.db) + "-wal")) if p.exists()) / 1e6
    if not args.markdown:
        print(json.dumps({"events": args.events, "build_s": built, "db_mb": size, "api": api, "map": page}, indent=2))
        return
    print(f"Measured {dt.date.today()} at commit `{commit()}`, {args.events:,} events in SQLite ({size:.0f} MB, built in "
          f"{built:.0f} s), {os.cpu_count()} CPUs.\n")
    print(f"**`/api/events` filtered pages (50 rows): p50 {api['p50']:.1f} ms, p95 {api['p95']:.1f} ms, max "
          f"{api['max']:.1f} ms** over {api['n']} requests ({len(QUERIES)} filter sets × {args.rounds}).\n")
    print("| Filters | median ms |\n|---|---|")
    for query, ms in api["per_query"].items():
        print(f"| `{query}` | {ms:.1f} |")
    print("\n| Other request | median ms |\n|---|---|")
    for name, ms in api["other"].items():
        print(f"| {name} | {ms:.1f} |")
    if page:
        print("\n| Map page (chromium: load, points drawn, timeline drawn) | seconds | points |\n|---|---|---|")
        for label, r in page.items():
            print(f"| {label} | {r['seconds']:.2f} | {r['points']:,} |")


if __name__ == "__main__":
    main()
