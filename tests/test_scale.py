"""The batch runner (conflictlens.scale): local worker processes and a Dask LocalCluster give the events one
process gives, in input order, with failing documents reported and the batch going on."""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path

import pytest

from conflictlens.errors import ConfigError, InputError
from conflictlens.model import Article
from conflictlens.scale import default_workers, process
from conflictlens.scale.work import chunked

REPORTS = sorted((Path(__file__).parent / "golden" / "reports").glob("*.txt"))


def _articles(n: int) -> list[Article]:
    texts = [p.read_text(encoding="utf-8") for p in REPORTS]
    found = [Article(text=texts[i % len(texts)], id=f"doc-{i}", published=dt.date(2024, 3, 12)) for i in range(n)]
    found.insert(3, Article(text="   ", id="empty"))  # fails in the worker, the batch goes on
    return found


def _key(outcomes) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(o.article.id, [e.event_id for e in o.events], type(o.error).__name__ if o.error else None)
            for o in outcomes]


def test_chunked_keeps_order_and_every_item():
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 3)) == []


def test_default_workers_is_the_usable_cores():
    assert default_workers() >= 1


def test_bad_worker_count_is_a_config_error():
    with pytest.raises(ConfigError):
        list(process([], workers=0))


@pytest.fixture(scope="module")
def reference(pipeline):
    """What one process gives (the session's pipeline, in this process)."""
    articles = _articles(10)
    return articles, _key(process(articles, pipeline=pipeline, workers=1))


@pytest.mark.model
def test_one_process_reports_the_bad_document_in_place(reference):
    articles, expected = reference
    assert [k[0] for k in expected] == [a.id for a in articles]
    assert expected[3] == ("empty", [], "InputError")
    assert sum(len(k[1]) for k in expected) > 10


@pytest.mark.model
def test_two_worker_processes_give_the_same_events_in_order(reference, pipeline):
    articles, expected = reference
    outcomes = list(process(articles, pipeline.settings, workers=2, chunk_size=2))
    assert _key(outcomes) == expected
    assert isinstance(outcomes[3].error, InputError) and outcomes[3].error.doc_id == "empty"
    assert outcomes[0].article is articles[0]  # the caller's records come back, with plain events


@pytest.mark.model
def test_dask_local_cluster_gives_the_same_events_despite_a_lost_worker(reference, pipeline):
    distributed = pytest.importorskip("distributed")
    articles, expected = reference
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        outcomes = []
        stream = process(articles, pipeline.settings, dask=client, chunk_size=2)
        outcomes.append(next(stream))
        # A worker is lost while chunks are in flight: the scheduler runs them again on the other (or on the
        # nanny's restarted worker); every document still comes back exactly once.
        victim = next(iter(client.scheduler_info()["workers"]))
        pid = client.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
        outcomes.extend(stream)
    assert _key(outcomes) == expected
