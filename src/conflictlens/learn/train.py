"""Train the sentence typer and the event verifier on our own corpus: one reproducible command.

    python -m conflictlens.learn.train [--corpus corpus/articles] [--out src/conflictlens/learn/data] [--folds 5] [--with-sentences]

Needs the ``train`` extra (scikit-learn) and a source checkout (the corpus is not in the wheel). Steps:
1. every corpus article outside the held-out fold runs through the pipeline up to the sources stage, once;
2. the sentence typer learns from our example sentences (``events/data/examples``) and the corpus articles'
   sentences, labelled by ``gold.sentence_labels`` (with ``--with-sentences`` also the labelled single sentences of
   ``corpus/sentences``: measured and not shipped, docs/benchmarks.md §0b);
3. each training article's candidate events are found, and given features, by a typer that never saw that article
   (K-fold cross-fitting), so the verifier learns from candidates like those of text the typer has not read (with
   ``--with-sentences`` the written sentences come again as one-sentence inputs, each typed by a typer that never
   saw it);
4. the verifier (gradient-boosted trees; a logistic regression is cross-validated beside it as the baseline)
   learns which candidates code a gold event (``gold.match_events``); its threshold is the one with the best
   cross-validated event F1.
The held-out fold is never read here. Writes ``sentence_model.npz`` and ``verifier.npz``; prints a report.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..errors import ConflictLensError
from .corpus import Article, GoldEvent, fold_of, load_corpus, load_sentences
from .gold import match_events, sentence_labels
from .linear import LinearModel
from .sentence_model import BUCKETS, SentenceTyper, buckets
from .trees import TreeEnsemble, from_sklearn
from .verifier import clause_texts, feature_names, featurise

SEED = 13


def _sklearn():  # type: ignore[no-untyped-def]
    try:
        from scipy import sparse
        from sklearn.linear_model import LogisticRegression
    except ImportError as e:
        raise SystemExit(f"training needs scikit-learn (pip install -e '.[train]'): {e}") from e
    return sparse, LogisticRegression


def _design(vectors: np.ndarray, texts: list[str]):  # type: ignore[no-untyped-def]
    sparse, _ = _sklearn()
    rows, cols = [], []
    for r, t in enumerate(texts):
        idx = buckets(t)
        rows += [r] * len(idx)
        cols += idx
    bag = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(texts), BUCKETS))
    return sparse.hstack([sparse.csr_matrix(vectors), bag]).tocsr()


def fit_typer(vectors: np.ndarray, texts: list[str], labels: list[str], c: float = 1.0) -> LinearModel:
    """The sentence typer: logistic regression on the embedding and hashed stems. C = 1 by cross-validation on the
    corpus' training fold (sentence accuracy 67.9 % at C = 1, 67.1 % at 4, 67.6 % at 0.25; leaving one writer's
    batch out, as a stand-in for text in another hand: 65.6 %, 64.9 %, 65.6 %)."""
    _, LogisticRegression = _sklearn()
    model = LogisticRegression(C=c, max_iter=400, random_state=SEED)
    model.fit(_design(vectors, texts), labels)
    dim = vectors.shape[1]
    coef = model.coef_.T.astype(np.float32)
    return LinearModel(tuple(str(c) for c in model.classes_), coef[:dim], coef[dim:], model.intercept_.astype(np.float32),
                       np.zeros(dim, np.float32), np.ones(dim, np.float32), {"C": c})


def fit_trees(x: np.ndarray, y: np.ndarray) -> TreeEnsemble:
    """The verifier: gradient-boosted trees (numpy inference, ``learn/trees.py``)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, random_state=SEED)
    model.fit(x, y)
    return from_sklearn(model, {"features": feature_names(), "model": "HistGradientBoosting(300, 0.05)"})


def fit_verifier(x: np.ndarray, y: np.ndarray, c: float = 1.0) -> LinearModel:
    """The linear verifier, kept as the baseline the trees are compared with."""
    _, LogisticRegression = _sklearn()
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000, random_state=SEED)
    model.fit((x - mean) / scale, y)
    return LinearModel(("no", "yes"), model.coef_.T.astype(np.float32), np.zeros((0, 1), np.float32),
                       model.intercept_.astype(np.float32), mean.astype(np.float32), scale.astype(np.float32),
                       {"C": c, "features": feature_names()})


def platt_scaling(p: np.ndarray, y: np.ndarray) -> list[float]:
    """(a, b) such that sigmoid(a * log-odds + b) is calibrated on out-of-fold predictions (boosted trees are
    over-confident at the ends)."""
    _, LogisticRegression = _sklearn()
    lo = np.log(np.clip(p, 1e-6, 1 - 1e-6) / np.clip(1 - p, 1e-6, 1)).reshape(-1, 1)
    model = LogisticRegression(C=1e6, max_iter=1000).fit(lo, y)
    return [float(model.coef_[0, 0]), float(model.intercept_[0])]


def apply_platt(p: np.ndarray, platt: list[float]) -> np.ndarray:
    lo = np.log(np.clip(p, 1e-6, 1 - 1e-6) / np.clip(1 - p, 1e-6, 1))
    return 1.0 / (1.0 + np.exp(-(platt[0] * lo + platt[1])))


#: Words from which a corpus article counts as a whole news article (the long batches; real reports run 300-900).
LONG_ARTICLE_WORDS = 250


def best_threshold(p: np.ndarray, y: np.ndarray, gold_total: int) -> tuple[float, float]:
    """The threshold with the best event F1 over candidates (gold events never proposed count as missed)."""
    best = (0.5, 0.0)
    for t in np.arange(0.2, 0.81, 0.025):
        tp = int(((p >= t) & (y == 1)).sum())
        fp = int(((p >= t) & (y == 0)).sum())
        f1 = 2 * tp / max(1, 2 * tp + fp + (gold_total - tp))
        if f1 > best[1]:
            best = (round(float(t), 3), f1)
    return best


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error, in probability points (0..1)."""
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (p >= lo) & (p < hi if hi < 1 else p <= hi)
        if sel.any():
            total += sel.sum() * abs(p[sel].mean() - y[sel].mean())
    return total / max(1, len(p))


def _aligned(probs: np.ndarray, classes: tuple[str, ...], target: tuple[str, ...]) -> np.ndarray:
    """Probabilities over ``classes`` re-ordered to ``target`` (a fold's typer may lack a rare class)."""
    out = np.zeros((probs.shape[0], len(target)), dtype=np.float32)
    for j, c in enumerate(target):
        if c in classes:
            out[:, j] = probs[:, classes.index(c)]
    return out


def _find_candidates(doc, tail):  # type: ignore[no-untyped-def]
    """Run the stages after sources up to (not including) assemble, and return the document with its unverified
    candidates (``assemble.candidates``)."""
    from ..assemble import candidates

    for spec, fn in tail:
        if spec.name == "assemble":
            break
        doc = fn(doc)
    return doc, candidates(doc)


def _article(a: Article, *, dated: bool = True):  # type: ignore[no-untyped-def]
    from ..model import Article as Input

    return Input(text=a.text, id=a.id, title=a.title, published=a.published if dated else None, publisher=a.publisher)


def variants(a: Article) -> list[Article]:
    """Extra training inputs made from one article, for the verifier only: users also send text with no
    publication date, single sentences (snippets, notes, headlines) and lone background lines. One article in five
    comes again undated; every gold event comes alone as an undated snippet, and one labelled non-event sentence
    in three as a snippet with no event (fixed by hashes, so training stays reproducible). Events outnumber
    non-events among snippets because a line a user sends alone (a coder's note, a news snippet, an alert) is most
    often an event; with one event snippet in three, lone lines were mostly non-events and the verifier learnt to
    reject them."""
    out = []
    if fold_of(a.id + "#undated", 5) == 0:
        out.append(replace(a, id=a.id + "#undated"))
    for i, event in enumerate(a.events):
        if event.evidence:
            text = event.evidence[0]
            out.append(replace(a, id=f"{a.id}#s{i}", text=text, events=(replace(event, evidence=(text,)),), mentions=()))
    for i, (text, label) in enumerate(a.mentions):
        if fold_of(f"{a.id}#m{i}", 3) == 0:
            out.append(replace(a, id=f"{a.id}#m{i}", text=text, events=(), mentions=((text, label),)))
    return out


def sentence_variant(sid: str, text: str, label: str) -> Article:
    """A written sentence as a one-sentence, undated input for the verifier: a gold event of its label's sub-type
    stated by the whole sentence, or no event for ``none`` / ``background`` / ``irrealis``."""
    from ..ontology import acled_subtypes

    events = (GoldEvent(label, "", "", "", "", "", "", "", None, 0, (text,)),) if label in acled_subtypes() else ()
    return Article(id=f"sentence:{sid}", batch="sentences", style="snippet", country="", published=None,  # type: ignore[arg-type]
                   publisher="", title="", text=text, events=events, mentions=() if events else ((text, label),))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conflictlens.learn.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None, help="corpus/articles (default: the checkout's)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "data", help="where to write the .npz files")
    parser.add_argument("--folds", type=int, default=5, help="cross-fitting folds over the training articles")
    parser.add_argument("--with-sentences", action="store_true",
                        help="also train on corpus/sentences (measured, not shipped: held-out F1 75.2 against 76.6)")
    parser.add_argument("--features-out", type=Path, help="also save the verifier's training matrix (x, y) here, for model studies")
    args = parser.parse_args(argv)
    from threadpoolctl import threadpool_limits  # comes with scikit-learn

    # One OpenMP thread for the boosted trees: on a busy 2-core machine more threads spin against each other
    # (a 6-minute training took 20), and the results do not depend on it.
    threadpool_limits(1)
    from ..config import load_settings
    from ..events.classifier import example_sentences
    from ..pipeline import Pipeline

    started = time.time()
    articles = [a for a in load_corpus(args.corpus) if not a.heldout]
    settings = load_settings().with_overrides(keep_non_factual=True, event_threshold=0.0)
    pipeline = Pipeline(settings)
    resources = pipeline.resources
    resources.verifier = None  # candidates are collected unverified
    encoder = resources.encoder
    names = pipeline.stage_names
    head = names[: names.index("sources") + 1]
    tail = [(s, fn) for s, fn in pipeline.stages if s.name not in head]

    # 1. every training article up to the sources stage, once
    docs, kept = [], []
    for a in articles:
        try:
            docs.append(pipeline.run(_article(a), until="sources"))
        except ConflictLensError as e:  # an article the pipeline refuses is reported and left out, not fatal
            print(f"skipped {a.id}: {e}", file=sys.stderr)
            continue
        kept.append(a)
    articles = kept
    print(f"{len(articles)} training articles parsed in {time.time() - started:.0f} s", file=sys.stderr)

    # 2. the sentence typer
    examples = example_sentences()
    written = load_sentences(args.corpus.parent / "sentences" if args.corpus else None) if args.with_sentences else []
    sent_texts = [t for t, _ in examples] + [t for _, t, _ in written]
    sent_labels = [label for _, label in examples] + [label for _, _, label in written]
    sent_key: list[str | None] = [None] * len(examples) + [sid for sid, _, _ in written]  # None: in every fold
    doc_sents: list[list[int]] = []
    for a, doc in zip(articles, docs):
        spans = [(s.start_char, s.end_char) for s in doc.nlp.sents]
        rows = []
        for (start, end), label in zip(spans, sentence_labels(a, spans)):
            rows.append(len(sent_texts))
            sent_texts.append(doc.text[start:end])
            sent_labels.append(label)
            sent_key.append(a.id)
        doc_sents.append(rows)
    vectors = encoder.embed(sent_texts)
    print(f"{len(sent_texts)} sentences embedded ({len(examples)} examples, {len(written)} written sentences) at "
          f"{time.time() - started:.0f} s", file=sys.stderr)
    typer_model = fit_typer(vectors, sent_texts, sent_labels)

    # cross-fitted typer probabilities for the training articles' and written sentences (also a typer CV score)
    fold = np.array([fold_of(k + "#cf", args.folds) if k is not None else -1 for k in sent_key])
    oof = np.zeros((len(sent_texts), len(typer_model.classes)), dtype=np.float32)
    correct = total = 0
    fold_typers = []
    for f in range(args.folds):
        train = fold != f
        part = fit_typer(vectors[train], [t for t, m in zip(sent_texts, train) if m],
                         [label for label, m in zip(sent_labels, train) if m])
        fold_typers.append(SentenceTyper(part, encoder))
        test = np.where(fold == f)[0]
        probs = part.proba(vectors[test], [buckets(sent_texts[i]) for i in test])
        cols = [part.classes.index(c) if c in part.classes else None for c in typer_model.classes]
        for j, col in enumerate(cols):
            if col is not None:
                oof[test, j] = probs[:, col]
        predicted = [typer_model.classes[j] for j in oof[test].argmax(axis=1)]
        correct += sum(p == sent_labels[i] for p, i in zip(predicted, test))
        total += len(test)
    typer_cv = correct / max(1, total)
    print(f"typer: cross-fitted sentence accuracy on corpus sentences {typer_cv:.3f}", file=sys.stderr)

    # 3. candidates found and featurised with the typer of the article's fold (one that never read it), so the
    #    verifier trains on candidates like those of unseen text
    xs, ys, gold_total = [], [], 0
    long_rows: list[bool] = []  # candidates of whole articles of news length, where the threshold for articles is read
    gold_long = 0
    for k, (a, doc) in enumerate(zip(articles, docs)):
        typer = fold_typers[fold_of(a.id + "#cf", args.folds)]
        resources.sentence_typer = typer
        doc, built = _find_candidates(doc, tail)
        gold_total += len(a.events)
        is_long = len(a.text.split()) >= LONG_ARTICLE_WORDS
        gold_long += len(a.events) if is_long else 0
        if not built:
            continue
        sent_probs = {i: oof[row] for i, row in enumerate(doc_sents[k])}
        clauses = _aligned(typer.proba(clause_texts(doc, built)), typer.classes, typer_model.classes)
        feats = featurise(doc, built, sent_probs, typer_model.classes, clauses)
        sents = list(doc.nlp.sents)
        found = [(e.event_type, m.trigger_start, (sents[m.sent].start_char, sents[m.sent].end_char)) for m, e in built]
        matched = match_events(a, found)
        xs += [c.features for c in feats]
        ys += [int(g is not None) for g in matched]
        long_rows += [is_long] * len(feats)
    # ... and the undated and snippet variants, typed and featurised by the same fold's typer
    n_variants = 0
    snippets = [(a.id, variants(a)) for a in articles] + [(sid, [sentence_variant(sid, text, label)])
                                                           for sid, text, label in written]
    for key, group in snippets:
        typer = fold_typers[fold_of(key + "#cf", args.folds)]
        resources.sentence_typer = typer
        for v in group:
            try:
                doc = pipeline.run(_article(v, dated=False), until="sources")
            except ConflictLensError:
                continue  # too short to look like English, as a user's snippet would be refused too
            doc, built = _find_candidates(doc, tail)
            gold_total += len(v.events)
            n_variants += 1
            if not built:
                continue
            sents = list(doc.nlp.sents)
            wanted = sorted({m.sent for m, _ in built})
            sent_probs = dict(zip(wanted, typer.proba([sents[i].text for i in wanted])))
            feats = featurise(doc, built, sent_probs, typer.classes, typer.proba(clause_texts(doc, built)))
            found = [(e.event_type, m.trigger_start, (sents[m.sent].start_char, sents[m.sent].end_char)) for m, e in built]
            xs += [c.features for c in feats]
            ys += [int(g is not None) for g in match_events(v, found)]
            long_rows += [False] * len(feats)
    x, y = np.stack(xs), np.array(ys)
    print(f"{n_variants} undated and snippet variants;", file=sys.stderr)
    print(f"{len(y)} candidates, {int(y.sum())} code a gold event of {gold_total} at {time.time() - started:.0f} s",
          file=sys.stderr)

    if args.features_out:
        np.savez_compressed(args.features_out, x=x, y=y, gold_total=gold_total)
    # 4. the verifier, cross-validated by candidate blocks for its threshold and calibration
    rng = np.random.default_rng(SEED)
    blocks = rng.integers(0, args.folds, len(y))
    p_oof, p_linear = np.zeros(len(y)), np.zeros(len(y))
    for f in range(args.folds):
        train = blocks != f
        p_oof[~train] = fit_trees(x[train], y[train]).proba(x[~train])[:, 1]
        p_linear[~train] = fit_verifier(x[train], y[train]).proba(x[~train])[:, 1]
    platt = platt_scaling(p_oof, y)
    p_oof = apply_platt(p_oof, platt)
    threshold, f1 = best_threshold(p_oof, y, gold_total)
    long_mask = np.array(long_rows)
    threshold_long, f1_long = best_threshold(p_oof[long_mask], y[long_mask], gold_long)
    verifier = fit_trees(x, y)
    verifier = replace(verifier, meta={**verifier.meta, "platt": platt})
    report = {"articles": len(articles), "sentences": len(sent_texts), "typer_cv_accuracy": round(typer_cv, 4),
              "candidates": len(y), "positives": int(y.sum()), "gold_events": gold_total,
              "candidate_recall": round(float(y.sum()) / max(1, gold_total), 4), "threshold": threshold,
              "cv_event_f1": round(f1, 4), "cv_ece": round(ece(p_oof, y), 4),
              "long_articles_gold_events": gold_long, "threshold_long_articles": threshold_long,
              "cv_event_f1_long_articles": round(f1_long, 4),
              "cv_event_f1_linear": round(best_threshold(p_linear, y, gold_total)[1], 4),
              "cv_ece_linear": round(ece(p_linear, y), 4)}
    args.out.mkdir(parents=True, exist_ok=True)
    LinearModel(typer_model.classes, typer_model.dense, typer_model.sparse, typer_model.bias, typer_model.mean,
                typer_model.scale, {**typer_model.meta, **report}).save(args.out / "sentence_model.npz")
    replace(verifier, meta={**verifier.meta, **report}).save(args.out / "verifier.npz")
    for key, value in report.items():
        print(f"{key}: {value}")
    print(f"written to {args.out} in {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
