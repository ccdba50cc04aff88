"""The ingest loop: input items -> pipeline -> store, one article per transaction, already-stored text skipped
before it is extracted (so re-running a corpus costs one lookup per article)."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from ..ingest import InputItem
from .dedup import DedupSettings
from .protocol import EventStore
from .records import IngestResult

log = logging.getLogger(__name__)


@dataclass
class IngestStats:
    """Running totals of one ingest (mutable on purpose: the loop adds to it)."""

    articles_new: int = 0
    articles_stored: int = 0  # already in the store: skipped
    articles_failed: int = 0
    events_new: int = 0
    events_merged: int = 0
    extract_seconds: float = 0.0
    store_seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def add(self, result: IngestResult) -> None:
        if result.status == "new":
            self.articles_new += 1
        elif result.status == "stored":
            self.articles_stored += 1
        else:
            self.articles_failed += 1
        self.events_new += result.events_new
        self.events_merged += result.events_merged

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in vars(self).items() if isinstance(v, int)}

    def summary(self) -> str:
        return (f"articles: {self.articles_new} new, {self.articles_stored} already stored, {self.articles_failed} failed; "
                f"events: {self.events_new} new, {self.events_merged} merged into existing")


def ingest(
    store: EventStore, pipeline, items: Iterable[InputItem], *, dedup: DedupSettings, run_id: str | None = None,  # type: ignore[no-untyped-def]
    stats: IngestStats | None = None, overlap: bool = True,
) -> Iterator[tuple[InputItem, IngestResult]]:
    """Store every readable item's article and events; yields each item, in input order, with what happened to it.

    ``pipeline`` is a :class:`~conflictlens.pipeline.Pipeline` (anything with ``pipe(articles)``). With
    ``overlap`` (and a store that gains from it: PostgreSQL), article N is written by a writer thread while article N+1 is
    extracted; at most one write is in flight, and each article is still its own transaction. ``stats`` then
    counts as store time only the time spent waiting for the writer.
    """
    stats = stats if stats is not None else IngestStats()
    overlap = overlap and bool(getattr(store, "overlap_writes", False))
    pending: deque[tuple[InputItem, Future[IngestResult]]] = deque()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="conflictlens-store") if overlap else _Inline() as writer:
        for item in items:
            pending.append((item, _extract_and_submit(store, pipeline, item, writer, dedup, run_id, stats)))
            while len(pending) > (1 if overlap else 0):
                yield _finish(*pending.popleft(), stats)
        while pending:
            yield _finish(*pending.popleft(), stats)


def _extract_and_submit(store, pipeline, item, writer, dedup, run_id, stats) -> Future[IngestResult]:  # type: ignore[no-untyped-def]
    if item.article is None:
        stats.failures.append(str(item.error))
        return _done(IngestResult("", "failed", error=str(item.error)))
    article = item.article
    started = time.perf_counter()
    if store.has_article(article):
        stats.store_seconds += time.perf_counter() - started
        return _done(IngestResult("", "stored"))
    stats.store_seconds += time.perf_counter() - started
    started = time.perf_counter()
    outcome = next(iter(pipeline.pipe([article])))
    stats.extract_seconds += time.perf_counter() - started
    if outcome.error is not None:
        message = str(outcome.error)
        stats.failures.append(f"{item.name}: {message}")
        return writer.submit(store.add_failure, article, message, run_id=run_id)
    return writer.submit(store.add_article, article, outcome.events, dedup=dedup, run_id=run_id)


def _finish(item: InputItem, future: Future[IngestResult], stats: IngestStats) -> tuple[InputItem, IngestResult]:
    started = time.perf_counter()
    result = future.result()  # a store error surfaces here, in the caller's thread
    stats.store_seconds += time.perf_counter() - started
    stats.add(result)
    log.info("%s: %s (%d new, %d merged)", item.name, result.status, result.events_new, result.events_merged)
    return item, result


def _done(result: IngestResult) -> Future[IngestResult]:
    future: Future[IngestResult] = Future()
    future.set_result(result)
    return future


class _Inline:
    """An executor that runs each job at once, in the caller's thread (no overlap)."""

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def submit(self, fn, /, *args, **kwargs) -> Future[IngestResult]:  # type: ignore[no-untyped-def]
        future: Future[IngestResult] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as e:  # noqa: BLE001 - handed to the caller by future.result(), as a thread would
            future.set_exception(e)
        return future
