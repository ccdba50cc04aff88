"""The event store: ingest speed and overhead, store size, export time, de-duplication quality.

1. **Ingest overhead**: our own reports (tests/golden, tests/golden_holdout, tests/store_suite) go through
   ``conflictlens.store.ingest.ingest`` — the pipeline and the store — into SQLite and PostgreSQL; the store's share
   is its time over the extraction time.
2. **Ingest at scale** (``--articles``, default 5000): the same reports' extracted events, extracted once, are
   stored again as new articles (each text made unique, dates shifted by a week per round so rounds stay
   apart), through ``store.add_article`` (de-duplication included): articles/s and store size.
3. **Export**: ``--export-events`` (default 100,000) synthetic events written straight into the events table,
   then read back and serialised through ``store.events`` and ``serialize.write_events`` (JSONL and CSV).
4. **De-duplication suite** (tests/store_suite): pairwise precision/recall, file order and reversed.

    python bench/store_bench.py [--pg postgresql://...] [--articles 5000] [--export-events 100000] [--markdown]

Without ``--pg`` (or ``CONFLICTLENS_TEST_PG``) only SQLite is measured.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
try:
    import conflictlens  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "store_suite"))

from conflictlens.ingest import InputItem, read_inputs  # noqa: E402
from conflictlens.model import Article  # noqa: E402
from conflictlens.serialize import to_jsonable, write_events  # noqa: E402
from conflictlens.store import DedupSettings, open_store  # noqa: E402
from conflictlens.store import schema as s  # noqa: E402
from conflictlens.store.ingest import IngestStats, ingest  # noqa: E402


def our_articles() -> list[Article]:
    """Every report written for this project that has a publication date."""
    articles = []
    for folder in ("golden", "golden_holdout"):
        for path in sorted((ROOT / "tests" / folder / "reports").glob("*.txt")):
            expected = yaml.safe_load((ROOT / "tests" / folder / "expected" / f"{path.stem}.yaml").read_text(encoding="utf-8"))
            articles.append(Article(text=path.read_text(encoding="utf-8"), id=path.stem, published=str(expected["published"]),
                                    publisher=expected.get("publisher")))
    for item in read_inputs([str(ROOT / "tests" / "store_suite" / "articles.jsonl")], max_chars=2_000_000):
        articles.append(item.article)  # type: ignore[arg-type]
    return articles


def fresh(url: str) -> str:
    if url.startswith("postgres"):
        from conflictlens.store import create_engine, resolve_url

        engine = create_engine(resolve_url(url))
        with engine.begin() as conn:
            s.metadata.drop_all(conn)
        engine.dispose()
    return url


def size_mb(store) -> float:  # type: ignore[no-untyped-def]
    """Database size; for SQLite after folding the write-ahead log into the file, as any reader eventually does."""
    if store.backend == "sqlite":
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return (store.info().size_bytes or 0) / 1e6


def bench_overhead(pipeline, url: str, articles: list[Article]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    store = open_store(fresh(url))
    stats = IngestStats()
    started = time.perf_counter()
    for _ in ingest(store, pipeline, [InputItem(a.id, article=a) for a in articles], dedup=DedupSettings(), stats=stats):
        pass
    wall = time.perf_counter() - started
    rerun = time.perf_counter()
    again = IngestStats()
    for _ in ingest(store, pipeline, [InputItem(a.id, article=a) for a in articles], dedup=DedupSettings(), stats=again):
        pass
    rerun = time.perf_counter() - rerun
    result = {"articles": len(articles), "wall_s": wall, "extract_s": stats.extract_seconds, "store_s": stats.store_seconds,
              "overhead": stats.store_seconds / stats.extract_seconds, "rerun_s": rerun, "rerun_new": again.articles_new,
              "events_new": stats.events_new, "events_merged": stats.events_merged}
    store.close()
    return result


def bench_scale(extracted: list[tuple[Article, list]], url: str, n: int) -> dict[str, float]:  # type: ignore[type-arg]
    store = open_store(fresh(url))
    dedup = DedupSettings()
    new = merged = 0
    started = time.perf_counter()
    for i in range(n):
        article, events = extracted[i % len(extracted)]
        shift = dt.timedelta(days=7 * (i // len(extracted)))
        copy = dataclasses.replace(article, text=f"{article.text}\n[copy {i}]", id=f"{article.id}-{i}",
                                   published=article.published + shift if article.published else None)
        moved = [dataclasses.replace(e, event_date=e.event_date + shift if e.event_date else None) for e in events]
        result = store.add_article(copy, moved, dedup=dedup)
        new, merged = new + result.events_new, merged + result.events_merged
    seconds = time.perf_counter() - started
    info = store.info()
    out = {"articles": n, "seconds": seconds, "per_s": n / seconds, "size_mb": size_mb(store), "events": info.counts["events"],
           "reports": info.counts["reports"], "merged": merged}
    rc = time.perf_counter()
    out["recluster_s"] = (store.recluster(dedup), time.perf_counter() - rc)[1]
    store.close()
    return out


def bench_export(template, url: str, n: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Write n synthetic events into the events table, then time the export."""
    from conflictlens.store.codec import event_to_json
    from conflictlens.store.dedup import family

    store = open_store(fresh(url))
    now = dt.datetime(2026, 1, 1)
    sources = json.dumps(to_jsonable([{"article_id": "art-x", "doc_id": "doc", "report_id": "rep", "publisher": "Wire",
                                       "url": "https://wire.example/1", "published": "2024-01-02", "title": "t"}]))
    started = time.perf_counter()
    with store.engine.begin() as conn:
        batch = []
        for i in range(n):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500)
            event = dataclasses.replace(template, event_id=f"cle-{i:016x}", event_date=day, fatalities=i % 17)
            batch.append({"id": event.event_id, "family": family(event), "event_type": event.event_type,
                          "sub_event_type": event.sub_event_type, "plover_event": event.plover_event, "event_date": day,
                          "time_precision": 1, "first_date": day, "last_date": day, "country": "Syria", "country_code": "SY",
                          "admin1": "Idleb", "latitude": 35.0, "longitude": 36.0, "geo_precision": 1, "fatalities": i % 17,
                          "confidence": 0.8, "corroboration": 1 + i % 3, "record": event_to_json(event), "sources": sources,
                          "updated_at": now})
            if len(batch) == 5000:
                conn.execute(s.events.insert(), batch)
                batch = []
        if batch:
            conn.execute(s.events.insert(), batch)
    load = time.perf_counter() - started
    out = {"events": n, "load_s": load, "size_mb": size_mb(store)}  # (checkpoints SQLite's log before reading)
    for fmt in ("jsonl", "csv"):
        extras: dict[str, dict] = {}  # type: ignore[type-arg]

        def stream():  # type: ignore[no-untyped-def]
            for stored in store.events():
                extras[stored.event_id] = {"sources": to_jsonable(stored.sources), "corroboration": stored.corroboration}
                yield stored.event

        started = time.perf_counter()
        with open(os.devnull, "w", encoding="utf-8") as sink:
            count = write_events(stream(), sink, fmt, extra=lambda e: extras.pop(e.event_id), extra_columns=("sources", "corroboration"))
        out[f"{fmt}_s"] = time.perf_counter() - started
        assert count == n
    store.close()
    return out


def bench_suite(pipeline) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from score import ingest_suite

    out = {}
    for label, reverse in (("file order", False), ("reversed", True)):
        result = ingest_suite(open_store("sqlite://"), pipeline, reverse=reverse)
        out[label] = result
    return out


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=os.environ.get("CONFLICTLENS_TEST_PG"), help="PostgreSQL URL (a scratch database: its store tables are dropped)")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--export-events", type=int, default=100_000)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()

    from conflictlens.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.extract("Gunmen attacked a village on Monday.", published="2024-01-02")  # warm up
    articles = our_articles()
    tmp = Path(tempfile.mkdtemp(prefix="store-bench-"))
    backends = {"SQLite": f"sqlite:///{tmp / 'bench.sqlite3'}"}
    if args.pg:
        backends["PostgreSQL"] = args.pg
    extracted = [(a, outcome.events) for a in articles for outcome in pipeline.pipe([a])]
    results = {}
    for name, url in backends.items():
        if name == "SQLite":
            Path(tmp / "bench.sqlite3").unlink(missing_ok=True)
        results[name] = {"overhead": bench_overhead(pipeline, url, articles)}
        if name == "SQLite":
            for p in tmp.glob("bench.sqlite3*"):
                p.unlink()
        results[name]["scale"] = bench_scale(extracted, url, args.articles)
        if name == "SQLite":
            for p in tmp.glob("bench.sqlite3*"):
                p.unlink()
        template = next(e for _, events in extracted for e in events)
        results[name]["export"] = bench_export(template, url, args.export_events)
        print(name, json.dumps(results[name]), file=sys.stderr, flush=True)
    suite = bench_suite(pipeline)
    if not args.markdown:
        print(json.dumps({"backends": results, "suite": {k: dataclasses.asdict(v) for k, v in suite.items()}}, indent=2, default=str))
        return
    print(markdown(results, suite, args))


def markdown(results, suite, args) -> str:  # type: ignore[no-untyped-def]
    lines = [f"### Event store (`bench/store_bench.py`; {dt.date.today()}, commit {commit()}, {os.cpu_count()} CPUs shared)", ""]
    lines += ["| Back-end | Ingest overhead (store / extraction) | Full ingest | Re-run (all stored) | Store-only ingest, "
              f"{args.articles:,} articles | Store size | Recluster | Export {args.export_events:,} events: JSONL / CSV |",
              "|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        o, sc, ex = r["overhead"], r["scale"], r["export"]
        lines.append(
            f"| {name} | {o['overhead']:.1%} ({o['store_s']:.2f} s / {o['extract_s']:.1f} s, {o['articles']} articles) "
            f"| {o['articles'] / o['wall_s']:.1f} articles/s | {o['rerun_s']:.2f} s, {o['rerun_new']} new "
            f"| {sc['per_s']:.0f} articles/s ({sc['reports']:,} reports -> {sc['events']:,} events) "
            f"| {sc['size_mb']:.1f} MB | {sc['recluster_s']:.1f} s | {ex['jsonl_s']:.1f} s / {ex['csv_s']:.1f} s ({ex['size_mb']:.0f} MB) |")
    lines += ["", "| De-duplication suite (32 reports, 17 events) | Pairwise precision | Pairwise recall | System pairs | Gold pairs | Stored events |",
              "|---|---|---|---|---|---|"]
    for label, r in suite.items():
        lines.append(f"| {label} | {r.precision:.3f} | {r.recall:.3f} | {r.system_pairs} | {r.gold_pairs} | {r.events} |")
    for label, r in suite.items():
        lines.append(f"\n{label}: wrong pairs {list(r.wrong) or 'none'}; missed pairs {list(r.missed) or 'none'}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
