"""Pairwise precision and recall of the store's de-duplication on our multi-outlet suite (articles.jsonl).

Two articles are a gold pair when they tell a common event (their ``gold`` lists share a key: the event an
article reports, plus any earlier event it recalls in the background). They are a system pair when one stored
event lists both among its sources. Used by tests/test_store_suite.py and bench/store_bench.py.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path

SUITE = Path(__file__).with_name("articles.jsonl")


@dataclass(frozen=True)
class SuiteScore:
    precision: float
    recall: float
    true_pairs: int
    system_pairs: int
    gold_pairs: int
    events: int  # stored events
    gold_events: int
    wrong: tuple[tuple[str, str], ...]  # system pairs that are not gold
    missed: tuple[tuple[str, str], ...]  # gold pairs the system did not make


def gold(path: Path = SUITE) -> dict[str, set[str]]:
    return {r["id"]: set(r["gold"]) for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r}


def score(store, path: Path = SUITE) -> SuiteScore:  # type: ignore[no-untyped-def]
    truth = gold(path)
    gold_pairs = {tuple(sorted(p)) for p in itertools.combinations(truth, 2) if truth[p[0]] & truth[p[1]]}
    system_pairs: set[tuple[str, str]] = set()
    events = 0
    for stored in store.events():
        events += 1
        docs = sorted({s.doc_id for s in stored.sources})
        system_pairs |= set(itertools.combinations(docs, 2))
    true = system_pairs & gold_pairs
    return SuiteScore(
        precision=len(true) / len(system_pairs) if system_pairs else 1.0,
        recall=len(true) / len(gold_pairs) if gold_pairs else 1.0,
        true_pairs=len(true), system_pairs=len(system_pairs), gold_pairs=len(gold_pairs), events=events,
        gold_events=len(set().union(*truth.values())), wrong=tuple(sorted(system_pairs - gold_pairs)),
        missed=tuple(sorted(gold_pairs - system_pairs)),
    )


def ingest_suite(store, pipeline, path: Path = SUITE, *, reverse: bool = False, dedup=None):  # type: ignore[no-untyped-def]
    """Ingest the suite in file order (or reversed) and return its :class:`SuiteScore`."""
    from conflictlens.ingest import read_inputs
    from conflictlens.store import DedupSettings
    from conflictlens.store.ingest import ingest

    items = list(read_inputs([str(path)], max_chars=pipeline.settings.max_chars))
    for _ in ingest(store, pipeline, reversed(items) if reverse else items, dedup=dedup or DedupSettings()):
        pass
    return score(store, path)
