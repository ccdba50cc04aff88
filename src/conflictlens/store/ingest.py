"""The ingest loop: input items -> pipeline -> store, one article per transaction, already-stored text skipped
before it is extracted (so re-running a corpus costs one lookup per article)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
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
    stats: IngestStats | None = None,
) -> Iterator[tuple[InputItem, IngestResult]]:
    """Store every readable item's article and events; yields each item with what happened to it.

    ``pipeline`` is a :class:`~conflictlens.pipeline.Pipeline` (anything with ``pipe(articles)``).
    """
    stats = stats if stats is not None else IngestStats()
    for item in items:
        if item.article is None:
            stats.articles_failed += 1
            stats.failures.append(str(item.error))
            yield item, IngestResult("", "failed", error=str(item.error))
            continue
        article = item.article
        started = time.perf_counter()
        if store.has_article(article):
            result = IngestResult("", "stored")
            stats.store_seconds += time.perf_counter() - started
        else:
            outcome = next(iter(pipeline.pipe([article])))
            extracted = time.perf_counter()
            stats.extract_seconds += extracted - started
            if outcome.error is not None:
                message = str(outcome.error)
                stats.failures.append(f"{item.name}: {message}")
                result = store.add_failure(article, message, run_id=run_id)
            else:
                result = store.add_article(article, outcome.events, dedup=dedup, run_id=run_id)
            stats.store_seconds += time.perf_counter() - extracted
        stats.add(result)
        log.info("%s: %s (%d new, %d merged)", item.name, result.status, result.events_new, result.events_merged)
        yield item, result
