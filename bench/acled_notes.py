"""ACLED notes: re-code each ACLED event from its own ``notes`` text and compare with ACLED's coding.

Data (../shared/data, never copied):
- ``acled-syria-battles-2017-2023/acled_syria_battles_idlib_hama_2019.csv`` ("syria": Battles only, Idleb and Hama
  2019; dates like "31 December 2019");
- ``acled-global-2020-04-27_to_05-09/acled_global_2020-04-27_to_2020-05-09.csv`` ("global": all event types,
  106 countries; dates like "9-May-20").
Split (../shared/README.md): dev = ``event_id_cnty`` ending in 0, 1 or 2; test = the rest. ``--limit N`` (default
400; 0 = all) takes a fixed-seed random sample of the split per extract.

Each note goes through ``Pipeline.extract(notes, published=<the event's date>)``; the ACLED-typed event with the
highest confidence is compared with the ACLED row. All rates are over all sampled rows (a row where nothing was
found counts as wrong), with the rate over rows where an event was found beside it:
event_type, sub_event_type, event_date (exact), fatalities (exact), actor1 and actor2 exactly and with ACLED's
"(2000-)" period suffix removed from both sides (``~``), "ACLED actor1 on either side" (our actor1 or actor2 ~
ACLED's actor1: ACLED's order of the two Battles actors is arbitrary), "actor pair, any order" ({our actor1,
actor2} ~ {ACLED actor1, actor2}), and the "no event found" rate.

"Exactly" compares names as ACLED wrote them when the extract was downloaded (``SNAPSHOTS``): ACLED closes a period
when the government changes, so our "Military Forces of Syria (2000-2024)" was "Military Forces of Syria (2000-)"
in a 2023 download (``conflictlens.actors.periods.name_as_of``).

    python bench/acled_notes.py [--split test|dev] [--limit 400] [--seed 13] [--extract syria|global|both]
                                [-v] [--markdown] [--timeout S]
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
    DEFAULT_TIMEOUT, SHARED_DATA, Progress, add_threshold_option, failures_note, load_pipeline, missing, pct, render, safe_extract, sample,
    short, top_event,
)
from record_fields import clean_text, parse_date, parse_float, strip_actor_dates  # noqa: E402

from conflictlens.actors.periods import name_as_of  # noqa: E402
from conflictlens.geo.geometry import haversine_km  # noqa: E402

EXTRACTS = {
    "syria": SHARED_DATA / "acled-syria-battles-2017-2023" / "acled_syria_battles_idlib_hama_2019.csv",
    "global": SHARED_DATA / "acled-global-2020-04-27_to_05-09" / "acled_global_2020-04-27_to_2020-05-09.csv",
}
# When each extract was downloaded from ACLED (SOURCE.md): the global one shortly before its 2020-05-16 commit, the
# Syria one after its last event (2023-06-02).
SNAPSHOTS = {"syria": dt.date(2023, 6, 2), "global": dt.date(2020, 5, 16)}
METRICS = (
    ("event_type", "event_type"),
    ("sub_event_type", "sub_event_type"),
    ("event_date", "date exact"),
    ("fatalities", "fatalities exact"),
    ("actor1", "actor1 exact"),
    ("actor1~", "actor1 ~ (no period suffix)"),
    ("actor2", "actor2 exact"),
    ("actor2~", "actor2 ~ (no period suffix)"),
    ("either", "ACLED actor1 on either side ~"),
    ("pair", "actor pair, any order ~"),
    ("place25", "place within 25 km"),
    ("foreign", "placed in another country (lower is better)"),
    ("precision", "geo_precision equal"),
)
PRECISIONS = ("1", "2", "3", "none")


def in_split(event_id_cnty: str, split: str) -> bool:
    last = event_id_cnty.strip()[-1:]
    dev = last in ("0", "1", "2")
    return dev if split == "dev" else not dev


def read_rows(path: Path, split: str) -> list[dict]:
    """Rows of the split that have notes and a readable date."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if in_split(r["event_id_cnty"], split)]
    return [r for r in rows if clean_text(r.get("notes")) and parse_date(r.get("event_date"))]


def actor(name: object) -> str:
    return strip_actor_dates(clean_text(name))


def compare(row: dict, event, snapshot: dt.date | None = None) -> dict[str, bool]:
    """Per-metric agreement of one ACLED row with our top event (None: every metric False); our state-force names
    are written as ACLED wrote them on ``snapshot``."""
    if event is None:
        return {key: False for key, _ in METRICS}
    ours1 = event.actor1.name if event.actor1 else ""
    ours2 = event.actor2.name if event.actor2 else ""
    if snapshot is not None:
        ours1, ours2 = name_as_of(ours1, snapshot), name_as_of(ours2, snapshot)
    gold1, gold2 = clean_text(row.get("actor1")), clean_text(row.get("actor2"))
    gold_fat = parse_float(row.get("fatalities"))
    place = event.place
    lat, lon = parse_float(row.get("latitude")), parse_float(row.get("longitude"))
    near = (place is not None and place.resolved and lat is not None and lon is not None
            and haversine_km(place.latitude, place.longitude, lat, lon) <= 25.0)
    return {
        "event_type": event.event_type == clean_text(row.get("event_type")),
        "sub_event_type": event.sub_event_type == clean_text(row.get("sub_event_type")),
        "event_date": event.event_date == parse_date(row.get("event_date")),
        "fatalities": (event.fatalities or 0) == int(gold_fat or 0),
        "actor1": ours1 == gold1,
        "actor1~": actor(ours1) == actor(gold1),
        "actor2": ours2 == gold2,
        "actor2~": actor(ours2) == actor(gold2),
        "either": bool(gold1) and actor(gold1) in (actor(ours1), actor(ours2)),
        "pair": sorted((actor(ours1), actor(ours2))) == sorted((actor(gold1), actor(gold2))),
        "place25": near,
        # a point in a country other than the one ACLED codes: what the issue calls an unsupported country
        "foreign": place is not None and place.resolved and bool(place.country) and place.country != clean_text(row.get("country")),
        "precision": place is not None and place.resolved and str(place.geo_precision) == clean_text(row.get("geo_precision")),
    }


def precision_of(event) -> str:
    """Our top event's geo_precision as "1".."3", or "none" (no event, or no point)."""
    place = event.place if event is not None else None
    return str(place.geo_precision) if place is not None and place.resolved and place.geo_precision else "none"


def precision_table(results: dict[str, list[dict]], md: bool) -> str:
    """The distribution of geo_precision, ACLED's and ours, over the rows where an event was found."""
    table = []
    for n, rows in results.items():
        found = [r for r in rows if r["_event"] is not None]
        gold = Counter(clean_text(r.get("geo_precision")) or "none" for r in found)
        ours = Counter(precision_of(r["_event"]) for r in found)
        table.append([f"{n}: ACLED", len(found), *(pct(gold[p], len(found)) for p in PRECISIONS)])
        table.append([f"{n}: ours", len(found), *(pct(ours[p], len(found)) for p in PRECISIONS)])
    return render(["geo_precision (rows with an event)", "rows", *PRECISIONS], table, md)


def run_extract(pipeline, name: str, rows: list[dict], timeout: float | None = DEFAULT_TIMEOUT) -> list[dict]:
    """Each row with ``_event`` (our top event or None), ``_n`` (events found), ``_ok`` and ``_error`` added."""
    progress = Progress(len(rows), f"acled/{name}")
    for row in rows:
        published = parse_date(row["event_date"])
        events, error = safe_extract(pipeline, row["notes"], timeout=timeout, published=published.isoformat())
        row["_event"], row["_n"], row["_error"] = top_event(events), len(events), error
        row["_ok"] = compare(row, row["_event"], SNAPSHOTS.get(name))
        progress.step()
    return rows


def describe(row: dict) -> list[str]:
    """-v lines for one row with a wrong event type, sub-type, date, fatality count, actor pair or actor name."""
    e, ok = row["_event"], row["_ok"]
    bad = [k for k in ("sub_event_type", "event_date", "fatalities", "pair", "actor1", "actor2", "place25") if not ok[k]]
    if not bad:
        return []
    gold = (f"{row['sub_event_type']} | {parse_date(row['event_date'])} | fat {row['fatalities'] or 0} | "
            f"{row['actor1']} / {row['actor2'] or '-'} | {row['location']}, {row['country']}")
    if e is None:
        ours = f"no ACLED event ({row['_n']} events)"
    else:
        ours = (f"{e.sub_event_type} | {e.event_date} | fat {e.fatalities} | "
                f"{e.actor1.name if e.actor1 else '-'} / {e.actor2.name if e.actor2 else '-'} | "
                f"conf {e.confidence:.2f} | "
                f"{e.place.location + ', ' + e.place.country if e.place and e.place.resolved else 'no point'}")
    return [f"[{row['event_id_cnty']}] wrong: {', '.join(bad)}", f"  gold: {gold}", f"  ours: {ours}",
            f"  note: {short(row['notes'], 400)}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Re-code ACLED events from their notes and compare.")
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    add_threshold_option(parser)
    parser.add_argument("--limit", type=int, default=400, help="random sample per extract (default 400; 0 = all)")
    parser.add_argument("--seed", type=int, default=13, help="seed of the sample (default 13)")
    parser.add_argument("--extract", choices=("syria", "global", "both"), default="both")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds before a document is given up, counted as no events (%(default)g; 0 = none)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the rows with disagreements")
    args = parser.parse_args(argv)

    names = list(EXTRACTS) if args.extract == "both" else [args.extract]
    present = [n for n in names if not missing(EXTRACTS[n], f"ACLED extract '{n}'")]
    if not present:
        return 0
    started = time.perf_counter()
    pipeline = load_pipeline(args.threshold)
    build_s = time.perf_counter() - started
    md = args.markdown

    results, seconds, split_sizes = {}, {}, {}
    for name in present:
        rows = read_rows(EXTRACTS[name], args.split)
        split_sizes[name] = len(rows)
        t0 = time.perf_counter()
        results[name] = run_extract(pipeline, name, sample(rows, args.limit, args.seed), args.timeout)
        seconds[name] = time.perf_counter() - t0

    print(("### " if md else "") + f"ACLED notes — {args.split} split ({dt.date.today():%Y-%m-%d}; pipeline build "
          f"{build_s:.1f} s; " + "; ".join(
              f"{n}: {len(results[n])} of {split_sizes[n]} rows, seed {args.seed}, {seconds[n]:.0f} s"
              for n in present) + ")\n")
    header = ["metric"]
    for n in present:
        header += [f"{n} (all)", f"{n} (found)"]
    table = []
    for key, label in METRICS:
        line = [label]
        for n in present:
            rows = results[n]
            found = [r for r in rows if r["_event"] is not None]
            line += [pct(sum(r["_ok"][key] for r in rows), len(rows)),
                     pct(sum(r["_ok"][key] for r in found), len(found))]
        table.append(line)
    line = ["no ACLED event found"]
    for n in present:
        rows = results[n]
        line += [pct(sum(r["_event"] is None for r in rows), len(rows)), ""]
    table.append(line)
    print(render(header, table, md))
    print("\nPercent; \"all\" = over every sampled row (no event found = wrong), \"found\" = over rows where an "
          "ACLED-typed event was found. Only the top-confidence event of each note is compared.")
    print(" ".join(f"{n}: " + failures_note([r["_error"] for r in results[n]], len(results[n]), "notes")
                   for n in present) + "\n")
    print(precision_table(results, md) + "\n")

    for n in present:
        rows = results[n]
        groups: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            groups[clean_text(r["sub_event_type"])].append(r)
        sub_rows = []
        for sub, group in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            predicted = Counter(r["_event"].sub_event_type if r["_event"] else "none" for r in group
                                if not r["_ok"]["sub_event_type"])
            sub_rows.append([sub, clean_text(group[0]["event_type"]), len(group),
                             pct(sum(r["_ok"]["event_type"] for r in group), len(group)),
                             pct(sum(r["_ok"]["sub_event_type"] for r in group), len(group)),
                             pct(sum(r["_event"] is None for r in group), len(group)),
                             "; ".join(f"{k} ({v})" for k, v in predicted.most_common(2))])
        print(("#### " if md else "") + f"{n}: by ACLED sub-event type\n")
        print(render(["ACLED sub-event type", "event type", "rows", "event_type", "sub_event_type", "no event",
                      "most common wrong sub-types"], sub_rows, md))
        print()

    if args.verbose:
        for n in present:
            print(f"== {n}: rows with a wrong sub-type, date, fatality count, actor pair or actor name")
            for r in results[n]:
                for text in describe(r):
                    print(text)
    for n in present:
        for r in results[n]:
            if r["_error"]:
                print(f"error in {n} {r['event_id_cnty']}: {r['_error']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
