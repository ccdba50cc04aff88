"""Score the pipeline on the golden reports and on the seed article.

Inputs:
- ``tests/golden/reports/<name>.txt`` with ``tests/golden/expected/<name>.yaml`` (published, publisher, events);
  a report without its YAML is skipped with a note;
- ``../shared/seed/idlib-infighting.txt`` with ``bench/golden_seed.yaml``, when ../shared is there
  (skipped cleanly otherwise).

Each article goes through one :class:`conflictlens.Pipeline` with the YAML's ``published``/``publisher``; the
records from ``conflictlens.serialize.event_to_record`` are matched to the gold events with ``bench/scorer.py``.

    python bench/golden.py [-v] [--markdown] [--days 1] [--km 25] [--save bench/out/golden]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
GOLDEN_DIR = ROOT / "tests" / "golden"
SEED_TEXT = ROOT.parent / "shared" / "seed" / "idlib-infighting.txt"
SEED_GOLD = BENCH / "golden_seed.yaml"

if str(BENCH) not in sys.path:  # scorer.py sits beside this file
    sys.path.insert(0, str(BENCH))
from evalkit import ensure_conflictlens  # noqa: E402
from scorer import (  # noqa: E402
    FIELDS, Matching, Score, field_equal, format_field_table, format_prf_table, match_events, parse_date,
)


@dataclass
class Case:
    """One article and its gold events."""

    name: str
    text_path: Path
    published: object  # datetime.date or None
    publisher: str | None
    gold: list[dict]


@dataclass
class Result:
    """What the pipeline made of one case, and how it scored."""

    case: Case
    predicted: list[dict] = field(default_factory=list)
    matching: Matching | None = None
    error: str = ""


def read_case(name: str, text_path: Path, gold_path: Path) -> Case:
    """A case from an article file and a gold YAML file (published, publisher, events)."""
    spec = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or {}
    return Case(name, text_path, parse_date(spec.get("published")), spec.get("publisher"),
                [dict(e) for e in spec.get("events") or []])


def load_cases(golden_dir: Path, seed_text: Path | None, seed_gold: Path) -> tuple[list[Case], list[str]]:
    """All cases that have both text and gold, and notes on what was skipped."""
    cases, notes = [], []
    reports = sorted((golden_dir / "reports").glob("*.txt"))
    if not reports:
        notes.append(f"no golden reports under {golden_dir / 'reports'}")
    for text_path in reports:
        gold_path = golden_dir / "expected" / f"{text_path.stem}.yaml"
        if gold_path.exists():
            cases.append(read_case(text_path.stem, text_path, gold_path))
        else:
            notes.append(f"skipped {text_path.name}: no {gold_path.relative_to(golden_dir)}")
    if seed_text is not None and seed_text.exists():
        cases.append(read_case("seed:" + seed_text.stem, seed_text, seed_gold))
    elif seed_text is not None:
        notes.append(f"skipped the seed article: {seed_text} is absent")
    return cases, notes


def run_cases(cases: list[Case], *, days: int, km: float, require_date: bool, require_place: bool) -> list[Result]:
    """Run one pipeline over every case and score each against its gold events."""
    ensure_conflictlens()
    from conflictlens import Pipeline
    from conflictlens.model import Article
    from conflictlens.serialize import event_to_record

    pipeline = Pipeline()
    articles = [Article(text=c.text_path.read_text(encoding="utf-8"), id=c.name, published=c.published,
                        publisher=c.publisher) for c in cases]
    results = []
    for case, outcome in zip(cases, pipeline.pipe(articles)):
        result = Result(case, [event_to_record(e) for e in outcome.events])
        if outcome.error is not None:
            result.error = f"{type(outcome.error).__name__}: {outcome.error}"
        # The gold lists ACLED events; PLOVER-only events (accusations) have no ACLED type and are not scored here.
        acled_typed = [r for r in result.predicted if r.get("event_type")]
        result.matching = match_events(acled_typed, case.gold, days=days, km=km,
                                       require_date=require_date, require_place=require_place)
        results.append(result)
    return results


def one_line(record: dict) -> str:
    """A short human reading of an event record."""
    actors = " -> ".join(a for a in (record.get("actor1"), record.get("actor2")) if a) or "?"
    place = record.get("location") or "?"
    return (f"{record.get('event_date') or '?'} {record.get('event_type')}/{record.get('sub_event_type')} "
            f"{actors} @ {place} [{record.get('latitude')}, {record.get('longitude')}] "
            f"fat={record.get('fatalities')} plover={record.get('plover_event')}")


def describe(result: Result) -> list[str]:
    """Details of one case: missed gold events, spurious predictions, and disagreeing fields of matched pairs."""
    m = result.matching
    lines = [f"== {result.case.name}" + (f"  ERROR {result.error}" if result.error else "")]
    if m is None:
        return lines
    for i, j in m.pairs:
        p, g = result.predicted[i], result.case.gold[j]
        wrong = [f"{n}: predicted {str(p.get(n))!r}, gold {str(g.get(n))!r}" for n in FIELDS
                 if not n.endswith("~") and n in g and not field_equal(n, p, g)]
        lines.append("  matched  " + one_line(g) + "".join("\n           " + w for w in wrong))
    lines += ["  missed   " + one_line(result.case.gold[j]) for j in m.unmatched_gold]
    lines += ["  spurious " + one_line(result.predicted[i]) for i in m.unmatched_predicted]
    return lines


def save_predictions(results: list[Result], folder: Path) -> list[Path]:
    """Write each case's predicted records as JSONL (``<name>.jsonl``); returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for result in results:
        path = folder / (result.case.name.replace(":", "_") + ".jsonl")
        path.write_text("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in result.predicted),
                        encoding="utf-8")
        paths.append(path)
    return paths


def score_rows(results: list[Result]) -> list[tuple[str, Score]]:
    """(name, score) per case, then the overall total."""
    rows = [(r.case.name + (" (error)" if r.error else ""), r.matching.score) for r in results if r.matching]
    total = Score()
    for _, score in rows:
        total = total + score
    return rows + [("overall", total)]


def main(argv: list[str] | None = None) -> int:
    """Command line: score the golden reports (and the seed) and print the tables."""
    parser = argparse.ArgumentParser(description="Score conflictlens on the golden reports and the seed article.")
    parser.add_argument("--golden", type=Path, default=GOLDEN_DIR, help="folder with reports/ and expected/")
    parser.add_argument("--seed", type=Path, default=SEED_TEXT, help="seed article (skipped when absent)")
    parser.add_argument("--seed-gold", type=Path, default=SEED_GOLD, help="gold YAML of the seed article")
    parser.add_argument("--no-seed", action="store_true", help="leave the seed article out")
    parser.add_argument("--days", type=int, default=1, help="largest date difference for a pair (default 1)")
    parser.add_argument("--km", type=float, default=25.0, help="largest distance for a pair (default 25)")
    parser.add_argument("--no-require-date", action="store_true", help="let events without a date pair")
    parser.add_argument("--no-require-place", action="store_true", help="let events without coordinates pair")
    parser.add_argument("--save", type=Path, metavar="DIR", help="also write predicted records as JSONL here")
    parser.add_argument("--markdown", action="store_true", help="print markdown tables (for docs/benchmarks.md)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list matched, missed and spurious events")
    args = parser.parse_args(argv)

    cases, notes = load_cases(args.golden, None if args.no_seed else args.seed, args.seed_gold)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if not cases:
        print("nothing to score", file=sys.stderr)
        return 1
    try:
        results = run_cases(cases, days=args.days, km=args.km, require_date=not args.no_require_date,
                            require_place=not args.no_require_place)
    except ImportError as e:
        print(f"error: conflictlens cannot be imported ({e})", file=sys.stderr)
        return 1
    if args.save:
        for path in save_predictions(results, args.save):
            print(f"wrote {path}", file=sys.stderr)
    if args.verbose:
        print("\n".join(line for r in results for line in describe(r)) + "\n")
    rows = score_rows(results)
    if args.markdown:
        print(f"Event matching: same event_type, dates within {args.days} day(s), points within {args.km:g} km; "
              "one-to-one. P/R/F1 and field accuracies in percent; fields are scored over matched pairs only, "
              "`~` = actor names compared without ACLED's \"(2000-)\" period suffix.\n")
    print(format_prf_table(rows, markdown=args.markdown, label="report"))
    print()
    print(format_field_table(rows[-1:], markdown=args.markdown))
    errors = [r for r in results if r.error]
    for r in errors:
        print(f"error in {r.case.name}: {r.error}", file=sys.stderr)
    return 2 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
