"""The ingest loop (store/ingest.py): order, counts, skipping stored text, and the writer thread's errors."""

from __future__ import annotations

import pytest
from store_worker import FakePipeline, synthetic_article

from conflictlens.errors import InputError, ResourceError
from conflictlens.ingest import InputItem
from conflictlens.store import DedupSettings, open_store
from conflictlens.store.ingest import IngestStats, ingest


def items(n: int) -> list[InputItem]:
    return [InputItem(f"syn-{i}", article=synthetic_article(i)) for i in range(n)]


@pytest.mark.parametrize("overlap", [True, False])
def test_results_come_in_input_order_with_counts(store, overlap):
    store.overlap_writes = overlap and store.threadsafe
    bad = InputItem("bad", error=InputError("empty document", doc_id="bad"))
    batch = items(4)
    batch.insert(2, bad)
    stats = IngestStats()
    results = list(ingest(store, FakePipeline(0), batch, dedup=DedupSettings(), stats=stats, overlap=overlap))
    assert [item.name for item, _ in results] == [item.name for item in batch]
    assert [r.status for _, r in results] == ["new", "new", "failed", "new", "new"]
    assert (stats.articles_new, stats.articles_failed, stats.events_new + stats.events_merged) == (4, 1, 5)
    again = IngestStats()
    assert all(r.status == "stored" for _, r in ingest(store, FakePipeline(0), items(4), dedup=DedupSettings(), stats=again))
    assert again.extract_seconds == 0  # stored text is never extracted again
    assert "articles: 0 new, 4 already stored, 0 failed" in again.summary()


def test_a_store_error_stops_the_batch(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    store.overlap_writes = True  # as on PostgreSQL: the error comes from the writer thread

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ResourceError("disk full")

    store.add_article = broken  # type: ignore[method-assign]
    with pytest.raises(ResourceError, match="disk full"):
        list(ingest(store, FakePipeline(0), items(3), dedup=DedupSettings()))
    store.close()


def test_only_a_server_store_overlaps_writes(store_url):
    store = open_store(store_url)
    assert store.overlap_writes == store_url.startswith("postgresql")
    store.close()
    memory = open_store("sqlite://")
    assert not memory.threadsafe and not memory.overlap_writes
    memory.close()


def read_ahead(pipeline):  # type: ignore[no-untyped-def]
    """An extractor like ``scale.process`` on workers: it takes every article before the first result comes back."""
    def extract(articles):  # type: ignore[no-untyped-def]
        return list(pipeline.pipe(list(articles)))
    return extract


def dataset(store) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(e.event_id, e.corroboration, e.event.fatalities, tuple(s.report_id for s in e.sources)) for e in store.events()]


def test_extraction_elsewhere_stores_what_one_process_stores(tmp_path):
    """Extracted ahead (as on worker processes), the writes still come in input order: the same dataset, the same
    answers per item, a skipped and a failed item in their places, an article given twice stored once."""
    bad = InputItem("bad", error=InputError("empty document", doc_id="bad"))
    batch = items(10)
    batch.insert(4, bad)
    batch.insert(7, InputItem("again", article=synthetic_article(1)))  # the same text as syn-1, earlier in the run

    def run(name, **kw):  # type: ignore[no-untyped-def]
        store = open_store(f"sqlite:///{tmp_path / name}")
        store.add_article(synthetic_article(9), [], dedup=DedupSettings())  # already stored before the run
        results = [(item.name, r.status) for item, r in ingest(store, FakePipeline(0), batch, dedup=DedupSettings(), **kw)]
        found = dataset(store)
        store.close()
        return results, found

    here, ahead = run("here.sqlite3"), run("ahead.sqlite3", extract=read_ahead(FakePipeline(0)))
    assert ahead == here
    assert here[0][4] == ("bad", "failed") and here[0][7] == ("again", "stored") and here[0][-1] == ("syn-9", "stored")
    assert len(here[1]) > 1 and any(corroboration > 1 for _, corroboration, _, _ in here[1])


def test_an_extractor_that_loses_an_article_stops_the_batch(store):
    def lossy(articles):  # type: ignore[no-untyped-def]
        outcomes = list(FakePipeline(0).pipe(list(articles)))
        return outcomes[:1] + outcomes[2:]

    with pytest.raises(ResourceError, match="out of order"):
        list(ingest(store, FakePipeline(0), items(3), dedup=DedupSettings(), extract=lossy))
    with pytest.raises(ResourceError, match="ended before"):
        list(ingest(store, FakePipeline(0), items(6), dedup=DedupSettings(), extract=lambda a: list(FakePipeline(0).pipe(list(a)))[:-1]))
