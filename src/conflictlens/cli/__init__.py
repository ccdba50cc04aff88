"""The command line: composable filters, JSONL on stdout by default. Only this package writes to the terminal.

One module per command group; importing a module registers its commands on the `cli` group.
"""

from __future__ import annotations

from . import extract, gazetteer, info, store  # noqa: F401  (registers the commands)
from . import serve  # noqa: F401  (the web app: conflictlens serve)
from .base import cli


def main() -> None:
    cli(prog_name="conflictlens")


__all__ = ["cli", "main"]
