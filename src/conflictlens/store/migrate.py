"""Creating a store and bringing an older one up to date (the steps live in :mod:`.schema`)."""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

from ..errors import ResourceError
from . import schema as s

log = logging.getLogger(__name__)


def current_version(conn: sa.Connection) -> int:
    """The store's schema version; 0 for an empty database."""
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(sa.select(sa.func.coalesce(sa.func.max(s.schema_version.c.version), 0))).scalar_one()


def _stamp(conn: sa.Connection, step: s.Migration) -> None:
    conn.execute(s.schema_version.insert().values(
        version=step.version, applied_at=dt.datetime.now(dt.UTC).replace(tzinfo=None), description=step.description))


def pending(conn: sa.Connection, migrations: tuple[s.Migration, ...] | None = None) -> list[s.Migration]:
    version = current_version(conn)
    return [m for m in (s.MIGRATIONS if migrations is None else migrations) if m.version > version]


def migrate(engine: sa.Engine, migrations: tuple[s.Migration, ...] | None = None) -> list[int]:
    """Apply every pending step, each in its own transaction; returns the versions applied.

    An empty database gets the current schema at once (``metadata.create_all``) stamped with every version.
    """
    migrations = s.MIGRATIONS if migrations is None else migrations
    with engine.begin() as conn:
        if current_version(conn) == 0:
            s.metadata.create_all(conn)
            for step in migrations:
                _stamp(conn, step)
            return [m.version for m in migrations]
    applied = []
    for step in migrations:
        with engine.begin() as conn:
            if step.version <= current_version(conn):
                continue
            log.info("migrating store to schema version %d: %s", step.version, step.description)
            step.apply(conn)
            _stamp(conn, step)
            applied.append(step.version)
    return applied


def check(engine: sa.Engine, *, create: bool, upgrade: bool) -> None:
    """Make sure the store's schema is the one this code writes, creating or upgrading it when allowed."""
    try:
        with engine.connect() as conn:
            version = current_version(conn)
    except sa.exc.SQLAlchemyError as e:
        raise ResourceError(f"cannot open the event store: {e.__class__.__name__}: {e.orig if hasattr(e, 'orig') else e}") from e
    if version > s.SCHEMA_VERSION:
        raise ResourceError(f"the event store has schema version {version}, newer than this conflictlens "
                            f"({s.SCHEMA_VERSION}); upgrade conflictlens")
    if version == s.SCHEMA_VERSION:
        return
    if (version == 0 and create) or (version > 0 and upgrade):
        migrate(engine)
        return
    if version == 0:
        raise ResourceError("the event store is empty; run `conflictlens db migrate` or `conflictlens ingest` first")
    raise ResourceError(f"the event store has schema version {version}, this conflictlens writes "
                        f"{s.SCHEMA_VERSION}; run `conflictlens db migrate`")
