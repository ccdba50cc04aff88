"""Serialisation of events: JSONL (native), ACLED-column CSV, PLOVER JSON, GeoJSON, Parquet.

Kept apart from the records themselves. :func:`event_to_record` is the one flat view every writer uses.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable
from enum import Enum
from typing import IO, Any

from .errors import ConfigError
from .model import Actor, Event

ACLED_COLUMNS = (
    "event_id", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso",
    "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities",
)
EXTRA_COLUMNS = ("doc_id", "plover_event", "plover_mode", "confidence", "modality", "source_chain", "framing", "evidence")
FORMATS = ("jsonl", "csv", "acled", "plover", "geojson", "parquet")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """Field names of a dataclass type (cached: this runs for every value of every exported event)."""
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(cls):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def to_jsonable(value: Any) -> Any:
    """Plain JSON data from records, enums, dates, tuples and nested dataclasses (for dumps and JSONL)."""
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    names = _field_names(type(value))
    if names is not None:
        return {name: to_jsonable(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    return str(value)


def _name(actor: Actor | None) -> str:
    return actor.name if actor else ""


def event_to_record(event: Event) -> dict[str, Any]:
    """The flat record: ACLED's column names where they apply, plus PLOVER and our provenance fields."""
    place = event.place
    return {
        "event_id": event.event_id,
        "doc_id": event.doc_id,
        "event_date": event.event_date.isoformat() if event.event_date else "",
        "year": event.event_date.year if event.event_date else None,
        "time_precision": event.time_precision,
        "date_phrase": event.date_phrase,
        "disorder_type": event.disorder_type,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": _name(event.actor1),
        "assoc_actor_1": "; ".join(a.name for a in event.assoc_actor_1),
        "inter1": event.actor1.inter if event.actor1 else None,
        "actor2": _name(event.actor2),
        "assoc_actor_2": "; ".join(a.name for a in event.assoc_actor_2),
        "inter2": event.actor2.inter if event.actor2 else None,
        "interaction": event.interaction,
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else "",
        "iso": place.iso if place else None,
        "region": "",
        "country": place.country if place else "",
        "admin1": place.admin1 if place else "",
        "admin2": place.admin2 if place else "",
        "admin3": place.admin3 if place else "",
        "location": place.location if place else "",
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision if place else None,
        "geonameid": place.geonameid if place else None,
        "source": event.source.source,
        "source_scale": event.source.source_scale,
        "notes": event.notes,
        "fatalities": event.fatalities,
        "fatalities_phrase": event.fatalities_phrase,
        "plover_event": event.plover_event,
        "plover_mode": event.plover_mode,
        "confidence": event.confidence,
        "modality": event.modality.value,
        "source_chain": list(event.source.chain),
        "framing": [{"actor": f.actor, "label": f.label, "category": f.category} for f in event.framing],
        "evidence": [to_jsonable(e) for e in event.evidence],
        "reasons": list(event.reasons),
        "actors": {
            "actor1": to_jsonable(event.actor1),
            "actor2": to_jsonable(event.actor2),
            "assoc_actor_1": to_jsonable(event.assoc_actor_1),
            "assoc_actor_2": to_jsonable(event.assoc_actor_2),
        },
        "place": to_jsonable(place),
    }


def _csv_value(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def event_to_plover(event: Event) -> dict[str, Any]:
    """PLOVER's JSON event shape: actor and recipient lists; two-sided fighting puts both sides in actor."""
    actors = [a for a in (event.actor1, *event.assoc_actor_1) if a]
    recipients = [a for a in (event.actor2, *event.assoc_actor_2) if a]
    if event.sub_event_type == "Armed clash":
        actors, recipients = actors + recipients, []
    return {
        "id": event.event_id,
        "date": event.event_date.isoformat() if event.event_date else "",
        "event_type": event.plover_event,
        "mode": event.plover_mode,
        "context": [event.sub_event_type] if event.sub_event_type else [],
        "actor": [a.name for a in actors],
        "actor_sector": [a.sector for a in actors],
        "recipient": [a.name for a in recipients],
        "recipient_sector": [a.sector for a in recipients],
        "location": {
            "name": event.place.location if event.place else "",
            "country": event.place.country_code if event.place else "",
            "lat": event.place.latitude if event.place else None,
            "lon": event.place.longitude if event.place else None,
            "resolution": {1: 4, 2: 3, 3: 2}.get(event.place.geo_precision or 0, None) if event.place else None,
        },
        "fatalities": event.fatalities,
        "modality": event.modality.value,
        "source": list(event.source.chain),
        "text": event.notes,
    }


Extra = Callable[[Event], dict[str, Any]]


def _no_extra(event: Event) -> dict[str, Any]:
    return {}


def write_events(events: Iterable[Event], stream: IO[str], fmt: str, *, extra: Extra | None = None,
                 extra_columns: tuple[str, ...] = ()) -> int:
    """Write events in a text format to ``stream``; returns the count. Parquet has :func:`write_parquet`.

    ``extra(event)`` adds fields to every record (the store adds ``sources`` and ``corroboration``); CSV (not
    ACLED's columns) writes them as ``extra_columns``. Events are written one by one, so a stream is flushed as
    they come (except PLOVER and GeoJSON, which are one JSON document).
    """
    more = extra or _no_extra
    count = 0
    if fmt == "jsonl":
        for event in events:
            stream.write(json.dumps({**event_to_record(event), **more(event)}, ensure_ascii=False) + "\n")
            count += 1
    elif fmt in ("csv", "acled"):
        columns = ACLED_COLUMNS + ((EXTRA_COLUMNS + extra_columns) if fmt == "csv" else ())
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for event in events:
            if fmt == "acled" and not event.event_type:
                continue  # PLOVER-only events (accusations) have no ACLED row
            writer.writerow({k: _csv_value(v) for k, v in {**event_to_record(event), **more(event)}.items()})
            count += 1
    elif fmt == "plover":
        records = [{**event_to_plover(e), **more(e)} for e in events]
        json.dump(records, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        count = len(records)
    elif fmt == "geojson":
        features = []
        for event in events:
            record = event_to_record(event)
            geometry = None
            if record["latitude"] is not None and record["longitude"] is not None:
                geometry = {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]}
            properties = {k: v for k, v in record.items() if k not in ("evidence", "actors", "place")} | more(event)
            features.append({"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": properties})
        json.dump({"type": "FeatureCollection", "features": features}, stream, ensure_ascii=False)
        stream.write("\n")
        count = len(features)
    else:
        raise ConfigError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return count


def write_parquet(events: Iterable[Event], path: str, *, extra: Extra | None = None) -> int:
    """Write events to a Parquet file (needs the optional ``pyarrow``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise ConfigError("Parquet output needs pyarrow: pip install 'conflictlens[parquet]'") from e
    rows = []
    for event in events:
        record = {**event_to_record(event), **(extra or _no_extra)(event)}
        rows.append({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in record.items()})
    pq.write_table(pa.Table.from_pylist(rows), path)
    return len(rows)
