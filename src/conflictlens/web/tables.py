"""What the web app adds to the store (``conflictlens.store``, docs/store.md): one table and a few indexes.

The dataset itself — ``articles``, ``reports``, ``events``, ``event_actors``, ``merges`` and the ``review_log`` —
is the store's. The web app keeps each reviewed event's current verdict and edited values in
``web_review_state`` (the store's ``review_log`` keeps every action: who, when, before -> after), and adds the
indexes its filters need on the store's ``events`` table. Both are created if missing when the app opens a store
(``CREATE ... IF NOT EXISTS``), so they never disturb the store's migrations.

Reviewed values are laid over the machine's record on every read (:func:`conflictlens.web.review.apply`): the
store's merged record is never overwritten, and re-clustering never loses a review of an event that keeps its id.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

metadata = sa.MetaData()

review_state = sa.Table(
    "web_review_state",
    metadata,
    sa.Column("event_id", sa.String(40), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),  # accepted | edited | rejected | merged | unreviewed
    sa.Column("overrides", sa.Text, nullable=False, default="{}"),  # field -> reviewed value, JSON
    sa.Column("merged_into", sa.String(40), nullable=False, default=""),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

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
        metadata.create_all(conn, checkfirst=True)
        for name, columns in EVENT_INDEXES:
            conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns})"))
        conn.execute(sa.text("CREATE INDEX IF NOT EXISTS web_ix_review_merged ON web_review_state (merged_into)"))
        conn.execute(sa.text("CREATE INDEX IF NOT EXISTS web_ix_review_status ON web_review_state (status)"))
