"""The filters of the Events page and ``/api/events``, as SQL on the store's ``events`` — with reviewed values.

Most events are never edited, so a filter is first the plain indexed condition on the stored columns. The few
events whose reviewed values touch a filtered field (an edited country, type, date or actor) are taken out of
that condition and put back by id when their reviewed values match (:func:`edited_events` reads them from
``web_review_state``, which holds only what people changed). So a reviewed value wins in the filters as it does
on the pages and in the downloads, and unedited data keeps its indexes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from ..store.review import STATES, review_state
from ..store.schema import event_actors, events

#: Filter -> the record fields it reads.
FILTER_FIELDS = {
    "since": ("event_date",), "until": ("event_date",), "country": ("country",), "admin1": ("admin1",),
    "event_type": ("event_type",), "sub_event_type": ("sub_event_type",),
    "actor": ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"),
}
_COLUMNS = ("country", "admin1", "event_type", "sub_event_type", "event_date")


@dataclass(frozen=True)
class Edited:
    """An event with reviewed values: the fields a person changed, and its values as reviewed."""

    touched: frozenset[str]
    values: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, Any] = field(default_factory=dict)


def edited_events(conn: Connection, fields_read: set[str] | None = None) -> dict[str, Edited]:
    """Every event with edited values (few: only what reviewers changed), keyed by id; with ``fields_read``, only
    those where one of these fields was edited."""
    c, r = events.c, review_state.c
    stmt = (select(r.event_id, r.overrides, *(c[n] for n in _COLUMNS))
            .select_from(review_state.join(events, events.c.id == r.event_id)).where(r.overrides != "{}"))
    if fields_read is not None:
        if not fields_read:
            return {}
        stmt = stmt.where(or_(*(r.overrides.contains(json.dumps(name)) for name in sorted(fields_read))))
    rows = conn.execute(stmt).all()
    if not rows:
        return {}
    actors: dict[str, dict[str, list[str]]] = {}
    for event_id, role, name in conn.execute(select(event_actors.c.event_id, event_actors.c.role, event_actors.c.name)
                                             .where(event_actors.c.event_id.in_([row.event_id for row in rows]))):
        actors.setdefault(event_id, {}).setdefault(role, []).append(name)
    out = {}
    for row in rows:
        overrides = json.loads(row.overrides)
        values: dict[str, Any] = {n: getattr(row, n) or "" for n in _COLUMNS}
        values["event_date"] = str(values["event_date"] or "")
        for role in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
            values[role] = "; ".join(actors.get(row.event_id, {}).get(role, []))
        values.update({k: ("" if v is None else v) for k, v in overrides.items() if k in values})
        out[row.event_id] = Edited(frozenset(overrides), values, overrides)
    return out


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
        """From query-string parameters; unknown parameters are ignored, bad values raise ValueError."""
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

    def read_fields(self) -> set[str]:
        """The record fields the field filters read (not confidence or review state)."""
        return {name for f, names in FILTER_FIELDS.items() if getattr(self, f) for name in names}

    def _field_clauses(self) -> list[ColumnElement[bool]]:
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
        return clauses

    def _other_clauses(self) -> list[ColumnElement[bool]]:
        c, r = events.c, review_state.c
        clauses: list[ColumnElement[bool]] = []
        if self.min_confidence is not None:
            clauses.append(c.confidence >= self.min_confidence)
        if self.max_confidence is not None:
            clauses.append(c.confidence <= self.max_confidence)
        # The review state as a set of ids (computed once per query), so counts need no join and use the indexes.
        if self.review == "unreviewed":
            clauses.append(c.id.notin_(select(r.event_id).where(r.status != "unreviewed")))
        elif self.review:
            clauses.append(c.id.in_(select(r.event_id).where(r.status == self.review)))
        else:
            clauses.append(c.id.notin_(select(r.event_id).where(r.status == "merged")))
        return clauses

    def matches(self, values: Mapping[str, Any]) -> bool:
        """Whether reviewed values pass the field filters."""
        day = str(values.get("event_date") or "")
        if self.since and not (day and day >= self.since):
            return False
        if self.until and not (day and day <= self.until):
            return False
        for name in ("country", "admin1", "event_type", "sub_event_type"):
            if getattr(self, name) and values.get(name) != getattr(self, name):
                return False
        if self.actor:
            names = {values.get("actor1"), values.get("actor2")}
            names |= {n for key in ("assoc_actor_1", "assoc_actor_2") for n in str(values.get(key) or "").split("; ")}
            if self.actor not in names:
                return False
        return True

    def parts(self, edited: Mapping[str, Edited] | None = None) -> list[ColumnElement[bool]]:
        """Disjoint SQL conditions on ``events`` whose union is the match set: the indexed condition on the stored
        columns less the edited events it reads, and (when some match) those edited events by id. Queried apart,
        so neither loses its index to an ``OR``."""
        c = events.c
        other = self._other_clauses()
        plain = and_(*self._field_clauses(), *other)
        wanted = self.read_fields()
        touched = sorted(i for i, e in (edited or {}).items() if e.touched & wanted)
        if not touched:
            return [plain]
        back = [i for i in touched if self.matches(edited[i].values)]  # type: ignore[index]
        kept = and_(plain, c.id.notin_(touched))
        return [kept, and_(c.id.in_(back), *other)] if back else [kept]

    def where(self, edited: Mapping[str, Edited] | None = None) -> ColumnElement[bool]:
        """The match set as one SQL condition (the parts joined by ``OR``)."""
        parts = self.parts(edited)
        return parts[0] if len(parts) == 1 else or_(*parts)
