"""Crash safety: `kill -9` at random moments of an ingest, then a rerun, loses and duplicates nothing.

Three kill points per back-end in the normal suite; CONFLICTLENS_SLOW_TESTS=1 runs twenty (the issue's target).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from conflictlens.store import open_store
from conflictlens.store import schema as s

HERE = Path(__file__).parent
N_ARTICLES = 120
SECONDS_PER_ARTICLE = 0.01
KILL_POINTS = 20 if os.environ.get("CONFLICTLENS_SLOW_TESTS") == "1" else 3


def _env() -> dict[str, str]:
    src = str(HERE.parent / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _worker(url: str) -> list[str]:
    return [sys.executable, str(HERE / "store_worker.py"), url, str(N_ARTICLES), str(SECONDS_PER_ARTICLE)]


def snapshot(url: str) -> dict[str, object]:
    """Everything that must be identical after a crash and rerun: articles, reports, clusters, merges."""
    store = open_store(url, create=False)
    with store.engine.connect() as conn:
        articles = conn.execute(sa.select(s.articles.c.id, s.articles.c.status)).all()
        reports = conn.execute(sa.select(s.reports.c.id, s.reports.c.event_id)).all()
        merges = conn.execute(sa.select(s.merges.c.report_id, s.merges.c.event_id)).all()
        events = conn.execute(sa.select(s.events.c.id, s.events.c.corroboration, s.events.c.fatalities)).all()
    store.close()
    clusters: dict[str, set[str]] = {}
    for report_id, event_id in reports:
        clusters.setdefault(event_id, set()).add(report_id)
    return {
        "articles": sorted(articles), "reports": sorted(r[0] for r in reports), "n_reports": len(reports),
        "clusters": sorted(sorted(c) for c in clusters.values()), "merges": sorted(merges), "events": sorted(events),
    }


def _reset(url: str) -> None:
    if url.startswith("postgresql"):
        from conftest import _empty_pg

        _empty_pg(url)


def _kill_then_rerun(url: str, delay: float) -> tuple[bool, int]:
    """Start an ingest, kill -9 it ``delay`` s after it is ready, rerun it; returns (killed mid-run, stored at kill)."""
    proc = subprocess.Popen(_worker(url), stdout=subprocess.PIPE, env=_env(), text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    killed = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    stored = len(snapshot(url)["articles"])  # type: ignore[arg-type]
    subprocess.run(_worker(url), check=True, env=_env(), stdout=subprocess.DEVNULL, timeout=300)
    return killed, stored


def store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest, name: str) -> str:
    """A fresh store of the back-end: a new SQLite file, or the test PostgreSQL database emptied."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / name}"
    url = request.getfixturevalue("pg_url")
    _reset(url)
    return url


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_kill_9_loses_and_duplicates_nothing(backend, tmp_path, request):
    def url_for(name: str) -> str:
        return store_url(backend, tmp_path, request, name)

    reference_url = url_for("reference.sqlite3")
    subprocess.run(_worker(reference_url), check=True, env=_env(), stdout=subprocess.DEVNULL, timeout=300)
    reference = snapshot(reference_url)
    assert len(reference["articles"]) == N_ARTICLES  # type: ignore[arg-type]
    rng = random.Random(11)
    mid_run = 0
    for point in range(KILL_POINTS):
        url = url_for(f"killed-{point}.sqlite3")
        killed, stored = _kill_then_rerun(url, rng.uniform(0.0, N_ARTICLES * SECONDS_PER_ARTICLE * 1.2))
        mid_run += killed and 0 < stored < N_ARTICLES
        assert snapshot(url) == reference, f"kill point {point}: state differs after rerun"
    assert mid_run >= max(1, KILL_POINTS // 2)  # most kills landed in the middle of the ingest


@pytest.mark.model
def test_kill_9_during_the_cli_ingest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    towns = ["Sokolo", "Mopti", "Gao", "Timbuktu", "Kidal", "Menaka", "Segou", "Djenne"]
    for i, town in enumerate(towns):
        (corpus / f"r{i}.txt").write_text(
            f"Militants attack army post in {town}\n\nBAMAKO, 1{i} September 2024 (Example Wire) - JNIM fighters "
            f"attacked an army post in {town} on Sunday, killing {i + 2} soldiers, the army said.\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "conflictlens", "ingest", str(corpus), "--published", "2024-09-20", "--db"]
    reference, killed = tmp_path / "ref.sqlite3", tmp_path / "killed.sqlite3"
    subprocess.run(cmd + [str(reference)], check=True, env=_env(), capture_output=True, timeout=300)
    proc = subprocess.Popen(cmd + [str(killed)], env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"sqlite:///{killed}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:  # kill once the first articles are in
        try:
            if len(snapshot(url)["articles"]) >= 2:  # type: ignore[arg-type]
                break
        except Exception:  # noqa: BLE001 - the store may not exist yet
            pass
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    rerun = subprocess.run(cmd + [str(killed)], check=True, env=_env(), capture_output=True, text=True, timeout=300)
    assert "already stored" in rerun.stdout
    assert snapshot(url) == snapshot(f"sqlite:///{reference}")
