"""The tables the web app reads and writes (SQLAlchemy Core), and opening a database.

``articles``, ``events`` and ``reports`` hold the dataset: one row per article, per de-duplicated event (its flat
record as JSON beside the columns the filters use, each indexed), and per report (one article's coding of one
event, with its evidence). ``review_state`` holds each reviewed event's current verdict and edited values;
``review_log`` every review action (who, when, before -> after). Reviewed values are applied on read, so the
machine's record is never overwritten and a review can always be traced back.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("doc_id", String, primary_key=True),
    Column("title", Text, nullable=False, default=""),
    Column("publisher", Text, nullable=False, default=""),
    Column("url", Text, nullable=False, default=""),
    Column("published", String, nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("status", String, nullable=False, default="ingested"),  # ingested | failed
    Column("error", Text, nullable=False, default=""),
    Column("ingested_at", String, nullable=False),
    Column("n_events", Integer, nullable=False, default=0),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String, primary_key=True),
    Column("event_date", String, nullable=False, default=""),
    Column("event_type", String, nullable=False, default=""),
    Column("sub_event_type", String, nullable=False, default=""),
    Column("plover_event", String, nullable=False, default=""),
    Column("actor1", String, nullable=False, default=""),
    Column("actor2", String, nullable=False, default=""),
    Column("country", String, nullable=False, default=""),
    Column("admin1", String, nullable=False, default=""),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("confidence", Float, nullable=False, default=0.0),
    Column("fatalities", Integer, nullable=False, default=0),
    Column("review", String, nullable=False, default="unreviewed"),  # denormalised from review_state for filters
    Column("record", Text, nullable=False),  # the flat record (serialize.event_to_record) as JSON
    Index("ix_events_date", "event_date"),
    Index("ix_events_country_date", "country", "event_date"),
    Index("ix_events_type_date", "event_type", "event_date"),
    Index("ix_events_actor1", "actor1"),
    Index("ix_events_actor2", "actor2"),
    Index("ix_events_review", "review"),
)

reports = Table(
    "reports",
    metadata,
    Column("report_id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String, ForeignKey("events.event_id"), nullable=False),
    Column("doc_id", String, ForeignKey("articles.doc_id"), nullable=False),
    Column("origin_event_id", String, nullable=False),  # the event id this article's coding gave it
    Column("evidence", Text, nullable=False, default="[]"),
    Column("record", Text, nullable=False),  # this report's own flat record
    Index("ix_reports_event", "event_id"),
    Index("ix_reports_doc", "doc_id"),
)

review_state = Table(
    "review_state",
    metadata,
    Column("event_id", String, ForeignKey("events.event_id"), primary_key=True),
    Column("status", String, nullable=False),  # accepted | edited | rejected | merged
    Column("overrides", Text, nullable=False, default="{}"),  # field -> reviewed value
    Column("merged_into", String, nullable=False, default=""),
    Column("updated_at", String, nullable=False),
)

review_log = Table(
    "review_log",
    metadata,
    Column("log_id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String, nullable=False),
    Column("action", String, nullable=False),  # accept | edit | reject | merge | split | reopen
    Column("field", String, nullable=False, default=""),
    Column("before", Text, nullable=False, default="null"),
    Column("after", Text, nullable=False, default="null"),
    Column("other_id", String, nullable=False, default=""),
    Column("who", String, nullable=False),
    Column("at", String, nullable=False),
    Index("ix_review_log_event", "event_id"),
)


def now() -> str:
    """UTC time as ISO text, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def open_engine(url: str) -> Engine:
    """An engine on ``url`` (``sqlite:///path`` or ``postgresql+psycopg://...``) with the tables created."""
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    metadata.create_all(engine)
    return engine
