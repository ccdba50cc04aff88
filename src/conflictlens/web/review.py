"""Human review: accept, edit a field, reject, merge with or split from another event — each one logged.

The store's record is never overwritten. A review writes the event's verdict and edited values to
``web_review_state`` and appends a row to the store's ``review_log`` (who, when, before -> after, as JSON text).
What a state and an edit mean for the record — the values laid over it, rejected and merged events left out of
exports — is the store's (:mod:`conflictlens.store.review`), so pages, the API and ``conflictlens events`` agree.
The filters match the stored columns, except the review state.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from ..errors import ConflictLensError, ResourceError
from ..ontology import acled_subtypes
from ..store import SQLStore
from ..store.review import STATES, review_state
from ..store.schema import events, review_log
from .records import flat_record
from .tables import now

__all__ = ["ACTIONS", "EDITABLE", "STATES", "NotFound", "ReviewError", "review", "split_report"]

ACTIONS = ("accept", "edit", "reject", "merge", "split", "reopen")


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


def _state(conn: Connection, event_id: str) -> tuple[str, dict[str, Any], str]:
    row = conn.execute(select(review_state).where(review_state.c.event_id == event_id)).first()
    if row is None:
        return "unreviewed", {}, ""
    return row.status, json.loads(row.overrides), row.merged_into


def _machine_record(conn: Connection, event_id: str) -> dict[str, Any]:
    row = conn.execute(select(events.c.record).where(events.c.id == event_id)).first()
    if row is None:
        raise NotFound(f"no event {event_id!r}")
    return flat_record(row.record)


def _save(conn: Connection, event_id: str, status: str, overrides: dict[str, Any], merged_into: str) -> None:
    values = {"status": status, "overrides": json.dumps(overrides, ensure_ascii=False), "merged_into": merged_into,
              "updated_at": now()}
    done = conn.execute(update(review_state).where(review_state.c.event_id == event_id).values(**values))
    if done.rowcount == 0:
        conn.execute(review_state.insert().values(event_id=event_id, **values))


def _log(conn: Connection, event_id: str, action: str, who: str, *, field: str = "", before: Any = None,
         after: Any = None, note: str = "") -> None:
    """One row of the store's review log; values as JSON text so a number stays a number."""
    conn.execute(review_log.insert().values(
        event_id=event_id, action=action, field=field, reviewer=who, note=note, created_at=now(),
        old_value=json.dumps(before, ensure_ascii=False), new_value=json.dumps(after, ensure_ascii=False),
    ))


def review(conn: Connection, event_id: str, action: str, *, who: str, field: str = "", value: Any = None,
           other_id: str = "") -> None:
    """Apply one review action inside the caller's transaction. Raises ReviewError or NotFound.

    ``split`` with an ``other_id`` merged into this event by review undoes that merge; splitting off a report
    the store merged (``store.undo_merge``) is :func:`split_report`."""
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
    mine = _state(conn, event_id)
    if mine[0] == "merged":
        raise ReviewError(f"{event_id} is itself merged; merge into {mine[2]} instead")
    _save(conn, other_id, "merged", overrides, event_id)
    _log(conn, event_id, "merge", who, before=None, after=other_id, note=f"merged {other_id} into this event")
    _log(conn, other_id, "merge", who, before=status, after="merged", note=f"merged into {event_id}")


def _split(conn: Connection, event_id: str, other_id: str, who: str) -> None:
    """Undo a review merge: ``other_id`` (merged into ``event_id``) stands as its own event again, unreviewed."""
    status, overrides, into = _state(conn, other_id)
    if status != "merged" or into != event_id:
        raise ReviewError(f"{other_id or '(none)'} is not merged into {event_id} by review")
    _save(conn, other_id, "edited" if overrides else "unreviewed", overrides, "")
    _log(conn, event_id, "split", who, before=other_id, after=None, note=f"split {other_id} off this event")
    _log(conn, other_id, "split", who, before="merged", after="unreviewed", note=f"split off {event_id}")


def split_report(store: SQLStore, event_id: str, merge_id: int, *, who: str, reason: str = "") -> str:
    """Split a report the store merged into ``event_id`` off into its own event (``store.undo_merge``), logged on
    both events. Returns the new event's id."""
    merges = {m.id: m for m in store.merges(event_id=event_id)}
    if merge_id not in merges or merges[merge_id].undone_at is not None:
        raise ReviewError(f"merge {merge_id} is not a live merge of {event_id}")
    try:
        split = store.undo_merge(merge_id, reason=reason or f"split by {who} in review")
    except ResourceError as e:
        raise ReviewError(str(e)) from e
    who = who.strip()[:80] or "reviewer"
    with store.engine.begin() as conn:
        _log(conn, event_id, "split", who, before=merges[merge_id].report_id, after=split.event_id,
             note=f"report {merges[merge_id].report_id} split off as {split.event_id}")
        _log(conn, split.event_id, "split", who, before=event_id, after=None, note=f"split off {event_id}")
    return split.event_id
