"""Downloads of reviewed records: JSONL, CSV (ACLED columns and ours), ACLED, GeoJSON, Parquet.

The records are the flat records of :mod:`conflictlens.serialize` with the reviewer's values laid over them, so
what a person corrected is what leaves the app. Each writer yields text chunks for a streaming response.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..serialize import ACLED_COLUMNS, EXTRA_COLUMNS

FORMATS = {
    "jsonl": ("application/x-ndjson", "jsonl"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "acled": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
}
REVIEW_COLUMNS = ("review_state", "reviewed_fields")


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    review = record.get("review") or {}
    return {**record, "review_state": review.get("state", "unreviewed"),
            "reviewed_fields": "; ".join(review.get("edited", []))}


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def _jsonl(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def _csv(records: Iterable[dict[str, Any]], columns: tuple[str, ...], *, acled_only: bool) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for n, record in enumerate(records):
        if acled_only and not record.get("event_type"):
            continue  # PLOVER-only events have no ACLED row
        writer.writerow({k: _cell(v) for k, v in _flat(record).items()})
        if n % 500 == 499:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _geojson(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    for n, record in enumerate(records):
        geometry = None
        if record.get("latitude") is not None and record.get("longitude") is not None:
            geometry = {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]}
        properties = {k: v for k, v in _flat(record).items() if k not in ("evidence", "actors", "place")}
        feature = {"type": "Feature", "id": record["event_id"], "geometry": geometry, "properties": properties}
        yield ("," if n else "") + json.dumps(feature, ensure_ascii=False)
    yield "]}\n"


def parquet_bytes(records: Iterable[dict[str, Any]]) -> bytes:
    """The records as one Parquet file (needs pyarrow); list and object values as JSON text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in _flat(r).items()}
            for r in records]
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), sink)
    return sink.getvalue()


def text_chunks(records: Iterable[dict[str, Any]], fmt: str) -> Iterator[str]:
    """The records in a text format (every format of :data:`FORMATS` but parquet)."""
    if fmt == "jsonl":
        return _jsonl(records)
    if fmt == "csv":
        return _csv(records, ACLED_COLUMNS + EXTRA_COLUMNS + REVIEW_COLUMNS, acled_only=False)
    if fmt == "acled":
        return _csv(records, ACLED_COLUMNS, acled_only=True)
    if fmt == "geojson":
        return _geojson(records)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
