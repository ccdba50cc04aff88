"""FA-KES: Syrian-war casualty news articles with crowd-coded date, governorate and death counts.

Data: ``../shared/data/fa-kes/fakes.csv`` (latin-1; columns unit_id, article_title, article_content, source, date
(M/D/YY), location (governorate, lower case), nb_civilians, nb_noncivilians, ...). Split (../shared/README.md):
dev = unit_id % 10 < 3, test = the rest. The labels describe the article's main incident (the dataset was built to
check articles against the VDC casualty records), not every event in it; so the checks are article-level:

- **any event**: share of articles with at least one event (any type) and with at least one ACLED-typed event;
- **date ±1 day**: some event's date is within one day of ``date`` (also: exactly equal);
- **governorate**: some event's ``place.admin1``, normalised through the spelling table below, equals ``location``
  (also: the top-confidence ACLED event's). "damascus" and "rural damascus" are kept apart;
- **fatalities**: the total of ``fatalities`` over all events vs ``nb_civilians + nb_noncivilians``, exact and within
  ±20 %; also the largest single-event count, which does not add up double-counted reports of the same toll.

Each article goes through ``Pipeline.extract(article_content, published=<date>)``. A few unit_ids occur more than
once (the same article coded twice, with different tolls); every row is scored as it stands.

    python bench/fakes.py [--split test|dev] [--limit N] [-v] [--markdown] [--timeout S]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evalkit import (  # noqa: E402
    DEFAULT_TIMEOUT, SHARED_DATA, Progress, acled_typed, failures_note, load_pipeline, missing, pct, render,
    safe_extract, short, top_event,
)

DATA = SHARED_DATA / "fa-kes" / "fakes.csv"

#: Spellings of Syrian governorates -> one key. FA-KES uses lower-case VDC names ("deir ezzor", "hasakeh"); our
#: admin1 follows ACLED ("Deir-ez-Zor", "Al-Hasakeh"). Keys are compared after :func:`norm`.
GOVERNORATES = {
    "aleppo": ("aleppo", "halab", "alep"),
    "idlib": ("idlib", "idleb", "edlib"),
    "hama": ("hama", "hamah"),
    "homs": ("homs", "hims"),
    "lattakia": ("lattakia", "latakia", "latakiyah", "al ladhiqiyah", "ladhiqiyah"),
    "tartous": ("tartous", "tartus", "tartoos"),
    "damascus": ("damascus", "dimashq", "damascus city"),
    "rural damascus": ("rural damascus", "damascus countryside", "rif dimashq", "reef damascus",
                       "damascus suburbs", "rif damascus"),
    "daraa": ("daraa", "dara a", "dar a", "deraa", "dera a"),
    "sweida": ("sweida", "as sweida", "suwayda", "as suwayda", "sweida", "al suwayda", "es suweida"),
    "quneitra": ("quneitra", "al qunaytirah", "kuneitra", "qunaytirah"),
    "deir ezzor": ("deir ezzor", "deir ez zor", "deir al zour", "deir el zor", "dayr az zawr", "deir ez zour",
                   "deir al zor", "deir azzor", "deirezzor"),
    "raqqa": ("raqqa", "ar raqqa", "al raqqa", "raqqah", "ar raqqah", "rakka"),
    "hasakeh": ("hasakeh", "al hasakeh", "hasakah", "al hasakah", "hasaka", "hassakeh", "al hasaka"),
}
_SPELLING = {}


def norm(name: object) -> str:
    """Lower case, no accents, apostrophes/hyphens/underscores as spaces, "governorate"/"province" dropped."""
    text = "".join(c for c in unicodedata.normalize("NFKD", str(name or "")) if not unicodedata.combining(c))
    text = re.sub(r"['`\u2018\u2019\u02bb\u02bc\u02be\u02bf\-_]+", " ", text.casefold())
    text = re.sub(r"\b(governorate|province)\b", " ", text)
    return " ".join(text.split())


for _key, _names in GOVERNORATES.items():
    for _name in _names:
        _SPELLING[norm(_name)] = _key


def governorate(name: object) -> str:
    """The governorate key of a spelling ("Deir-ez-Zor" -> "deir ezzor"); the normalised text when unknown."""
    n = norm(name)
    return _SPELLING.get(n, n)


def in_split(unit_id: int, split: str) -> bool:
    return (unit_id % 10 < 3) if split == "dev" else (unit_id % 10 >= 3)


def read_rows(path: Path, split: str) -> list[dict]:
    with path.open(encoding="latin-1", newline="") as f:
        rows = [r for r in csv.DictReader(f) if in_split(int(r["unit_id"]), split)]
    for r in rows:
        r["_date"] = dt.datetime.strptime(r["date"].strip(), "%m/%d/%y").date()
        r["_gov"] = governorate(r["location"])
        r["_deaths"] = sum(int(float(r.get(k) or 0)) for k in ("nb_civilians", "nb_noncivilians"))
    return rows


def within(ours: int, gold: int, share: float = 0.2) -> bool:
    return abs(ours - gold) <= share * gold


def score(row: dict, events: list) -> dict[str, bool]:
    typed = acled_typed(events)
    top = top_event(events)
    dates = [e.event_date for e in events if e.event_date]
    govs = {governorate(e.place.admin1) for e in events if e.place and e.place.admin1}
    total = sum(e.fatalities or 0 for e in events)
    largest = max((e.fatalities or 0 for e in events), default=0)
    gold = row["_deaths"]
    row["_summary"] = (len(events), sorted(govs), sorted({d.isoformat() for d in dates}), total, largest,
                       top.sub_event_type if top else "-")
    return {
        "event": bool(events),
        "acled": bool(typed),
        "date1": any(abs((d - row["_date"]).days) <= 1 for d in dates),
        "date0": any(d == row["_date"] for d in dates),
        "gov_any": row["_gov"] in govs,
        "gov_top": bool(top and top.place and governorate(top.place.admin1) == row["_gov"]),
        "gov_rural": row["_gov"] == "damascus" and "rural damascus" in govs and "damascus" not in govs,
        "fat_exact": total == gold,
        "fat_20": within(total, gold),
        "max_exact": largest == gold,
        "max_20": within(largest, gold),
        "fat_over": total > gold * 1.2,
        "fat_under": total < gold * 0.8,
    }


LABELS = (
    ("event", "≥ 1 event (any type)"),
    ("acled", "≥ 1 ACLED-typed event"),
    ("date1", "some event date within ±1 day"),
    ("date0", "some event date exact"),
    ("gov_any", "governorate: some event's admin1"),
    ("gov_top", "governorate: top ACLED event's admin1"),
    ("fat_exact", "fatalities: total over events exact"),
    ("fat_20", "fatalities: total within ±20%"),
    ("fat_over", "fatalities: total > gold + 20%"),
    ("fat_under", "fatalities: total < gold − 20%"),
    ("max_exact", "fatalities: largest single event exact"),
    ("max_20", "fatalities: largest single event within ±20%"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="FA-KES: date, governorate and death toll of Syrian-war articles.")
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, help="only the first N articles of the split (quick runs)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds before a document is given up, counted as no events (%(default)g; 0 = none)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="list articles with a wrong date/place/toll")
    args = parser.parse_args(argv)

    if missing(args.data, "FA-KES data"):
        return 0
    rows = read_rows(args.data, args.split)[: args.limit]
    started = time.perf_counter()
    pipeline = load_pipeline()
    build_s = time.perf_counter() - started
    progress = Progress(len(rows), f"fakes/{args.split}")
    errors = []
    for row in rows:
        events, error = safe_extract(pipeline, row["article_content"], timeout=args.timeout,
                                     published=row["_date"].isoformat())
        if error:
            errors.append((row["unit_id"], error))
        row["_ok"] = score(row, events)
        progress.step()
    run_s = progress.seconds

    md = args.markdown
    n = len(rows)
    nonzero = [r for r in rows if r["_deaths"] > 0]
    print(("### " if md else "") + f"FA-KES — {args.split} split ({n} articles, {dt.date.today():%Y-%m-%d}; pipeline "
          f"build {build_s:.1f} s, {run_s:.0f} s for the articles, {n / max(run_s, 1e-9):.2f} articles/s)\n")
    table = []
    for key, label in LABELS:
        table.append([label, sum(r["_ok"][key] for r in rows), pct(sum(r["_ok"][key] for r in rows), n)])
    print(render(["check", "articles", "%"], table, md))
    rural = sum(r["_ok"]["gov_rural"] for r in rows)
    gold_dam = sum(r["_gov"] == "damascus" for r in rows)
    print(f"\nGold death toll = nb_civilians + nb_noncivilians; {len(nonzero)}/{n} articles have a toll > 0. "
          f"Of {gold_dam} articles located in \"damascus\", {rural} have \"Rural Damascus\" and no \"Damascus\" "
          "among our admin1 values (counted wrong).")
    print(failures_note([e for _, e in errors], n, "articles") + "\n")

    by_gov: dict[str, list[dict]] = {}
    for r in rows:
        by_gov.setdefault(r["_gov"], []).append(r)
    gov_rows = []
    for gov, group in sorted(by_gov.items(), key=lambda kv: -len(kv[1])):
        predicted = Counter(g for r in group if not r["_ok"]["gov_any"] for g in r["_summary"][1])
        gov_rows.append([gov, len(group), pct(sum(r["_ok"]["gov_any"] for r in group), len(group)),
                         "; ".join(f"{k} ({v})" for k, v in predicted.most_common(3))])
    print(("#### " if md else "") + "Governorate by gold location\n")
    print(render(["gold location", "articles", "some event right (%)", "our admin1 values when wrong"], gov_rows, md))

    if args.verbose:
        print()
        for r in rows:
            ok = r["_ok"]
            bad = [k for k in ("date1", "gov_any", "fat_20") if not ok[k]]
            if not bad:
                continue
            n_ev, govs, dates, total, largest, top = r["_summary"]
            print(f"[{r['unit_id']}] wrong: {', '.join(bad)} | gold {r['_date']} {r['location']} deaths {r['_deaths']}"
                  f" | ours {n_ev} events, top {top}, dates {dates}, admin1 {govs}, total {total}, max {largest}")
            print(f"  {short(r['article_title'], 160)} :: {short(r['article_content'], 300)}")
    for unit_id, error in errors:
        print(f"error in article {unit_id}: {error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
