"""Read queries over the stored dataset: filtered events, map points, timeline, facets, one event, articles.

Every function takes a Connection and returns plain JSON-ready data; reviewed values are laid over each record
(:func:`review.apply`). Merged events are hidden unless asked for by their review state.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from ..serialize import event_to_record
from ..store.codec import event_from_json
from ..store.schema import articles, event_actors, events, merges, places, reports, review_log
from .records import flat_record
from .review import STATES, NotFound, apply
from .tables import review_state

MAX_PAGE = 500
MAX_POINTS = 20_000


@dataclass(frozen=True)
class EventQuery:
    """Filters of the Events page and ``/api/events``; empty means no filter."""

    since: str = ""
    until: str = ""
    country: str = ""
    admin1: str = ""
    event_type: str = ""
    sub_event_type: str = ""
    actor: str = ""
    min_confidence: float | None = None
    max_confidence: float | None = None
    review: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> EventQuery:
        """From query-string parameters; unknown parameters are ignored, bad numbers raise ValueError."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = (params.get(f.name) or "").strip()
            if not raw:
                continue
            if f.name.endswith("_confidence"):
                number = float(raw)
                if not 0.0 <= number <= 1.0:
                    raise ValueError(f"{f.name} must lie in 0..1")
                values[f.name] = number
            elif f.name == "review" and raw not in STATES:
                raise ValueError(f"review must be one of {', '.join(STATES)}")
            elif f.name in ("since", "until"):
                try:
                    dt.date.fromisoformat(raw)
                except ValueError as e:
                    raise ValueError(f"{f.name} must be a date, YYYY-MM-DD") from e
                values[f.name] = raw
            else:
                values[f.name] = raw
        return cls(**values)

    def params(self) -> dict[str, str]:
        """The non-empty filters as query-string parameters."""
        return {f.name: str(getattr(self, f.name)) for f in fields(self) if getattr(self, f.name) not in ("", None)}

    def where(self) -> ColumnElement[bool]:
        """The SQL condition on ``events`` (the review state is read from ``web_review_state`` by id)."""
        c = events.c
        clauses: list[ColumnElement[bool]] = []
        if self.since:
            clauses.append(c.event_date >= dt.date.fromisoformat(self.since))
        if self.until:
            clauses.append(c.event_date <= dt.date.fromisoformat(self.until))
        for name in ("country", "admin1", "event_type", "sub_event_type"):
            if getattr(self, name):
                clauses.append(c[name] == getattr(self, name))
        if self.actor:
            clauses.append(c.id.in_(select(event_actors.c.event_id).where(event_actors.c.name == self.actor)))
        if self.min_confidence is not None:
            clauses.append(c.confidence >= self.min_confidence)
        if self.max_confidence is not None:
            clauses.append(c.confidence <= self.max_confidence)
        # The review state as a set of ids (computed once per query), so counts need no join and use the indexes.
        r = review_state.c
        if self.review == "unreviewed":
            clauses.append(c.id.notin_(select(r.event_id).where(r.status != "unreviewed")))
        elif self.review:
            clauses.append(c.id.in_(select(r.event_id).where(r.status == self.review)))
        else:
            clauses.append(c.id.notin_(select(r.event_id).where(r.status == "merged")))
        return and_(*clauses)


_FROM = events.outerjoin(review_state, review_state.c.event_id == events.c.id)


def _reviewed(row: Any) -> dict[str, Any]:
    return apply(flat_record(row.record, row.sources, row.corroboration), row.status, row.overrides, row.merged_into)


def _joined(*extra: Any) -> Any:
    return select(events.c.record, events.c.sources, events.c.corroboration, review_state.c.status,
                  review_state.c.overrides, review_state.c.merged_into, *extra).select_from(_FROM)


def event_page(conn: Connection, query: EventQuery, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """One page of events, newest first, with the total that match."""
    limit = max(1, min(limit, MAX_PAGE))
    where = query.where()
    total = conn.execute(select(func.count()).select_from(events).where(where)).scalar_one()
    rows = conn.execute(_joined().where(where).order_by(events.c.event_date.desc(), events.c.id)
                        .limit(limit).offset(max(0, offset)))
    return {"total": total, "limit": limit, "offset": offset, "filters": query.params(),
            "rows": [_reviewed(r) for r in rows]}


def iter_events(conn: Connection, query: EventQuery, *, exported: bool = True) -> Iterator[dict[str, Any]]:
    """Every matching record, reviewed values applied; for exports rejected events are left out."""
    where = query.where()
    if exported and query.review != "rejected":
        where = and_(where, events.c.id.notin_(select(review_state.c.event_id).where(review_state.c.status == "rejected")))
    for row in conn.execute(_joined().where(where).order_by(events.c.event_date, events.c.id)):
        yield _reviewed(row)


def points(conn: Connection, query: EventQuery, *, limit: int = MAX_POINTS) -> dict[str, Any]:
    """Map points ``[event_id, lat, lon, event_type]`` of the matching events (capped at ``limit``)."""
    c = events.c
    where = and_(query.where(), c.latitude.is_not(None), c.longitude.is_not(None))
    rows = conn.execute(select(c.id, c.latitude, c.longitude, c.event_type).where(where)
                        .order_by(c.event_date.desc()).limit(limit + 1)).all()
    return {"points": [list(r) for r in rows[:limit]], "truncated": len(rows) > limit}


def timeline(conn: Connection, query: EventQuery) -> list[dict[str, Any]]:
    """Events per day and type."""
    c = events.c
    rows = conn.execute(select(c.event_date, c.event_type, func.count())
                        .where(and_(query.where(), c.event_date.is_not(None)))
                        .group_by(c.event_date, c.event_type).order_by(c.event_date))
    return [{"day": str(day), "event_type": kind or "(PLOVER only)", "count": n} for day, kind, n in rows]


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
    return {"event": _reviewed(row), "machine": flat_record(row.record, row.sources, row.corroboration),
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
