"""Two ingests into one store at once: the de-duplication step is serialised per store (PostgreSQL: an advisory
lock held by each article's transaction; SQLite: BEGIN IMMEDIATE), so no merge is missed and no article clashes
with itself — the dataset is the one one ingest after the other builds."""

from __future__ import annotations

import subprocess
import time

import pytest
from test_store_crash import HERE, _env, snapshot, store_url

from conflictlens.store import open_store

N_ARTICLES = 60
SECONDS_PER_ARTICLE = 0.002


def _worker(url: str, order: str, go_file: str = "") -> list[str]:
    import sys

    return [sys.executable, str(HERE / "store_worker.py"), url, str(N_ARTICLES), str(SECONDS_PER_ARTICLE), order, go_file]


def _clusters(url: str) -> dict[str, object]:
    """What must not depend on the order the articles came in: which reports make one event, and the articles."""
    state = snapshot(url)
    return {"articles": state["articles"], "clusters": state["clusters"], "events": len(state["events"])}  # type: ignore[arg-type]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_concurrent_ingests_build_the_sequential_dataset(backend, tmp_path, request):
    def url_for(name: str) -> str:
        return store_url(backend, tmp_path, request, name)

    sequential = url_for("sequential.sqlite3")
    for order in ("forward", "reverse"):
        subprocess.run(_worker(sequential, order), check=True, env=_env(), stdout=subprocess.DEVNULL, timeout=300)
    expected = _clusters(sequential)
    assert expected["events"] < N_ARTICLES  # the outlets' reports were merged
    concurrent = url_for("concurrent.sqlite3")
    open_store(concurrent).close()  # created before the two start, as a shared store would be
    go = tmp_path / "go"
    procs = [subprocess.Popen(_worker(concurrent, order, str(go)), env=_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for order in ("forward", "reverse")]
    errors = []
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        go.touch()  # both start together: the forward and the reverse run meet in the middle of the list
        deadline = time.monotonic() + 300
        for proc in procs:
            _, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
            errors.append(err.strip().splitlines()[-1] if proc.returncode else "")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.communicate()
    assert errors == ["", ""]
    assert _clusters(concurrent) == expected
