"""`ingest`, `events`, `db info|migrate`, `recluster`, `merges`, `unmerge`: the event store from the command line."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator

import click

from ..errors import ConflictLensError
from ..serialize import FORMATS, to_jsonable, write_events, write_parquet
from .base import EXIT_SOME_FAILED, _settings, cli

STORE_COLUMNS = ("sources", "corroboration", "review_state", "reviewed_fields")

db_option = click.option("--db", help="Store URL or path (default: $CONFLICTLENS_DB, else events.sqlite3 in the user data dir).")
config_option = click.option("--config", type=click.Path(exists=True, dir_okay=False), help="TOML settings file.")


def _open(settings, db: str | None, *, create: bool = True, upgrade: bool = False):  # type: ignore[no-untyped-def]
    from ..store import open_store

    try:
        return open_store(db or settings.db or None, create=create, upgrade=upgrade)
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from e


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--published", help="Publication date (YYYY-MM-DD) for plain-text input.")
@click.option("--publisher", help="Publisher of plain-text input.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False), help="Extra actor file (YAML/CSV); repeatable.")
@click.option("--places", "place_files", multiple=True, type=click.Path(exists=True, dir_okay=False), help="Extra place CSV; repeatable.")
@click.option("-w", "--workers", type=click.IntRange(min=1), help="Extract in this many worker processes, each loading the pipeline once [default: in this process].")
@click.option("--dask", "dask_address", metavar="ADDRESS", help="Extract on the Dask scheduler at ADDRESS (tcp://host:8786).")
@config_option
def ingest(paths, db, published, publisher, actor_files, place_files, workers, dask_address, config):  # type: ignore[no-untyped-def]
    """Extract events from articles and add them to the store, merging reports of the same event.

    Reads what `extract` reads (files, directories, JSONL, - for stdin). Each article is stored in its own
    transaction; an article whose text is already stored is skipped, so re-running a corpus adds nothing and a
    killed run can simply be run again. Prints one summary line; bad documents go to stderr and the exit code is 1.
    With --workers or --dask only the extraction moves: this process still writes every article, in input
    order, so the stored dataset is the one a single process builds.

    \b
    Example:
      conflictlens ingest reports/ feed.jsonl --db postgresql://me@localhost/conflict
      conflictlens ingest big.jsonl --workers 4
    """
    from ..ingest import read_inputs
    from ..pipeline import Pipeline
    from ..store import DedupSettings
    from ..store.ingest import IngestStats, ingest as run_ingest

    settings = _settings(config, actor_files=actor_files or None, place_files=place_files or None)
    store = _open(settings, db)
    dedup = DedupSettings.from_settings(settings)
    stats = IngestStats()
    try:
        pipeline = Pipeline(settings)
        run_id = store.start_run("ingest", {"paths": list(paths), "workers": workers, "dask": dask_address, **dedup.as_dict()})
        items = read_inputs(paths, stdin=sys.stdin.buffer if "-" in paths else None, max_chars=settings.max_chars,
                            defaults={"published": published, "publisher": publisher})
        extract = None
        if workers is not None or dask_address:
            from ..scale import process

            def extract(articles):  # type: ignore[no-untyped-def]
                return process(articles, settings, workers=workers, dask=dask_address, pipeline=pipeline)

        steps = run_ingest(store, pipeline, items, dedup=dedup, run_id=run_id, stats=stats, extract=extract)
        if sys.stderr.isatty():
            with click.progressbar(steps, label="articles", file=sys.stderr, show_pos=True) as bar:
                for _ in bar:
                    pass
        else:
            for _ in steps:
                pass
        store.finish_run(run_id, stats.counts())
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e
    finally:
        store.close()
    for failure in stats.failures:
        click.echo(f"error: {failure}", err=True)
    click.echo(stats.summary())
    if stats.failures:
        sys.exit(EXIT_SOME_FAILED)


@cli.command()
@db_option
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True, help="Output format.")
@click.option("-o", "--output", help="Write to FILE instead of stdout.")
@click.option("--country", help="ACLED country name or ISO2 code.")
@click.option("--since", help="Events on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Events on or before this date (YYYY-MM-DD).")
@click.option("--type", "type_", help="ACLED event type, sub-event type or PLOVER event.")
@click.option("--actor", help="Part of an actor's name (any role).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, help="Smallest confidence.")
@click.option("--include-rejected", is_flag=True, help="Also write the events a reviewer rejected in the web app.")
@config_option
def events(db, fmt, output, country, since, until, type_, actor, min_confidence, include_rejected, config):  # type: ignore[no-untyped-def]
    """Write the de-duplicated dataset as reviewed; every record lists its `sources` and `corroboration`.

    Reviews made in the web app apply: edited values replace the machine's, events rejected in review are left
    out (unless --include-rejected) and events merged into another are never written. Each record says its
    review state (`review` in JSONL and PLOVER; `review_state` and `reviewed_fields` in CSV, GeoJSON, Parquet).
    The filters read the reviewed values.

    \b
    Example:
      conflictlens events --country Syria --since 2024-03-01 --type "Armed clash" --format acled -o syria.csv
    """
    from ..store import EventQuery

    store = _open(_settings(config), db, create=False)
    query = EventQuery(country=country or "", since=_date(since), until=_date(until), type=type_ or "",
                       actor=actor or "", min_confidence=min_confidence, include_rejected=include_rejected)
    extras: dict[str, dict[str, object]] = {}
    nested = fmt in ("jsonl", "plover")  # the web app's exports: a `review` object in JSON lines, columns in tables

    def stream() -> Iterator:  # type: ignore[type-arg]
        for stored in store.events(query):
            review = stored.review.summary()
            extras[stored.event_id] = {"sources": to_jsonable(stored.sources), "corroboration": stored.corroboration,
                                       **({"review": review} if nested else
                                          {"review_state": review["state"], "reviewed_fields": "; ".join(review["edited"])})}
            yield stored.event

    def extra(event):  # type: ignore[no-untyped-def]
        return extras.pop(event.event_id)

    try:
        if fmt == "parquet":
            if not output or output == "-":
                raise click.UsageError("--format parquet needs -o FILE")
            count = write_parquet(stream(), output, extra=extra)
        elif output and output != "-":
            with open(output, "w", encoding="utf-8", newline="") as handle:
                count = write_events(stream(), handle, fmt, extra=extra, extra_columns=STORE_COLUMNS)
        else:
            count = write_events(stream(), sys.stdout, fmt, extra=extra, extra_columns=STORE_COLUMNS)
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e
    finally:
        store.close()
    if output and output != "-":
        click.echo(f"{count} events written to {output}", err=True)


@cli.group()
def db() -> None:
    """The event store: where it is, its schema version, upgrades."""


@db.command("info")
@db_option
@config_option
def db_info(db, config):  # type: ignore[no-untyped-def]
    """Print the store's URL, back-end, schema version and row counts as JSON.

    \b
    Example:
      conflictlens db info --db postgresql://me@localhost/conflict
    """
    store = _open(_settings(config), db, create=False)
    try:
        click.echo(json.dumps(to_jsonable(store.info()), indent=2))
    finally:
        store.close()


@db.command("migrate")
@db_option
@config_option
def db_migrate(db, config):  # type: ignore[no-untyped-def]
    """Create the store, or bring an older one up to this version's schema.

    \b
    Example:
      conflictlens db migrate
    """
    store = _open(_settings(config), db, create=True, upgrade=True)
    try:
        info = store.info()
        click.echo(f"{info.url}: schema version {info.schema_version}")
    finally:
        store.close()


@cli.command()
@db_option
@config_option
def recluster(db, config):  # type: ignore[no-untyped-def]
    """Re-run de-duplication over every stored report under the current dedup_* settings (one transaction).

    \b
    Example:
      CONFLICTLENS_DEDUP_DISTANCE_KM=10 conflictlens recluster
    """
    from ..store import DedupSettings

    settings = _settings(config)
    store = _open(settings, db, create=False)
    dedup = DedupSettings.from_settings(settings)
    try:
        run_id = store.start_run("recluster", dedup.as_dict())
        result = store.recluster(dedup, run_id=run_id)
        store.finish_run(run_id, {"reports": result.reports, "events": result.events, "merges": result.merges})
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e
    finally:
        store.close()
    click.echo(f"{result.reports} reports -> {result.events} events ({result.merges} merges)")


@cli.command()
@db_option
@click.option("--event", "event_id", help="Only the merges into this event.")
@config_option
def merges(db, event_id, config):  # type: ignore[no-untyped-def]
    """List merge decisions (JSONL): which report joined which event, the score and the reason.

    \b
    Example:
      conflictlens merges --event cle-0123456789abcdef
    """
    store = _open(_settings(config), db, create=False)
    try:
        for merge in store.merges(event_id=event_id):
            click.echo(json.dumps(to_jsonable(merge), ensure_ascii=False))
    finally:
        store.close()


@cli.command()
@click.argument("merge_id", type=int)
@db_option
@click.option("--reason", default="", help="Why the merge was wrong (kept in the merge log).")
@config_option
def unmerge(merge_id, db, reason, config):  # type: ignore[no-untyped-def]
    """Undo one merge: its report becomes its own event and is never merged automatically again.

    \b
    Example:
      conflictlens unmerge 42 --reason "a second raid, same town, next day"
    """
    store = _open(_settings(config), db, create=False)
    try:
        split = store.undo_merge(merge_id, reason=reason)
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e
    finally:
        store.close()
    click.echo(split.event_id)
