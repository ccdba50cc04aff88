"""Reading the dataset as reviewed: the stored events with what people decided in review applied.

Most events are never reviewed, or only accepted: they are read with one indexed query on the stored columns.
The few a review *changes* (edited values, rejected, merged into another; :func:`review.touched_reviews`) are
taken out of that query, read by id, reviewed (:func:`review.reviewed_event`) and filtered in Python on their
reviewed values, then merged back in order. So ``--country`` finds an event whose country a reviewer corrected,
and the filters mean the same in ``conflictlens events`` as in the web app.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import json
from collections.abc import Iterator

import sqlalchemy as sa

from ..model import Event
from . import schema as s
from .codec import event_from_json
from .records import EventQuery, SourceRef, StoredEvent
from .review import (
    MERGED,
    REJECTED,
    UNREVIEWED,
    Review,
    has_table,
    review_state,
    reviewed_event,
    touched_ids,
    touched_reviews,
)


def filtered(stmt: sa.Select, q: EventQuery) -> sa.Select:  # type: ignore[type-arg]
    """``stmt`` over ``events`` with the query's filters on the stored columns."""
    e = s.events.c
    if q.country:
        stmt = stmt.where(sa.or_(sa.func.lower(e.country) == q.country.lower(), e.country_code == q.country.upper()))
    if q.since:
        stmt = stmt.where(e.event_date >= q.since)
    if q.until:
        stmt = stmt.where(e.event_date <= q.until)
    if q.type:
        t = q.type.lower()
        stmt = stmt.where(sa.or_(sa.func.lower(e.event_type) == t, sa.func.lower(e.sub_event_type) == t,
                                 sa.func.lower(e.plover_event) == t))
    if q.actor:
        a = s.event_actors.c
        stmt = stmt.where(sa.exists().where(a.event_id == e.id, sa.func.lower(a.name).contains(q.actor.lower(), autoescape=True)))
    if q.min_confidence:
        stmt = stmt.where(e.confidence >= q.min_confidence)
    return stmt


def matches(event: Event, q: EventQuery) -> bool:
    """Whether a (reviewed) event passes the query's filters: :func:`filtered` in Python."""
    place = event.place
    if q.country and not place:
        return False
    if q.country and place.country.lower() != q.country.lower() and place.country_code != q.country.upper():  # type: ignore[union-attr]
        return False
    if q.since and not (event.event_date and event.event_date >= q.since):
        return False
    if q.until and not (event.event_date and event.event_date <= q.until):
        return False
    if q.type and q.type.lower() not in (event.event_type.lower(), event.sub_event_type.lower(), event.plover_event.lower()):
        return False
    if q.actor:
        names = [a.name for a in (event.actor1, event.actor2, *event.assoc_actor_1, *event.assoc_actor_2) if a]
        if not any(q.actor.lower() in n.lower() for n in names):
            return False
    return not (q.min_confidence and event.confidence < q.min_confidence)


def _order_key(stored: StoredEvent) -> tuple[int, int, str]:
    """The SQL order below (undated first, then by date, then id), for merging the reviewed events in."""
    day: dt.date | None = stored.event.event_date
    return (0, 0, stored.event_id) if day is None else (1, day.toordinal(), stored.event_id)


def refs_from_json(text: str) -> tuple[SourceRef, ...]:
    """The ``events.sources`` column read back."""
    return tuple(SourceRef(**{**d, "published": dt.date.fromisoformat(d["published"]) if d.get("published") else None})
                 for d in json.loads(text))


def _stored(row: sa.Row, review: Review) -> StoredEvent:
    return StoredEvent(reviewed_event(event_from_json(row.record), review.overrides), refs_from_json(row.sources),
                       row.corroboration, review)


def _reviewed_part(conn: sa.Connection, q: EventQuery, touched: dict[str, Review]) -> list[StoredEvent]:
    """The events a review changes that the query selects, on their reviewed values, in order."""
    wanted = {i: r for i, r in touched.items() if r.state != MERGED and (q.include_rejected or r.state != REJECTED)}
    if not wanted:
        return []
    e = s.events.c
    out = []
    for row in conn.execute(sa.select(e.id, e.record, e.sources, e.corroboration).where(e.id.in_(list(wanted)))):
        stored = _stored(row, wanted[row.id])
        if matches(stored.event, q):
            out.append(stored)
    return sorted(out, key=_order_key)


def _plain(q: EventQuery, columns: tuple, reviews: bool) -> sa.Select:  # type: ignore[type-arg]
    """The query on the stored columns, less the events a review changes."""
    stmt = filtered(sa.select(*columns), q)
    if reviews:
        stmt = stmt.where(s.events.c.id.notin_(touched_ids()))
    return stmt


def iter_events(conn: sa.Connection, q: EventQuery) -> Iterator[StoredEvent]:
    """The reviewed dataset the query selects, ordered by date (undated first) then id, paged by its limit and
    offset; merged events never, rejected ones only with ``include_rejected``."""
    reviews = has_table(conn)
    touched = touched_reviews(conn) if reviews else {}
    e, r = s.events.c, review_state.c
    columns: tuple = (e.id, e.record, e.sources, e.corroboration)
    if reviews:
        columns += (r.status, r.overrides, r.merged_into)
    stmt = _plain(q, columns, reviews).order_by(e.event_date.asc().nulls_first(), e.id)
    if reviews:
        stmt = stmt.select_from(s.events.outerjoin(review_state, r.event_id == e.id))
    extra = _reviewed_part(conn, q, touched)
    if not extra:  # the database pages alone
        if q.limit is not None:
            stmt = stmt.limit(q.limit)
        if q.offset:
            stmt = stmt.offset(q.offset)
    elif q.limit is not None:
        stmt = stmt.limit(q.offset + q.limit)
    rows = conn.execution_options(stream_results=True, yield_per=2000).execute(stmt)
    try:
        plain = (_stored(row, Review.from_row(row.status, row.overrides, row.merged_into) if reviews else UNREVIEWED)
                 for row in rows)
        if not extra:
            yield from plain
            return
        stop = None if q.limit is None else q.offset + q.limit
        yield from itertools.islice(heapq.merge(plain, extra, key=_order_key), q.offset, stop)
    finally:
        rows.close()  # a page may end before the rows do: a server-side cursor must not outlive it


def count_events(conn: sa.Connection, q: EventQuery) -> int:
    """How many events :func:`iter_events` yields, its limit and offset ignored."""
    reviews = has_table(conn)
    plain = conn.execute(_plain(q, (sa.func.count(),), reviews).select_from(s.events)).scalar_one()
    return int(plain) + (len(_reviewed_part(conn, q, touched_reviews(conn))) if reviews else 0)


def get_event(conn: sa.Connection, event_id: str) -> StoredEvent | None:
    """One event as reviewed, whatever its review state (the caller reads ``review.state``)."""
    e = s.events.c
    row = conn.execute(sa.select(e.record, e.sources, e.corroboration).where(e.id == event_id)).first()
    if row is None:
        return None
    review = UNREVIEWED
    if has_table(conn):
        found = conn.execute(sa.select(review_state).where(review_state.c.event_id == event_id)).first()
        if found is not None:
            review = Review.from_row(found.status, found.overrides, found.merged_into)
    return _stored(row, review)
