"""Fault suite: kill -9 during ``extract -o``, ``gazetteer import`` and the index build, then rerun.

A few fixed kill points here; ``bench/fault_long.py`` runs 20 random ones. After every kill the rerun must
succeed with nothing lost, nothing duplicated and no leftover files.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from faults import (SRC, extract_scenario, import_scenario, places_csv, recovered, run, seed_cache, write_corpus)

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def shared_index():
    from conflictlens.config import load_settings
    from conflictlens.geo.index import INDEX_NAME, SQLiteGazetteer
    from conflictlens.resources import Resources

    cache_dir = Resources(load_settings()).cache_dir
    SQLiteGazetteer.open(cache_dir)  # built once per machine
    return cache_dir / INDEX_NAME


def test_kill_during_extract_output_then_rerun(tmp_path, shared_index):
    cache = tmp_path / "cache"
    seed_cache(cache, shared_index)
    write_corpus(tmp_path / "in", 40)
    first = run(["extract", "in", "--published", "2024-03-01", "-o", "ref.jsonl"], cache_dir=cache, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    reference = sorted((tmp_path / "ref.jsonl").read_text(encoding="utf-8").splitlines())
    for delay in (0.5, 2.0):
        result = extract_scenario(tmp_path, cache, delay, reference)
        assert recovered(result), result


def test_kill_during_gazetteer_import_then_extract_and_rerun(tmp_path, shared_index):
    cache = tmp_path / "cache"
    seed_cache(cache, shared_index)
    places = tmp_path / "places.csv"
    places_csv(places, 20_000)
    result = import_scenario(tmp_path, cache, 1.2, places, 20_000)
    assert result["seed_ok"] and result["store_whole_after_kill"], result
    assert recovered(result), result


def test_killed_index_build_leaves_nothing_once_the_next_build_runs(tmp_path):
    # The real build takes ~15 s (bench/fault_long.py kills it); here a build slowed to a crawl is killed midway.
    script = (
        "import sys, time; from pathlib import Path; import conflictlens.geo.index as ix\n"
        "real = ix.iter_builtin_entries\n"
        "def slow():\n"
        "    for n, e in enumerate(real()):\n"
        "        if n > 2000: time.sleep(0.01)\n"
        "        yield e\n"
        "ix.iter_builtin_entries = slow\n"
        "ix.build_index(Path(sys.argv[1]) / ix.INDEX_NAME)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], env={"PYTHONPATH": str(SRC)})
    deadline = time.time() + 60
    while not any(p.name.endswith(".partial") for p in tmp_path.iterdir()) and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")], "the build never started"
    from conflictlens.geo.index import INDEX_NAME, clean_index_leftovers

    assert not (tmp_path / INDEX_NAME).exists()
    clean_index_leftovers(tmp_path / INDEX_NAME)  # what SQLiteGazetteer.open does before any build
    assert list(tmp_path.iterdir()) == []
