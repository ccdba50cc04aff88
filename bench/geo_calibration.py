"""Fit and check the place-confidence calibration on places we labelled ourselves.

    python bench/geo_calibration.py             # cross-validated reliability of the current and a refitted model
    python bench/geo_calibration.py --write     # refit on all labelled places, write geo/data/calibration.yaml
    python bench/geo_calibration.py --markdown  # tables for docs/benchmarks.md

Data: ``bench/data/labelled_places.yaml`` (snippets written for conflictlens, each toponym with its true point).
A resolved place counts as right when it lies within 25 km of the labelled point (161 km for a province,
region or country). The evaluation corpora in ../shared are never used here; ``bench/geoparse.py`` reports how
the shipped confidence holds up on them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys

import yaml

from evalkit import ROOT, load_pipeline, render
from scorer import haversine_km

DATA = ROOT / "bench" / "data" / "labelled_places.yaml"
OUT = ROOT / "src" / "conflictlens" / "geo" / "data" / "calibration.yaml"
AREA_KINDS = {"admin1", "country", "region"}


def collect(pipeline, snippets: list[dict]) -> tuple[list[tuple[list[float], int, float, str]], dict[str, int]]:
    """(features, right?, shipped confidence, name) per resolved gold toponym, and counts of the others."""
    from conflictlens.model import Article

    rows, counts = [], {"toponyms": 0, "resolved": 0, "not found": 0, "no point": 0}
    for snippet in snippets:
        text = snippet["text"]
        doc = pipeline.run(Article(text=text), until="places")
        for gold in snippet.get("places") or []:
            counts["toponyms"] += 1
            start = text.find(gold["name"])
            end = start + len(gold["name"])
            mention = next((m for m in doc.place_mentions if m.start < end and start < m.end), None)
            if mention is None or mention.place is None:
                counts["not found"] += 1
                continue
            if not mention.place.resolved or mention.evidence is None:
                counts["no point"] += 1
                continue
            counts["resolved"] += 1
            limit = 161.0 if gold.get("kind") in AREA_KINDS else 25.0
            km = haversine_km(mention.place.latitude, mention.place.longitude, float(gold["lat"]), float(gold["lon"]))
            rows.append((mention.evidence.vector(), int(km <= limit), mention.place.confidence, gold["name"]))
    return rows, counts


def reliability(probabilities: list[float], labels: list[int], bins: int = 5) -> tuple[float, float, list[list[str]]]:
    """Brier score, expected calibration error, and a table of (bin, n, mean confidence, share right)."""
    brier = sum((p - y) ** 2 for p, y in zip(probabilities, labels)) / len(labels)
    table, ece = [], 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [(p, y) for p, y in zip(probabilities, labels) if low <= p < high or (b == bins - 1 and p == 1.0)]
        if not members:
            continue
        mean_p = sum(p for p, _ in members) / len(members)
        right = sum(y for _, y in members) / len(members)
        ece += len(members) / len(labels) * abs(mean_p - right)
        table.append([f"{low:.1f}–{high:.1f}", str(len(members)), f"{100 * mean_p:.1f}", f"{100 * right:.1f}"])
    return brier, ece, table


def cross_validated(rows: list, folds: int = 5, seed: int = 13) -> list[float]:
    """Out-of-fold probabilities of a model refitted on the other folds."""
    from conflictlens.geo.confidence import Calibration, fit_logistic

    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    predictions = [0.0] * len(rows)
    for fold in range(folds):
        test = set(order[fold::folds])
        train = [rows[i] for i in order if i not in test]
        model = Calibration(tuple(fit_logistic([r[0] for r in train], [r[1] for r in train])))
        for i in test:
            predictions[i] = model.probability_of(rows[i][0])
    return predictions


def write(rows: list, counts: dict[str, int]) -> None:
    from conflictlens.geo.confidence import FEATURES, fit_logistic

    weights = fit_logistic([r[0] for r in rows], [r[1] for r in rows])
    body = {
        "fitted_on": f"bench/data/labelled_places.yaml: {len(rows)} resolved toponyms of {counts['toponyms']}, "
                     f"{sum(r[1] for r in rows)} right; {dt.date.today().isoformat()}",
        "weights": {name: round(w, 4) for name, w in zip(FEATURES, weights)},
    }
    header = ("# Place-confidence calibration: logistic weights over geo/confidence.py's features.\n"
              "# Written by bench/geo_calibration.py --write from places we labelled ourselves; do not edit by hand.\n")
    OUT.write_text(header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="refit on all labelled places and write the data file")
    parser.add_argument("--markdown", action="store_true", help="markdown tables")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the wrong places with their confidence")
    args = parser.parse_args(argv)
    snippets = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    rows, counts = collect(load_pipeline(), snippets)
    if not rows:
        print("no resolved labelled places", file=sys.stderr)
        return 1
    labels = [r[1] for r in rows]
    print(f"labelled toponyms {counts['toponyms']}: resolved {counts['resolved']} ({sum(labels)} right), "
          f"not found {counts['not found']}, found without a point {counts['no point']}\n")
    for title, probabilities in (("shipped confidence", [r[2] for r in rows]),
                                 ("refitted, 5-fold cross-validated", cross_validated(rows))):
        brier, ece, table = reliability(probabilities, labels)
        print(f"{title}: Brier {brier:.3f}, ECE {100 * ece:.1f} points\n")
        print(render(["confidence", "places", "mean confidence %", "right %"], table, args.markdown) + "\n")
    if args.verbose:
        for features, right, confidence, name in sorted(rows, key=lambda r: -r[2]):
            if not right:
                print(f"  wrong  {confidence:.2f}  {name}")
    if args.write:
        write(rows, counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
