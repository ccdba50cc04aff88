"""Ingest pasted or uploaded text/JSONL: code each article and store it with its events, or its error.

Re-ingesting an article already stored (same doc id: same title and text) changes nothing. The pipeline is the
caller's (the app builds one lazily, once), so tests can hand in any ``extract(article) -> list[Event]``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from ..errors import ConflictLensError
from ..ingest.readers import read_stream
from ..model import Article, Event
from ..serialize import event_to_record
from .tables import articles, events, now, reports

Extract = Callable[[Article], list[Event]]


def _article_row(article: Article, *, status: str, error: str = "", n_events: int = 0) -> dict[str, Any]:
    return {"doc_id": article.id, "title": article.title or "", "publisher": article.publisher or "",
            "url": article.url or "", "published": article.published.isoformat() if article.published else "",
            "text": article.text, "status": status, "error": error, "ingested_at": now(), "n_events": n_events}


def _event_row(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": record["event_id"], "event_date": record.get("event_date") or "",
        "event_type": record.get("event_type") or "", "sub_event_type": record.get("sub_event_type") or "",
        "plover_event": record.get("plover_event") or "", "actor1": record.get("actor1") or "",
        "actor2": record.get("actor2") or "", "country": record.get("country") or "",
        "admin1": record.get("admin1") or "", "latitude": record.get("latitude"), "longitude": record.get("longitude"),
        "confidence": float(record.get("confidence") or 0.0), "fatalities": int(record.get("fatalities") or 0),
        "review": "unreviewed", "record": json.dumps(record, ensure_ascii=False),
    }


def store_records(conn: Connection, article: Article, records: Iterable[dict[str, Any]]) -> int:
    """Store one coded article and its event records (flat, as :func:`serialize.event_to_record` gives them).
    Returns the number of new events; an article already stored is left as it is."""
    if conn.execute(select(articles.c.doc_id).where(articles.c.doc_id == article.id)).first() is not None:
        return 0
    records = list(records)
    conn.execute(articles.insert().values(_article_row(article, status="ingested", n_events=len(records))))
    new = 0
    for record in records:
        exists = conn.execute(select(events.c.event_id).where(events.c.event_id == record["event_id"])).first()
        if exists is None:
            conn.execute(events.insert().values(_event_row(record)))
            new += 1
        conn.execute(reports.insert().values(
            event_id=record["event_id"], doc_id=article.id, origin_event_id=record["event_id"],
            evidence=json.dumps(record.get("evidence", []), ensure_ascii=False),
            record=json.dumps(record, ensure_ascii=False)))
    return new


def store_failure(conn: Connection, name: str, error: str, article: Article | None = None) -> None:
    """Record an article that could not be coded (or read), with the reason."""
    failed = article or Article(text="", id=name, title=name)
    if conn.execute(select(articles.c.doc_id).where(articles.c.doc_id == failed.id)).first() is None:
        conn.execute(articles.insert().values(_article_row(failed, status="failed", error=error)))


def ingest_bytes(engine: Engine, name: str, data: bytes, extract: Extract, *, max_chars: int,
                 defaults: dict[str, object] | None = None) -> dict[str, Any]:
    """Read one text document or a JSONL batch from ``data`` and store each article in its own transaction."""
    summary: dict[str, Any] = {"articles": 0, "already_stored": 0, "failed": 0, "events": 0, "errors": []}
    stream = io.BytesIO(data)
    for item in read_stream(name, stream, max_chars=max_chars, defaults=dict(defaults or {})):
        with engine.begin() as conn:
            if item.article is None:
                store_failure(conn, item.name, str(item.error))
                summary["failed"] += 1
                summary["errors"].append({"name": item.name, "error": str(item.error)})
                continue
            article = item.article
            if conn.execute(select(articles.c.doc_id).where(articles.c.doc_id == article.id)).first() is not None:
                summary["already_stored"] += 1
                continue
            try:
                coded = extract(article)
            except ConflictLensError as e:
                store_failure(conn, article.id, str(e), article)
                summary["failed"] += 1
                summary["errors"].append({"name": item.name, "error": str(e)})
                continue
            summary["events"] += store_records(conn, article, (event_to_record(e) for e in coded))
            summary["articles"] += 1
    return summary
