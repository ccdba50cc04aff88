"""Our corpus' held-out fold: event precision / recall / F1 of whole articles, and field accuracy.

The held-out fold (one article in five, fixed by a hash of the id; ``conflictlens.learn.corpus``) is never read by
training. Each article runs through the whole pipeline; an output event codes a gold event of the same ACLED
event type when its trigger lies in the gold event's evidence (or a restatement of it), else when its sentence
overlaps one (``learn/gold.match_events``, one-to-one, in document order). Field accuracy over matched pairs:
sub-type, actor1 and actor2 (exact, and ``~`` without ACLED's regime-period suffix), location (as written).
Also per style (news vs. no-event styles) and per batch.

    python bench/corpus_eval.py [--fold heldout|train|all] [--no-learned] [-v] [--markdown]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evalkit import add_threshold_option, ensure_conflictlens, failures_note, pct, render, safe_extract, short  # noqa: E402

PERIOD = re.compile(r"\s*\((?:\d{4})-(?:\d{4})?\)")
NO_EVENT_STYLES = {"analysis", "history", "anniversary", "diplomacy", "trial", "sport", "business", "politics",
                   "disaster", "crime", "humanitarian"}


def bare(name: str) -> str:
    return PERIOD.sub("", name or "").strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fold", choices=("heldout", "train", "all"), default="heldout")
    parser.add_argument("--no-learned", action="store_true", help="rules and naive Bayes only (the baseline)")
    add_threshold_option(parser)
    parser.add_argument("--ids", type=Path, help="score only the article ids listed in this file (one per line)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed and spurious events")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    ensure_conflictlens()
    from conflictlens.config import load_settings
    from conflictlens.learn.corpus import load_corpus
    from conflictlens.learn.gold import match_events
    from conflictlens.ontology import acled_subtypes
    from conflictlens.pipeline import Pipeline

    settings = load_settings().with_overrides(learned=not args.no_learned, event_threshold=args.threshold)
    pipeline = Pipeline(settings)
    articles = [a for a in load_corpus() if args.fold == "all" or a.heldout == (args.fold == "heldout")]
    if args.ids:
        wanted = set(args.ids.read_text(encoding="utf-8").split())
        articles = [a for a in articles if a.id in wanted]
    types = acled_subtypes()
    totals: dict[str, Counter] = defaultdict(Counter)
    fields = Counter()
    errors = []
    for a in articles:
        events, error = safe_extract(pipeline, a.text, id=a.id, title=a.title, published=a.published,
                                     publisher=a.publisher)
        errors.append(error)
        events = [e for e in events if e.event_type]
        found = []
        for e in events:
            trigger = min((ev.start for ev in e.evidence if ev.field == "trigger"), default=0)
            end = a.text.find("\n", trigger)
            start = max(a.text.rfind(". ", 0, trigger), a.text.rfind("\n", 0, trigger)) + 1
            found.append((e.event_type, trigger, (start, end if end >= 0 else len(a.text))))
        matched = match_events(a, found)
        tp = sum(g is not None for g in matched)
        group = "no-event styles" if a.style in NO_EVENT_STYLES else "news styles"
        for key in ("all", group, f"batch {a.batch}"):
            totals[key].update(tp=tp, fp=len(events) - tp, fn=len(a.events) - tp, docs=1)
        for e, g in zip(events, matched):
            if g is None:
                if args.verbose:
                    print(f"SPURIOUS {a.id}: {e.sub_event_type} | {e.actor1 and e.actor1.name} | "
                          f"{short(e.notes, 160)}", file=sys.stderr)
                continue
            gold = a.events[g]
            fields["pairs"] += 1
            fields["sub_event_type"] += e.sub_event_type == gold.sub_event_type
            fields["event_type"] += e.event_type == types[gold.sub_event_type].event_type
            fields["fatalities"] += (e.fatalities or 0) == gold.fatalities
            if args.verbose and (e.fatalities or 0) != gold.fatalities:
                print(f"FATALITIES {a.id}: got {e.fatalities or 0} ({e.fatalities_phrase!r}), gold {gold.fatalities} | "
                      f"{short(gold.evidence[0], 140)}", file=sys.stderr)
            names = {bare(a.name) for a in (e.actor1, e.actor2, *e.assoc_actor_1, *e.assoc_actor_2) if a is not None}
            for side, name in (("actor1", gold.actor1), ("actor2", gold.actor2)):
                got = getattr(e, side).name if getattr(e, side) is not None else ""
                fields[side] += got == name
                fields[side + "~"] += bare(got) == bare(name)
                if bare(got) != bare(name):
                    # why: the gold actor is in the event on another side (a role error), or nowhere (a naming error)
                    family = "empty" if not got else "role" if bare(name) in names else "naming"
                    fields[f"{side} error: {family}"] += 1
                    if args.verbose:
                        print(f"ACTOR {a.id} {side} {family}: got {got!r}, gold {name!r}", file=sys.stderr)
            got_place = e.place.location if e.place is not None else ""
            fields["location"] += bool(gold.location) and (gold.location.lower() in (e.place.name if e.place else "").lower()
                                                            or gold.location.lower() == got_place.lower())
        if args.verbose:
            for g, gold in enumerate(a.events):
                if g not in matched:
                    print(f"MISSED {a.id} ({a.style}): {gold.sub_event_type} | {short(gold.evidence[0], 140)}",
                          file=sys.stderr)
    rows = []
    for key, c in sorted(totals.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        p = c["tp"] / max(1, c["tp"] + c["fp"])
        r = c["tp"] / max(1, c["tp"] + c["fn"])
        f1 = 2 * p * r / max(1e-9, p + r)
        rows.append([key, str(c["docs"]), str(c["tp"] + c["fn"]), str(c["tp"] + c["fp"]), f"{100 * p:.1f}",
                     f"{100 * r:.1f}", f"{100 * f1:.1f}"])
    mode = "rules + naive Bayes (no learned models)" if args.no_learned else "learned typer + verifier"
    print(f"Corpus fold: {args.fold}, {len(articles)} articles; {mode}\n")
    print(render(["group", "articles", "gold", "output", "P", "R", "F1"], rows, args.markdown))
    n = fields["pairs"]
    print("\nField accuracy over matched events (" + str(n) + "): " + ", ".join(
        f"{k} {pct(fields[k], n)}" for k in ("event_type", "sub_event_type", "actor1", "actor1~", "actor2", "actor2~",
                                              "location", "fatalities")))
    errs = sorted(k for k in fields if " error: " in k)
    print("Actor errors by family (role: the gold actor is in the event on another side; naming: nowhere in it; "
          "empty: no actor): " + ", ".join(f"{k} {fields[k]}" for k in errs))
    print("\n" + failures_note(errors, len(articles), "articles"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
