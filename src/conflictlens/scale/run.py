"""Choosing where documents run: in this process, in local worker processes, or on a Dask cluster."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path

from ..config import Settings, load_settings
from ..errors import ConfigError
from ..model import Article
from ..pipeline import Outcome, Pipeline
from .work import ChunkResult, WorkerSpec, chunked

#: Articles per chunk sent to a worker: big enough to amortise the transfer, small enough to balance the load.
CHUNK_SIZE = 8


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def process(
    articles: Iterable[Article],
    settings: Settings | None = None,
    *,
    workers: int | None = None,
    dask: object = None,
    chunk_size: int = CHUNK_SIZE,
    pipeline: Pipeline | None = None,
    dump_dir: str | Path | None = None,
) -> Iterator[Outcome]:
    """An :class:`Outcome` per article, in input order, each with its events or its error.

    ``workers`` processes (default: the machine's cores) each load the pipeline once; a batch of one chunk or
    less, or ``workers=1``, runs in this process (with ``pipeline`` when given). ``dask`` is a scheduler address
    ("tcp://host:8786") or a ``distributed.Client``: chunks then run on that cluster instead.
    """
    settings = settings or (pipeline.settings if pipeline is not None else load_settings())
    if workers is not None and workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    if chunk_size < 1:
        raise ConfigError(f"chunk_size must be at least 1, got {chunk_size}")
    spec = WorkerSpec(settings, str(dump_dir) if dump_dir else None)
    if dask is not None:
        from .cluster import dask_results

        yield from _outcomes(dask_results(chunked(articles, chunk_size), spec, dask))
        return
    workers = workers or default_workers()
    iterator = iter(articles)
    head = list(islice(iterator, chunk_size + 1))
    if workers == 1 or len(head) <= chunk_size:
        # Not worth starting processes (each loads the model): one process does it.
        local = pipeline or spec.build()
        yield from local.pipe(chain(head, iterator))
        return
    from .pool import pool_results

    yield from _outcomes(pool_results(chunked(chain(head, iterator), chunk_size), spec, workers))


def _outcomes(results: Iterable[tuple[list[Article], ChunkResult]]) -> Iterator[Outcome]:
    for chunk, result in results:
        for article, (events, error) in zip(chunk, result, strict=True):
            yield Outcome(article, events, error)
