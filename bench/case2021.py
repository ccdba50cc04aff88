"""CASE 2021 Task 2: ACLED sub-event-type classification of short event snippets.

Data: ``../shared/data/case2021-task2-acled-subtypes/test_set_final_release_with_labels.tsv`` (tab-separated, read
with quoting disabled; columns id, EventSnippet, SubType). The 25 ACLED-derived label codes are mapped to our
sub-event-type names; the five non-ACLED codes (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB) map
to "none". Split (../shared/README.md): dev = id % 10 < 3, test = the rest.

Prediction per snippet: ``Pipeline.extract(snippet)`` with no publication date; the label is the sub_event_type of
the ACLED-typed event with the highest confidence, "none" when there is none.

Scores:
- over the ACLED-gold snippets (the headline, like CASE sub-task 1): per-class P/R/F1 over the 25 ACLED classes,
  weighted F1 (weights = gold support) and macro F1 (over the classes that occur in gold or predictions: all 25
  on both splits); a "none" prediction is an error (a false negative of the gold class, a false positive of none);
- the same over all snippets, where an ACLED prediction for a non-ACLED snippet is also a false positive;
- accuracy on the non-ACLED snippets (predicted "none" = correct);
- the 15 most frequent (gold -> predicted) errors (a non-ACLED gold shows its CASE code), each with an example
  snippet and the events found under ``-v`` (``--examples K`` for more).

    python bench/case2021.py [--split test|dev] [-v] [--examples K] [--markdown] [--limit N] [--timeout S]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evalkit import (  # noqa: E402
    DEFAULT_TIMEOUT, SHARED_DATA, Progress, add_threshold_option, failures_note, load_pipeline, missing, pct, render, safe_extract, short,
)

DATA = SHARED_DATA / "case2021-task2-acled-subtypes" / "test_set_final_release_with_labels.tsv"
NONE = "none"

#: CASE 2021 label code -> ACLED sub-event type (as conflictlens names it), in ACLED's order.
CODE_TO_SUBTYPE = {
    "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "ARMED_CLASH": "Armed clash",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "PEACE_PROTEST": "Peaceful protest",
    "VIOL_DEMONSTR": "Violent demonstration",
    "MOB_VIOL": "Mob violence",
    "CHEM_WEAP": "Chemical weapon",
    "AIR_STRIKE": "Air/drone strike",
    "SUIC_BOMB": "Suicide bomb",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade",
    "SEX_VIOL": "Sexual violence",
    "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
}
NON_ACLED_CODES = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")
SUBTYPE_TO_CODE = {v: k for k, v in CODE_TO_SUBTYPE.items()}
ACLED_CLASSES = tuple(CODE_TO_SUBTYPE.values())


def in_split(snippet_id: int, split: str) -> bool:
    return (snippet_id % 10 < 3) if split == "dev" else (snippet_id % 10 >= 3)


def read_rows(path: Path, split: str) -> list[dict]:
    """Rows of the split: id (int), text, code (the CASE label) and gold (our sub-type name or "none")."""
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for record in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            code = record["SubType"].strip()
            if code not in CODE_TO_SUBTYPE and code not in NON_ACLED_CODES:
                raise ValueError(f"unknown CASE label {code!r} in row {record['id']}")
            snippet_id = int(record["id"])
            if in_split(snippet_id, split):
                rows.append({"id": snippet_id, "text": record["EventSnippet"], "code": code,
                             "gold": CODE_TO_SUBTYPE.get(code, NONE)})
    return rows


def check_mapping() -> list[str]:
    """Sub-type names in the mapping that conflictlens's ontology does not know (should be none)."""
    try:
        from conflictlens.ontology import acled_subtypes
    except ImportError:
        return []
    known = set(acled_subtypes())
    return [name for name in ACLED_CLASSES if name not in known]


def per_class(gold: list[str], pred: list[str]) -> dict[str, tuple[int, int, int, int]]:
    """ACLED class -> (tp, fp, fn, support). "none" is neither a class nor a false positive of any class."""
    tally: dict[str, list[int]] = {c: [0, 0, 0, 0] for c in ACLED_CLASSES}
    for g, p in zip(gold, pred):
        if g in tally:
            tally[g][3] += 1
        if g == p:
            if g in tally:
                tally[g][0] += 1
            continue
        if p in tally:
            tally[p][1] += 1
        if g in tally:
            tally[g][2] += 1
    return {c: tuple(v) for c, v in tally.items()}  # type: ignore[misc]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summary(table: dict[str, tuple[int, int, int, int]]) -> dict[str, float]:
    """Weighted F1 (by gold support), macro F1 (classes present in gold or predictions), micro F1, accuracy."""
    support = sum(t[3] for t in table.values())
    f1s = {c: prf(*t[:3])[2] for c, t in table.items()}
    present = [c for c, t in table.items() if t[3] or t[1]]
    tp, fp, fn = (sum(t[i] for t in table.values()) for i in range(3))
    return {
        "weighted_f1": sum(f1s[c] * t[3] for c, t in table.items()) / support if support else 0.0,
        "macro_f1": sum(f1s[c] for c in present) / len(present) if present else 0.0,
        "micro_f1": prf(tp, fp, fn)[2],
        "accuracy": tp / support if support else 0.0,
        "support": support,
        "classes": len(present),
    }


def predict(pipeline, text: str, timeout: float | None = DEFAULT_TIMEOUT) -> tuple[str, list[tuple[str, float]], str]:
    """(label, [(sub-type or "PLOVER:<code>", confidence) of every event], error)."""
    events, error = safe_extract(pipeline, text, timeout=timeout)
    typed = [e for e in events if e.event_type]
    label = max(typed, key=lambda e: e.confidence).sub_event_type if typed else NONE
    seen = [(e.sub_event_type if e.event_type else f"PLOVER:{e.plover_event}", round(e.confidence, 2)) for e in events]
    return label, seen, error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CASE 2021 Task 2 (ACLED sub-types of event snippets).")
    parser.add_argument("--split", choices=("test", "dev"), default="test", help="test (id %% 10 >= 3) or dev")
    parser.add_argument("--data", type=Path, default=DATA, help="the labelled TSV")
    parser.add_argument("--limit", type=int, help="only the first N snippets of the split (quick runs)")
    parser.add_argument("--examples", type=int, default=1, help="example snippets per confusion under -v (1)")
    parser.add_argument("--top", type=int, default=15, help="confusions listed (15)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds before a document is given up, counted as no events (%(default)g; 0 = none)")
    parser.add_argument("--markdown", action="store_true", help="markdown tables (for docs/benchmarks.md)")
    add_threshold_option(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="example snippets for each listed confusion")
    args = parser.parse_args(argv)

    if missing(args.data, "CASE 2021 Task 2 data"):
        return 0
    rows = read_rows(args.data, args.split)[: args.limit]
    started = time.perf_counter()
    pipeline = load_pipeline(args.threshold)
    build_s = time.perf_counter() - started
    unknown = check_mapping()
    if unknown:
        print(f"warning: sub-types unknown to conflictlens's ontology: {unknown}", file=sys.stderr)

    progress = Progress(len(rows), f"case2021/{args.split}")
    errors = []
    for row in rows:
        row["pred"], row["events"], error = predict(pipeline, row["text"], args.timeout)
        if error:
            errors.append((row["id"], error))
        progress.step()
    run_s = progress.seconds

    acled_rows = [r for r in rows if r["gold"] != NONE]
    other_rows = [r for r in rows if r["gold"] == NONE]
    table = per_class([r["gold"] for r in acled_rows], [r["pred"] for r in acled_rows])
    table_all = per_class([r["gold"] for r in rows], [r["pred"] for r in rows])
    s, s_all = summary(table), summary(table_all)
    none_on_acled = sum(r["pred"] == NONE for r in acled_rows)

    md = args.markdown
    print(("### " if md else "") + f"CASE 2021 Task 2 — {args.split} split "
          f"({len(rows)} snippets: {len(acled_rows)} ACLED-labelled, {len(other_rows)} non-ACLED; "
          f"{dt.date.today():%Y-%m-%d}, pipeline build {build_s:.1f} s, {run_s:.0f} s for the snippets, "
          f"{len(rows) / max(run_s, 1e-9):.1f} snippets/s)\n")
    print(render(["scope", "weighted F1", "macro F1", "micro F1", "accuracy", "support", "classes"], [
        ["ACLED-gold snippets", pct(s["weighted_f1"], 1), pct(s["macro_f1"], 1), pct(s["micro_f1"], 1),
         pct(s["accuracy"], 1), s["support"], s["classes"]],
        ["all snippets (non-ACLED → FP)", pct(s_all["weighted_f1"], 1), pct(s_all["macro_f1"], 1),
         pct(s_all["micro_f1"], 1), pct(s_all["accuracy"], 1), s_all["support"], s_all["classes"]],
    ], md))
    print(f"\nACLED-gold snippets with no ACLED event (predicted \"none\"): {none_on_acled}/{len(acled_rows)} "
          f"({pct(none_on_acled, len(acled_rows))}%). F1 in percent; weighted = by gold support over the 25 ACLED "
          "classes; macro = over the classes present in gold or predictions.")
    print(failures_note([e for _, e in errors], len(rows), "snippets") + "\n")

    class_rows = []
    for c in ACLED_CLASSES:
        tp, fp, fn, support = table[c]
        fp_all = table_all[c][1]
        if not (support or fp or fp_all):
            continue
        p, r, f = prf(tp, fp, fn)
        class_rows.append([c, SUBTYPE_TO_CODE[c], support, tp + fp, pct(p, 1), pct(r, 1), pct(f, 1), fp_all - fp])
    print(render(["sub-event type", "code", "gold", "predicted", "P", "R", "F1", "FP on non-ACLED"], class_rows, md))

    print()
    by_code: dict[str, list[dict]] = defaultdict(list)
    for r in other_rows:
        by_code[r["code"]].append(r)
    other_table = []
    for code in NON_ACLED_CODES:
        group = by_code.get(code, [])
        ok = sum(r["pred"] == NONE for r in group)
        common = Counter(r["pred"] for r in group if r["pred"] != NONE).most_common(2)
        other_table.append([code, len(group), ok, pct(ok, len(group)), "; ".join(f"{k} ({n})" for k, n in common)])
    ok_all = sum(r["pred"] == NONE for r in other_rows)
    other_table.append(["all non-ACLED", len(other_rows), ok_all, pct(ok_all, len(other_rows)), ""])
    print(render(["non-ACLED class", "snippets", "predicted none", "accuracy", "most common wrong predictions"],
                 other_table, md))

    print()
    def gold_shown(r: dict) -> str:  # a non-ACLED snippet shows its CASE code
        return r["gold"] if r["gold"] != NONE else r["code"]

    wrong = [r for r in rows if r["gold"] != r["pred"]]
    confusions = Counter((gold_shown(r), r["pred"]) for r in wrong)
    examples: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in wrong:
        examples[(gold_shown(r), r["pred"])].append(r)
    conf_rows = [[f"{g} → {p}", n] for (g, p), n in confusions.most_common(args.top)]
    errors_total = sum(confusions.values())
    print(f"{'#### ' if md else ''}Most frequent errors (gold → predicted), {errors_total} errors in all\n")
    print(render(["gold → predicted", "count"], conf_rows, md))
    if args.verbose:
        print()
        for (g, p), n in confusions.most_common(args.top):
            print(f"{g} → {p} ({n})")
            for r in examples[(g, p)][: args.examples]:
                events = ", ".join(f"{name}:{conf}" for name, conf in r["events"]) or "no events"
                print(f"  [{r['id']} {r['code']}] {short(r['text'], 300)}")
                print(f"      events: {events}")
    for snippet_id, error in errors:
        print(f"error in snippet {snippet_id}: {error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
