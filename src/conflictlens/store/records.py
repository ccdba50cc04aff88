"""The store's public records: frozen and dumb, like :mod:`conflictlens.model`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Event
from .review import UNREVIEWED, Review


@dataclass(frozen=True)
class SourceRef:
    """One report behind a dataset event: which article said so."""

    article_id: str  # "art-" + content hash
    doc_id: str  # the article's own id (JSONL "id", file stem, or content id)
    report_id: str
    publisher: str = ""
    url: str = ""
    published: dt.date | None = None
    title: str = ""


@dataclass(frozen=True)
class StoredEvent:
    """A de-duplicated dataset event: the merged record, every report behind it, and how many independent ones."""

    event: Event  # event.event_id is the dataset id ("cle-...")
    sources: tuple[SourceRef, ...]
    corroboration: int  # distinct publishers (an article without publisher counts on its own)
    review: Review = UNREVIEWED  # what people decided; ``event`` already carries the values they edited

    @property
    def event_id(self) -> str:
        return self.event.event_id


@dataclass(frozen=True)
class StoredReport:
    """One article's coding of one event, as extracted (with its own evidence spans)."""

    report_id: str
    article_id: str
    event_id: str | None  # the dataset event it belongs to; None for an unmatched background mention
    event: Event
    pinned: bool = False  # split off by an undo; never merged automatically again


@dataclass(frozen=True)
class MergeRecord:
    """A report joining an existing dataset event: why, how sure, under which thresholds; undoable."""

    id: int
    event_id: str
    report_id: str
    score: float
    reason: str
    settings: dict[str, float] = field(default_factory=dict)
    run_id: str | None = None
    created_at: dt.datetime | None = None
    undone_at: dt.datetime | None = None
    undo_reason: str = ""


@dataclass(frozen=True)
class ReviewEntry:
    """One line of the review log (written by the web app; ``id`` is set by the store)."""

    event_id: str
    action: str  # "edit", "accept", "reject", "split", "merge", "note"
    field: str = ""
    old_value: str = ""
    new_value: str = ""
    reviewer: str = ""
    note: str = ""
    id: int | None = None
    created_at: dt.datetime | None = None


@dataclass(frozen=True)
class EventQuery:
    """Filters for :meth:`EventStore.events`; every field left at its default filters nothing (but events
    rejected in review). The filters read the reviewed values."""

    country: str = ""  # ACLED country name or ISO2 code, case-insensitive
    since: dt.date | None = None  # event_date >= since
    until: dt.date | None = None  # event_date <= until
    type: str = ""  # ACLED event type, sub-event type or PLOVER event, case-insensitive
    actor: str = ""  # substring of any actor's name, case-insensitive
    min_confidence: float = 0.0
    include_rejected: bool = False  # events rejected in review are left out unless this is set
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class IngestResult:
    """What storing one article did."""

    article_id: str
    status: str  # "new", "stored" (already there: skipped), "failed"
    events_new: int = 0
    events_merged: int = 0
    error: str = ""


@dataclass(frozen=True)
class ReclusterResult:
    reports: int
    events: int
    merges: int


@dataclass(frozen=True)
class StoreInfo:
    url: str  # password masked
    backend: str  # "sqlite" or "postgresql"
    schema_version: int  # of the store
    code_version: int  # the schema this conflictlens writes
    counts: dict[str, int]  # rows per table
    size_bytes: int | None = None  # file or database size when the backend can tell
