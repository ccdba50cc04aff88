"""Typing accuracy on our own example sentences (events/data/examples/*.yaml, written for this project).

Each sentence is run through the full pipeline without a publication date; the prediction is the sub-event
type of the most confident ACLED-typed event ("none" when there is none). Non-event sentences should give
"none". This is a development set: tune rules on it, report generalisation on the held-out reports.

The fallback classifier (events/classifier.py) is trained on these very sentences, so by default it is
cross-validated: the sentences are split into ``--folds`` folds (5) and each fold is typed by a classifier trained
on the other folds only. ``--folds 0`` uses the shipped classifier (trained on every sentence: optimistic).

    python bench/sentences.py [-v] [--type battles] [--folds K] [--markdown]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "src" / "conflictlens" / "events" / "data" / "examples"


def load(types: list[str] | None) -> list[dict]:
    rows = []
    for path in sorted(TRAINING.glob("*.yaml")):
        if types and path.stem not in types:
            continue
        for row in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            rows.append({**row, "file": path.stem})
    return rows


def row_text(row: dict) -> str:
    return str(row["text"])


def predict(pipeline, text: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    events = [e for e in pipeline.extract(text) if e.event_type]
    if not events:
        return "none", ""
    best = max(events, key=lambda e: e.confidence)
    return best.sub_event_type, best.actor1.name if best.actor1 else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--type", action="append", help="only this file (battles, protests, ...); repeatable")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every error")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds for the classifier (0 = none)")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    from conflictlens.events import classifier, detect
    from conflictlens.pipeline import Pipeline

    pipeline = Pipeline()
    rows = load(args.type)
    started = time.perf_counter()
    per_class: dict[str, Counter] = defaultdict(Counter)
    confusion: Counter = Counter()
    folds = max(args.folds, 1)
    training = classifier.example_sentences()  # all shipped sentences, in file order (as ``load`` reads them)
    key = {text: i % folds for i, (text, _) in enumerate(training)}
    models = [classifier.NaiveBayes([(t, label) for t, label in training if key[t] != k]) for k in range(folds)] \
        if args.folds > 1 else []
    for row in sorted(rows, key=lambda r: key.get(row_text(r), 0)):
        if models:
            model = models[key.get(row_text(row), 0)]
            detect.default_classifier = lambda model=model: model  # type: ignore[assignment]  # the fold's classifier
        gold = row.get("sub_event_type") or "none"
        got, _ = predict(pipeline, row["text"])
        per_class[gold]["n"] += 1
        per_class[gold]["ok"] += got == gold
        if got != gold:
            confusion[(gold, got)] += 1
            if args.verbose:
                print(f"[{gold} -> {got}] {row['text']}")
    seconds = time.perf_counter() - started
    total = sum(c["n"] for c in per_class.values())
    correct = sum(c["ok"] for c in per_class.values())
    events_n = sum(c["n"] for k, c in per_class.items() if k != "none")
    events_ok = sum(c["ok"] for k, c in per_class.items() if k != "none")
    bar = "|" if args.markdown else ""
    print(f"{bar} class {bar} n {bar} correct % {bar}")
    if args.markdown:
        print("|---|---:|---:|")
    for name, c in sorted(per_class.items()):
        print(f"{bar} {name} {bar} {c['n']} {bar} {100 * c['ok'] / c['n']:.1f} {bar}")
    print(f"{bar} all event sentences {bar} {events_n} {bar} {100 * events_ok / max(1, events_n):.1f} {bar}")
    print(f"{bar} non-event sentences (none) {bar} {per_class['none']['n']} {bar} "
          f"{100 * per_class['none']['ok'] / max(1, per_class['none']['n']):.1f} {bar}")
    how = f"classifier {args.folds}-fold cross-validated" if models else "shipped classifier, trained on these sentences"
    print(f"\n{correct}/{total} right overall ({100 * correct / total:.1f} %; {how}), {seconds:.0f} s")
    print("most common confusions: " + "; ".join(f"{g} -> {p} ({n})" for (g, p), n in confusion.most_common(12)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
