"""De-duplication on our own multi-outlet reports (tests/store_suite), end to end: pipeline, store, merges.

Pairwise precision must stay at the issue's target (0.95). Recall is held at what we measured with the rules-only
pipeline (0.72; 0.80 with the shipped models): the misses are extraction errors (a background mention placed and
dated wrong, a report dated by its follow-up), listed in docs/benchmarks.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "store_suite"))

from score import gold, ingest_suite  # noqa: E402

from conflictlens.store import DedupSettings, open_store  # noqa: E402


def test_suite_is_well_formed():
    truth = gold()
    assert len(truth) >= 30 and all(truth.values())
    assert sum(1 for ids in truth.values() if len(ids) > 1) >= 2  # background mentions


@pytest.mark.model
def test_dedup_precision_and_recall(pipeline):
    store = open_store("sqlite://")
    result = ingest_suite(store, pipeline)
    assert result.precision >= 0.95, result.wrong
    assert result.recall >= 0.70, result.missed
    events_before = result.events
    store.recluster(DedupSettings())
    assert sum(1 for _ in store.events()) == events_before  # recluster under the same thresholds: same dataset
