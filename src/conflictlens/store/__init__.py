"""The event store: articles, their reports and the de-duplicated dataset, in SQLite (default) or PostgreSQL.

>>> from conflictlens.store import open_store
>>> store = open_store("sqlite://")                 # in memory; open_store() opens the user's default store
>>> store.info().schema_version
1

See docs/store.md for the protocol, the tables and the de-duplication rules.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from ..errors import ResourceError
from .dedup import DedupSettings
from .protocol import EventStore
from .records import (
    EventQuery,
    IngestResult,
    MergeRecord,
    ReclusterResult,
    ReviewEntry,
    SourceRef,
    StoredEvent,
    StoredReport,
    StoreInfo,
)
from .review import Review
from .sql import SQLStore, article_key

ENV_DB = "CONFLICTLENS_DB"


def default_db_path() -> Path:
    """The embedded SQLite file in the user's data directory."""
    import platformdirs

    return Path(platformdirs.user_data_dir("conflictlens")) / "events.sqlite3"


def resolve_url(db: str | None = None, *, environ: dict[str, str] | None = None) -> str:
    """``db`` if given, else ``$CONFLICTLENS_DB``, else the default SQLite file, as a SQLAlchemy URL.

    Accepts ``postgresql://…`` (psycopg 3 is used), ``sqlite:///path``, ``sqlite://`` (memory) or a plain path.
    """
    env = os.environ if environ is None else environ
    value = db or env.get(ENV_DB) or str(default_db_path())
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    # Let SQLAlchemy's BEGIN (below) delimit transactions; WAL keeps readers and a writer apart, and a committed
    # transaction survives the process being killed (synchronous=NORMAL is durable against process crashes).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=30000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


#: Execution option of a connection whose transactions write the dataset (:meth:`SQLStore.writing`).
WRITER = "conflictlens_writer"


def _sqlite_begin(conn: sa.Connection) -> None:
    # A writer takes SQLite's write lock at BEGIN: with a deferred BEGIN, two ingests would both read, and the
    # second to write would fail ("database is locked": its snapshot is stale, which busy_timeout cannot wait out)
    # — or, worse, decide on matches the other is about to change. Readers keep a deferred BEGIN and never wait.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITER) else "BEGIN")


def create_engine(url: str) -> sa.Engine:
    """An engine for a store URL (see :func:`resolve_url`)."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as e:
        raise ResourceError(f"not a database URL: {url!r}") from e
    if parsed.get_backend_name() == "sqlite":
        memory = parsed.database in (None, "", ":memory:")
        if not memory:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
        engine = sa.create_engine(url, poolclass=StaticPool if memory else None,
                                  connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return sa.create_engine(url)
    raise ResourceError(f"unsupported store backend {parsed.get_backend_name()!r}; use SQLite or PostgreSQL")


def open_store(db: str | None = None, *, create: bool = True, upgrade: bool = False) -> SQLStore:
    """Open (and by default create) the store at ``db`` (see :func:`resolve_url`).

    An older schema raises :class:`~conflictlens.errors.ResourceError` unless ``upgrade`` (``conflictlens db migrate``).
    """
    from .migrate import check

    url = resolve_url(db)
    parsed = sa.make_url(url) if "://" in url else None
    if (not create and parsed is not None and parsed.get_backend_name() == "sqlite" and parsed.database
            and parsed.database != ":memory:" and not Path(parsed.database).exists()):
        raise ResourceError(f"no event store at {parsed.database}; run `conflictlens ingest` or `conflictlens db migrate` first")
    try:
        engine = create_engine(url)
    except ImportError as e:
        raise ResourceError(f"the store backend needs a driver that is not installed: {e}") from e
    try:
        check(engine, create=create, upgrade=upgrade)
    except BaseException:
        engine.dispose()
        raise
    return SQLStore(engine, url)


__all__ = [
    "DedupSettings", "EventQuery", "EventStore", "IngestResult", "MergeRecord", "ReclusterResult", "Review", "ReviewEntry",
    "SQLStore", "SourceRef", "StoreInfo", "StoredEvent", "StoredReport", "article_key", "create_engine",
    "default_db_path", "open_store", "resolve_url",
]
