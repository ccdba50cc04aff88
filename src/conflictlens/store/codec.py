"""Event records to JSON text and back, so a stored report or event reads back as the same frozen :class:`Event`.

The JSON is :func:`conflictlens.serialize.to_jsonable` of the record; :func:`event_from_json` is its inverse.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..model import Actor, ActorType, Event, Evidence, FramingLabel, How, Modality, Place, SourceClaim
from ..serialize import to_jsonable


def dumps(value: Any) -> str:
    """Compact JSON text of records, enums, dates and plain data."""
    return json.dumps(to_jsonable(value), ensure_ascii=False, separators=(",", ":"))


def event_to_json(event: Event) -> str:
    return dumps(event)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _evidence(data: dict[str, Any] | None) -> Evidence | None:
    if data is None:
        return None
    return Evidence(data["field"], data["start"], data["end"], data["text"], data["stage"], How(data["how"]))


def _actor(data: dict[str, Any] | None) -> Actor | None:
    if data is None:
        return None
    kind = data.get("type")
    return Actor(
        name=data["name"], type=ActorType(kind) if kind is not None else None, country_code=data.get("country_code", ""),
        kb_id=data.get("kb_id", ""), sector=data.get("sector", ""), mention=data.get("mention", ""),
        unknown_to_kb=bool(data.get("unknown_to_kb", False)),
    )


def _place(data: dict[str, Any] | None) -> Place | None:
    return None if data is None else Place(**data)


def _source(data: dict[str, Any] | None) -> SourceClaim:
    if not data:
        return SourceClaim()
    return SourceClaim(
        chain=tuple(data.get("chain", ())), source=data.get("source", ""), source_scale=data.get("source_scale", ""),
        anonymous=bool(data.get("anonymous", False)), evidence=_evidence(data.get("evidence")),
    )


def event_from_dict(data: dict[str, Any]) -> Event:
    """Rebuild an :class:`Event` from its :func:`to_jsonable` form."""
    return Event(
        event_id=data["event_id"], doc_id=data["doc_id"], event_type=data["event_type"],
        sub_event_type=data["sub_event_type"], disorder_type=data["disorder_type"], plover_event=data["plover_event"],
        plover_mode=data["plover_mode"], event_date=_date(data.get("event_date")),
        time_precision=data.get("time_precision"), date_phrase=data.get("date_phrase", ""),
        actor1=_actor(data.get("actor1")), actor2=_actor(data.get("actor2")),
        assoc_actor_1=tuple(a for a in map(_actor, data.get("assoc_actor_1", ())) if a is not None),
        assoc_actor_2=tuple(a for a in map(_actor, data.get("assoc_actor_2", ())) if a is not None),
        interaction=data.get("interaction"), civilian_targeting=bool(data.get("civilian_targeting", False)),
        place=_place(data.get("place")), fatalities=int(data.get("fatalities", 0)),
        fatalities_phrase=data.get("fatalities_phrase", ""), modality=Modality(data.get("modality", "asserted")),
        source=_source(data.get("source")),
        framing=tuple(
            FramingLabel(f["actor"], f["label"], f["category"], _evidence(f["evidence"]))  # type: ignore[arg-type]
            for f in data.get("framing", ())
        ),
        notes=data.get("notes", ""), confidence=float(data.get("confidence", 0.0)), trigger=data.get("trigger", ""),
        evidence=tuple(e for e in map(_evidence, data.get("evidence", ())) if e is not None),
        reasons=tuple(data.get("reasons", ())),
    )


def event_from_json(text: str) -> Event:
    return event_from_dict(json.loads(text))
