"""Human review: accept, edit a field, reject, merge with or split from another event — each one logged.

The machine's record is never overwritten. A review writes the event's verdict and edited values to
``review_state``, appends a ``review_log`` row (who, when, before -> after), and copies edited filter fields to the
``events`` columns so the filters see the reviewed value. :func:`apply` lays the reviewed values over a record on
every read, so pages, the API and exports all show what the reviewer decided.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from ..errors import ConflictLensError
from ..ontology import acled_subtypes
from .tables import events, now, review_log, review_state

ACTIONS = ("accept", "edit", "reject", "merge", "split", "reopen")
STATES = ("unreviewed", "accepted", "edited", "rejected", "merged")


class ReviewError(ConflictLensError, ValueError):
    """A review action that cannot be applied (unknown event, field or action, bad value)."""


class NotFound(ConflictLensError, LookupError):
    """No event, actor or article with that id."""


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date(value: Any) -> str:
    text = _text(value)
    if text:
        try:
            dt.date.fromisoformat(text)
        except ValueError as e:
            raise ReviewError(f"event_date must be YYYY-MM-DD, not {text!r}") from e
    return text


def _count(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except ValueError as e:
        raise ReviewError(f"fatalities must be a whole number, not {value!r}") from e
    if number < 0:
        raise ReviewError("fatalities cannot be negative")
    return number


def _coordinate(limit: float) -> Callable[[Any], float | None]:
    def coerce(value: Any) -> float | None:
        if _text(value) == "":
            return None
        try:
            number = float(value)
        except ValueError as e:
            raise ReviewError(f"a coordinate must be a number, not {value!r}") from e
        if not -limit <= number <= limit:
            raise ReviewError(f"a coordinate must lie within ±{limit}")
        return number

    return coerce


def _event_type(value: Any) -> str:
    text = _text(value)
    if text and text not in {s.event_type for s in acled_subtypes().values()}:
        raise ReviewError(f"unknown ACLED event type {text!r}")
    return text


def _sub_event_type(value: Any) -> str:
    text = _text(value)
    if text and text not in acled_subtypes():
        raise ReviewError(f"unknown ACLED sub-event type {text!r}")
    return text


#: Fields a reviewer may edit, with the function that checks and converts the submitted value.
EDITABLE: dict[str, Callable[[Any], Any]] = {
    "event_date": _date,
    "event_type": _event_type,
    "sub_event_type": _sub_event_type,
    "actor1": _text,
    "assoc_actor_1": _text,
    "actor2": _text,
    "assoc_actor_2": _text,
    "country": _text,
    "admin1": _text,
    "admin2": _text,
    "location": _text,
    "latitude": _coordinate(90.0),
    "longitude": _coordinate(180.0),
    "fatalities": _count,
    "notes": _text,
    "source": _text,
}
#: Edited fields that are also filter columns of ``events``.
FILTER_COLUMNS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
                  "latitude", "longitude", "fatalities")


def apply(record: dict[str, Any], status: str | None, overrides: str | None, merged_into: str | None) -> dict[str, Any]:
    """The record as reviewed: edited values win; ``review`` says the state and which fields a person set."""
    edited = json.loads(overrides) if overrides else {}
    out = {**record, **edited}
    if "event_date" in edited:
        out["year"] = int(edited["event_date"][:4]) if edited["event_date"] else None
    out["review"] = {"state": status or "unreviewed", "edited": sorted(edited), "merged_into": merged_into or ""}
    return out


def _state(conn: Connection, event_id: str) -> tuple[str, dict[str, Any], str]:
    row = conn.execute(select(review_state).where(review_state.c.event_id == event_id)).first()
    if row is None:
        return "unreviewed", {}, ""
    return row.status, json.loads(row.overrides), row.merged_into


def _machine_record(conn: Connection, event_id: str) -> dict[str, Any]:
    row = conn.execute(select(events.c.record).where(events.c.event_id == event_id)).first()
    if row is None:
        raise NotFound(f"no event {event_id!r}")
    return json.loads(row.record)


def _save(conn: Connection, event_id: str, status: str, overrides: dict[str, Any], merged_into: str) -> None:
    values = {"status": status, "overrides": json.dumps(overrides, ensure_ascii=False), "merged_into": merged_into,
              "updated_at": now()}
    done = conn.execute(update(review_state).where(review_state.c.event_id == event_id).values(**values))
    if done.rowcount == 0:
        conn.execute(review_state.insert().values(event_id=event_id, **values))
    conn.execute(update(events).where(events.c.event_id == event_id).values(review=status))


def _log(conn: Connection, event_id: str, action: str, who: str, *, field: str = "", before: Any = None,
         after: Any = None, other_id: str = "") -> None:
    conn.execute(review_log.insert().values(
        event_id=event_id, action=action, field=field, who=who, at=now(), other_id=other_id,
        before=json.dumps(before, ensure_ascii=False), after=json.dumps(after, ensure_ascii=False),
    ))


def review(conn: Connection, event_id: str, action: str, *, who: str, field: str = "", value: Any = None,
           other_id: str = "") -> None:
    """Apply one review action inside the caller's transaction. Raises ReviewError or NotFound."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown review action {action!r}; choose one of {', '.join(ACTIONS)}")
    record = _machine_record(conn, event_id)
    status, overrides, merged_into = _state(conn, event_id)
    who = who.strip()[:80] or "reviewer"
    if action == "accept":
        _save(conn, event_id, "edited" if overrides else "accepted", overrides, "")
        _log(conn, event_id, action, who, before=status, after="accepted")
    elif action == "reject":
        _save(conn, event_id, "rejected", overrides, "")
        _log(conn, event_id, action, who, before=status, after="rejected")
    elif action == "reopen":
        _save(conn, event_id, "edited" if overrides else "unreviewed", overrides, "")
        _log(conn, event_id, action, who, before=status, after="unreviewed")
    elif action == "edit":
        if field not in EDITABLE:
            raise ReviewError(f"field {field!r} cannot be edited; editable: {', '.join(EDITABLE)}")
        new = EDITABLE[field](value)
        old = overrides.get(field, record.get(field))
        overrides[field] = new
        _save(conn, event_id, "edited", overrides, "")
        if field in FILTER_COLUMNS:
            column_value = new if new is not None or field in ("latitude", "longitude") else ""
            conn.execute(update(events).where(events.c.event_id == event_id).values({field: column_value}))
        _log(conn, event_id, action, who, field=field, before=old, after=new)
    elif action == "merge":
        _merge(conn, event_id, other_id, who)
    else:
        _split(conn, event_id, other_id, who)


def _merge(conn: Connection, event_id: str, other_id: str, who: str) -> None:
    """Fold ``other_id`` into ``event_id``: the other is hidden and its reports count as this one's."""
    if not other_id or other_id == event_id:
        raise ReviewError("merge needs the id of another event")
    _machine_record(conn, other_id)
    status, overrides, into = _state(conn, other_id)
    if status == "merged":
        raise ReviewError(f"{other_id} is already merged into {into}")
    if _state(conn, event_id)[0] == "merged":
        raise ReviewError(f"{event_id} is itself merged; merge into {_state(conn, event_id)[2]} instead")
    _save(conn, other_id, "merged", overrides, event_id)
    _log(conn, event_id, "merge", who, other_id=other_id, before=None, after=other_id)
    _log(conn, other_id, "merge", who, other_id=event_id, before=status, after="merged")


def _split(conn: Connection, event_id: str, other_id: str, who: str) -> None:
    """Undo a merge: ``other_id`` (merged into ``event_id``) stands as its own event again, unreviewed."""
    status, overrides, into = _state(conn, other_id)
    if status != "merged" or into != event_id:
        raise ReviewError(f"{other_id or '(none)'} is not merged into {event_id}")
    _save(conn, other_id, "edited" if overrides else "unreviewed", overrides, "")
    _log(conn, event_id, "split", who, other_id=other_id, before=other_id, after=None)
    _log(conn, other_id, "split", who, other_id=event_id, before="merged", after="unreviewed")
