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


def _run(items: Iterator[InputItem], pipeline, total_hint: int, failures: list[str], *, workers: int | None = None,
         dask: str | None = None) -> Iterator:  # type: ignore[no-untyped-def]
    """The events of every readable document, in input order (streamed); each failure is added to ``failures``
    in input order, unreadable documents included."""
    from ..scale import process

    noted: dict[int, str] = {}  # input position -> failure line
    names: dict[int, str] = {}

    def articles(bar):  # type: ignore[no-untyped-def]
        for position, item in enumerate(bar):
            if item.error is not None:
                noted[position] = str(item.error)
                continue
            names[id(item.article)] = (position, item.name)
            yield item.article

    show = total_hint > 3 and sys.stderr.isatty()
    with click.progressbar(items, label="articles", file=sys.stderr, show_pos=True) if show else _nullbar(items) as bar:
        for outcome in process(articles(bar), pipeline.settings, workers=workers, dask=dask, pipeline=pipeline,
                               dump_dir=pipeline.dump_dir):
            position, name = names.pop(id(outcome.article))
            if outcome.error is not None:
                error = outcome.error
                noted[position] = f"{name}: {error.message}" if error.doc_id != name else str(error)
            yield from outcome.events
    failures.extend(noted[p] for p in sorted(noted))


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
@click.option("-w", "--workers", type=click.IntRange(min=1), help="Worker processes, each loading the pipeline once [default: the machine's cores].")
@click.option("--dask", "dask_address", metavar="ADDRESS", help="Send chunks of documents to the Dask scheduler at ADDRESS (tcp://host:8786).")
def extract(paths, published, publisher, fmt, output, dump_stages, actor_files, place_files, keep_non_factual, config,  # type: ignore[no-untyped-def]
            workers, dask_address):
    """Extract events from text files, directories, JSONL documents or stdin (-).

    JSONL input lines are objects {"id", "text", "title"?, "published"?, "publisher"?, "url"?}.
    Bad documents are reported on stderr, one line each; the others are processed, and the exit code is 1.

    \b
    Example:
      conflictlens extract report.txt --published 2019-08-06
      cat articles.jsonl | conflictlens extract - --format geojson -o events.geojson
      conflictlens extract reports/ --workers 4 -o events.jsonl
      conflictlens extract big.jsonl --dask tcp://scheduler:8786 -o events.jsonl
    """
    from ..pipeline import Pipeline

    settings = _settings(config, actor_files=actor_files or None, place_files=place_files or None, keep_non_factual=keep_non_factual)
    try:
        pipeline = Pipeline(settings, dump_dir=dump_stages)
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e
    stdin = sys.stdin.buffer if "-" in paths else None
    items = read_inputs(paths, stdin=stdin, max_chars=settings.max_chars, defaults={"published": published, "publisher": publisher})
    failures: list[str] = []
    try:
        _write(_run(items, pipeline, len(paths), failures, workers=workers, dask=dask_address), fmt, output)
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
