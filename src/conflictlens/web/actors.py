"""Actors seen in the dataset, their relations over time, and the labels each outlet attaches to them.

A relation is read from one reviewed event record (:func:`relations_of`):

| Relation | From |
|---|---|
| `fought` | a battle between actor1 and actor2 (both directions) |
| `attacked` | explosions/remote violence, violence against civilians, riots: actor1 -> actor2 |
| `accused` | a PLOVER ACCUSE event: actor1 -> actor2 |
| `allied` | an associated actor beside actor1 or actor2, or an agreement between the two |
| `defected` | a change to group/activity whose trigger says "defect": actor1 -> actor2 |
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.engine import Connection

from ..store.review import review_state
from ..store.schema import articles, event_actors, events, reports
from .query import EventQuery
from .records import reviewed_record

RELATIONS = ("fought", "attacked", "accused", "allied", "defected")
_ATTACK_TYPES = {"Explosions/Remote violence", "Violence against civilians", "Riots"}


def _assoc(value: str) -> list[str]:
    return [name for name in (value or "").split("; ") if name]


def relations_of(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(actor, other, relation)`` triples stated by one event record."""
    a1, a2 = record.get("actor1") or "", record.get("actor2") or ""
    out: list[tuple[str, str, str]] = []
    kind, sub = record.get("event_type") or "", record.get("sub_event_type") or ""
    triggers = " ".join(e.get("text", "") for e in record.get("evidence", []) if e.get("field") == "trigger").lower()
    if a1 and a2 and a1 != a2:
        if kind == "Battles":
            out += [(a1, a2, "fought"), (a2, a1, "fought")]
        elif kind in _ATTACK_TYPES:
            out.append((a1, a2, "attacked"))
        elif record.get("plover_event") == "ACCUSE":
            out.append((a1, a2, "accused"))
        elif sub == "Agreement":
            out += [(a1, a2, "allied"), (a2, a1, "allied")]
        elif sub == "Change to group/activity" and ("defect" in triggers or "defect" in (record.get("notes") or "").lower()):
            out.append((a1, a2, "defected"))
    for main, assoc in ((a1, record.get("assoc_actor_1", "")), (a2, record.get("assoc_actor_2", ""))):
        for other in _assoc(assoc):
            if main and other != main:
                out += [(main, other, "allied"), (other, main, "allied")]
    return out


def _live() -> Any:
    status = review_state.c.status
    return or_(status.is_(None), status.notin_(("rejected", "merged")))


_FROM = events.outerjoin(review_state, review_state.c.event_id == events.c.id)


def relations(conn: Connection, actor: str, *, since: str = "", until: str = "") -> dict[str, Any]:
    """The actor's relations: one edge per (other actor, relation) with its count, first and last day and events,
    and per-month counts for the time strip. Reviewed values count; rejected and merged events do not."""
    query = EventQuery(since=since, until=until)
    c, a = events.c, event_actors.c
    stmt = (select(c.record, c.sources, c.corroboration, review_state.c.status, review_state.c.overrides,
                   review_state.c.merged_into).select_from(_FROM)
            .where(and_(query.where(), _live(), exists().where(a.event_id == c.id, a.name == actor))))
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    months: Counter[tuple[str, str]] = Counter()
    for row in conn.execute(stmt):
        record = reviewed_record(row)
        for one, other, relation in relations_of(record):
            if one != actor:
                continue
            day = record.get("event_date") or ""
            edge = edges.setdefault((other, relation), {"other": other, "relation": relation, "count": 0,
                                                        "first": day, "last": day, "event_ids": []})
            edge["count"] += 1
            edge["first"] = min(edge["first"] or day, day or edge["first"])
            edge["last"] = max(edge["last"], day)
            if len(edge["event_ids"]) < 50:
                edge["event_ids"].append(record["event_id"])
            months[(day[:7], relation)] += 1
    return {"actor": actor, "since": since, "until": until,
            "edges": sorted(edges.values(), key=lambda e: (-e["count"], e["other"], e["relation"])),
            "months": [{"month": m, "relation": r, "count": n} for (m, r), n in sorted(months.items())],
            "kb": kb_info(actor)}


def actor_list(conn: Connection, *, q: str = "", limit: int = 200) -> list[dict[str, Any]]:
    """Actors by number of events (as actor1 or actor2), with first and last day and knowledge-base info."""
    c, a = events.c, event_actors.c
    stmt = (select(a.name, func.count(func.distinct(a.event_id)), func.min(c.event_date), func.max(c.event_date))
            .select_from(event_actors.join(events, events.c.id == a.event_id)
                         .outerjoin(review_state, review_state.c.event_id == a.event_id))
            .where(and_(a.role.in_(("actor1", "actor2")), _live()))
            .group_by(a.name).order_by(func.count(func.distinct(a.event_id)).desc(), a.name)
            .limit(max(1, min(limit, 2000))))
    if q:
        stmt = stmt.where(func.lower(a.name).contains(q.lower(), autoescape=True))
    return [{"name": n, "events": k, "first": str(first or ""), "last": str(last or ""), "kb": kb_info(n)}
            for n, k, first, last in conn.execute(stmt)]


@lru_cache(maxsize=1)
def _kb() -> Any:
    from ..actors.kb import load_kb
    from ..config import load_settings

    return load_kb(load_settings().actor_files)


@lru_cache(maxsize=4096)
def _kb_entry(name: str) -> dict[str, Any] | None:
    entry = _kb().match(name, fuzzy=False)
    if entry is None:
        return None
    return {"id": entry.id, "name": entry.name, "type": entry.type.name.lower(), "country": entry.country,
            "sector": entry.sector, "wikidata": entry.wikidata, "aliases": list(entry.aliases[:8])}


def kb_info(name: str) -> dict[str, Any] | None:
    """What the actor knowledge base says of a canonical name (None for constructed or unknown names)."""
    base = name.split(" (")[0] if name.startswith(("Military Forces of", "Police Forces of")) else name
    return _kb_entry(base)


def framing(conn: Connection, *, outlet: str = "", actor: str = "", limit: int = 5000) -> list[dict[str, Any]]:
    """Labels each outlet attaches to each actor, counted over the stored reports."""
    stmt = (select(articles.c.id, articles.c.publisher, reports.c.record)
            .select_from(reports.join(articles, articles.c.id == reports.c.article_id))
            .where(reports.c.record.contains('"label"')))
    if outlet:
        stmt = stmt.where(articles.c.publisher == outlet)
    counts: Counter[tuple[str, str, str, str]] = Counter()
    docs: defaultdict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for article_id, publisher, raw in conn.execute(stmt):
        for label in json.loads(raw).get("framing", []):
            if actor and label.get("actor") != actor:
                continue
            key = (publisher or "(unknown outlet)", label.get("actor", ""), label.get("label", ""), label.get("category", ""))
            if article_id not in docs[key]:
                docs[key].add(article_id)
                counts[key] += 1
    return [{"outlet": o, "actor": a, "label": lab, "category": cat, "articles": n}
            for (o, a, lab, cat), n in counts.most_common(limit)]
