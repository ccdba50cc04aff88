"""Ingest pasted or uploaded text/JSONL through the store's ingest loop (one article per transaction).

An article whose text is already stored is skipped; one the pipeline cannot code is stored as failed, with the
reason, and shown on the Articles page. The pipeline is the app's (built lazily, once), so tests can hand in any
object with ``pipe(articles) -> Outcome``s.
"""

from __future__ import annotations

import io
from typing import Any, Protocol

from ..ingest.readers import read_stream
from ..store import DedupSettings, SQLStore
from ..store.ingest import IngestStats, ingest


class Pipe(Protocol):
    def pipe(self, articles: Any) -> Any: ...


def ingest_bytes(store: SQLStore, name: str, data: bytes, pipeline: Pipe, *, max_chars: int, dedup: DedupSettings,
                 defaults: dict[str, object] | None = None) -> dict[str, Any]:
    """Read one text document or a JSONL batch from ``data``, code it and store it; returns the counts."""
    items = read_stream(name, io.BytesIO(data), max_chars=max_chars, defaults=dict(defaults or {}))
    stats = IngestStats()
    results = [{"name": item.name, "status": result.status, "article_id": result.article_id,
                "events_new": result.events_new, "events_merged": result.events_merged, "error": result.error}
               for item, result in ingest(store, pipeline, items, dedup=dedup, stats=stats)]
    return {"articles": stats.articles_new, "already_stored": stats.articles_stored, "failed": stats.articles_failed,
            "events": stats.events_new, "merged": stats.events_merged, "results": results}
