"""`gazetteer`: the place index, imports and the one command that uses the network."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ConflictLensError, DataFileError
from .base import EXIT_SOME_FAILED, UsageProblem, _settings, cli, problem


@cli.group()
def gazetteer() -> None:
    """The gazetteer index."""


def _cache_dir(config: str | None = None) -> Path:
    from ..resources import Resources

    return Resources(_settings(config)).cache_dir


@gazetteer.command("info")
def gazetteer_info() -> None:
    """Show where the gazetteer index is and what it holds (builds it on first use).

    \b
    Example:
      conflictlens gazetteer info
    """
    from ..geo.importer import imported_stats
    from ..geo.index import SQLiteGazetteer

    cache_dir = _cache_dir()
    try:
        index = SQLiteGazetteer.open(cache_dir)
    except ConflictLensError as e:
        raise problem(e) from e
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
    from ..geo.importer import import_file

    cache_dir = _cache_dir()
    failed = False
    for path in files:
        try:
            report = import_file(path, cache_dir)
        except DataFileError as e:  # this file is bad: say so and import the others (exit code 1)
            click.echo(f"error: {e}", err=True)
            failed = True
            continue
        except ConflictLensError as e:
            raise problem(e) from e
        click.echo(f"{report.source}: {report.places:,} places imported")
    if failed:
        sys.exit(EXIT_SOME_FAILED)


@gazetteer.command("download")
@click.argument("codes", nargs=-1, required=True)
@click.option("--url", "url_template", default=None, help="URL template with {code} (default: GeoNames' dump server).")
def gazetteer_download(codes: tuple[str, ...], url_template: str | None) -> None:
    """Download GeoNames country dumps and import them (needs the network; nothing else in conflictlens does).

    \b
    Example:
      conflictlens gazetteer download SY IQ YE
    """
    from ..geo.importer import DEFAULT_DOWNLOAD_URL, download

    try:
        reports = download(codes, _cache_dir(), url_template=url_template or DEFAULT_DOWNLOAD_URL)
    except DataFileError as e:
        raise UsageProblem(str(e)) from e
    except ConflictLensError as e:  # the network or the server: not a bug, exit code 1
        raise click.ClickException(str(e)) from e
    for report in reports:
        click.echo(f"{report.source}: {report.places:,} places imported")
