"""The store behind one small protocol. :class:`~conflictlens.store.sql.SQLStore` implements it for SQLite and
PostgreSQL; ``open_store("sqlite://")`` is the in-memory fake tests use.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from ..model import Article, Event
from .dedup import DedupSettings
from .records import (
    EventQuery,
    IngestResult,
    MergeRecord,
    ReclusterResult,
    ReviewEntry,
    StoredEvent,
    StoredReport,
    StoreInfo,
)


@runtime_checkable
class EventStore(Protocol):
    """Articles in (each in its own transaction), de-duplicated events out."""

    url: str

    def has_article(self, article: Article) -> bool:
        """True when an article with this text is already stored (and did not fail)."""

    def add_article(
        self, article: Article, events: Sequence[Event], *, dedup: DedupSettings, run_id: str | None = None
    ) -> IngestResult:
        """Store the article and its events in one transaction, each event joining a matching dataset event or
        founding a new one; an article already stored is skipped (status "stored")."""

    def add_failure(self, article: Article, error: str, *, run_id: str | None = None) -> IngestResult:
        """Record an article the pipeline could not code (retried by the next ingest)."""

    def events(self, query: EventQuery | None = None) -> Iterator[StoredEvent]:
        """The dataset as reviewed (edited values applied; merged events never, rejected ones only with
        ``query.include_rejected``), filtered, ordered by date (undated first) then id (streamed)."""

    def count_events(self, query: EventQuery | None = None) -> int:
        """How many events the query selects (its limit and offset ignored), for paging."""

    def get_event(self, event_id: str) -> StoredEvent | None:
        """One event as reviewed, whatever its review state (see ``StoredEvent.review``)."""

    def reports(self, event_id: str) -> list[StoredReport]:
        """Every report behind a dataset event, in ingest order."""

    def merges(self, *, event_id: str | None = None) -> list[MergeRecord]:
        """The merge log (undone merges included, with ``undone_at``)."""

    def undo_merge(self, merge_id: int, *, reason: str = "") -> StoredEvent:
        """Split the merged report off into its own (pinned) event; returns that event."""

    def recluster(self, dedup: DedupSettings, *, run_id: str | None = None) -> ReclusterResult:
        """Rebuild every dataset event from the stored reports under new thresholds (one transaction)."""

    def log_review(self, entry: ReviewEntry) -> int:
        """Append to the review log; returns the entry's id."""

    def review_log(self, *, event_id: str | None = None) -> list[ReviewEntry]: ...

    def start_run(self, command: str, settings: dict[str, object]) -> str: ...

    def finish_run(self, run_id: str, counts: dict[str, int]) -> None: ...

    def info(self) -> StoreInfo: ...

    def close(self) -> None: ...
