"""Read queries over the stored dataset: filtered events, map points, timeline, facets, one event, articles.

Every function takes a Connection and returns plain JSON-ready data; reviewed values are laid over each record
(:mod:`conflictlens.store.review`). Merged events are hidden unless asked for by their review state.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from ..serialize import event_to_record
from ..store.codec import event_from_json
from ..store.review import STATES, review_state
from ..store.schema import articles, events, merges, places, reports, review_log
from .query import Edited, EventQuery, edited_events
from .records import flat_record, reviewed_record
from .review import NotFound

__all__ = ["EventQuery", "article_page", "event_detail", "event_page", "facets", "iter_events", "points",
           "review_history", "timeline"]

MAX_PAGE = 500
MAX_POINTS = 20_000


_FROM = events.outerjoin(review_state, review_state.c.event_id == events.c.id)


def _joined(*extra: Any) -> Any:
    return select(events.c.record, events.c.sources, events.c.corroboration, review_state.c.status,
                  review_state.c.overrides, review_state.c.merged_into, *extra).select_from(_FROM)


def _edited_for(conn: Connection, query: EventQuery, *also: str) -> dict[str, Edited]:
    return edited_events(conn, query.read_fields() | set(also))


def _newest_first() -> tuple[Any, Any]:
    return events.c.event_date.desc().nulls_last(), events.c.id


def _sort_key(day: dt.date | None, event_id: str) -> tuple[int, int, str]:
    """Python's order of ``_newest_first`` (newest first, no date last, then id)."""
    return (0, -day.toordinal(), event_id) if day else (1, 0, event_id)


def event_page(conn: Connection, query: EventQuery, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """One page of events, newest first, with the total that match (reviewed values decide the filters)."""
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    parts = query.parts(_edited_for(conn, query))
    total = sum(conn.execute(select(func.count()).select_from(events).where(p)).scalar_one() for p in parts)
    # Ids first (from the indexes), then the page's records: sorting never touches the big rows.
    keys = []
    for part in parts:
        keys += conn.execute(select(events.c.event_date, events.c.id).where(part).order_by(*_newest_first())
                             .limit(offset + limit if len(parts) > 1 else limit).offset(0 if len(parts) > 1 else offset)).all()
    if len(parts) > 1:
        keys = sorted(keys, key=lambda k: _sort_key(*k))[offset:offset + limit]
    ids = [event_id for _, event_id in keys]
    found = {r.id: r for r in conn.execute(_joined(events.c.id).where(events.c.id.in_(ids)))} if ids else {}
    return {"total": total, "limit": limit, "offset": offset, "filters": query.params(),
            "rows": [reviewed_record(found[i]) for i in ids if i in found]}


def iter_events(conn: Connection, query: EventQuery, *, exported: bool = True) -> Iterator[dict[str, Any]]:
    """Every matching record, reviewed values applied, oldest first; for exports rejected events are left out."""
    not_rejected = events.c.id.notin_(select(review_state.c.event_id).where(review_state.c.status == "rejected"))
    for part in query.parts(_edited_for(conn, query)):
        where = and_(part, not_rejected) if exported and query.review != "rejected" else part
        for row in conn.execute(_joined().where(where).order_by(events.c.event_date, events.c.id)):
            yield reviewed_record(row)


def points(conn: Connection, query: EventQuery, *, limit: int = MAX_POINTS) -> dict[str, Any]:
    """Map points ``[event_id, lat, lon, event_type]`` of the matching events (capped at ``limit``, newest
    first), with reviewed coordinates and types."""
    c = events.c
    edited = _edited_for(conn, query, "latitude", "longitude", "event_type")
    rows = []
    for part in query.parts(edited):
        rows += conn.execute(select(c.id, c.latitude, c.longitude, c.event_type)
                             .where(and_(part, c.latitude.is_not(None), c.longitude.is_not(None)))
                             .order_by(c.event_date.desc()).limit(limit + 1)).all()
    out = []
    for row in rows:
        point = list(row)
        if row.id in edited:
            changed = edited[row.id].overrides
            point[1] = changed.get("latitude", point[1])
            point[2] = changed.get("longitude", point[2])
            point[3] = changed.get("event_type", point[3])
            if point[1] is None or point[2] is None:
                continue
        out.append(point)
    return {"points": out[:limit], "truncated": len(out) > limit}


def timeline(conn: Connection, query: EventQuery) -> list[dict[str, Any]]:
    """Events per day and type (reviewed dates and types)."""
    c = events.c
    edited = _edited_for(conn, query, "event_date", "event_type")
    moved = [i for i, e in edited.items() if e.touched & {"event_date", "event_type"}]
    counts: Counter[tuple[str, str]] = Counter()
    for part in query.parts(edited):
        stmt = select(c.event_date, c.event_type, func.count()).where(and_(part, c.event_date.is_not(None)))
        if moved:
            stmt = stmt.where(c.id.notin_(moved))
        for day, kind, n in conn.execute(stmt.group_by(c.event_date, c.event_type)):
            counts[(str(day), kind)] += n
        if moved:
            for event_id in conn.execute(select(c.id).where(and_(part, c.id.in_(moved)))).scalars():
                values = edited[event_id].values
                if values["event_date"]:
                    counts[(values["event_date"], values["event_type"])] += 1
    return [{"day": day, "event_type": kind or "(PLOVER only)", "count": n} for (day, kind), n in sorted(counts.items())]


def facets(conn: Connection, query: EventQuery) -> dict[str, Any]:
    """Values for the filter menus: countries (with counts), the chosen country's admin-1 units, types."""
    c = events.c
    countries = conn.execute(select(c.country, func.count()).where(c.country != "").group_by(c.country)
                             .order_by(c.country)).all()
    admin1: list[str] = []
    if query.country:  # from the store's directory of coded places (small), not the events
        code = conn.execute(select(c.country_code).where(c.country == query.country).limit(1)).scalar()
        admin1 = list(conn.execute(select(places.c.admin1).distinct()
                                   .where(and_(places.c.country_code == (code or ""), places.c.admin1 != ""))
                                   .order_by(places.c.admin1)).scalars())
    from ..ontology import acled_subtypes

    types: dict[str, list[str]] = {}
    for sub in acled_subtypes().values():
        types.setdefault(sub.event_type, []).append(sub.name)
    return {"countries": [{"name": n, "count": k} for n, k in countries], "admin1": admin1, "event_types": types,
            "review_states": list(STATES)}


def event_detail(conn: Connection, event_id: str) -> dict[str, Any]:
    """One event: its reviewed record, the store's record, each report with its article and evidence (its own and
    those of events merged into it by review), the store's merges, and the review log. Raises NotFound."""
    row = conn.execute(_joined().where(events.c.id == event_id)).first()
    if row is None:
        raise NotFound(f"no event {event_id!r}")
    merged = list(conn.execute(select(review_state.c.event_id).where(review_state.c.merged_into == event_id)
                               .where(review_state.c.status == "merged")).scalars())
    report_rows = conn.execute(
        select(reports.c.id.label("report_id"), reports.c.event_id, reports.c.record, articles.c.id.label("article_id"),
               articles.c.doc_id, articles.c.title, articles.c.publisher, articles.c.url, articles.c.published,
               articles.c.text)
        .select_from(reports.join(articles, articles.c.id == reports.c.article_id))
        .where(reports.c.event_id.in_([event_id, *merged])).order_by(reports.c.seq))
    report_list = []
    for r in report_rows:
        record = event_to_record(event_from_json(r.record))
        report_list.append({
            "report_id": r.report_id, "event_id": r.event_id, "article_id": r.article_id, "doc_id": r.doc_id,
            "title": r.title or "", "publisher": r.publisher or "", "url": r.url or "",
            "published": str(r.published or ""), "text": r.text, "evidence": record["evidence"],
            "source_chain": record["source_chain"], "confidence": record["confidence"],
            "merged_by_review": r.event_id != event_id,
        })
    store_merges = [{"merge_id": m.id, "report_id": m.report_id, "score": m.score, "reason": m.reason,
                     "undone_at": str(m.undone_at or "")}
                    for m in conn.execute(select(merges).where(merges.c.event_id == event_id).order_by(merges.c.id))]
    return {"event": reviewed_record(row), "machine": flat_record(row.record, row.sources, row.corroboration),
            "reports": report_list, "corroboration": row.corroboration, "merged": merged, "store_merges": store_merges,
            "log": review_history(conn, event_id)}


def review_history(conn: Connection, event_id: str | None = None, *, limit: int = 200) -> list[dict[str, Any]]:
    """Review log rows, newest first (one event's, or everyone's)."""
    stmt = select(review_log).order_by(review_log.c.id.desc()).limit(limit)
    if event_id:
        stmt = stmt.where(review_log.c.event_id == event_id)
    return [{"id": r.id, "event_id": r.event_id, "action": r.action, "field": r.field, "who": r.reviewer,
             "at": str(r.created_at), "before": _json(r.old_value), "after": _json(r.new_value), "note": r.note}
            for r in conn.execute(stmt)]


def _json(text: str) -> Any:
    """A logged value: JSON text (the web app's), or plain text (written by another client)."""
    try:
        return json.loads(text) if text else None
    except json.JSONDecodeError:
        return text


def article_page(conn: Connection, *, status: str = "", limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Ingested and failed articles, newest first, without their text."""
    a = articles.c
    where = a.status == status if status else a.status != ""
    total = conn.execute(select(func.count()).select_from(articles).where(where)).scalar_one()
    counts = dict(conn.execute(select(a.status, func.count()).group_by(a.status)).all())
    n_reports = select(func.count()).where(reports.c.article_id == a.id).scalar_subquery()
    rows = conn.execute(select(a.id, a.doc_id, a.title, a.publisher, a.url, a.published, a.status, a.error,
                               a.ingested_at, n_reports.label("reports")).where(where)
                        .order_by(a.ingested_at.desc(), a.id).limit(max(1, min(limit, MAX_PAGE))).offset(max(0, offset)))
    return {"total": total, "counts": counts,
            "rows": [{k: (str(v) if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in r._asdict().items()}
                     for r in rows]}
