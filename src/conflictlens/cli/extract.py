"""`extract`, `demo` and `framing`: articles in, events (or framing labels) out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import click

from ..errors import ConflictLensError
from ..ingest import InputItem, read_inputs
from ..serialize import FORMATS, write_events, write_parquet
from .base import EXIT_SOME_FAILED, _settings, cli, sample_path


def _run(items: Iterator[InputItem], pipeline, total_hint: int, failures: list[str]) -> Iterator:  # type: ignore[no-untyped-def]
    """Each document's events as soon as it is done (a generator, so the writer streams them); failures appended."""
    show = total_hint > 3 and sys.stderr.isatty()
    with click.progressbar(items, label="articles", file=sys.stderr, show_pos=True) if show else _nullbar(items) as bar:
        for item in bar:
            if item.error is not None:
                failures.append(str(item.error))
                continue
            for outcome in pipeline.pipe([item.article]):
                if outcome.error is not None:
                    failures.append(f"{item.name}: {outcome.error.message}" if outcome.error.doc_id != item.name else str(outcome.error))
                yield from outcome.events


class _nullbar:
    def __init__(self, items):  # type: ignore[no-untyped-def]
        self.items = items

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


def _flushed(events, stream):  # type: ignore[no-untyped-def]
    for event in events:
        yield event
        stream.flush()  # runs once the writer has written the event: an interrupted run keeps it


def _write(events, fmt: str, output: str | None) -> int:  # type: ignore[no-untyped-def]
    if fmt == "parquet":
        if not output:
            raise click.UsageError("--format parquet needs -o FILE")
        return write_parquet(events, output)
    if output and output != "-":
        with open(output, "w", encoding="utf-8", newline="") as stream:
            return write_events(_flushed(events, stream), stream, fmt)
    return write_events(_flushed(events, sys.stdout), sys.stdout, fmt)


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
    from ..pipeline import Pipeline

    settings = _settings(config, actor_files=actor_files or None, place_files=place_files or None, keep_non_factual=keep_non_factual)
    try:
        pipeline = Pipeline(settings, dump_dir=dump_stages)
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e
    stdin = sys.stdin.buffer if "-" in paths else None
    items = read_inputs(paths, stdin=stdin, max_chars=settings.max_chars, defaults={"published": published, "publisher": publisher})
    try:
        failures: list[str] = []
        _write(_run(items, pipeline, len(paths), failures), fmt, output)
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
    from ..pipeline import Pipeline

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
    from ..pipeline import Pipeline
    from ..serialize import to_jsonable

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
