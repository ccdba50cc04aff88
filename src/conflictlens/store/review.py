"""What a human review means for a dataset event — one place for the web app, the API and ``conflictlens events``.

A reviewer's verdict and edited values live in ``web_review_state`` (one row per reviewed event; the store's
``review_log`` keeps every action). The store's merged record is never overwritten: :func:`reviewed_event` lays
the edited values over it on every read, so re-clustering never loses a review of an event that keeps its id.

States: ``unreviewed``, ``accepted``, ``edited`` (values changed), ``rejected`` (not an event: left out of exports
unless asked for), ``merged`` (folded into another event by review: always hidden, its reports count there).

The table keeps the name the web app gave it, so stores reviewed before the store owned it keep their reviews.
It is created if missing (``CREATE ... IF NOT EXISTS``) and not part of the versioned schema: a store without it
simply has no reviews.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..model import Actor, Event, Place

STATES = ("unreviewed", "accepted", "edited", "rejected", "merged")
#: States whose events leave the dataset: rejected ones unless asked for, merged ones always.
REJECTED, MERGED = "rejected", "merged"

metadata = sa.MetaData()

review_state = sa.Table(
    "web_review_state",
    metadata,
    sa.Column("event_id", sa.String(40), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),  # one of STATES
    sa.Column("overrides", sa.Text, nullable=False, default="{}"),  # field -> reviewed value, JSON
    sa.Column("merged_into", sa.String(40), nullable=False, default=""),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)


@dataclass(frozen=True)
class Review:
    """An event's review: its state, the values a person set (field -> value), the event it was merged into."""

    state: str = "unreviewed"
    overrides: Mapping[str, Any] = field(default_factory=dict)
    merged_into: str = ""

    @classmethod
    def from_row(cls, status: str | None, overrides: str | None, merged_into: str | None) -> Review:
        """From a ``web_review_state`` row's columns (all ``None``: no row, unreviewed)."""
        return cls(status or "unreviewed", json.loads(overrides) if overrides else {}, merged_into or "")

    @property
    def touched(self) -> bool:
        """Whether the review changes what the dataset shows (edited values, rejected or merged)."""
        return bool(self.overrides) or self.state in (REJECTED, MERGED)

    def summary(self) -> dict[str, Any]:
        """The ``review`` field of an exported record: the state and which fields a person set."""
        return {"state": self.state, "edited": sorted(self.overrides), "merged_into": self.merged_into}


UNREVIEWED = Review()


def create_table(conn: sa.Connection) -> None:
    """Create the review table and its indexes if they are missing."""
    metadata.create_all(conn, checkfirst=True)
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS web_ix_review_merged ON web_review_state (merged_into)"))
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS web_ix_review_status ON web_review_state (status)"))


def has_table(conn: sa.Connection) -> bool:
    return sa.inspect(conn).has_table(review_state.name)


def touched_ids() -> sa.Select:  # type: ignore[type-arg]
    """The ids of the events a review changes (:attr:`Review.touched`), as a subquery."""
    r = review_state.c
    return sa.select(r.event_id).where(sa.or_(r.overrides != "{}", r.status.in_((REJECTED, MERGED))))


def touched_reviews(conn: sa.Connection) -> dict[str, Review]:
    """Every review that changes the dataset (few: only what people changed or rejected), keyed by event id."""
    r = review_state.c
    rows = conn.execute(sa.select(r.event_id, r.status, r.overrides, r.merged_into)
                        .where(r.event_id.in_(touched_ids())))
    return {row.event_id: Review.from_row(row.status, row.overrides, row.merged_into) for row in rows}


def reviews_of(conn: sa.Connection, event_ids: Iterable[str]) -> dict[str, Review]:
    """The reviews of these events (those without a row are left out)."""
    ids = list(event_ids)
    if not ids:
        return {}
    r = review_state.c
    rows = conn.execute(sa.select(r.event_id, r.status, r.overrides, r.merged_into).where(r.event_id.in_(ids)))
    return {row.event_id: Review.from_row(row.status, row.overrides, row.merged_into) for row in rows}


def _actor(old: Actor | None, name: str) -> Actor | None:
    # A renamed actor keeps its type (inter code): a reviewer correcting a name rarely changes the kind of actor.
    if not name:
        return None
    if old is None:
        return Actor(name=name)
    return old if old.name == name else dataclasses.replace(old, name=name, kb_id="", mention="")


def _actors(old: tuple[Actor, ...], names: str) -> tuple[Actor, ...]:
    by_name = {a.name: a for a in old}
    return tuple(by_name.get(n) or Actor(name=n) for n in (x.strip() for x in names.split(";")) if n)


_PLACE_FIELDS = ("country", "admin1", "admin2", "location", "latitude", "longitude")


def reviewed_event(event: Event, overrides: Mapping[str, Any]) -> Event:
    """``event`` with the values a reviewer set (the fields of ``web.review.EDITABLE``, as the web app stores
    them: dates as ISO text, actors by name, associated actors joined by "; ")."""
    if not overrides:
        return event
    o = overrides
    changes: dict[str, Any] = {}
    if "event_date" in o:
        changes["event_date"] = dt.date.fromisoformat(o["event_date"]) if o["event_date"] else None
    for name in ("event_type", "sub_event_type", "notes"):
        if name in o:
            changes[name] = o[name] or ""
    if "fatalities" in o:
        changes["fatalities"] = int(o["fatalities"] or 0)
    for role in ("actor1", "actor2"):
        if role in o:
            changes[role] = _actor(getattr(event, role), o[role] or "")
    for role in ("assoc_actor_1", "assoc_actor_2"):
        if role in o:
            changes[role] = _actors(getattr(event, role), o[role] or "")
    if "source" in o:
        changes["source"] = dataclasses.replace(event.source, source=o["source"] or "")
    place_changes = {k: o[k] for k in _PLACE_FIELDS if k in o}
    if place_changes:
        for k in ("country", "admin1", "admin2", "location"):
            if k in place_changes:
                place_changes[k] = place_changes[k] or ""
        place = event.place or Place(name=place_changes.get("location", ""))
        if place_changes.get("country", place.country) != place.country:
            place_changes.update(country_code="", iso=None)  # the codes named the old country
        changes["place"] = dataclasses.replace(place, **place_changes)
    return dataclasses.replace(event, **changes)
