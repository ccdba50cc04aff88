"""The store's tables and their versioned migrations, in one place (SQLAlchemy 2 Core; SQLite and PostgreSQL).

A fresh store is created from :data:`metadata` and stamped with :data:`SCHEMA_VERSION`. An older store is brought
up to date by the steps in :data:`MIGRATIONS` whose version is above its own, each in its own transaction, each
recorded in ``schema_version``. To change the schema: edit the tables below, bump :data:`SCHEMA_VERSION` and append
the step that turns the previous version into the new one.

Tables::

    schema_version  version, applied_at, description           one row per applied step
    runs            one ingest / recluster / migrate invocation with its counts
    articles        one input document: content hash (primary key), doc id, url, publisher, text, status/error
    reports         one article's coding of one event (the full Event JSON with evidence) -> its dataset event
    events          the de-duplicated dataset record (merged Event JSON, sources, corroboration) + filter columns
    event_actors    actor names of each dataset event, by role (for --actor and the web app)
    actors          every actor name seen, with type and country
    places          every coded point seen (geonameid or name+point)
    merges          every report that joined an event: reason, score, settings; undone_at when undone
    review_log      analysts' edits and decisions (written by the web app)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

SCHEMA_VERSION = 1

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.DateTime, nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
)

runs = sa.Table(
    "runs", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("command", sa.String(40), nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime),
    sa.Column("settings", sa.Text, nullable=False, default="{}"),  # JSON
    sa.Column("counts", sa.Text, nullable=False, default="{}"),  # JSON
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.String(80), primary_key=True),  # "art-" + sha256 of the text
    sa.Column("doc_id", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("publisher", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("title", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.DateTime, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # "ok" | "failed"
    sa.Column("error", sa.Text),
    sa.Column("run_id", sa.String(40)),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.String(40), primary_key=True),  # "cle-" + hash of the founding report id
    sa.Column("family", sa.String(40), nullable=False),
    sa.Column("event_type", sa.Text, nullable=False),
    sa.Column("sub_event_type", sa.Text, nullable=False),
    sa.Column("plover_event", sa.Text, nullable=False),
    sa.Column("event_date", sa.Date),
    sa.Column("time_precision", sa.Integer),
    sa.Column("first_date", sa.Date),  # first and last day-precision date its reports give
    sa.Column("last_date", sa.Date),
    sa.Column("country", sa.Text, nullable=False, default=""),
    sa.Column("country_code", sa.String(2), nullable=False, default=""),
    sa.Column("admin1", sa.Text, nullable=False, default=""),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("fatalities", sa.Integer, nullable=False, default=0),
    sa.Column("confidence", sa.Float, nullable=False, default=0.0),
    sa.Column("corroboration", sa.Integer, nullable=False, default=1),
    sa.Column("record", sa.Text, nullable=False),  # the merged Event, JSON
    sa.Column("sources", sa.Text, nullable=False, default="[]"),  # JSON list of source references
    sa.Column("updated_at", sa.DateTime, nullable=False),
)
sa.Index("ix_events_match", events.c.family, events.c.country_code, events.c.event_date)
sa.Index("ix_events_date", events.c.event_date)

reports = sa.Table(
    "reports", metadata,
    sa.Column("id", sa.String(40), primary_key=True),  # "rep-" + hash of article id and the article's event id
    sa.Column("article_id", sa.String(80), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("event_id", sa.String(40)),  # the dataset event (written after its reports); NULL: unmatched background
    sa.Column("seq", sa.Integer, nullable=False),  # ingest order, for deterministic re-clustering
    sa.Column("pinned", sa.Boolean, nullable=False, default=False),  # split off by an undo: never merged again
    sa.Column("record", sa.Text, nullable=False),  # the article's Event, JSON, with evidence
    sa.Column("created_at", sa.DateTime, nullable=False),
)
sa.Index("ix_reports_event", reports.c.event_id)
sa.Index("ix_reports_article", reports.c.article_id)
sa.Index("ix_reports_seq", reports.c.seq)

event_actors = sa.Table(
    "event_actors", metadata,
    sa.Column("event_id", sa.String(40), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("role", sa.String(16), primary_key=True),  # actor1, actor2, assoc_actor_1, assoc_actor_2
    sa.Column("name", sa.Text, primary_key=True),
)
sa.Index("ix_event_actors_name", event_actors.c.name)

actors = sa.Table(
    "actors", metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("type", sa.Integer),
    sa.Column("country_code", sa.String(2), nullable=False, default=""),
    sa.Column("kb_id", sa.Text, nullable=False, default=""),
)

places = sa.Table(
    "places", metadata,
    sa.Column("key", sa.Text, primary_key=True),  # "gn:<geonameid>" or "pt:<name>@<lat>,<lon>"
    sa.Column("location", sa.Text, nullable=False),
    sa.Column("country_code", sa.String(2), nullable=False, default=""),
    sa.Column("admin1", sa.Text, nullable=False, default=""),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.Integer),
)

merges = sa.Table(
    "merges", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(40), nullable=False),
    sa.Column("report_id", sa.String(40), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("settings", sa.Text, nullable=False, default="{}"),  # the thresholds in force, JSON
    sa.Column("run_id", sa.String(40)),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("undone_at", sa.DateTime),
    sa.Column("undo_reason", sa.Text),
)
sa.Index("ix_merges_event", merges.c.event_id)

review_log = sa.Table(
    "review_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(40), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),  # e.g. "edit", "accept", "reject", "split", "merge"
    sa.Column("field", sa.Text, nullable=False, default=""),
    sa.Column("old_value", sa.Text, nullable=False, default=""),
    sa.Column("new_value", sa.Text, nullable=False, default=""),
    sa.Column("reviewer", sa.Text, nullable=False, default=""),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("created_at", sa.DateTime, nullable=False),
)
sa.Index("ix_review_event", review_log.c.event_id)


@dataclass(frozen=True)
class Migration:
    """One step: turns a store at ``version - 1`` into one at ``version``."""

    version: int
    description: str
    apply: Callable[[sa.Connection], None]


def _initial(conn: sa.Connection) -> None:
    metadata.create_all(conn)


#: Every step, oldest first. Version 1 is the initial schema; append new steps, never edit old ones.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema: articles, reports, events, actors, places, merges, review log, runs", _initial),
)
