"""Shared fixtures. The spaCy-backed pipeline is built once per session (it is the slow part).

The unit-test fixtures below need no spaCy model: settings read with an empty environment (so a developer's
``CONFLICTLENS_*`` variables cannot change results) and a factory of hand-built :class:`Event` records.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import settings as hypothesis_settings

# No per-example deadline: the first example of a property pays for imports and caches.
hypothesis_settings.register_profile("conflictlens", deadline=None)
hypothesis_settings.load_profile("conflictlens")


@pytest.fixture(scope="session")
def pipeline():
    """The candidate generators alone: trigger rules and the naive Bayes, every candidate kept (``learned`` off).
    Rule tests use it: what they check is what the rules propose, before the learned verifier decides."""
    from conflictlens.config import load_settings
    from conflictlens.pipeline import Pipeline

    return Pipeline(load_settings(environ={}).with_overrides(learned=False))


@pytest.fixture(scope="session")
def shipped_pipeline():
    """The pipeline as users get it: the learned sentence typer and event verifier decide."""
    from conflictlens.config import load_settings
    from conflictlens.pipeline import Pipeline

    return Pipeline(load_settings(environ={}))


@pytest.fixture
def default_settings():
    """The shipped defaults, unaffected by the caller's environment."""
    from conflictlens.config import load_settings

    return load_settings(environ={})


@pytest.fixture
def make_event():
    """Build an :class:`Event` with sensible defaults; keyword arguments override any field."""
    from conflictlens.model import Actor, ActorType, Event, Evidence, Place, SourceClaim

    def build(**overrides):
        values = dict(
            event_id="evt-0001",
            doc_id="doc-0001",
            event_type="Battles",
            sub_event_type="Armed clash",
            disorder_type="Political violence",
            plover_event="FIGHT",
            plover_mode="small arms",
            event_date=dt.date(2019, 8, 5),
            time_precision=1,
            date_phrase="on Monday",
            actor1=Actor("Military Forces of Syria (2000-2024)", ActorType.STATE, "SY", sector="MIL"),
            actor2=Actor("Hayat Tahrir al-Sham", ActorType.REBEL, "SY", sector="REB"),
            interaction=12,
            place=Place(
                name="Khan Sheikhoun", location="Khan Shaykhun", geonameid=169304, latitude=35.44208,
                longitude=36.65095, country="Syria", country_code="SY", iso=760, admin1="Idleb",
                geo_precision=1, kind="populated_place", confidence=0.9,
            ),
            fatalities=9,
            fatalities_phrase="at least 9 killed",
            source=SourceClaim(("Example News", "SOHR"), "Example News; SOHR", "National-International"),
            notes="On 5 August 2019, clashes near Khan Sheikhoun. 9 fatalities.",
            confidence=0.8,
            trigger="clashes",
            evidence=(Evidence("fatalities", 10, 27, "at least 9 killed", "fatalities"),),
        )
        values.update(overrides)
        return Event(**values)

    return build


# -- the event store: every store test runs on SQLite, and on PostgreSQL when CONFLICTLENS_TEST_PG names a server --
PG_ENV = "CONFLICTLENS_TEST_PG"


def _reachable_pg() -> str | None:
    import os

    url = os.environ.get(PG_ENV)
    if not url:
        return None
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception:  # noqa: BLE001 - any failure to connect means "no server": the PostgreSQL runs are skipped
        return None
    return url


@pytest.fixture(scope="session")
def pg_url():
    url = _reachable_pg()
    if url is None:
        pytest.skip(f"no PostgreSQL server ({PG_ENV} unset or unreachable)")
    return url


def _empty_pg(url: str) -> str:
    """Drop every store table so each test starts from an empty database."""
    from conflictlens.store import create_engine, resolve_url
    from conflictlens.store.review import metadata as review_metadata
    from conflictlens.store.schema import metadata

    engine = create_engine(resolve_url(url))
    with engine.begin() as conn:
        review_metadata.drop_all(conn)
        metadata.drop_all(conn)
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A URL of an empty store: a SQLite file, or the test PostgreSQL database emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return _empty_pg(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(store_url):
    from conflictlens.store import open_store

    opened = open_store(store_url)
    yield opened
    opened.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def web_store(request):
    """A store holding the hand-coded articles of tests/web_helpers.py (in-memory SQLite, or the test PostgreSQL
    database emptied); ``.ids`` maps doc -> dataset event."""
    from web_helpers import seed

    from conflictlens.store import open_store

    url = "sqlite://"
    if request.param == "postgresql":
        import sqlalchemy as sa

        from conflictlens.store import create_engine, resolve_url
        from conflictlens.web.tables import metadata as web_metadata

        url = request.getfixturevalue("pg_url")
        engine = create_engine(resolve_url(url))
        with engine.begin() as conn:
            web_metadata.drop_all(conn)
            conn.execute(sa.text("DROP TABLE IF EXISTS web_review_state"))
        engine.dispose()
        url = _empty_pg(url)
    store = open_store(url)
    store.ids = seed(store)
    yield store
    store.close()


@pytest.fixture
def web_client(web_store):
    """The web app over ``web_store`` in-process (no server), with the test token and a fake pipeline."""
    from fastapi.testclient import TestClient
    from web_helpers import TOKEN, FakePipeline

    from conflictlens.web import create_app

    with TestClient(create_app(web_store, token=TOKEN, pipeline=FakePipeline())) as client:
        client.ids = web_store.ids
        yield client
