"""The command line: composable filters, JSONL on stdout by default. Only this module writes to the terminal."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import click

from . import __version__
from .config import load_settings, setting_help
from .errors import ConflictLensError
from .ingest import InputItem, read_inputs
from .serialize import FORMATS, write_events, write_parquet

EXIT_SOME_FAILED = 1


def _settings(config: str | None, **overrides):  # type: ignore[no-untyped-def]
    try:
        return load_settings(config).with_overrides(**overrides)
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e


def sample_path() -> Path:
    return Path(str(resources.files("conflictlens").joinpath("samples", "sample-report.txt")))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="conflictlens")
@click.option("-v", "--verbose", count=True, help="Log progress (-v) or debug details (-vv) to stderr.")
def cli(verbose: int) -> None:
    """conflictlens: conflict news in, coded events out (ACLED and PLOVER).

    \b
    Example:
      conflictlens extract report.txt --published 2019-08-06 --format acled -o events.csv
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _run(items: Iterator[InputItem], pipeline, total_hint: int) -> tuple[list, list[str]]:  # type: ignore[no-untyped-def]
    events, failures = [], []
    show = total_hint > 3 and sys.stderr.isatty()
    with click.progressbar(items, label="articles", file=sys.stderr, show_pos=True) if show else _nullbar(items) as bar:
        for item in bar:
            if item.error is not None:
                failures.append(str(item.error))
                continue
            for outcome in pipeline.pipe([item.article]):
                if outcome.error is not None:
                    failures.append(f"{item.name}: {outcome.error.message}" if outcome.error.doc_id != item.name else str(outcome.error))
                events.extend(outcome.events)
    return events, failures


class _nullbar:
    def __init__(self, items):  # type: ignore[no-untyped-def]
        self.items = items

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


def _write(events: list, fmt: str, output: str | None) -> int:
    if fmt == "parquet":
        if not output:
            raise click.UsageError("--format parquet needs -o FILE")
        return write_parquet(events, output)
    if output and output != "-":
        with open(output, "w", encoding="utf-8", newline="") as stream:
            return write_events(events, stream, fmt)
    return write_events(events, sys.stdout, fmt)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) for plain-text input; resolves 'on Monday', 'yesterday'.")
@click.option("--publisher", help="Publisher of plain-text input (first link of each event's source chain).")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True, help="Output format.")
@click.option("-o", "--output", help="Write to FILE instead of stdout.")
@click.option("--dump-stages", type=click.Path(file_okay=False), help="Write every stage's intermediate output to DIR/<doc-id>/.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False), help="Extra actor file (YAML/CSV); repeatable.")
@click.option("--places", "place_files", multiple=True, type=click.Path(exists=True, dir_okay=False), help="Extra place CSV; repeatable.")
@click.option("--keep-non-factual", is_flag=True, default=None, help="Also output denied/threatened/planned/negated/historical events.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False), help="TOML settings file.")
def extract(paths, published, publisher, fmt, output, dump_stages, actor_files, place_files, keep_non_factual, config):  # type: ignore[no-untyped-def]
    """Extract events from text files, directories, JSONL documents or stdin (-).

    JSONL input lines are objects {"id", "text", "title"?, "published"?, "publisher"?, "url"?}.
    Bad documents are reported on stderr, one line each; the others are processed, and the exit code is 1.

    \b
    Example:
      conflictlens extract report.txt --published 2019-08-06
      cat articles.jsonl | conflictlens extract - --format geojson -o events.geojson
    """
    from .pipeline import Pipeline

    settings = _settings(config, actor_files=actor_files or None, place_files=place_files or None, keep_non_factual=keep_non_factual)
    try:
        pipeline = Pipeline(settings, dump_dir=dump_stages)
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e
    stdin = sys.stdin.buffer if "-" in paths else None
    items = read_inputs(paths, stdin=stdin, max_chars=settings.max_chars, defaults={"published": published, "publisher": publisher})
    try:
        events, failures = _run(items, pipeline, len(paths))
        _write(events, fmt, output)
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if failures:
        sys.exit(EXIT_SOME_FAILED)


@cli.command()
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True, help="Output format.")
def demo(fmt: str) -> None:
    """Run the extraction on the sample report shipped with the package.

    \b
    Example:
      conflictlens demo --format acled
    """
    from .pipeline import Pipeline

    path = sample_path()
    published = path.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("Published: ").strip()
    text = path.read_text(encoding="utf-8").split("\n", 1)[1].lstrip()
    events = Pipeline().extract(text, published=published, publisher="conflictlens sample")
    write_events(events, sys.stdout, fmt)
    click.echo(f"{len(events)} events from the sample report ({path.name}, published {published})", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", help="Publication date for plain-text input.")
def framing(paths, published):  # type: ignore[no-untyped-def]
    """Report the labels each outlet attaches to actors ("terrorists", "regime"), with evidence, as JSONL.

    \b
    Example:
      conflictlens framing report.txt
    """
    from .pipeline import Pipeline
    from .serialize import to_jsonable

    pipeline = Pipeline()
    failed = False
    for item in read_inputs(paths, stdin=sys.stdin.buffer if "-" in paths else None, max_chars=pipeline.settings.max_chars,
                            defaults={"published": published}):
        if item.error is not None:
            click.echo(f"error: {item.error}", err=True)
            failed = True
            continue
        try:
            doc = pipeline.run(item.article)
        except ConflictLensError as e:
            click.echo(f"error: {e}", err=True)
            failed = True
            continue
        click.echo(json.dumps({"doc_id": doc.id, "labels": to_jsonable(doc.framing)}, ensure_ascii=False))
    if failed:
        sys.exit(EXIT_SOME_FAILED)


@cli.command()
def stages() -> None:
    """List the registered stages with what they require and assign.

    \b
    Example:
      conflictlens stages
    """
    from .registry import registered_stages

    for spec in registered_stages().values():
        click.echo(f"{spec.name:12} requires: {', '.join(spec.requires) or '-':40} assigns: {', '.join(spec.assigns)}")
        click.echo(f"{'':12} {spec.doc.splitlines()[0] if spec.doc else ''}")


@cli.command()
def settings() -> None:
    """Show every setting with its current value and help line.

    \b
    Example:
      CONFLICTLENS_MIN_CONFIDENCE=0.5 conflictlens settings
    """
    current = load_settings()
    for name, help_text in setting_help().items():
        click.echo(f"{name} = {getattr(current, name)!r}\n    {help_text}")


@cli.group()
def actors() -> None:
    """The actor knowledge base."""


@actors.command("stats")
def actors_stats() -> None:
    """Knowledge-base size by country and actor type.

    \b
    Example:
      conflictlens actors stats
    """
    from collections import Counter

    from .actors.kb import load_kb

    kb = load_kb(load_settings().actor_files)
    by_country = Counter(e.country or "--" for e in kb.entries.values())
    by_type = Counter(e.type.name.lower() for e in kb.entries.values())
    click.echo(f"{len(kb)} actors")
    click.echo("by type: " + ", ".join(f"{k} {v}" for k, v in by_type.most_common()))
    click.echo("by country: " + ", ".join(f"{k} {v}" for k, v in by_country.most_common()))


@cli.group()
def gazetteer() -> None:
    """The gazetteer index."""


def _cache_dir(config: str | None = None) -> Path:
    from .resources import Resources

    return Resources(_settings(config)).cache_dir


@gazetteer.command("info")
def gazetteer_info() -> None:
    """Show where the gazetteer index is and what it holds (builds it on first use).

    \b
    Example:
      conflictlens gazetteer info
    """
    from .geo.importer import imported_stats
    from .geo.index import SQLiteGazetteer

    cache_dir = _cache_dir()
    try:
        index = SQLiteGazetteer.open(cache_dir)
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"index: {index.path}")
    click.echo(f"source version: {index.meta('source_version')}")
    for source, count in sorted(index.stats().items()):
        click.echo(f"  {source}: {count:,} places")
    imported = imported_stats(cache_dir)
    click.echo(f"imported: {len(imported)} file(s)" + (":" if imported else ""))
    for source, count in sorted(imported.items()):
        click.echo(f"  {source}: {count:,} places")


@gazetteer.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def gazetteer_import(files: tuple[str, ...]) -> None:
    """Add places from GeoNames dump files (SY.txt, SY.zip, allCountries.txt) or place CSV files
    (name,alternate_names,lat,lon,country,admin1) to the gazetteer. Importing a file again replaces it.

    \b
    Example:
      conflictlens gazetteer import SY.zip my-villages.csv
    """
    from .geo.importer import import_file

    cache_dir = _cache_dir()
    for path in files:
        try:
            report = import_file(path, cache_dir)
        except ConflictLensError as e:
            raise click.ClickException(str(e)) from e
        click.echo(f"{report.source}: {report.places:,} places imported")


@gazetteer.command("download")
@click.argument("codes", nargs=-1, required=True)
@click.option("--url", "url_template", default=None, help="URL template with {code} (default: GeoNames' dump server).")
def gazetteer_download(codes: tuple[str, ...], url_template: str | None) -> None:
    """Download GeoNames country dumps and import them (needs the network; nothing else in conflictlens does).

    \b
    Example:
      conflictlens gazetteer download SY IQ YE
    """
    from .geo.importer import DEFAULT_DOWNLOAD_URL, download

    try:
        reports = download(codes, _cache_dir(), url_template=url_template or DEFAULT_DOWNLOAD_URL)
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e
    for report in reports:
        click.echo(f"{report.source}: {report.places:,} places imported")


def main() -> None:
    cli(prog_name="conflictlens")


if __name__ == "__main__":
    main()
