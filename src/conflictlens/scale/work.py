"""What a worker runs: one pipeline per process, chunks of articles in, plain results out."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from ..config import Settings
from ..errors import ConflictLensError
from ..model import Article, Event

log = logging.getLogger(__name__)

#: A chunk's result, per article in order: its events and the error that stopped it (or ``None``).
ChunkResult = list[tuple[list[Event], ConflictLensError | None]]


@dataclass(frozen=True)
class WorkerSpec:
    """How a worker builds its pipeline (picklable: it travels to other processes and hosts)."""

    settings: Settings
    dump_dir: str | None = None

    def build(self):  # type: ignore[no-untyped-def]
        from ..pipeline import Pipeline

        return Pipeline(self.settings, dump_dir=Path(self.dump_dir) if self.dump_dir else None)


_PIPELINE = None  # this process's pipeline, built once by init_worker (or on the first chunk)
_SPEC: WorkerSpec | None = None


def init_worker(spec: WorkerSpec) -> None:
    """Build this process's pipeline (a pool's initializer; Dask's worker plugin calls it too)."""
    global _PIPELINE, _SPEC
    if _PIPELINE is None or _SPEC != spec:
        _PIPELINE, _SPEC = spec.build(), spec
        log.info("worker pipeline ready")


def run_chunk(articles: list[Article], spec: WorkerSpec | None = None) -> ChunkResult:
    """Events or error of each article, in order, with this process's pipeline."""
    if spec is not None:
        init_worker(spec)
    if _PIPELINE is None:
        raise RuntimeError("run_chunk before init_worker: the worker has no pipeline")
    return [(outcome.events, outcome.error) for outcome in _PIPELINE.pipe(articles)]


def chunked(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Lists of ``size`` articles (the last may be shorter)."""
    iterator = iter(articles)
    while chunk := list(islice(iterator, size)):
        yield chunk
