"""What the web app adds to the store (``conflictlens.store``, docs/store.md): a few indexes.

The dataset itself — ``articles``, ``reports``, ``events``, ``event_actors``, ``merges``, the ``review_log`` and
each reviewed event's current verdict and edited values (``web_review_state``, :mod:`conflictlens.store.review`)
— is the store's. The app makes sure the review table exists and adds the indexes its filters need on the
store's ``events`` table, both ``CREATE ... IF NOT EXISTS`` when it opens a store, so they never disturb the
store's migrations.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..store.review import create_table, metadata, review_state

__all__ = ["EVENT_INDEXES", "attach", "metadata", "now", "review_state"]


#: Indexes on the store's ``events`` for the Events page filters (name, columns). Each ends with ``id`` so that
#: counts and the review-state test (``id NOT IN ...``) are answered from the index alone.
EVENT_INDEXES = (
    ("web_ix_events_date_id", "event_date, id"),
    ("web_ix_events_country_date", "country, event_date, event_type, confidence, id"),
    ("web_ix_events_country_admin1", "country, admin1, event_date, id"),
    ("web_ix_events_type_date", "event_type, event_date, id"),
    ("web_ix_events_sub_type_date", "sub_event_type, event_date, id"),
    ("web_ix_events_confidence_date", "confidence, event_date, id"),
)


def now() -> dt.datetime:
    """UTC now without tzinfo, to the second (the store's convention)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def attach(engine: sa.Engine) -> None:
    """Create the web app's table and indexes in the store if they are missing."""
    with engine.begin() as conn:
        create_table(conn)
        for name, columns in EVENT_INDEXES:
            conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns})"))
