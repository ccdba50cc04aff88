"""Geoparsing on the gold corpora of Gritta et al. (GeoWebNews, LGL, TR-News), dev/test split of ../shared.

(a) Resolution: ``geocode_spans`` on each article's gold toponym spans -> accuracy within 161 km, median error
    (over resolved toponyms), AUC of the log error curve (Gritta et al. 2019: mean of log(1+km)/log(20039), an
    unresolved toponym counting 20039 km; lower is better) and coverage (share resolved).
(b) End to end: ``places_of`` on the article; a predicted mention matches a gold toponym when the spans overlap
    (one-to-one, largest overlap first) -> toponym P/R/F1, and accuracy within 161 km over the matched pairs.

Gold toponyms without coordinates are not scored; a prediction overlapping one is neither right nor wrong.
In GWN, annotations of non-toponyms (Non_Toponym, Homonym, Demonym, Language, *_Expression) carry no
coordinates and are not gold toponyms, so a prediction on them is a false positive. Gold offsets that do not
match the phrase (TR-News has a few articles off by 1-10 characters) are moved to the nearest occurrence of
the phrase within 50 characters, else the toponym is dropped; the counts are printed.

    python bench/geoparse.py [--split test|dev|all] [--limit N] [--corpora GWN LGL TR-News] [--jobs 2]
                             [--markdown] [-v]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import os
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, namedtuple
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPORA = {"GWN": "GWN.xml", "LGL": "lgl.xml", "TR-News": "TR-News.xml"}
MAX_KM = 20039.0
NEAR_KM = 161.0
TAGS = {"GWN": ("extractedName", "latitude", "longitude"), "LGL": ("phrase", "gaztag/lat", "gaztag/lon")}
GWN_NOT_TOPONYMS = {"Non_Toponym", "Homonym", "Demonym", "Language", "Literal_Expression", "Non_Lit_Expression"}

if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))
from geo_calibration import reliability  # noqa: E402
from evalkit import SHARED_DATA, load_pipeline  # noqa: E402
DATA = SHARED_DATA / "geoparsing-gold"
from scorer import _render as table, haversine_km, prf  # noqa: E402


#: A gold toponym with coordinates; ``gold_name`` is the gazetteer's name (and country), for reading errors.
Toponym = namedtuple("Toponym", "start end phrase gold_name lat lon")
#: ``toponyms`` are scored; ``ignored`` are the spans of toponyms without coordinates.
GoldArticle = namedtuple("GoldArticle", "id text toponyms ignored")


@dataclass
class CorpusResult:
    name: str
    articles: int = 0
    errors: int = 0
    seconds: float = 0.0  # wall time, all workers
    cpu: float = 0.0  # CPU time of the workers on its articles
    repaired: int = 0
    dropped: int = 0
    res_err: list[tuple[float, str, tuple | None, Toponym]] = field(default_factory=list)  # (km, doc, pred, gold)
    tp: int = 0
    fp: int = 0
    fn: int = 0
    matched_near: int = 0
    missed: Counter = field(default_factory=Counter)
    spurious: Counter = field(default_factory=Counter)


def fix_span(text: str, start: int, end: int, phrase: str) -> tuple[int, int] | None:
    """The span of ``phrase`` at or nearest to ``start`` (within 50 characters), or None."""
    if 0 <= start < end <= len(text) and text[start:end] == phrase:
        return start, end
    hits = [i for i in range(max(0, start - 50), start + 51) if phrase and start >= 0 and text.startswith(phrase, i)]
    best = min(hits, key=lambda h: abs(h - start), default=None)
    return None if best is None else (best, best + len(phrase))


def read_corpus(name: str, path: Path) -> tuple[list, int, int]:
    """Articles in file order, with the repaired / dropped toponym counts."""
    articles, repaired, dropped = [], 0, 0
    for number, node in enumerate(ET.parse(path).getroot().iter("article")):
        text = node.findtext("text") or ""
        toponyms, ignored = [], []
        for t in node.iter("toponym"):
            phrase, lat, lon = (t.findtext(tag) for tag in TAGS.get(name, TAGS["LGL"]))
            phrase, lat, lon = phrase or "", *(float(x) if (x or "").strip() else None for x in (lat, lon))
            if name == "GWN":
                gold_name = t.findtext("normalisedName") or phrase
                if lat is None and t.findtext("type") in GWN_NOT_TOPONYMS:
                    continue
            else:
                gold_name = ", ".join(x for x in (t.findtext("gaztag/name"), t.findtext("gaztag/country")) if x)
            given = (int(t.findtext("start") or -1), int(t.findtext("end") or -1))
            span = fix_span(text, *given, phrase)
            if span is None:
                dropped += 1
                continue
            repaired += span != given
            if lat is None or lon is None:
                ignored.append(span)
            else:
                toponyms.append(Toponym(span[0], span[1], phrase, gold_name, lat, lon))
        articles.append(GoldArticle(node.get("docid") or node.get("file") or str(number), text, toponyms, ignored))
    return articles, repaired, dropped


def split_articles(articles: list, split: str) -> list:
    """dev = the first 30 % of the articles in file order, test = the rest (../shared/README.md)."""
    cut = len(articles) * 3 // 10
    return {"dev": articles[:cut], "test": articles[cut:], "all": articles}[split]


# -- the pipeline side (runs in worker processes) ---------------------------------------------------------------
_PIPELINE = None


class _RunOnce:
    """The pipeline, remembering its last run: ``places_of`` then reuses the parse ``geocode_spans`` made."""

    def __init__(self, pipeline) -> None:  # type: ignore[no-untyped-def]
        self.pipeline, self.resources, self._last = pipeline, pipeline.resources, None

    def run(self, article, *, until=None):  # type: ignore[no-untyped-def]
        key = (article.text, until)
        if self._last is None or self._last[0] != key:
            self._last = (key, self.pipeline.run(article, until=until))
        return self._last[1]


def _init_worker() -> None:
    global _PIPELINE
    _PIPELINE = _RunOnce(load_pipeline())


def _point(place) -> tuple | None:  # type: ignore[no-untyped-def]
    if place is None:
        return None
    return (place.latitude, place.longitude, place.location or place.name, place.country_code, place.kind, place.confidence)


def process(job: tuple[str, list[tuple[int, int]]]) -> tuple[list, list, str, float]:
    """Gold-span resolutions and predicted mentions of one text: (points, mentions, error, CPU seconds)."""
    from conflictlens.errors import ConflictLensError
    from conflictlens.geo.api import country_point, geocode_spans, places_of

    text, spans = job
    cpu = time.process_time()
    try:
        resolved = [_point(p) for p in geocode_spans(_PIPELINE, text, spans)]
        mentions = []
        for m in places_of(_PIPELINE, text, embedded=True):  # the corpora count nationalities and names inside names
            point = _point(m.place)
            if m.place is not None and not m.place.resolved and m.place.country_code:  # as geocode_spans does
                mean = country_point(_PIPELINE.pipeline, m.place.country_code)
                point = (mean[0], mean[1], *point[2:]) if mean else point
            mentions.append((m.start, m.end, m.text, point))
        return resolved, mentions, "", time.process_time() - cpu
    except ConflictLensError as e:
        return [None] * len(spans), [], f"{type(e).__name__}: {e}", time.process_time() - cpu


# -- scoring ----------------------------------------------------------------------------------------------------
def error_km(pred: tuple | None, gold: Toponym) -> float:
    if pred is None or pred[0] is None or pred[1] is None:
        return MAX_KM
    return haversine_km(pred[0], pred[1], gold.lat, gold.lon)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_article(result: CorpusResult, art: GoldArticle, resolved: list, mentions: list) -> None:
    for gold, pred in zip(art.toponyms, resolved):
        result.res_err.append((error_km(pred, gold), art.id, pred, gold))
    pairs = sorted(((overlap((g.start, g.end), (m[0], m[1])), gi, mi) for gi, g in enumerate(art.toponyms)
                    for mi, m in enumerate(mentions)), reverse=True)
    used_g, used_m = set(), set()
    for size, gi, mi in pairs:
        if size and gi not in used_g and mi not in used_m:
            used_g.add(gi)
            used_m.add(mi)
            result.matched_near += error_km(mentions[mi][3], art.toponyms[gi]) <= NEAR_KM
    for mi, m in enumerate(mentions):
        if mi not in used_m and not any(overlap((m[0], m[1]), span) for span in art.ignored):
            result.fp += 1
            result.spurious[m[2]] += 1
    for gi, g in enumerate(art.toponyms):
        if gi not in used_g:
            result.missed[g.phrase] += 1
    result.tp += len(used_g)
    result.fn += len(art.toponyms) - len(used_g)


def run_corpus(name: str, articles: list, executor, repaired: int, dropped: int) -> CorpusResult:  # type: ignore[no-untyped-def]
    result = CorpusResult(name, len(articles), repaired=repaired, dropped=dropped)
    jobs = [(a.text, [(t.start, t.end) for t in a.toponyms]) for a in articles]
    started = time.perf_counter()
    outputs = executor.map(process, jobs, chunksize=4) if executor else map(process, jobs)
    for art, (resolved, mentions, error, cpu) in zip(articles, outputs):
        result.cpu += cpu
        if error:
            result.errors += 1
            print(f"  {name} {art.id}: {error}", file=sys.stderr)
        score_article(result, art, resolved, mentions)
    result.seconds = time.perf_counter() - started
    return result


def merge(results: list[CorpusResult]) -> CorpusResult:
    total = CorpusResult("all")
    for r in results:
        for f in fields(CorpusResult)[1:]:
            setattr(total, f.name, getattr(total, f.name) + getattr(r, f.name))
    return total


# -- output -----------------------------------------------------------------------------------------------------
def pct(num: float, den: float) -> str:
    return f"{100 * num / den:.1f}" if den else "–"


def resolution_row(r: CorpusResult) -> list[str]:
    errs = [e for e, *_ in r.res_err]
    resolved = [e for e, _, p, _ in r.res_err if p is not None and p[0] is not None]
    auc = sum(math.log(1 + e) / math.log(MAX_KM) for e in errs) / len(errs) if errs else None
    return [r.name, str(r.articles), str(len(errs)), pct(sum(e <= NEAR_KM for e in errs), len(errs)),
            f"{statistics.median(resolved):.0f}" if resolved else "–", "–" if auc is None else f"{auc:.3f}",
            pct(len(resolved), len(errs)), f"{r.seconds:.0f}", f"{r.cpu:.0f}"]


def end_to_end_row(r: CorpusResult) -> list[str]:
    p, rec, f1 = prf(r.tp, r.fp, r.fn)
    return [r.name, str(r.tp + r.fn), str(r.tp + r.fp), str(r.tp), f"{100 * p:.1f}", f"{100 * rec:.1f}",
            f"{100 * f1:.1f}", pct(r.matched_near, r.tp)]


def calibration_lines(r: CorpusResult, markdown: bool) -> list[str]:
    """How well ``Place.confidence`` predicts a point within 161 km, over the resolved gold spans."""
    pairs = [(p[5], int(km <= NEAR_KM)) for km, _, p, _ in r.res_err if p is not None and p[0] is not None and len(p) > 5]
    if not pairs:
        return []
    brier, ece, rows = reliability([c for c, _ in pairs], [y for _, y in pairs])
    return [f"Confidence of the resolved gold spans ({r.name}): Brier {brier:.3f}, expected calibration error "
            f"{100 * ece:.1f} points.\n", table(["confidence", "toponyms", "mean confidence %", "within 161 km %"], rows, markdown)]


def describe(r: CorpusResult) -> list[str]:
    lines = [f"== {r.name}: worst resolution errors"]
    seen: Counter = Counter()  # one line per (phrase, predicted place, gold place), with its count
    for km, doc, pred, gold in sorted((x for x in r.res_err if x[2] is not None and x[2][0] is not None),
                                      key=lambda x: -x[0]):
        key = (gold.phrase, pred[2], gold.gold_name)
        seen[key] += 1
        if seen[key] == 1 and len(seen) <= 10:
            lines.append(f"  {km:7.0f} km  {gold.phrase!r} -> {pred[2]} ({pred[3] or '?'}, {pred[4]}) "
                         f"[{pred[0]:.2f}, {pred[1]:.2f}]; gold {gold.gold_name} [{gold.lat:.2f}, {gold.lon:.2f}]"
                         f"  doc {doc}")
    unresolved = Counter(g.phrase for km, _, p, g in r.res_err if p is None or p[0] is None)
    kinds = Counter(p[4] for km, _, p, _ in r.res_err if p is not None and p[0] is not None and km > NEAR_KM)
    lines.append("  resolved but > 161 km, by kind of answer: " + ", ".join(f"{k} {c}" for k, c in kinds.most_common()))
    lines.append("  unresolved: " + ", ".join(f"{n} ({c})" for n, c in unresolved.most_common(10)))
    lines.append("  end to end, missed: " + ", ".join(f"{n} ({c})" for n, c in r.missed.most_common(10)))
    lines.append("  end to end, spurious: " + ", ".join(f"{n} ({c})" for n, c in r.spurious.most_common(10)))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Geoparsing accuracy on GWN, LGL and TR-News.")
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    parser.add_argument("--limit", type=int, default=0, help="at most N articles per corpus (after the split)")
    parser.add_argument("--corpora", nargs="+", choices=list(CORPORA), default=list(CORPORA))
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes (default 2)")
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the corpus XML files")
    parser.add_argument("--markdown", action="store_true", help="markdown tables for docs/benchmarks.md")
    parser.add_argument("-v", "--verbose", action="store_true", help="worst errors, unresolved, missed, spurious")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"note: {args.data} is absent (no ../shared); nothing to do")
        return 0

    started, results, notes = time.perf_counter(), [], []
    if args.jobs <= 1:
        _init_worker()
    pool = ProcessPoolExecutor(args.jobs, initializer=_init_worker) if args.jobs > 1 else contextlib.nullcontext()
    with pool as executor:
        for name in args.corpora:
            articles, repaired, dropped = read_corpus(name, args.data / CORPORA[name])
            articles = split_articles(articles, args.split)[: args.limit or None]
            results.append(run_corpus(name, articles, executor, repaired, dropped))
            notes.append(f"{name}: {repaired} gold offsets moved to their phrase, {dropped} dropped (whole file)")
    rows = results + ([merge(results)] if len(results) > 1 else [])

    limit = f", first {args.limit} articles per corpus" if args.limit else ""
    print(f"{'_' if args.markdown else ''}geoparsing, {args.split} split{limit}; {dt.date.today()}, "
          f"python {sys.version.split()[0]}, {args.jobs} worker(s){'_' if args.markdown else ''}\n")
    print("Resolution of the gold toponym spans (`geocode_spans`): acc@161 and coverage in percent, median error "
          "over resolved toponyms, AUC of log(1+km)/log(20039) with unresolved = 20039 km (lower is better); "
          "wall s / CPU s = seconds for the corpus, both tasks (CPU: summed over the workers).\n")
    print(table(["corpus", "articles", "toponyms", "acc@161", "median km", "AUC", "coverage", "wall s", "CPU s"],
                [resolution_row(r) for r in rows], args.markdown))
    print("\nEnd to end (`places_of(..., embedded=True)`: nationalities and place names inside longer names count, "
          "as the corpora count them): a mention matches a gold toponym when the spans overlap; acc@161 over "
          "the matched pairs.\n")
    print(table(["corpus", "gold", "pred", "matched", "P", "R", "F1", "acc@161"],
                [end_to_end_row(r) for r in rows], args.markdown))
    print()
    for note in notes:
        print(("- " if args.markdown else "") + note)
    print()
    print("\n".join(calibration_lines(rows[-1], args.markdown)))
    if any(r.errors for r in results):
        print("articles that failed (scored as unresolved, no mentions): "
              + ", ".join(f"{r.name} {r.errors}" for r in results if r.errors))
    if args.verbose:
        for r in results:
            print("\n".join([""] + describe(r)))
    print(f"\ntotal {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
