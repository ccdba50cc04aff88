"""The event store on SQLAlchemy 2 Core: one implementation for SQLite and PostgreSQL.

Writes of one article happen in one transaction (:meth:`SQLStore.add_article`), so a process killed at any moment
leaves either the whole article or nothing of it. The de-duplication decisions are made by :mod:`.dedup`;
the merged record by :mod:`.merge`; this module only reads and writes rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import uuid
from collections.abc import Iterator, Sequence

import sqlalchemy as sa

from ..errors import ResourceError
from ..model import Article, Event
from . import read
from . import schema as s
from .codec import dumps, event_from_json, event_to_json
from .dedup import Candidate, DedupSettings, Match, best_match, date_window, family, is_background
from .merge import cluster_id, corroboration, day_span, materialize
from .records import (
    EventQuery,
    IngestResult,
    MergeRecord,
    ReclusterResult,
    ReviewEntry,
    SourceRef,
    StoredEvent,
    StoredReport,
    StoreInfo,
)

log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def article_key(article: Article) -> str:
    """The article's primary key: a hash of its text, so the same text is stored once whatever its file name."""
    return "art-" + hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:32]


def report_key(article_id: str, event: Event, position: int | None = None) -> str:
    """A report's id: the article and the event's own id (and its position, should an article give one id twice)."""
    tail = "" if position is None else f"\x1f{position}"
    return "rep-" + hashlib.sha1(f"{article_id}\x1f{event.event_id}{tail}".encode()).hexdigest()[:16]


#: PostgreSQL advisory lock key of a store's de-duplication (any fixed 64-bit number; one store per database).
DEDUP_LOCK = int.from_bytes(hashlib.sha1(b"conflictlens.store.dedup").digest()[:8], "big", signed=True)

_UPDATE_EVENT = s.events.update().where(s.events.c.id == sa.bindparam("key"))

#: The article columns a source reference needs (never the text).
SOURCE_COLUMNS = (s.articles.c.id, s.articles.c.doc_id, s.articles.c.publisher, s.articles.c.url, s.articles.c.published,
                  s.articles.c.title)


def _source_ref(row: sa.Row, report_id: str) -> SourceRef:
    return SourceRef(article_id=row.id, doc_id=row.doc_id, report_id=report_id, publisher=row.publisher or "",
                     url=row.url or "", published=row.published, title=row.title or "")


def _refs_to_json(refs: Sequence[SourceRef]) -> str:
    return dumps(refs)


class SQLStore:
    """:class:`~conflictlens.store.protocol.EventStore` on a SQLAlchemy engine (use :func:`open_store`)."""

    def __init__(self, engine: sa.Engine, url: str):
        self.engine = engine
        self.url = url
        self.backend = engine.dialect.name
        # Another thread may write while this one reads, except on an in-memory SQLite (one shared connection).
        self.threadsafe = not isinstance(engine.pool, sa.pool.StaticPool)
        # Overlapping writes with extraction pays where a write mostly waits on a server (PostgreSQL); on SQLite
        # the writer's Python work only competes with the pipeline for the interpreter (measured slower).
        self.overlap_writes = self.threadsafe and self.backend == "postgresql"
        # Actor names and places already written to their directory tables by this process. A rolled-back
        # transaction may leave a name here that is not in the table: it is written again by the next process.
        self._seen: set[tuple[str, str]] = set()

    @contextlib.contextmanager
    def writing(self) -> Iterator[sa.Connection]:
        """A transaction that changes the dataset, serialised with every other one on this store, in any process.

        De-duplication reads the stored events and then writes: two ingests doing that at once would each see no
        match and both found an event. So a writer holds the store's write lock from its first statement to its
        commit: SQLite's (BEGIN IMMEDIATE), PostgreSQL's transaction-level advisory lock. Under READ COMMITTED
        every statement after the lock sees what the previous writer committed. Only writes wait; reads never do.
        """
        from . import WRITER

        with self.engine.connect() as conn:
            conn.execution_options(**{WRITER: True})
            with conn.begin():
                if self.backend == "postgresql":
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(DEDUP_LOCK)))
                yield conn

    # -- articles -------------------------------------------------------------------------------------------
    def has_article(self, article: Article) -> bool:
        with self.engine.connect() as conn:
            return self._status(conn, article_key(article)) == "ok"

    @staticmethod
    def _status(conn: sa.Connection, key: str) -> str | None:
        return conn.execute(sa.select(s.articles.c.status).where(s.articles.c.id == key)).scalar_one_or_none()

    def _insert_article(self, conn: sa.Connection, key: str, article: Article, status: str, error: str | None,
                        run_id: str | None, *, replace: bool) -> None:
        if replace:  # a failed attempt is replaced
            conn.execute(s.articles.delete().where(s.articles.c.id == key))
        conn.execute(s.articles.insert(), dict(
            id=key, doc_id=article.id, url=article.url, publisher=article.publisher, published=article.published,
            title=article.title, text=article.text, ingested_at=_now(), status=status, error=error, run_id=run_id))

    def add_failure(self, article: Article, error: str, *, run_id: str | None = None) -> IngestResult:
        key = article_key(article)
        with self.writing() as conn:
            status = self._status(conn, key)
            if status == "ok":
                return IngestResult(key, "stored")
            self._insert_article(conn, key, article, "failed", error, run_id, replace=status is not None)
        return IngestResult(key, "failed", error=error)

    def add_article(self, article: Article, events: Sequence[Event], *, dedup: DedupSettings,
                    run_id: str | None = None) -> IngestResult:
        try:
            return self._add_article(article, events, dedup, run_id)
        except sa.exc.SQLAlchemyError as e:
            self._seen.clear()  # what this transaction wrote to the directory tables was rolled back
            raise ResourceError(f"the event store could not take the article: {getattr(e, 'orig', None) or e}",
                                doc_id=article.id) from e
        except BaseException:
            self._seen.clear()
            raise

    def _add_article(self, article: Article, events: Sequence[Event], dedup: DedupSettings, run_id: str | None) -> IngestResult:
        key = article_key(article)
        reports, merges, founded, joined = [], [], [], []
        with self.writing() as conn:
            status = self._status(conn, key)
            if status == "ok":
                return IngestResult(key, "stored")
            self._insert_article(conn, key, article, "ok", None, run_id, replace=status is not None)
            seq = conn.execute(sa.select(sa.func.coalesce(sa.func.max(s.reports.c.seq), 0))).scalar_one()
            # Decide every report first, write after. A report never joins an event of its own article: the events
            # this article's earlier reports joined are not in the database's view of it yet, so they are left out here.
            for position, event in enumerate(events):
                seq += 1
                report_id = report_key(key, event)
                if any(r["id"] == report_id for r in reports):  # two events with one id: keep both
                    report_id = report_key(key, event, position)
                candidates = [c for c in self._candidates(conn, event, dedup) if c.event_id not in joined]
                found = best_match(event, candidates, key, dedup)
                event_id = found[0] if found else (None if is_background(event, article.published, dedup) else cluster_id(report_id))
                reports.append(dict(id=report_id, article_id=key, event_id=event_id, seq=seq, pinned=False,
                                    record=event_to_json(event), created_at=_now()))
                if found:
                    merges.append(self._merge_row(found[0], report_id, found[1], dedup, run_id))
                    joined.append(found[0])
                elif event_id is not None:  # a new event of one report: written without reading it back
                    ref = SourceRef(key, article.id, report_id, article.publisher or "", article.url or "",
                                    article.published, article.title or "")
                    founded.append((materialize(event_id, [event], [ref]), [ref], day_span([event])))
            if reports:
                conn.execute(s.reports.insert(), reports)
            if merges:
                conn.execute(s.merges.insert(), merges)
            for event_id in dict.fromkeys(joined):
                self._refresh(conn, event_id)
            self._insert_events(conn, founded)
        return IngestResult(key, "new", events_new=len(founded), events_merged=len(merges))

    # -- de-duplication -------------------------------------------------------------------------------------
    def _candidates(self, conn: sa.Connection, event: Event, dedup: DedupSettings) -> list[Candidate]:
        window = date_window(event, dedup)
        if window is None:
            return []
        e = s.events.c
        query = sa.select(e.id, e.record, e.first_date, e.last_date).where(e.family == family(event), e.event_date.between(*window))
        country = event.place.country_code if event.place else ""
        if country:
            query = query.where(e.country_code.in_([country, ""]))
        rows = conn.execute(query).all()
        if not rows:
            return []
        owners: dict[str, set[str]] = {}
        for event_id, article_id in conn.execute(
            sa.select(s.reports.c.event_id, s.reports.c.article_id).where(s.reports.c.event_id.in_([r.id for r in rows]))
        ):
            owners.setdefault(event_id, set()).add(article_id)
        return [Candidate(r.id, event_from_json(r.record), frozenset(owners.get(r.id, ())), r.first_date, r.last_date)
                for r in rows]

    @staticmethod
    def _merge_row(event_id: str, report_id: str, found: Match, dedup: DedupSettings, run_id: str | None) -> dict[str, object]:
        return dict(event_id=event_id, report_id=report_id, score=found.score, reason=found.reason,
                    settings=json.dumps(dedup.as_dict()), run_id=run_id, created_at=_now())

    def _refresh(self, conn: sa.Connection, event_id: str) -> None:
        """Rebuild one dataset event's row from its reports."""
        rows = conn.execute(
            sa.select(s.reports.c.id.label("report_id"), s.reports.c.record, *SOURCE_COLUMNS)
            .join(s.articles, s.articles.c.id == s.reports.c.article_id)
            .where(s.reports.c.event_id == event_id).order_by(s.reports.c.seq)
        ).all()
        if not rows:
            conn.execute(s.event_actors.delete().where(s.event_actors.c.event_id == event_id))
            conn.execute(s.events.delete().where(s.events.c.id == event_id))
            return
        reports = [event_from_json(r.record) for r in rows]
        sources = [_source_ref(r, r.report_id) for r in rows]
        self._write_event(conn, materialize(event_id, reports, sources), sources, day_span(reports))

    def _write_event(self, conn: sa.Connection, record: Event, sources: Sequence[SourceRef],
                     span: tuple[dt.date | None, dt.date | None]) -> None:
        """Insert or update one dataset event."""
        event_id = record.event_id
        if conn.execute(sa.select(s.events.c.id).where(s.events.c.id == event_id)).first() is None:
            self._insert_events(conn, [(record, sources, span)])
            return
        conn.execute(_UPDATE_EVENT, {"key": event_id, **_event_values(record, sources, span)})
        conn.execute(s.event_actors.delete().where(s.event_actors.c.event_id == event_id))
        actor_rows = _actor_rows(record)
        if actor_rows:
            conn.execute(s.event_actors.insert(), actor_rows)
        self._remember(conn, record)

    def _insert_events(self, conn: sa.Connection, items: Sequence[tuple[Event, Sequence[SourceRef], tuple[dt.date | None, dt.date | None]]]) -> None:
        """Insert new dataset events, in as few statements as the driver allows."""
        if not items:
            return
        conn.execute(s.events.insert(), [{"id": record.event_id, **_event_values(record, sources, span)} for record, sources, span in items])
        actor_rows = [row for record, _, _ in items for row in _actor_rows(record)]
        if actor_rows:
            conn.execute(s.event_actors.insert(), actor_rows)
        for record, _, _ in items:
            self._remember(conn, record)

    def _remember(self, conn: sa.Connection, record: Event) -> None:
        """Keep the actors and places tables (a directory of what the dataset names) up to date."""
        for actor in (record.actor1, record.actor2, *record.assoc_actor_1, *record.assoc_actor_2):
            if actor is not None and ("actor", actor.name) not in self._seen:
                self._seen.add(("actor", actor.name))
                _insert_ignore(conn, s.actors, {"name": actor.name, "type": actor.inter,
                                                "country_code": actor.country_code[:2], "kb_id": actor.kb_id})
        place = record.place
        if place is not None and place.resolved:
            key = f"gn:{place.geonameid}" if place.geonameid else f"pt:{place.location}@{place.latitude:.4f},{place.longitude:.4f}"
            if ("place", key) in self._seen:
                return
            self._seen.add(("place", key))
            _insert_ignore(conn, s.places, {"key": key, "location": place.location or place.name,
                                            "country_code": place.country_code[:2], "admin1": place.admin1,
                                            "latitude": place.latitude, "longitude": place.longitude,
                                            "geo_precision": place.geo_precision})

    # -- reading --------------------------------------------------------------------------------------------
    def events(self, query: EventQuery | None = None) -> Iterator[StoredEvent]:
        try:
            with self.engine.connect() as conn:
                yield from read.iter_events(conn, query or EventQuery())
        except sa.exc.SQLAlchemyError as e:
            raise ResourceError(f"cannot read the event store: {getattr(e, 'orig', None) or e}") from e

    def count_events(self, query: EventQuery | None = None) -> int:
        """How many events the query selects (ignoring its limit and offset)."""
        with self.engine.connect() as conn:
            return read.count_events(conn, query or EventQuery())

    def get_event(self, event_id: str) -> StoredEvent | None:
        with self.engine.connect() as conn:
            return read.get_event(conn, event_id)

    def reports(self, event_id: str) -> list[StoredReport]:
        r = s.reports.c
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(r.id, r.article_id, r.event_id, r.record, r.pinned)
                                .where(r.event_id == event_id).order_by(r.seq)).all()
        return [StoredReport(x.id, x.article_id, x.event_id, event_from_json(x.record), bool(x.pinned)) for x in rows]

    def merges(self, *, event_id: str | None = None) -> list[MergeRecord]:
        stmt = sa.select(s.merges).order_by(s.merges.c.id)
        if event_id is not None:
            stmt = stmt.where(s.merges.c.event_id == event_id)
        with self.engine.connect() as conn:
            return [MergeRecord(m.id, m.event_id, m.report_id, m.score, m.reason, json.loads(m.settings), m.run_id,
                                m.created_at, m.undone_at, m.undo_reason or "") for m in conn.execute(stmt)]

    # -- undo, review, runs ---------------------------------------------------------------------------------
    def undo_merge(self, merge_id: int, *, reason: str = "") -> StoredEvent:
        with self.writing() as conn:
            merge = conn.execute(sa.select(s.merges).where(s.merges.c.id == merge_id)).first()
            if merge is None:
                raise ResourceError(f"no merge {merge_id} in the store")
            if merge.undone_at is not None:
                raise ResourceError(f"merge {merge_id} was already undone on {merge.undone_at:%Y-%m-%d %H:%M}")
            conn.execute(s.merges.update().where(s.merges.c.id == merge_id).values(undone_at=_now(), undo_reason=reason))
            new_id = cluster_id(merge.report_id)
            conn.execute(s.reports.update().where(s.reports.c.id == merge.report_id).values(event_id=new_id, pinned=True))
            self._refresh(conn, new_id)
            self._refresh(conn, merge.event_id)
        found = self.get_event(new_id)
        if found is None:  # the row was written in the transaction above
            raise ResourceError(f"split event {new_id} vanished")
        return found

    def log_review(self, entry: ReviewEntry) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(s.review_log.insert().values(
                event_id=entry.event_id, action=entry.action, field=entry.field, old_value=entry.old_value,
                new_value=entry.new_value, reviewer=entry.reviewer, note=entry.note, created_at=entry.created_at or _now()))
            return int(result.inserted_primary_key[0])

    def review_log(self, *, event_id: str | None = None) -> list[ReviewEntry]:
        stmt = sa.select(s.review_log).order_by(s.review_log.c.id)
        if event_id is not None:
            stmt = stmt.where(s.review_log.c.event_id == event_id)
        with self.engine.connect() as conn:
            return [ReviewEntry(r.event_id, r.action, r.field, r.old_value, r.new_value, r.reviewer, r.note, r.id,
                                r.created_at) for r in conn.execute(stmt)]

    def start_run(self, command: str, settings: dict[str, object]) -> str:
        run_id = "run-" + uuid.uuid4().hex[:16]
        with self.engine.begin() as conn:
            conn.execute(s.runs.insert().values(id=run_id, command=command, started_at=_now(),
                                                settings=dumps(settings), counts="{}"))
        return run_id

    def finish_run(self, run_id: str, counts: dict[str, int]) -> None:
        with self.engine.begin() as conn:
            conn.execute(s.runs.update().where(s.runs.c.id == run_id).values(finished_at=_now(), counts=json.dumps(counts)))

    def recluster(self, dedup: DedupSettings, *, run_id: str | None = None) -> ReclusterResult:
        from .recluster import recluster

        with self.writing() as conn:
            return recluster(self, conn, dedup, run_id)

    def info(self) -> StoreInfo:
        from .migrate import current_version

        tables = ("articles", "reports", "events", "merges", "actors", "places", "review_log", "runs")
        with self.engine.connect() as conn:
            counts = {t: conn.execute(sa.select(sa.func.count()).select_from(s.metadata.tables[t])).scalar_one() for t in tables}
            counts["failed_articles"] = conn.execute(sa.select(sa.func.count()).where(s.articles.c.status == "failed")).scalar_one()
            counts["undone_merges"] = conn.execute(sa.select(sa.func.count()).where(s.merges.c.undone_at.is_not(None))).scalar_one()
            version = current_version(conn)
            size = None
            if self.backend == "postgresql":
                size = conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one()
        if self.backend == "sqlite" and self.engine.url.database:
            size = sum(os.path.getsize(p) for p in (self.engine.url.database, self.engine.url.database + "-wal") if os.path.exists(p))
        return StoreInfo(self.engine.url.render_as_string(hide_password=True), self.backend, version, s.SCHEMA_VERSION, counts, size)

    def close(self) -> None:
        self.engine.dispose()


def _event_values(record: Event, sources: Sequence[SourceRef], span: tuple[dt.date | None, dt.date | None]) -> dict[str, object]:
    """The events-table columns of a merged record."""
    place = record.place
    return dict(
        family=family(record), event_type=record.event_type, sub_event_type=record.sub_event_type,
        plover_event=record.plover_event, event_date=record.event_date, time_precision=record.time_precision,
        first_date=span[0], last_date=span[1],
        country=place.country if place else "", country_code=place.country_code if place else "",
        admin1=place.admin1 if place else "", latitude=place.latitude if place else None,
        longitude=place.longitude if place else None, geo_precision=place.geo_precision if place else None,
        fatalities=record.fatalities, confidence=record.confidence, corroboration=corroboration(sources),
        record=event_to_json(record), sources=_refs_to_json(sources), updated_at=_now())


def _actor_rows(record: Event) -> list[dict[str, str]]:
    roles = {(role, actor.name) for role, actor in (("actor1", record.actor1), ("actor2", record.actor2)) if actor}
    roles |= {("assoc_actor_1", a.name) for a in record.assoc_actor_1} | {("assoc_actor_2", a.name) for a in record.assoc_actor_2}
    return [{"event_id": record.event_id, "role": role, "name": name} for role, name in sorted(roles)]


def _insert_ignore(conn: sa.Connection, table: sa.Table, values: dict[str, object]) -> None:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    conn.execute(insert(table).on_conflict_do_nothing(), values)
