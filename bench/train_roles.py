"""Train and check the actor-role ranker (``events/role_ranker.py``) on our corpus' training fold.

    python bench/train_roles.py                 # cross-validated slot accuracy of the rules and of the ranker
    python bench/train_roles.py --write         # refit on the whole training fold, write events/data/role_ranker.npz
    python bench/train_roles.py --cache F.pkl   # keep the extracted groups (the pipeline run is the slow part)

Every article outside the held-out fold (``learn.corpus.fold_of(id) != 0``) runs through the whole pipeline with
the shipped role model switched off, so the features hold the rules' sides. Event mentions are matched to gold
events as the verifier's training matches them (``learn/gold.match_events``). For each matched mention outside
crowd events, every actor mention in reach (``role_ranker.candidates``) is named as assembly would name it
(``localise``, ``as_external``, ``dated``) and compared with the gold actor1 and actor2 without ACLED's period
suffix, as ``bench/corpus_eval.py`` compares them. A slot's "none" option is right when no candidate carries the
gold name and the gold name is empty or one of ACLED's defaults that assembly adds to an empty slot (the
unidentified armed group or gang, civilians); a slot with no right option (the gold actor is not in reach) is
counted, not fitted. Actor2 is fitted with the gold actor1 taken (teacher forcing) and scored with the predicted
one. Folds for the cross-validation are by article (a hash of the id, independent of the held-out fold). The
held-out fold and ../shared are never read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import pickle
import re
import sys

import numpy as np
from evalkit import ROOT, ensure_conflictlens, matched_training_mentions, render, rules_pipeline_and_training_fold

SHIPPED = "shipped: the rules' choice stands, the ranker fills a slot they leave empty (or civilians as actor1)"
OUT = ROOT / "src" / "conflictlens" / "events" / "data" / "role_ranker.npz"
PERIOD = re.compile(r"\s*\((?:\d{4})-(?:\d{4})?\)")
DEFAULT1 = re.compile(r"^Unidentified Armed Group \(")
DEFAULT2 = re.compile(r"^(Unidentified Armed Group|Civilians) \(")


GANG = re.compile(r"^Unidentified Gang(?: and/or Police Militia)? \(")


def bare(name: str) -> str:
    """The name without ACLED's period suffix; ACLED's unidentified gang as the unidentified armed group, since
    assembly names the gang from the armed group after the sides are chosen (``event_actors.gang_names``)."""
    return GANG.sub("Unidentified Armed Group (", PERIOD.sub("", name or "").strip())


def collect(limit: int = 0) -> tuple[list[dict], dict[str, int]]:
    """One record per matched event mention: slot features, candidate names, gold names, the rules' choices."""
    ensure_conflictlens()
    from conflictlens.actors.periods import dated
    from conflictlens.event_actors import as_external, localise
    from conflictlens.events import role_ranker
    from conflictlens.roles import initiator_first, losing_side, roles

    # extract with the rules' sides (see the module docstring)
    pipeline, articles = rules_pipeline_and_training_fold(role_ranker, limit)
    records, counts = [], {"articles": len(articles), "matched": 0, "crowd (skipped)": 0}
    for a, doc, m, g in matched_training_mentions(pipeline, articles, "fatalities"):
        counts["matched"] += 1
        if m.event_type in role_ranker.SKIPPED_TYPES:
            counts["crowd (skipped)"] += 1
            continue
        gold = a.events[g]
        place = m.place.place if m.place is not None else None
        anchor = doc.dates.get(m.sent)
        day = (anchor.date if anchor is not None else None) or doc.article.published
        side1, side2 = roles(m, doc.text)
        side1, side2 = initiator_first(doc, m, side1, side2, place)
        if not side2:
            side2 = losing_side(doc, m, side1)
        cands = role_ranker.candidates(doc, m, side1, side2)
        names = []
        for c in cands:
            actor = localise(c, place, doc.country_focus)
            names.append(bare(dated(as_external(actor, place), day).name) if actor is not None else "")
        allied = np.array([[j != k and role_ranker.allied(doc, cj, ck) for k, ck in enumerate(cands)]
                           for j, cj in enumerate(cands)], dtype=bool).reshape(len(cands), len(cands))
        index = {(c.start, c.end): k for k, c in enumerate(cands)}
        # Which candidates ACLED's battle convention (``roles.initiator_first``, applied after the ranker) would
        # put first as actor1 against which: order[j][k] is True when the pair (j, k) is turned round.
        turned = np.array([[j != k and initiator_first(doc, m, [cj], [ck], place)[0][:1] == [ck]
                            for k, ck in enumerate(cands)] for j, cj in enumerate(cands)],
                          dtype=bool).reshape(len(cands), len(cands))
        records.append({
            "id": a.id, "names": names, "allied": allied, "turned": turned,
            "x1": role_ranker.features(doc, m, cands, side1, side2, 1),
            "x2": role_ranker.features(doc, m, cands, side1, side2, 2),
            "gold1": bare(gold.actor1), "gold2": bare(gold.actor2),
            "rule1": index[(side1[0].start, side1[0].end)] if side1 else -1,
            "rule2": index[(side2[0].start, side2[0].end)] if side2 else -1,
        })
    return records, counts


def labels1(r: dict) -> np.ndarray:
    y = np.array([n == r["gold1"] and bool(n) for n in r["names"]] + [False])
    y[-1] = not y.any() and (not r["gold1"] or bool(DEFAULT1.match(r["gold1"])))
    return y


def slot2(r: dict, chosen: int) -> tuple[np.ndarray, list[int]]:
    """Actor2's rows given actor1 ``chosen`` (-1: none): candidates of another name, the "none" row last."""
    from conflictlens.events.role_ranker import FEATURES

    taken = r["names"][chosen] if chosen >= 0 else None
    keep = [k for k, n in enumerate(r["names"]) if chosen < 0 or (k != chosen and n != taken)]
    x = r["x2"][keep + [len(r["names"])]].copy()
    column = FEATURES.index("allied_with_chosen")
    x[:, column] = [float(chosen >= 0 and r["allied"][chosen, k]) for k in keep] + [0.0]
    return x, keep


def labels2(r: dict, keep: list[int]) -> np.ndarray:
    y = np.array([r["names"][k] == r["gold2"] and bool(r["names"][k]) for k in keep] + [False])
    y[-1] = not y.any() and (not r["gold2"] or bool(DEFAULT2.match(r["gold2"])))
    return y


def right(r: dict, slot: int, pick: int, chosen: int = -1) -> bool:
    """Whether option ``pick`` (a candidate index, -1 for none) names the slot's gold actor."""
    if slot == 1:
        return bool(labels1(r)[pick])
    _, keep = slot2(r, chosen)
    y = labels2(r, keep)
    if pick < 0:
        return bool(y[-1])
    return pick in keep and bool(y[keep.index(pick)])


def groups(records: list[dict]) -> tuple[list, list]:
    """Training groups of both slots: (rows, right options); actor2 with the gold actor1 taken."""
    g1, g2 = [], []
    for r in records:
        y1 = labels1(r)
        if y1.any():
            g1.append((r["x1"], y1.astype(float)))
        chosen = int(np.argmax(y1)) if y1[:-1].any() else -1
        x2, keep = slot2(r, chosen)
        y2 = labels2(r, keep)
        if y2.any():
            g2.append((x2, y2.astype(float)))
    return g1, g2


def fit(g: list, mean: np.ndarray, scale: np.ndarray, l2: float) -> np.ndarray:
    from conflictlens.geo.ranker import fit_ranker

    return fit_ranker([((x - mean) / scale, y) for x, y in g], l2=l2, prior=np.zeros(len(mean)))


def predict(r: dict, w1, w2, mean, scale, convention: bool = True,  # type: ignore[no-untyped-def]
            fill: bool = False) -> tuple[int, int]:
    """The ranker's actor1 and actor2 (-1: none), with ACLED's battle order applied after (``convention``); with
    ``fill``, the rules' choice stands where they have one (and actor1 is not civilians), as ``role_ranker.choose``."""
    from conflictlens.events.role_ranker import FEATURES

    n = len(r["names"])
    s1 = ((r["x1"] - mean) / scale) @ w1
    if fill and r["rule2"] >= 0:
        s1[[k for k, name in enumerate(r["names"]) if name == r["names"][r["rule2"]]]] = -np.inf
    k1 = int(np.argmax(s1))
    first = k1 if k1 < n else -1
    if fill and r["rule1"] >= 0 and not r["x1"][r["rule1"], FEATURES.index("type_civilians")]:
        first = r["rule1"]
    x2, keep = slot2(r, first)
    k2 = int(np.argmax(((x2 - mean) / scale) @ w2))
    second = keep[k2] if k2 < len(keep) else -1
    if fill and r["rule2"] in keep:
        second = r["rule2"]
    if convention and first >= 0 and second >= 0 and r["turned"][first, second]:
        first, second = second, first
    return first, second


def cv_fold(article_id: str, folds: int) -> int:
    return int(hashlib.sha1(("roles:" + article_id).encode("utf-8")).hexdigest(), 16) % folds


def standardise(records: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    rows = np.vstack([r["x1"] for r in records] + [r["x2"] for r in records])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    return mean, np.where(scale > 1e-6, scale, 1.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="refit on the whole training fold and write the model")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default 1.0)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0, help="only the first N training articles (for a quick look)")
    parser.add_argument("--cache", help="read the extracted records from this pickle, or write them there when absent")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    ensure_conflictlens()
    from conflictlens.events.role_ranker import FEATURES

    if args.cache and (ROOT / args.cache).is_file():
        with open(ROOT / args.cache, "rb") as f:
            records, counts = pickle.load(f)
    else:
        records, counts = collect(args.limit)
        if args.cache:
            with open(ROOT / args.cache, "wb") as f:
                pickle.dump((records, counts), f)
    for r in records:  # names as compared (a cache written before a change of ``bare`` is compared the same way)
        r["names"], r["gold1"], r["gold2"] = [bare(n) for n in r["names"]], bare(r["gold1"]), bare(r["gold2"])
    print("training fold: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f", ranked {len(records)}\n")
    if not records:
        return 1
    tally = {key: [0, 0] for key in ("rules", "ranker alone", "ranker alone without the battle order after",
                                     SHIPPED)}
    reach = [0, 0]
    for fold in range(args.folds):
        train = [r for r in records if cv_fold(r["id"], args.folds) != fold]
        mean, scale = standardise(train)
        g1, g2 = groups(train)
        w1, w2 = fit(g1, mean, scale, args.l2), fit(g2, mean, scale, args.l2)
        for r in records:
            if cv_fold(r["id"], args.folds) != fold:
                continue
            first, second = predict(r, w1, w2, mean, scale)
            tally["ranker alone"][0] += right(r, 1, first)
            tally["ranker alone"][1] += right(r, 2, second, first)
            first, second = predict(r, w1, w2, mean, scale, convention=False)
            tally["ranker alone without the battle order after"][0] += right(r, 1, first)
            tally["ranker alone without the battle order after"][1] += right(r, 2, second, first)
            first, second = predict(r, w1, w2, mean, scale, fill=True)
            tally[SHIPPED][0] += right(r, 1, first)
            tally[SHIPPED][1] += right(r, 2, second, first)
            tally["rules"][0] += right(r, 1, r["rule1"])
            tally["rules"][1] += right(r, 2, r["rule2"], r["rule1"])
            reach[0] += bool(labels1(r).any())
            reach[1] += bool(labels2(r, slot2(r, -1)[1]).any())
    n = len(records)
    rows = [[key, f"{100 * a / n:.1f}", f"{100 * b / n:.1f}"] for key, (a, b) in tally.items()]
    rows.append(["gold option in reach (ceiling)", f"{100 * reach[0] / n:.1f}", f"{100 * reach[1] / n:.1f}"])
    print(render(["choice (" + f"{args.folds}-fold CV by article, {n} matched events)", "actor1 right", "actor2 right"],
                 rows, args.markdown) + "\n")
    if args.write:
        mean, scale = standardise(records)
        g1, g2 = groups(records)
        w1, w2 = fit(g1, mean, scale, args.l2), fit(g2, mean, scale, args.l2)
        meta = {"fitted_on": f"corpus training fold: {n} matched events; l2 {args.l2}; {dt.date.today().isoformat()}",
                "cv_actor1": round(tally[SHIPPED][0] / n, 4), "cv_actor2": round(tally[SHIPPED][1] / n, 4),
                "rule_actor1": round(tally["rules"][0] / n, 4), "rule_actor2": round(tally["rules"][1] / n, 4)}
        np.savez_compressed(OUT, features=np.array(FEATURES), weights1=w1.astype(np.float32),
                            weights2=w2.astype(np.float32), mean=mean.astype(np.float32),
                            scale=scale.astype(np.float32), meta=np.array(json.dumps(meta, sort_keys=True)))
        print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)
        for name, a, b in sorted(zip(FEATURES, w1, w2), key=lambda t: -abs(t[1]) - abs(t[2])):
            print(f"  {name:26s} {a:+.3f} {b:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
