"""Event-level scoring: match predicted event records to gold ones, then P/R/F1 and field accuracies.

Pure standard library (with its companions ``record_fields.py``, value parsing and comparison, and
``assignment.py``, the one-to-one assignment); it never imports conflictlens. Records are dicts with ACLED-named keys
(``event_type``, ``event_date``, ``latitude``, ``longitude``, ``actor1`` ...), as written by
``conflictlens.serialize.event_to_record`` or read from an ACLED export.

A predicted and a gold event *can* pair when their ``event_type`` is equal, their dates differ by at most ``days``
and their points lie within ``km`` kilometres. The matching is one-to-one and optimal: as many pairs as possible,
then the closest ones (Hungarian algorithm; greedy by closeness for very large tied groups).

Field accuracy is computed over matched pairs only, and only for pairs whose gold record has the field, so a gold
file may leave out what its annotator could not decide.

    python bench/scorer.py pred.jsonl gold.jsonl [--days 1] [--km 25] [--group-by doc_id] [--markdown]
    python bench/scorer.py --selftest
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

if str(Path(__file__).resolve().parent) not in sys.path:  # assignment.py and record_fields.py sit beside it
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from assignment import best_pairs  # noqa: E402
from record_fields import (  # noqa: E402
    FIELDS, clean_text, field_equal, haversine_km, parse_date, parse_float, point, strip_actor_dates,
)

__all__ = ["FIELDS", "FieldTally", "Matching", "Score", "field_equal", "format_field_table", "format_prf_table",
           "haversine_km", "match_events", "pair_cost", "parse_date", "parse_float", "prf", "read_jsonl",
           "strip_actor_dates"]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1. An empty side counts as perfect only when the other side is empty too."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class FieldTally:
    """Correct / scored counts of one field."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass
class Score:
    """Counts that add up across documents: tp/fp/fn and per-field tallies."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, FieldTally] = field(default_factory=lambda: {name: FieldTally() for name in FIELDS})

    @property
    def precision(self) -> float:
        return prf(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return prf(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return prf(self.tp, self.fp, self.fn)[2]

    def __add__(self, other: Score) -> Score:
        total = Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)
        for name in FIELDS:
            a, b = self.fields[name], other.fields[name]
            total.fields[name] = FieldTally(a.correct + b.correct, a.total + b.total)
        return total


@dataclass
class Matching(Score):
    """The result of :func:`match_events`: a :class:`Score` plus index pairs (predicted, gold) and the leftovers."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    unmatched_predicted: list[int] = field(default_factory=list)
    unmatched_gold: list[int] = field(default_factory=list)

    @property
    def score(self) -> Score:
        """The counts alone, to add up across documents."""
        return Score(self.tp, self.fp, self.fn, self.fields)

    @property
    def field_accuracy(self) -> dict[str, float | None]:
        return {name: tally.accuracy for name, tally in self.fields.items()}


Key = tuple[str, dt.date | None, tuple[float, float] | None]


def match_key(record: dict) -> Key:
    """What pairing looks at: (normalised event_type, date or None, point or None)."""
    return clean_text(record.get("event_type")).casefold(), parse_date(record.get("event_date")), point(record)


def pair_cost(p: dict | Key, g: dict | Key, *, days: int = 1, km: float = 25.0, require_date: bool = True,
              require_place: bool = True) -> float | None:
    """None when two records (or their :func:`match_key`) cannot pair; else a cost in [0, 1] (0 = same day, point)."""
    (pt, pd, pp), (gt, gd, gp) = (k if isinstance(k, tuple) else match_key(k) for k in (p, g))
    if pt != gt:
        return None
    if pd is None or gd is None:
        if require_date:
            return None
        date_cost = 1.0
    else:
        gap = abs((pd - gd).days)
        if gap > days:
            return None
        date_cost = gap / days if days else 0.0
    if pp is None or gp is None:
        if require_place:
            return None
        place_cost = 1.0
    else:
        distance = haversine_km(*pp, *gp)
        if distance > km:
            return None
        place_cost = distance / km if km else 0.0
    return (date_cost + place_cost) / 2


def _candidates(predicted: list[Key], gold: list[Key], days: int, require_date: bool) -> list[tuple[int, int]]:
    """(i, j) pairs with equal event type and dates in reach, found through an index instead of all pairs."""
    index: dict[tuple[str, dt.date | None], list[int]] = {}
    for j, (kind, date, _) in enumerate(gold):
        index.setdefault((kind, date), []).append(j)
    by_kind: dict[str, list[int]] = {}
    for j, (kind, _, _) in enumerate(gold):
        by_kind.setdefault(kind, []).append(j)
    found = []
    for i, (kind, date, _) in enumerate(predicted):
        if date is None:
            found += [(i, j) for j in ([] if require_date else by_kind.get(kind, []))]
            continue
        for offset in range(-days, days + 1):
            found += [(i, j) for j in index.get((kind, date + dt.timedelta(days=offset)), [])]
        if not require_date:
            found += [(i, j) for j in index.get((kind, None), [])]
    return found


def match_events(predicted: list[dict], gold: list[dict], *, days: int = 1, km: float = 25.0,
                 require_date: bool = True, require_place: bool = True) -> Matching:
    """Match predicted to gold records one-to-one and score them (see the module docstring)."""
    pkeys, gkeys = [match_key(r) for r in predicted], [match_key(r) for r in gold]
    edges = {}
    for i, j in _candidates(pkeys, gkeys, days, require_date):
        c = pair_cost(pkeys[i], gkeys[j], days=days, km=km, require_date=require_date, require_place=require_place)
        if c is not None:
            edges[(i, j)] = c
    pairs = best_pairs(edges)
    matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
    result = Matching(len(pairs), len(predicted) - len(pairs), len(gold) - len(pairs), pairs=pairs,
                      unmatched_predicted=[i for i in range(len(predicted)) if i not in matched_p],
                      unmatched_gold=[j for j in range(len(gold)) if j not in matched_g])
    for i, j in pairs:
        for name in FIELDS:
            if name.rstrip("~") in gold[j]:
                result.fields[name].total += 1
                result.fields[name].correct += field_equal(name, predicted[i], gold[j])
    return result


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def _render(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    """A table as markdown, or as aligned plain text (first column left, the others right)."""
    if markdown:
        rule = "|---|" + "---:|" * (len(header) - 1)
        return "\n".join(["| " + " | ".join(header) + " |", rule] + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(x) for x in col) for col in zip(header, *rows)]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))

    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(row) for row in rows])


def format_prf_table(rows: list[tuple[str, Score]], *, markdown: bool = False, label: str = "") -> str:
    """One line per named score (first column headed ``label``): gold, predicted, matched, P, R, F1 (percent)."""
    body = [[name, str(s.tp + s.fn), str(s.tp + s.fp), str(s.tp), _pct(s.precision), _pct(s.recall), _pct(s.f1)]
            for name, s in rows]
    return _render([label, "gold", "pred", "matched", "P", "R", "F1"], body, markdown)


def format_field_table(rows: list[tuple[str, Score]], *, markdown: bool = False) -> str:
    """One line per field, one column per named score: accuracy % (correct/scored)."""
    body = [[name] + [f"{_pct(s.fields[name].accuracy)} ({s.fields[name].correct}/{s.fields[name].total})"
                      for _, s in rows] for name in FIELDS]
    return _render(["field"] + [label for label, _ in rows], body, markdown)


def read_jsonl(path: str) -> list[dict]:
    """Records of a JSON-lines file (blank lines skipped)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _selftest() -> None:
    """Hand-made checks; raises AssertionError on the first failure."""
    def ev(t="Battles", d="2019-08-05", lat=35.43, lon=36.77, **kw):
        return {"event_type": t, "event_date": d, "latitude": lat, "longitude": lon, **kw}

    assert prf(0, 0, 0) == (1.0, 1.0, 1.0) and prf(0, 2, 0)[2] == 0.0 and prf(1, 1, 1) == (0.5, 0.5, 0.5)
    assert abs(haversine_km(35.4293, 36.7708, 35.4598, 36.7465) - 4.04) < 0.05
    assert strip_actor_dates("Military Forces of Syria (2000-2024)") == "Military Forces of Syria"
    assert strip_actor_dates("Military Forces of Syria (2000-) Air Force").endswith("Syria Air Force")
    assert parse_date("05 August 2019") == dt.date(2019, 8, 5) == parse_date(dt.date(2019, 8, 5))
    assert parse_date("9-May-20") == dt.date(2020, 5, 9) and parse_date("n/a") is None
    assert field_equal("location", {"location": "Ma\u2019rib"}, {"location": "marib"})
    assert field_equal("location", {"location": "At Tam\u0101ni\u2018ah"}, {"location": "At-Tamaniah"})
    gold = [ev(actor1="Military Forces of Syria (2000-2024)", fatalities=3, location="Sukayk"),
            ev(t="Strategic developments", lat=35.46, lon=36.75), ev(d="2019-08-20")]
    pred = [ev(d="2019-08-06", actor1="Military Forces of Syria (2000-)", fatalities="3", location="sukayk"),
            ev(t="Strategic developments", lat=36.5, lon=36.75), ev(d=""), ev(lat=None)]
    m = match_events(pred, gold)
    assert m.pairs == [(0, 0)] and (m.score.tp, m.score.fp, m.score.fn) == (1, 3, 2), m
    acc = m.field_accuracy
    assert acc["actor1"] == 0.0 and acc["actor1~"] == 1.0 and acc["fatalities"] == 1.0 and acc["location"] == 1.0
    assert acc["event_date"] == 0.0 and acc["plover_event"] is None  # absent from gold: not scored
    loose = match_events(pred, gold, require_date=False, require_place=False)
    assert loose.pairs == [(0, 0), (2, 2)], loose  # the dateless prediction now pairs; p3 loses g0 to p0
    assert match_events(pred, gold, km=200).score.tp == 2
    # Optimal, not greedy: p0 is closest to g0, but p1 can only take g0, so p0 must take g1.
    g2 = [ev(lat=35.0, lon=36.0), ev(lat=35.1, lon=36.0)]
    p2 = [ev(lat=35.04, lon=36.0), ev(lat=34.92, lon=36.0)]
    assert match_events(p2, g2, km=12).pairs == [(0, 1), (1, 0)]
    assert match_events(p2[::-1], g2[::-1], km=12).score.tp == 2
    assert match_events([], []).f1 == 1.0 and match_events([], gold).recall == 0.0
    total = m.score + loose.score
    assert (total.tp, total.fields["actor1~"].total) == (3, 2)
    table = format_prf_table([("a", m.score)], markdown=True)
    assert table.splitlines()[2].startswith("| a | 3 | 4 | 1 |"), table


def main(argv: list[str] | None = None) -> int:
    """Command line: score two JSONL files, or run the self-check."""
    parser = argparse.ArgumentParser(description="Match predicted to gold event records and score them.")
    parser.add_argument("predicted", nargs="?", help="JSONL of predicted records")
    parser.add_argument("gold", nargs="?", help="JSONL of gold records")
    parser.add_argument("--days", type=int, default=1, help="largest date difference for a pair (default 1)")
    parser.add_argument("--km", type=float, default=25.0, help="largest distance for a pair (default 25)")
    parser.add_argument("--no-require-date", action="store_true", help="let records without a date pair")
    parser.add_argument("--no-require-place", action="store_true", help="let records without coordinates pair")
    parser.add_argument("--group-by", metavar="KEY", help="match only within equal values of KEY (e.g. doc_id)")
    parser.add_argument("--markdown", action="store_true", help="print markdown tables")
    parser.add_argument("--selftest", action="store_true", help="run the built-in checks and exit")
    args = parser.parse_args(argv)
    if args.selftest:
        _selftest()
        print("scorer selftest: ok")
        return 0
    if not args.predicted or not args.gold:
        parser.error("give PREDICTED and GOLD JSONL files (or --selftest)")
    predicted, gold = read_jsonl(args.predicted), read_jsonl(args.gold)
    key = args.group_by
    groups = sorted({str(r.get(key, "")) for r in predicted + gold}) if key else [""]
    rows = []
    for value in groups:
        m = match_events([r for r in predicted if not key or str(r.get(key, "")) == value],
                         [r for r in gold if not key or str(r.get(key, "")) == value],
                         days=args.days, km=args.km, require_date=not args.no_require_date,
                         require_place=not args.no_require_place)
        rows.append((value, m.score))
    total = sum((score for _, score in rows), Score())
    shown = rows + [("all", total)] if key else [("all", total)]
    print(format_prf_table(shown, markdown=args.markdown, label=key or ""))
    print()
    print(format_field_table([("all", total)], markdown=args.markdown))
    return 0


if __name__ == "__main__" and "--selftest" in sys.argv:
    sys.exit(main(["--selftest"]))
elif __name__ == "__main__":
    sys.exit(main())
