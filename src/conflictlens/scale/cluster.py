"""A Dask cluster as the workers: chunks of documents go to ``dask worker`` processes on other hosts.

Needs ``distributed`` (``pip install 'conflictlens[dask]'``) here and on every worker host, with conflictlens
and its model installed there. Each worker builds the pipeline once, through a worker plugin registered when
the client connects; run workers with one thread each (``dask worker ADDRESS --nthreads 1 --nworkers N``): the
pipeline is CPU-bound Python, and threads would only contend for the interpreter lock.

Chunks are ordinary Dask tasks: when a worker is lost, the scheduler runs its chunks again elsewhere. Results
are gathered per chunk, once, in input order, so no document is lost or written twice.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator

from ..errors import ResourceError
from ..model import Article
from .work import ChunkResult, WorkerSpec, init_worker, run_chunk

log = logging.getLogger(__name__)

PLUGIN_NAME = "conflictlens-pipeline"


def _distributed():  # type: ignore[no-untyped-def]
    try:
        import distributed
    except ImportError as e:
        raise ResourceError("--dask needs the distributed package: pip install 'conflictlens[dask]'") from e
    return distributed


def pipeline_plugin(spec: WorkerSpec):  # type: ignore[no-untyped-def]
    """A ``WorkerPlugin`` that builds the worker's pipeline when the worker starts (or joins later)."""
    distributed = _distributed()

    class PipelinePlugin(distributed.WorkerPlugin):
        name = PLUGIN_NAME

        def __init__(self, spec: WorkerSpec) -> None:
            self.spec = spec

        def setup(self, worker) -> None:  # type: ignore[no-untyped-def]
            init_worker(self.spec)

    return PipelinePlugin(spec)


def connect(address: object):  # type: ignore[no-untyped-def]
    """A ``distributed.Client`` for ``address`` ("tcp://host:8786"), or ``address`` itself when it is a client
    or cluster object (tests pass a ``LocalCluster``)."""
    distributed = _distributed()
    if isinstance(address, distributed.Client):
        return address, False
    try:
        return distributed.Client(address, set_as_default=False), True
    except (OSError, TimeoutError, ValueError) as e:
        raise ResourceError(f"cannot reach the Dask scheduler at {address}: {e}") from e


def dask_results(chunks: Iterable[list[Article]], spec: WorkerSpec, address: object,
                 window: int | None = None) -> Iterator[tuple[list[Article], ChunkResult]]:
    """Each chunk with its result, in input order, computed on the Dask cluster at ``address``.

    At most ``window`` chunks (default: twice the cluster's worker threads) are in flight.
    """
    distributed = _distributed()
    client, owned = connect(address)
    try:
        client.register_plugin(pipeline_plugin(spec), name=PLUGIN_NAME)
        threads = sum(client.nthreads().values()) or 1
        window = window or 2 * threads
        pending: deque = deque()
        chunk_iter = iter(chunks)
        while True:
            while len(pending) < window:
                chunk = next(chunk_iter, None)
                if chunk is None:
                    break
                # pure=False: two identical chunks are still two tasks; the spec rides along so that a worker
                # that joined without the plugin still builds its pipeline once.
                pending.append((chunk, client.submit(run_chunk, chunk, spec, pure=False)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                result = future.result()
            except distributed.KilledWorker as e:
                result = [([], ResourceError(f"the Dask workers died on this chunk: {e}", doc_id=a.id)) for a in chunk]
            finally:
                future.release()
            yield chunk, result
    finally:
        if owned:
            client.close()
