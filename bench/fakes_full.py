"""FA-KES, every event: the pipeline against complete hand-coded gold events for 120 real articles.

Gold: ``bench/data/fakes_gold.yaml`` (60 dev + 60 test articles of ``../shared/data/fa-kes/fakes.csv``, sampled with
seed 13; every event an ACLED coder would code, see the YAML's header). Unlike ``fakes.py``, which checks only the
article's main incident against FA-KES's crowd labels, this scores event by event.

Each article goes through ``Pipeline.extract(article_content, published=<gold published>)`` with the shipped defaults;
every ACLED-typed event (non-empty ``event_type``) is a prediction, converted with ``event_to_record``. Predictions
and gold are matched within each article by ``scorer.match_events`` (one-to-one, optimal), in three passes over
what is still unmatched:

1. **points**: equal event type, dates at most ``--days`` (1) apart, both records have a point and the points are at
   most ``--km`` (25) km apart;
2. **names**: the same, for pairs whose normalised ``location`` names are equal (``record_fields.normalise_place``:
   case, accents, apostrophes, hyphens ignored) where at least one of the two has no point;
3. **no place**: the same without any place condition, only for gold events that have no point (the coder could not
   place the village) or predictions that have none.

Two records with points more than ``--km`` apart never match. P/R/F1 count matched pairs (tp), unmatched predictions
(fp) and unmatched gold (fn); field accuracies are ``scorer``'s, over matched pairs. The test split is the reported
score; dev is printed as the *training score* (the split one may look at while changing the pipeline).

    python bench/fakes_full.py [--split test|dev|both] [--markdown] [-v] [--timeout S] [--save DIR]

``-v`` lists per article the spurious predictions and the missed gold events (fields only: type, date, place,
actors, fatalities, and the gold's sentence offset; never article text).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from evalkit import (
    DEFAULT_TIMEOUT,
    SHARED_DATA,
    acled_typed,
    add_threshold_option,
    failures_note,
    load_pipeline,
    missing,
    render,
)
from record_fields import haversine_km, normalise_place, parse_date, point
from scorer import Score, format_field_table, match_events

DATA = SHARED_DATA / "fa-kes" / "fakes.csv"
GOLD = HERE / "data" / "fakes_gold.yaml"


def read_gold(path: Path) -> dict[str, dict]:
    import yaml

    with path.open(encoding="utf-8") as f:
        return {str(k): v for k, v in yaml.safe_load(f).items()}


def read_articles(path: Path, wanted: set[str]) -> dict[str, str]:
    """unit_id -> article_content for the gold articles (first row of a unit_id)."""
    found: dict[str, str] = {}
    with path.open(encoding="latin-1", newline="") as f:
        for row in csv.DictReader(f):
            if row["unit_id"] in wanted and row["unit_id"] not in found:
                found[row["unit_id"]] = row["article_content"]
    return found


def _place_name(record: dict) -> str:
    return normalise_place(record.get("location") or "")


def match_article(predicted: list[dict], gold: list[dict], *, days: int = 1, km: float = 25.0,
                  by_rule: dict[str, int] | None = None) -> tuple[Score, list[tuple[int, int]], list[int], list[int]]:
    """Three-pass matching (module docstring). Returns the summed score, the pairs and the leftovers (indices);
    ``by_rule`` (when given) counts the pairs each pass made ("points", "names", "no place")."""
    total = Score()
    pairs: list[tuple[int, int]] = []
    left_p, left_g = list(range(len(predicted))), list(range(len(gold)))
    rule = "points"

    def run(p_idx: list[int], g_idx: list[int], require_place: bool) -> None:
        nonlocal total
        if not p_idx or not g_idx:
            return
        m = match_events([predicted[i] for i in p_idx], [gold[j] for j in g_idx], days=days, km=km,
                         require_place=require_place)
        if not m.pairs:
            return
        got = [(p_idx[a], g_idx[b]) for a, b in m.pairs]
        pairs.extend(got)
        if by_rule is not None:
            by_rule[rule] = by_rule.get(rule, 0) + len(got)
        total = total + Score(len(got), 0, 0, m.fields)
        for i, j in got:
            left_p.remove(i)
            left_g.remove(j)

    # 1. points within km
    run([i for i in left_p if point(predicted[i])], [j for j in left_g if point(gold[j])], True)
    # 2. equal normalised names, where at least one side lacks a point
    rule = "names"
    names = {_place_name(gold[j]) for j in left_g if _place_name(gold[j])}
    for name in sorted(names):
        p_idx = [i for i in left_p if _place_name(predicted[i]) == name]
        g_idx = [j for j in left_g if _place_name(gold[j]) == name]
        run([i for i in p_idx if not point(predicted[i])], g_idx, False)
        run(p_idx, [j for j in g_idx if not point(gold[j])], False)
    # 3. no place condition, only where one side has no point
    rule = "no place"
    run(list(left_p), [j for j in left_g if not point(gold[j])], False)
    run([i for i in left_p if not point(predicted[i])], list(left_g), False)
    total.fp, total.fn = len(left_p), len(left_g)
    return total, pairs, left_p, left_g


def _near(a: dict, b: dict, km: float) -> bool:
    pa, pb = point(a), point(b)
    if pa and pb:
        return haversine_km(*pa, *pb) <= km
    return _place_name(a) == _place_name(b)


def _close(a: dict, b: dict, days: int) -> bool:
    x, y = parse_date(a.get("event_date")), parse_date(b.get("event_date"))
    return bool(x and y and abs((x - y).days) <= days)


def families(predicted: list[dict], gold: list[dict], pairs: list[tuple[int, int]], left_p: list[int],
             left_g: list[int], published: dt.date | None, *, days: int = 1, km: float = 25.0) -> list[tuple[str, str]]:
    """("missed" | "spurious", family) for each unmatched gold event and prediction of one article; the first
    family that applies, in the order below (a rough sorting of errors for reading, not a second score)."""
    used = {i for i, _ in pairs}
    same = lambda a, b: a.get("event_type") == b.get("event_type")
    out = []
    for j in left_g:
        g = gold[j]
        if not predicted:
            fam = "article with no ACLED-typed prediction"
        elif any(same(predicted[i], g) and _close(predicted[i], g, days) and _near(predicted[i], g, km) for i in used):
            fam = "merged: the prediction at this type, day and place is paired with another gold event"
        elif any(same(predicted[i], g) and _close(predicted[i], g, days) for i in left_p):
            fam = "same type and day predicted, but placed elsewhere (beyond km, or no point)"
        elif any(same(p, g) and _close(p, g, days) for p in predicted):
            fam = "several places in one report, fewer events predicted (all used by other gold events)"
        elif any(not same(p, g) and _close(p, g, days) and _near(p, g, km) for p in predicted):
            fam = "another event type predicted at this place and day"
        elif any(same(p, g) and _near(p, g, km) for p in predicted):
            fam = "same type and place, date off"
        else:
            fam = "not found"
        out.append(("missed", fam))
    for i in left_p:
        p = predicted[i]
        when = parse_date(p.get("event_date"))
        if any(same(p, predicted[k]) and _close(p, predicted[k], days) and _near(p, predicted[k], km) for k in used):
            fam = "duplicate of a matched prediction"
        elif not point(p) and not p.get("location"):
            fam = "no place"
        elif any(same(p, g) and _close(p, g, days) for g in gold):
            fam = "right type and day, wrong place"
        elif any(not same(p, g) and _close(p, g, days) and _near(p, g, km) for g in gold):
            fam = "wrong event type for a gold event"
        elif when and published and (published - when).days > 3:
            fam = "earlier event (over 3 days before publication): background"
        elif any(same(p, g) and _near(p, g, km) for g in gold):
            fam = "right type and place, wrong date"
        else:
            fam = f"not in gold ({p.get('event_type')})"
        out.append(("spurious", fam))
    return out


def describe(record: dict, gold: bool = False) -> str:
    pt = point(record)
    where = f"{record.get('location') or '?'} [{record.get('admin1') or '-'}]" + (
        f" ({pt[0]:.2f},{pt[1]:.2f})" if pt else " (no point)")
    actors = f"{record.get('actor1') or '-'} / {record.get('actor2') or '-'}"
    extra = f" @{record.get('at')}" if gold and record.get("at") is not None else ""
    return (f"{record.get('sub_event_type') or record.get('event_type')} | {record.get('event_date') or 'no date'} | "
            f"{where} | {actors} | fat {record.get('fatalities') or 0}{extra}")


def prf_row(label: str, s: Score, n_articles: int) -> list[str]:
    return [label, str(n_articles), str(s.tp + s.fn), str(s.tp + s.fp), str(s.tp), str(s.fp), str(s.fn),
            f"{100 * s.precision:.1f}", f"{100 * s.recall:.1f}", f"{100 * s.f1:.1f}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="FA-KES articles: event-level P/R/F1 against complete gold events.")
    parser.add_argument("--split", choices=("test", "dev", "both"), default="both")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--days", type=int, default=1)
    add_threshold_option(parser)
    parser.add_argument("--km", type=float, default=25.0)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds before an article is given up, counted as no events (%(default)g; 0 = none)")
    parser.add_argument("--save", type=Path, help="write the predicted records as DIR/fakes_full_pred.jsonl")
    parser.add_argument("--load", type=Path, help="score predictions saved by --save instead of running the pipeline")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="list spurious and missed events per article")
    args = parser.parse_args(argv)

    if missing(args.data, "FA-KES data"):
        return 0
    gold = read_gold(args.gold)
    splits = ("test", "dev") if args.split == "both" else (args.split,)
    ids = [u for u, g in gold.items() if g["split"] in splits]
    texts = read_articles(args.data, set(ids))

    started = time.perf_counter()
    predictions: dict[str, list[dict]] = {}
    errors: list[tuple[str, str]] = []
    build_s = 0.0
    if args.load:
        with args.load.open(encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                predictions.setdefault(str(rec["unit_id"]), []).append(rec)
    else:
        from evalkit import safe_extract

        from conflictlens.serialize import event_to_record

        pipeline = load_pipeline(args.threshold)
        build_s = time.perf_counter() - started
        for uid in ids:
            if uid not in texts:
                errors.append((uid, "article not found in the CSV"))
                continue
            published = str(gold[uid]["published"])
            events, error = safe_extract(pipeline, texts[uid], timeout=args.timeout, published=published)
            if error:
                errors.append((uid, error))
            predictions[uid] = [dict(event_to_record(e), unit_id=uid) for e in acled_typed(events)]
    run_s = time.perf_counter() - started - build_s
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        with (args.save / "fakes_full_pred.jsonl").open("w", encoding="utf-8") as f:
            for uid in ids:
                for rec in predictions.get(uid, []):
                    f.write(json.dumps(rec, default=str) + "\n")

    md = args.markdown
    per_split: dict[str, Score] = {}
    strict: dict[str, Score] = {}
    rules: dict[str, dict[str, int]] = {}
    fams: dict[str, Counter] = {}
    listing: list[str] = []
    for split in splits:
        total, total_strict, rules[split], fams[split] = Score(), Score(), {}, Counter()
        for uid in (u for u in ids if gold[u]["split"] == split):
            pred = predictions.get(uid, [])
            gevents = gold[uid].get("events") or []
            score, pairs, left_p, left_g = match_article(pred, gevents, days=args.days, km=args.km,
                                                         by_rule=rules[split])
            total = total + score
            fams[split].update(families(pred, gevents, pairs, left_p, left_g, parse_date(gold[uid]["published"]),
                                        days=args.days, km=args.km))
            total_strict = total_strict + match_events(pred, gevents, days=args.days, km=args.km).score
            if args.verbose and (left_p or left_g):
                listing.append(f"[{split} {uid}] published {gold[uid]['published']}: {len(gevents)} gold, "
                               f"{len(pred)} predicted, {len(pairs)} matched")
                listing += [f"  missed   {describe(gevents[j], True)}" for j in left_g]
                listing += [f"  spurious {describe(pred[i])}" for i in left_p]
        per_split[split] = total
        strict[split] = total_strict

    n_by = {s: sum(gold[u]["split"] == s for u in ids) for s in splits}
    how = (f"predictions loaded from {args.load.name}" if args.load else
           f"pipeline build {build_s:.1f} s, {run_s:.0f} s for {len(ids)} articles")
    head = (f"FA-KES complete gold events ({dt.date.today():%Y-%m-%d}; {how}; match: event type, date "
            f"±{args.days} d, place ≤{args.km:g} km or same location name or a side without a point)")
    print(("### " if md else "") + head + "\n")
    rows = []
    for split in splits:
        label = "test" if split == "test" else "dev (training score)"
        rows.append(prf_row(label, per_split[split], n_by[split]))
    for split in splits:
        label = "test" if split == "test" else "dev (training score)"
        rows.append(prf_row(f"{label}, points only", strict[split], n_by[split]))
    print(render(["split", "articles", "gold", "predicted", "tp", "fp", "fn", "P", "R", "F1"], rows, md))
    print("\n\"points only\": both records need a point within the distance (scorer.match_events with "
          "require_place=True), a stricter reading. Pairs by matching rule: " + "; ".join(
              f"{s} " + ", ".join(f"{k} {v}" for k, v in rules[s].items()) for s in splits) + ".")
    print()
    print(("#### " if md else "") + "Field accuracy over matched pairs (%)\n")
    print(format_field_table([("test" if s == "test" else "dev (training)", per_split[s]) for s in splits],
                             markdown=md))
    print()
    print(("#### " if md else "") + "Errors by family (first family that applies; see fakes_full.families)\n")
    fam_rows = []
    for side in ("missed", "spurious"):
        keys = sorted({f for (sd, f) in (k for c in fams.values() for k in c) if sd == side},
                      key=lambda f: (-sum(c[(side, f)] for c in fams.values()), f))
        fam_rows += [[side, f] + [str(fams[s][(side, f)]) for s in splits] for f in keys]
    print(render(["error", "family"] + ["test" if s == "test" else "dev" for s in splits], fam_rows, md))
    print("\n" + failures_note([e for _, e in errors], len(ids), "articles"))
    if listing:
        print()
        print("\n".join(listing))
    for uid, error in errors:
        print(f"error in article {uid}: {error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
