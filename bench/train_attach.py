"""Train and check the event–place attachment ranker (``events/attach.py``) on our corpus' training fold.

    python bench/train_attach.py              # cross-validated top-1 of the rules and of the ranker
    python bench/train_attach.py --write      # refit on the whole training fold, write events/data/place_attach.npz
    python bench/train_attach.py --markdown   # tables for docs/benchmarks.md

Every article outside the held-out fold (``learn.corpus.fold_of(id) != 0``) runs through the pipeline up to the
events stage with the shipped model switched off, so each candidate's place is the rules' choice and the places of
earlier events are the rules' too (the extraction does not depend on the model it trains). Candidates are matched
to gold events as the verifier's training matches them (``learn/gold.match_events``); each matched candidate
whose gold event names a place gives one group: the feature rows of every place in its reach
(``attach.candidates``) and which of them are the gold place (its text or gazetteer name equals the gold
``location``, or the gold location is inside the name as written — the corpus benchmark's test). Groups with no
right place (the gold place is out of reach or was not found as a place) are counted, not fitted. Folds for the
cross-validation are by article (a hash of the id, independent of the held-out fold). The held-out fold and
../shared are never read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import unicodedata

import numpy as np
from evalkit import ROOT, ensure_conflictlens, matched_training_mentions, render, rules_pipeline_and_training_fold

OUT = ROOT / "src" / "conflictlens" / "events" / "data" / "place_attach.npz"


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text if c not in "'`").split())


def is_gold(p, location: str) -> bool:  # type: ignore[no-untyped-def]
    gold = norm(location)
    return bool(gold) and (norm(p.text) == gold or norm(p.place.location) == gold or gold in norm(p.place.name))


def collect(limit: int = 0) -> tuple[list[tuple[np.ndarray, np.ndarray, str]], dict[str, int]]:
    """(feature rows, right?, article id) per matched candidate with a gold place, and counts."""
    ensure_conflictlens()
    from conflictlens.events import attach as attach_module

    # extract with the rules' choices (see the module docstring)
    pipeline, articles = rules_pipeline_and_training_fold(attach_module, limit)
    groups, counts = [], {"articles": len(articles), "matched with a place": 0, "ranked": 0, "gold out of reach": 0,
                          "rule right": 0}
    seen = set()
    for a, doc, m, g in matched_training_mentions(pipeline, articles, "events"):
        key = (a.id, m.trigger_start, m.sub_event_type)
        if m.site is None or key in seen or not a.events[g].location:
            continue
        seen.add(key)  # a copy of the mention at another place of a list is the list's, not the ranker's
        counts["matched with a place"] += 1
        cands = attach_module.candidates(doc, m.site)
        right = np.array([float(is_gold(p, a.events[g].location)) for p in cands])
        counts["rule right"] += bool(m.site.rule is not None and is_gold(m.site.rule, a.events[g].location))
        if not right.any():
            counts["gold out of reach"] += 1
            continue
        counts["ranked"] += 1
        groups.append((attach_module.features(doc, m.site, cands), right, a.id))
    return groups, counts


def cv_fold(article_id: str, folds: int) -> int:
    return int(hashlib.sha1(("attach:" + article_id).encode("utf-8")).hexdigest(), 16) % folds


def standardise(groups: list) -> tuple[np.ndarray, np.ndarray]:
    rows = np.vstack([g[0] for g in groups])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    return mean, np.where(scale > 1e-6, scale, 1.0)


def fit(groups: list, l2: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from conflictlens.geo.ranker import fit_ranker

    mean, scale = standardise(groups)
    data = [((g[0] - mean) / scale, g[1]) for g in groups]
    weights = fit_ranker(data, l2=l2, prior=np.zeros(groups[0][0].shape[1]))
    return weights, mean, scale


def top1(weights, mean, scale, group) -> bool:  # type: ignore[no-untyped-def]
    return bool(group[1][int(np.argmax(((group[0] - mean) / scale) @ weights))])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="refit on the whole training fold and write the model")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default 1.0)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0, help="only the first N training articles (for a quick look)")
    parser.add_argument("--cache", help="read the extracted groups from this .npz, or write them there when absent")
    parser.add_argument("--fit-all", action="store_true",
                        help="fit on every group (default: only where the rules' place does not stand)")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    ensure_conflictlens()
    from conflictlens.events.attach import FEATURES, rule_stands

    if args.cache and (ROOT / args.cache).is_file():
        with np.load(ROOT / args.cache, allow_pickle=False) as z:
            counts = json.loads(str(z["counts"]))
            bounds = z["bounds"]
            groups = [(z["x"][a:b], z["y"][a:b], str(i)) for (a, b), i in zip(bounds, z["ids"])]
    else:
        groups, counts = collect(args.limit)
        if args.cache:
            ends = np.cumsum([len(g[1]) for g in groups])
            np.savez_compressed(ROOT / args.cache, x=np.vstack([g[0] for g in groups]), y=np.concatenate([g[1] for g in groups]),
                                bounds=np.stack([ends - [len(g[1]) for g in groups], ends], axis=1),
                                ids=np.array([g[2] for g in groups]), counts=np.array(json.dumps(counts)))
    print("training fold: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + "\n")
    if not groups:
        return 1
    column = list(FEATURES).index("rule")
    rule = [bool(g[0][:, column].any() and g[1][int(np.argmax(g[0][:, column]))]) for g in groups]
    # Where the rules' place stands (attach._rule_stands: the rule's candidate comes first in its group).
    stands = [bool(g[0][0, column]) and rule_stands(g[0][0]) for g in groups]
    ranker, hybrid = [False] * len(groups), [False] * len(groups)
    for fold in range(args.folds):
        train = [g for g, s in zip(groups, stands) if cv_fold(g[2], args.folds) != fold and (args.fit_all or not s)]
        weights, mean, scale = fit(train, args.l2)
        for n, g in enumerate(groups):
            if cv_fold(g[2], args.folds) == fold:
                ranker[n] = top1(weights, mean, scale, g)
                hybrid[n] = bool(g[1][0]) if stands[n] else ranker[n]
    matched = counts["matched with a place"]
    rows = [["rules (the shipped choice before the ranker)", f"{100 * sum(rule) / len(groups):.1f}",
             f"{100 * sum(rule) / max(1, matched):.1f}"],
            [f"ranker alone, {args.folds}-fold cross-validated by article", f"{100 * sum(ranker) / len(groups):.1f}",
             f"{100 * sum(ranker) / max(1, matched):.1f}"],
            ["the rules' place unless a province beside its town, else the ranker (cross-validated)",
             f"{100 * sum(hybrid) / len(groups):.1f}", f"{100 * sum(hybrid) / max(1, matched):.1f}"]]
    print(render(["choice", f"right place, gold in reach ({len(groups)})", f"right place, all matched ({matched})"],
                 rows, args.markdown) + "\n")
    print(f"the rules' place stands in {sum(stands)} of {len(groups)} groups\n")
    if args.write:
        weights, mean, scale = fit([g for g, s in zip(groups, stands) if args.fit_all or not s], args.l2)
        meta = {"fitted_on": f"corpus training fold: {len(groups)} events with the gold place in reach; l2 {args.l2}; "
                             f"{dt.date.today().isoformat()}",
                "cv_top1": round(sum(hybrid) / len(groups), 4), "rule_top1": round(sum(rule) / len(groups), 4),
                "fit_on": "all groups" if args.fit_all else "groups where the rules' place does not stand"}
        np.savez_compressed(OUT, features=np.array(FEATURES), weights=weights.astype(np.float32),
                            mean=mean.astype(np.float32), scale=scale.astype(np.float32),
                            meta=np.array(json.dumps(meta, sort_keys=True)))
        print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)
        for name, w in sorted(zip(FEATURES, weights), key=lambda t: -abs(t[1])):
            print(f"  {name:26s} {w:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
