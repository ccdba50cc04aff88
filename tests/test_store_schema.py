"""Store schema, migrations, URLs and the JSON codec of stored events."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictlens.errors import ResourceError
from conflictlens.model import Actor, ActorType, Evidence, FramingLabel, How, Modality
from conflictlens.store import create_engine, default_db_path, open_store, resolve_url
from conflictlens.store import schema as s
from conflictlens.store.codec import event_from_json, event_to_json
from conflictlens.store.migrate import current_version, migrate


def test_urls():
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite://") == "sqlite://"
    assert resolve_url("/tmp/x.sqlite3") == "sqlite:////tmp/x.sqlite3"
    assert resolve_url(None, environ={"CONFLICTLENS_DB": "sqlite:///e.db"}) == "sqlite:///e.db"
    assert resolve_url(None, environ={}).endswith(str(default_db_path()))
    assert default_db_path().name == "events.sqlite3"


def _add_column(conn: sa.Connection) -> None:
    conn.execute(sa.text("ALTER TABLE events ADD COLUMN reviewed INTEGER DEFAULT 0"))


V2 = s.Migration(2, "events.reviewed", _add_column)


def test_migrations_bring_an_older_store_up_to_date(store_url, monkeypatch):
    open_store(store_url).close()  # a version-1 store
    monkeypatch.setattr(s, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(s, "MIGRATIONS", (*s.MIGRATIONS, V2))
    with pytest.raises(ResourceError, match="db migrate"):
        open_store(store_url)
    store = open_store(store_url, upgrade=True)
    assert store.info().schema_version == 2
    with store.engine.connect() as conn:
        assert "reviewed" in {c["name"] for c in sa.inspect(conn).get_columns("events")}
    store.close()


def test_migrate_is_idempotent(store_url):
    engine = create_engine(resolve_url(store_url))
    assert migrate(engine) == [1]
    assert migrate(engine) == []
    with engine.connect() as conn:
        assert current_version(conn) == 1
    engine.dispose()


def test_a_newer_store_is_refused(store_url):
    store = open_store(store_url)
    with store.engine.begin() as conn:
        conn.execute(s.schema_version.insert().values(version=99, applied_at=dt.datetime(2030, 1, 1), description="future"))
    store.close()
    with pytest.raises(ResourceError, match="newer"):
        open_store(store_url)


def test_every_table_is_created(store):
    with store.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    assert {"articles", "reports", "events", "actors", "places", "merges", "review_log", "runs", "schema_version"} <= tables


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # make_event is a pure factory
@given(name=names, fatalities=st.integers(0, 10_000), confidence=st.floats(0, 1),
       date=st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))),
       modality=st.sampled_from(list(Modality)), kind=st.one_of(st.none(), st.sampled_from(list(ActorType))))
def test_codec_round_trip(make_event, name, fatalities, confidence, date, modality, kind):
    actor = Actor(name, kind, "SY", mention=name)
    event = make_event(actor1=actor, assoc_actor_2=(actor,), fatalities=fatalities, confidence=confidence,
                       event_date=date, modality=modality,
                       framing=(FramingLabel(name, "terrorists", "delegitimising", Evidence("framing", 1, 2, "t", "actors", How.CONTEXT)),))
    assert event_from_json(event_to_json(event)) == event


def test_codec_keeps_a_missing_place_and_actor(make_event):
    event = make_event(place=None, actor2=None)
    assert event_from_json(event_to_json(event)) == event
    assert event_from_json(event_to_json(dataclasses.replace(event, evidence=()))).evidence == ()
