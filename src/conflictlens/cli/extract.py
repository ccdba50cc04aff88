"""`extract`, `demo` and `framing`: articles in, events (or framing labels) out."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator

import click

from ..errors import ConflictLensError
from ..files import atomic_open
from ..ingest import InputItem, read_inputs
from ..serialize import FORMATS, write_events, write_parquet
from .base import Tally, _settings, check_output, cli, problem, sample_path

log = logging.getLogger(__name__)


def _run(items: Iterator[InputItem], pipeline, total_hint: int, tally: Tally, *, workers: int | None = None,  # type: ignore[no-untyped-def]
         dask: str | None = None) -> Iterator:
    """The events of every readable document, in input order, streamed to the writer (``scale.process``: in this
    process, on worker processes or on a Dask cluster); every document is counted in ``tally``, failures in input
    order, unreadable documents included."""
    from ..scale import process

    noted: dict[int, str] = {}  # input position -> failure line
    names: dict[int, tuple[int, str]] = {}

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
            else:
                tally.processed += 1
            tally.events += len(outcome.events)
            yield from outcome.events
    for position in sorted(noted):
        tally.failed(noted[position])


class _nullbar:
    def __init__(self, items):  # type: ignore[no-untyped-def]
        self.items = items

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


def _write(events: Iterable, fmt: str, output: str | None) -> int:
    if fmt == "parquet":
        return write_parquet(events, output)  # type: ignore[arg-type]  (check_output made sure there is one)
    if output and output != "-":
        # A complete file or none: a run killed while writing leaves the earlier output as it was.
        with atomic_open(output, "w", encoding="utf-8", newline="") as stream:
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
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None, help="Drop events whose confidence (the verifier's probability) is below this.")
@click.option("--candidates", is_flag=True, help="Output every candidate event, also those the verifier rejects (event_threshold 0); each keeps its confidence.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False), help="TOML settings file.")
@click.option("-w", "--workers", type=click.IntRange(min=1), help="Worker processes, each loading the pipeline once [default: the machine's cores].")
@click.option("--dask", "dask_address", metavar="ADDRESS", help="Send chunks of documents to the Dask scheduler at ADDRESS (tcp://host:8786).")
def extract(paths, published, publisher, fmt, output, dump_stages, actor_files, place_files, keep_non_factual,  # type: ignore[no-untyped-def]
            min_confidence, candidates, config, workers, dask_address):
    """Extract events from text files, directories, JSONL documents or stdin (-).

    JSONL input lines are objects {"id", "text", "title"?, "published"?, "publisher"?, "url"?}.
    Bad documents are reported on stderr, one line each; the others are processed, and the exit code is 1.
    A summary line on stderr accounts for every document. Exit codes: see `conflictlens --help`.
    Each event's confidence is the learned verifier's probability that a coder would code it; events below the
    event_threshold setting are not output unless --candidates is given.

    \b
    Example:
      conflictlens extract report.txt --published 2019-08-06
      cat articles.jsonl | conflictlens extract - --format geojson -o events.geojson
      conflictlens extract report.txt --candidates --format csv    # every candidate with its confidence
      conflictlens extract reports/ --workers 4 -o events.jsonl
      conflictlens extract big.jsonl --dask tcp://scheduler:8786 -o events.jsonl
    """
    from ..pipeline import Pipeline

    check_output(fmt, output)
    settings = _settings(config, actor_files=actor_files or None, place_files=place_files or None, keep_non_factual=keep_non_factual,
                         min_confidence=min_confidence, event_threshold=0.0 if candidates else None)
    try:
        pipeline = Pipeline(settings, dump_dir=dump_stages)
    except ConflictLensError as e:
        raise problem(e) from e
    stdin = sys.stdin.buffer if "-" in paths else None
    items = read_inputs(paths, stdin=stdin, max_chars=settings.max_chars, defaults={"published": published, "publisher": publisher},
                        exclude=[p for p in (output, dump_stages) if p and p != "-"])
    tally = Tally()
    try:
        _write(_run(items, pipeline, len(paths), tally, workers=workers, dask=dask_address), fmt, output)
    except ConflictLensError as e:
        raise problem(e) from e
    tally.finish("extract")


@cli.command()
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True, help="Output format.")
@click.option("-o", "--output", help="Write to FILE instead of stdout (needed for parquet).")
def demo(fmt: str, output: str | None) -> None:
    """Run the extraction on the sample report shipped with the package.

    \b
    Example:
      conflictlens demo --format acled
    """
    from ..pipeline import Pipeline

    check_output(fmt, output)
    path = sample_path()
    published = path.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("Published: ").strip()
    text = path.read_text(encoding="utf-8").split("\n", 1)[1].lstrip()
    events = Pipeline().extract(text, published=published, publisher="conflictlens sample")
    _write(events, fmt, output)
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

    try:
        pipeline = Pipeline()
    except ConflictLensError as e:
        raise problem(e) from e
    tally = Tally()
    for item in read_inputs(paths, stdin=sys.stdin.buffer if "-" in paths else None, max_chars=pipeline.settings.max_chars,
                            defaults={"published": published}):
        if item.error is not None:
            tally.failed(str(item.error))
            continue
        try:
            doc = pipeline.run(item.article)
        except ConflictLensError as e:
            tally.failed(str(e))
            continue
        tally.processed += 1
        click.echo(json.dumps({"doc_id": doc.id, "labels": to_jsonable(doc.framing)}, ensure_ascii=False))
    tally.finish("framing")
