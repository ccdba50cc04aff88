"""The command group, shared options and helpers. Only the cli package writes to the terminal."""

from __future__ import annotations

import logging
import sys
from importlib import resources
from pathlib import Path

import click

from .. import __version__
from ..config import load_settings
from ..errors import ConflictLensError

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
