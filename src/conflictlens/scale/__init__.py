"""Running the pipeline on many documents: all cores of one machine, or a Dask cluster.

One entry point, shared by every batch command (``extract``, ``ingest``)::

    from conflictlens.scale import process
    for outcome in process(articles, settings, workers=4):          # or dask="tcp://scheduler:8786"
        outcome.article, outcome.events, outcome.error                # plain records, in input order

Each worker process builds the :class:`~conflictlens.pipeline.Pipeline` once; documents travel in chunks and
come back as :class:`~conflictlens.pipeline.Outcome` records (frozen ``Event`` values, never spaCy objects), in
the order they were given, with the same events as one process gives.

Modules: ``work`` (what a worker runs, chunking), ``pool`` (local processes), ``cluster`` (Dask).
"""

from __future__ import annotations

from ..pipeline import Outcome
from .run import default_workers, process

__all__ = ["Outcome", "default_workers", "process"]
