"""Local worker processes: each loads the pipeline once, chunks go out in order and come back in order.

A worker that dies (killed, out of memory) breaks the pool: the pool is rebuilt and the chunks in flight are sent
again; a chunk that breaks the pool twice fails its documents with an error instead of stopping the batch.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..errors import ResourceError
from ..model import Article
from .work import ChunkResult, WorkerSpec, init_worker, run_chunk

log = logging.getLogger(__name__)

#: Tries of one chunk before its documents fail with a "worker died" error.
ATTEMPTS = 2


def pool_results(chunks: Iterable[list[Article]], spec: WorkerSpec, workers: int) -> Iterator[tuple[list[Article], ChunkResult]]:
    """Each chunk with its result, in input order, computed by ``workers`` processes.

    At most ``2 * workers`` chunks are in flight, so memory does not grow with the input.
    """
    # "spawn": a fresh interpreter per worker; forking a process whose model has already started threads is unsafe.
    context = multiprocessing.get_context("spawn")
    chunk_iter = iter(chunks)
    pending: deque[tuple[list[Article], int, Future]] = deque()
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker, initargs=(spec,))
    try:
        while True:
            while len(pending) < 2 * workers:
                chunk = next(chunk_iter, None)
                if chunk is None:
                    break
                pending.append((chunk, 1, executor.submit(run_chunk, chunk)))
            if not pending:
                return
            chunk, attempt, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                log.warning("a worker process died; restarting the pool and sending its chunks again")
                executor.shutdown(wait=False, cancel_futures=True)
                executor = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker, initargs=(spec,))
                retry = [(chunk, attempt)] + [(c, a) for c, a, _ in pending]
                pending.clear()
                for c, a in retry:
                    if c is chunk and a >= ATTEMPTS:
                        pending.append((c, a, _failed(c)))
                    else:
                        pending.append((c, a + 1 if c is chunk else a, executor.submit(run_chunk, c)))
                continue
            yield chunk, result
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _failed(chunk: list[Article]) -> Future:
    future: Future = Future()
    future.set_result([([], ResourceError("a worker process died on this chunk twice", doc_id=a.id)) for a in chunk])
    return future
