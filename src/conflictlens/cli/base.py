"""The command group, shared options and helpers, and the exit codes. Only the cli package writes to the terminal.

Exit codes (also in ``conflictlens --help`` and the README):

    0  every document was read and processed
    1  some documents failed; each is named on stderr, one ``error:`` line each, and the others were written
    2  usage error: a bad option, setting or output path, found before any document is read
    3  internal error: a bug or a broken installation (model, gazetteer); one ``internal error:`` line
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import click

from .. import __version__
from ..config import load_settings
from ..errors import ConfigError, ConflictLensError

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class UsageProblem(click.ClickException):
    """A wrong option, setting or output path: exit code 2."""

    exit_code = EXIT_USAGE


class InternalProblem(click.ClickException):
    """The installation or a resource is broken (model, gazetteer index): exit code 3."""

    exit_code = EXIT_INTERNAL

    def format_message(self) -> str:
        return f"internal error: {self.message}"


def problem(error: ConflictLensError) -> click.ClickException:
    """The click exception for an error that ends a command: usage (2) for configuration, internal (3) otherwise."""
    return UsageProblem(str(error)) if isinstance(error, ConfigError) else InternalProblem(str(error))


def _settings(config: str | None, **overrides):  # type: ignore[no-untyped-def]
    try:
        return load_settings(config).with_overrides(**overrides)
    except ConflictLensError as e:
        raise problem(e) from e


def check_output(fmt: str, output: str | None) -> None:
    """Refuse an output that cannot work before any document is read (exit code 2)."""
    from ..files import check_writable

    if fmt == "parquet":
        if not output or output == "-":
            raise click.UsageError("--format parquet needs -o FILE")
        try:
            import pyarrow  # noqa: F401
        except ImportError as e:
            raise UsageProblem("Parquet output needs pyarrow: pip install 'conflictlens[parquet]'") from e
    if output and output != "-":
        try:
            check_writable(output)
        except ConflictLensError as e:
            raise UsageProblem(str(e)) from e


@dataclass
class Tally:
    """Every document of a batch accounted for: processed (with or without events) or failed, each failure named."""

    processed: int = 0
    events: int = 0
    failures: list[str] = field(default_factory=list)
    internal: bool = False

    def failed(self, message: str, *, internal: bool = False) -> None:
        self.failures.append(message)
        self.internal = self.internal or internal

    def finish(self, command: str) -> None:
        """Print the error lines and a summary on stderr, then exit 1 or 3 when something failed."""
        for failure in self.failures:
            click.echo(f"error: {failure}", err=True)
        total = self.processed + len(self.failures)
        click.echo(f"{command}: {total} document(s): {self.processed} processed ({self.events} events), "
                   f"{len(self.failures)} failed", err=True)
        if self.internal:
            sys.exit(EXIT_INTERNAL)
        if self.failures:
            sys.exit(EXIT_SOME_FAILED)


def sample_path() -> Path:
    return Path(str(resources.files("conflictlens").joinpath("samples", "sample-report.txt")))


class Group(click.Group):
    """A click group that turns an unexpected exception into one ``internal error:`` line and exit code 3."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except ConflictLensError as e:
            raise problem(e) from e
        except BrokenPipeError:
            # The reader of our output went away (`| head`): stop quietly, as Unix filters do.
            sys.stderr.close()
            ctx.exit(EXIT_OK)
        except Exception as e:  # noqa: BLE001  (the last line of defence: one line and code 3, not a traceback)
            log.debug("internal error", exc_info=True)
            raise InternalProblem(f"{type(e).__name__}: {e} (run with -vv for the traceback)") from e


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="conflictlens")
@click.option("-v", "--verbose", count=True, help="Log progress (-v) or debug details (-vv) to stderr.")
def cli(verbose: int) -> None:
    """conflictlens: conflict news in, coded events out (ACLED and PLOVER).

    \b
    Example:
      conflictlens extract report.txt --published 2019-08-06 --format acled -o events.csv

    \b
    Exit codes:
      0  every document processed
      1  some documents failed (one "error:" line each on stderr; the others are written)
      2  usage error (bad option, setting or output path), before any document is read
      3  internal error (a bug or a broken installation)
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
