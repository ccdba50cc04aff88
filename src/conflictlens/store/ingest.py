"""The ingest loop: input items -> pipeline -> store, one article per transaction, already-stored text skipped
before it is extracted (so re-running a corpus costs one lookup per article). Extraction may run in worker
processes or on a Dask cluster (``scale.process``); the writes always happen here, in input order."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import ResourceError
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


if TYPE_CHECKING:  # the pipeline module loads the NLP stack; the store needs only its record types here
    from ..model import Article
    from ..pipeline import Outcome

    #: Extraction over a stream: articles in, one Outcome per article out, in the same order (``scale.process``).
    Extractor = Callable[[Iterable[Article]], Iterable[Outcome]]


def ingest(
    store: EventStore, pipeline, items: Iterable[InputItem], *, dedup: DedupSettings, run_id: str | None = None,  # type: ignore[no-untyped-def]
    stats: IngestStats | None = None, overlap: bool = True, extract: Extractor | None = None,
) -> Iterator[tuple[InputItem, IngestResult]]:
    """Store every readable item's article and events; yields each item, in input order, with what happened to it.

    ``pipeline`` is a :class:`~conflictlens.pipeline.Pipeline` (anything with ``pipe(articles)``); each article
    is extracted in this process just before it is stored. With ``extract`` (``scale.process`` on worker
    processes or a Dask cluster) articles are extracted ahead, elsewhere, and come back in input order; the
    store writes stay here, in input order, each article in its own transaction, so the stored dataset is the
    one a single process builds. With ``overlap`` (and a store that gains from it: PostgreSQL), article N is
    written by a writer thread while article N+1 is extracted; at most one write is in flight. ``stats`` then
    counts as store time only the time spent waiting for the writer.
    """
    stats = stats if stats is not None else IngestStats()
    overlap = overlap and bool(getattr(store, "overlap_writes", False))
    pending: deque[tuple[InputItem, Future[IngestResult]]] = deque()
    steps = _extracted(store, pipeline, items, stats) if extract is None else _streamed(store, items, extract, stats)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="conflictlens-store") if overlap else _Inline() as writer:
        for item, outcome in steps:
            pending.append((item, _submit(store, item, outcome, writer, dedup, run_id, stats)))
            while len(pending) > (1 if overlap else 0):
                yield _finish(*pending.popleft(), stats)
        while pending:
            yield _finish(*pending.popleft(), stats)


def _skip(store: EventStore, item: InputItem, stats: IngestStats) -> IngestResult | None:
    """What becomes of an item without extracting it (unreadable, or its text already stored), else ``None``."""
    if item.article is None:
        stats.failures.append(str(item.error))
        return IngestResult("", "failed", error=str(item.error))
    started = time.perf_counter()
    stored = store.has_article(item.article)
    stats.store_seconds += time.perf_counter() - started
    return IngestResult("", "stored") if stored else None


def _extracted(store, pipeline, items, stats) -> Iterator[tuple[InputItem, Outcome | IngestResult]]:  # type: ignore[no-untyped-def]
    """Each item with its outcome, extracted here one at a time (after the store said it is new)."""
    for item in items:
        skipped = _skip(store, item, stats)
        if skipped is not None:
            yield item, skipped
            continue
        started = time.perf_counter()
        outcome = next(iter(pipeline.pipe([item.article])))
        stats.extract_seconds += time.perf_counter() - started
        yield item, outcome


def _streamed(store: EventStore, items: Iterable[InputItem], extract: Extractor,
              stats: IngestStats) -> Iterator[tuple[InputItem, Outcome | IngestResult]]:
    """Each item with its outcome, in input order, the new articles extracted by ``extract`` (which reads ahead).

    An article given twice in one run may be extracted twice (each was new when read); the store keeps the
    first and answers "stored" for the second, as in one process."""
    queue: deque[tuple[InputItem, IngestResult | None]] = deque()  # in input order; None: waiting for extraction

    def new_articles() -> Iterator[Article]:
        for item in items:
            skipped = _skip(store, item, stats)
            queue.append((item, skipped))
            if skipped is None:
                yield item.article  # type: ignore[misc]  (_skip checked it)

    outcomes = iter(extract(new_articles()))
    while True:
        started = time.perf_counter()
        outcome = next(outcomes, None)
        stats.extract_seconds += time.perf_counter() - started
        while queue and queue[0][1] is not None:
            yield queue.popleft()  # type: ignore[misc]
        if outcome is None:
            if queue:  # an article the extractor never answered for would silently be lost
                raise ResourceError(f"extraction ended before {queue[0][0].name!r} was extracted")
            return
        item, _ = queue.popleft()
        if item.article is not outcome.article:  # events stored under the wrong article would be worse than stopping
            raise ResourceError(f"extraction returned {outcome.article.id!r} for {item.name!r}: out of order")
        yield item, outcome


def _submit(store, item, outcome, writer, dedup, run_id, stats) -> Future[IngestResult]:  # type: ignore[no-untyped-def]
    if isinstance(outcome, IngestResult):
        return _done(outcome)
    if outcome.error is not None:
        message = str(outcome.error)
        stats.failures.append(f"{item.name}: {message}")
        return writer.submit(store.add_failure, item.article, message, run_id=run_id)
    return writer.submit(store.add_article, item.article, outcome.events, dedup=dedup, run_id=run_id)


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
