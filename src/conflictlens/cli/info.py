"""`stages`, `settings` and `actors`: what the installed pipeline holds."""

from __future__ import annotations

import click

from ..config import load_settings, setting_help
from .base import cli


@cli.command()
def stages() -> None:
    """List the registered stages with what they require and assign.

    \b
    Example:
      conflictlens stages
    """
    from ..registry import registered_stages

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

    from ..actors.kb import load_kb

    kb = load_kb(load_settings().actor_files)
    by_country = Counter(e.country or "--" for e in kb.entries.values())
    by_type = Counter(e.type.name.lower() for e in kb.entries.values())
    click.echo(f"{len(kb)} actors")
    click.echo("by type: " + ", ".join(f"{k} {v}" for k, v in by_type.most_common()))
    click.echo("by country: " + ", ".join(f"{k} {v}" for k, v in by_country.most_common()))
