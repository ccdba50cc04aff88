"""The embedded gazetteer against ACLED's Syrian place names (Idlib and Hama, 2019, Battles).

For each distinct ``location`` of the test split of
``../shared/data/acled-syria-battles-2017-2023/acled_syria_battles_idlib_hama_2019.csv`` (rows whose
``event_id_cnty`` does not end in 0, 1 or 2), ``PlaceResolver.resolve_name(location, ["SY"], within_focus=True)`` is compared with
ACLED's latitude/longitude: share within 10 km, within 25 km (including the 10 km ones), resolved but further,
and unresolved (no place, or a place without a point). Counted once per distinct name, and again weighted by
the number of test events at the name. The most frequent unresolved names are listed.

    python bench/acled_places.py [--split test|dev|all] [--markdown] [-v] [--top 15]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BANDS = ("≤10 km", "≤25 km", ">25 km", "unresolved")

if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))
from evalkit import SHARED_DATA, load_pipeline  # noqa: E402
CSV = SHARED_DATA / "acled-syria-battles-2017-2023" / "acled_syria_battles_idlib_hama_2019.csv"
from scorer import haversine_km  # noqa: E402


@dataclass
class Name:
    location: str
    admin1: str
    lat: float
    lon: float
    events: int
    km: float | None = None  # None: unresolved
    found: str = ""  # the gazetteer's name, kind and point of the answer
    country: str = ""  # the answer's country code

    @property
    def band(self) -> str:
        if self.km is None:
            return "unresolved"
        return "≤10 km" if self.km <= 10 else "≤25 km" if self.km <= 25 else ">25 km"


def in_split(event_id: str, split: str) -> bool:
    """dev = ``event_id_cnty`` ending in 0, 1 or 2; test = the rest (../shared/README.md)."""
    dev = event_id[-1:] in ("0", "1", "2")
    return split == "all" or (split == "dev") == dev


def read_names(path: Path, split: str) -> tuple[list[Name], int]:
    """Distinct locations of the split with ACLED's point and their event counts; and the number of events."""
    names: dict[str, Name] = {}
    events = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not in_split(row["event_id_cnty"], split) or not row["location"].strip():
                continue
            events += 1
            name = names.get(row["location"])
            if name is None:
                names[row["location"]] = Name(row["location"], row["admin1"], float(row["latitude"]),
                                              float(row["longitude"]), 1)
            else:
                name.events += 1
    return list(names.values()), events


def resolve_all(names: list[Name]) -> float:
    """Fill ``km`` and ``found`` for every name; returns the seconds spent resolving."""
    from conflictlens.geo.resolve import PlaceResolver

    pipeline = load_pipeline()
    resolver = PlaceResolver(pipeline.resources.gazetteer, pipeline.resources.countries)
    started = time.perf_counter()
    for name in names:
        place = resolver.resolve_name(name.location, ["SY"], within_focus=True)
        name.country = place.country_code if place is not None else ""
        if place is not None and place.resolved:
            name.km = haversine_km(name.lat, name.lon, place.latitude, place.longitude)
            name.found = (f"{place.location} ({place.country_code}, {place.kind}) "
                          f"[{place.latitude:.3f}, {place.longitude:.3f}]")
        elif place is not None:
            name.found = f"{place.location} ({place.country_code}, {place.kind}) without a point"
    return time.perf_counter() - started


def shares(names: list[Name], weight: bool) -> list[str]:
    total = sum(n.events if weight else 1 for n in names)
    counts = Counter()
    for n in names:
        counts[n.band] += n.events if weight else 1
    cumulative = {"≤10 km": counts["≤10 km"], "≤25 km": counts["≤10 km"] + counts["≤25 km"],
                  ">25 km": counts[">25 km"], "unresolved": counts["unresolved"]}
    return [f"{100 * cumulative[b] / total:.1f}" if total else "–" for b in BANDS]


def table(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        rule = "|---|" + "---:|" * (len(header) - 1)
        return "\n".join(["| " + " | ".join(header) + " |", rule] + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(x) for x in col) for col in zip(header, *rows)]
    return "\n".join("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
                     for row in [header, ["-" * w for w in widths], *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Embedded gazetteer vs ACLED's Syrian locations (Idlib/Hama 2019).")
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    parser.add_argument("--csv", type=Path, default=CSV)
    parser.add_argument("--top", type=int, default=15, help="how many unresolved names to list")
    parser.add_argument("--markdown", action="store_true", help="markdown tables for docs/benchmarks.md")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list the names resolved more than 25 km off")
    args = parser.parse_args(argv)
    if not args.csv.exists():
        print(f"note: {args.csv} is absent (no ../shared); nothing to do")
        return 0

    names, events = read_names(args.csv, args.split)
    seconds = resolve_all(names)
    it = "_" if args.markdown else ""
    print(f"{it}ACLED Syria Battles, Idlib + Hama 2019, {args.split} split: {len(names)} distinct locations, "
          f"{events} events; resolve_name(location, [\"SY\"]); {dt.date.today()}, {seconds:.1f} s{it}\n")
    print(table(["counted per", *BANDS], [["distinct name", *shares(names, False)], ["event", *shares(names, True)]],
                args.markdown))
    abroad = [n for n in names if n.km is not None and n.country != "SY"]
    print("\nShares in percent; ≤25 km includes ≤10 km; a name counts once per distinct name, or once per test "
          f"event at it. Resolved to a place outside Syria: {len(abroad)} names ({sum(n.events for n in abroad)} "
          "events).\n")
    unresolved = sorted((n for n in names if n.km is None), key=lambda n: (-n.events, n.location))
    rows = [[n.location + (f" (-> {n.found})" if n.found else ""), n.admin1, str(n.events), f"{n.lat}, {n.lon}"]
            for n in unresolved[: args.top]]
    print(f"Most frequent unresolved names ({len(unresolved)} in all):\n")
    print(table(["location", "admin1", "events", "ACLED point"], rows, args.markdown))
    if args.verbose:
        far = sorted((n for n in names if n.km is not None and n.km > 25), key=lambda n: -n.km)
        print(f"\nResolved more than 25 km from ACLED's point ({len(far)}):\n")
        print(table(["location", "admin1", "events", "km", "resolved to"],
                    [[n.location, n.admin1, str(n.events), f"{n.km:.0f}", n.found] for n in far], args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
