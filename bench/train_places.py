"""Train and check the learned place ranker on places we labelled ourselves.

    python bench/train_places.py             # cross-validated accuracy of the shipped and a refitted ranker
    python bench/train_places.py --write     # refit on all labelled places, write geo/data/place_ranker.json
    python bench/train_places.py --markdown  # tables for docs/benchmarks.md

Data: ``bench/data/labelled_places.yaml`` (snippets written for conflictlens, each toponym with its true point).
Each labelled toponym the places stage finds gives one training group: the feature rows of every gazetteer
reading of its name (``geo/ranker.features``, in the article's context as the resolver saw it) and which of
them are right (within 25 km of the labelled point, 161 km for a province, region or country). Groups with no
right reading (the gazetteer lacks the place) or a single reading teach nothing and are left out. The evaluation
corpora in ../shared are never used here. After ``--write``, refit the confidence on top of the new ranker:
``python bench/geo_calibration.py --write``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys

import numpy as np
import yaml
from evalkit import ROOT, load_pipeline, render
from scorer import haversine_km

DATA = ROOT / "bench" / "data" / "labelled_places.yaml"
OUT = ROOT / "src" / "conflictlens" / "geo" / "data" / "place_ranker.json"
AREA_KINDS = {"admin1", "country", "region"}


def collect(pipeline, snippets: list[dict]) -> tuple[list[tuple[np.ndarray, np.ndarray, str, str]], dict[str, int]]:
    """(feature rows, right?, snippet id, name) per labelled toponym the resolver ranked, and counts."""
    from conflictlens.geo.names import name_key
    from conflictlens.geo.ranker import features
    from conflictlens.model import Article
    from conflictlens.stages import places_resolver

    res = pipeline.resources
    resolver = places_resolver(res)
    groups, counts = [], {"toponyms": 0, "ranked": 0, "no right reading": 0, "one reading": 0, "not ranked": 0}
    for snippet in snippets:
        text = snippet["text"]
        doc = pipeline.run(Article(text=text), until="parse")
        trace: list = []
        resolver.resolve(doc, trace=trace)
        for gold in snippet.get("places") or []:
            counts["toponyms"] += 1
            start = text.find(gold["name"])
            end = start + len(gold["name"])
            hit = next(((c, e, h, x) for c, e, h, x in trace if c.start < end and start < c.end), None)
            if hit is None:
                counts["not ranked"] += 1
                continue
            cand, entries, how, ctx = hit
            limit = 161.0 if gold.get("kind") in AREA_KINDS else 25.0
            right = np.array([float(e.latitude is not None and haversine_km(
                e.latitude, e.longitude, float(gold["lat"]), float(gold["lon"])) <= limit) for e in entries])
            if not right.any():
                counts["no right reading"] += 1
                continue
            if len(entries) < 2:
                counts["one reading"] += 1
                continue
            exact = frozenset(resolver.gazetteer.by_key(name_key(cand.text))) \
                if how == "exact" else None
            if exact is not None and not exact.intersection(entries):
                exact = None
            counts["ranked"] += 1
            groups.append((features(entries, cand, how, ctx, exact), right, snippet["id"], gold["name"]))
    return groups, counts


def top1(weights: np.ndarray, group: tuple) -> bool:
    scores = group[0] @ weights
    return bool(group[1][int(np.argmax(scores))])


def cross_validated(groups: list, folds: int = 5, seed: int = 13, l2: float = 1.0) -> list[bool]:
    """Out-of-fold top-1 correctness, folds by snippet (a snippet's names never straddle train and test)."""
    from conflictlens.geo.ranker import fit_ranker

    ids = sorted({g[2] for g in groups})
    random.Random(seed).shuffle(ids)
    fold_of = {i: n % folds for n, i in enumerate(ids)}
    right = [False] * len(groups)
    for fold in range(folds):
        train = [(g[0], g[1]) for g in groups if fold_of[g[2]] != fold]
        weights = fit_ranker(train, l2=l2)
        for n, g in enumerate(groups):
            if fold_of[g[2]] == fold:
                right[n] = top1(weights, g)
    return right


def write(groups: list, counts: dict[str, int], l2: float) -> None:
    from conflictlens.geo.ranker import FEATURES, fit_ranker

    weights = fit_ranker([(g[0], g[1]) for g in groups], l2=l2)
    body = {
        "fitted_on": f"bench/data/labelled_places.yaml: {len(groups)} ranked toponyms of {counts['toponyms']}; "
                     f"l2 {l2}; {dt.date.today().isoformat()}",
        "weights": {name: round(float(w), 4) for name, w in zip(FEATURES, weights)},
    }
    OUT.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="refit on all labelled places and write the model file")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default 1.0)")
    parser.add_argument("--markdown", action="store_true", help="markdown tables")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the names the refitted ranker gets wrong")
    args = parser.parse_args(argv)
    from conflictlens.geo.ranker import default_ranker

    snippets = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    groups, counts = collect(load_pipeline(), snippets)
    print(f"labelled toponyms {counts['toponyms']}: " + ", ".join(f"{k} {v}" for k, v in counts.items() if k != "toponyms") + "\n")
    if not groups:
        return 1
    shipped = [top1(default_ranker().weights, g) for g in groups]
    refit = cross_validated(groups, l2=args.l2)
    rows = [["shipped ranker", str(len(groups)), f"{100 * sum(shipped) / len(groups):.1f}"],
            ["refitted, 5-fold cross-validated by snippet", str(len(groups)), f"{100 * sum(refit) / len(groups):.1f}"]]
    print(render(["ranker", "ambiguous names", "top reading right %"], rows, args.markdown) + "\n")
    if args.verbose:
        for g, ok in zip(groups, refit):
            if not ok:
                print(f"  wrong  {g[2]}  {g[3]}")
    if args.write:
        write(groups, counts, args.l2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
