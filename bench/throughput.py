"""Speed and memory of the pipeline: warm throughput against a bare spaCy parse, cold start, peak RSS.

- Warm throughput: one ``Pipeline()`` (built and warmed up on one article, not timed) runs ``pipe`` over the
  texts; the same texts then go through the bare spaCy model from ``conflictlens.nlp.load_model()``, once with
  ``nlp.pipe`` (batched) and once with ``nlp(text)`` one by one. The ratio says what share of the bare parsing
  speed the whole pipeline keeps.
- Repeated texts: the learned sentence typer remembers the sentences it has read (for the second look at a
  document's sentences), so copies of a text after the first cost no sentence embedding. A second pipeline pass
  ("fresh") empties that memo after every article: its ratio is the one a corpus of distinct articles gets.
- Cold start: a fresh ``python`` subprocess imports conflictlens, builds a Pipeline and extracts the first
  article; it reports its own timings and ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (its peak RSS).

Texts: ``tests/golden/reports/*.txt`` plus the seed article when ../shared is there, or every ``*.txt`` under
``--texts DIR``; repeated whole until there are at least ``--min-docs`` (default 50).

    python bench/throughput.py [--texts DIR] [--min-docs 50] [--rounds 1] [--cold-runs 3] [--markdown]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
GOLDEN_REPORTS = ROOT / "tests" / "golden" / "reports"
SEED_TEXT = ROOT.parent / "shared" / "seed" / "idlib-infighting.txt"
SEED_GOLD = BENCH / "golden_seed.yaml"

#: Run in a fresh interpreter; reads {"text", "published", "publisher"} on stdin, prints one JSON line.
COLD_START = """
import json, resource, sys, time
t0 = time.perf_counter()
from conflictlens import Pipeline
t1 = time.perf_counter()
pipeline = Pipeline()
t2 = time.perf_counter()
doc = json.load(sys.stdin)
events = pipeline.extract(doc.pop("text"), **{k: v for k, v in doc.items() if v})
t3 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"import_s": t1 - t0, "build_s": t2 - t1, "first_s": t3 - t2, "events": len(events),
                  "maxrss_mib": rss / (1024 * 1024 if sys.platform == "darwin" else 1024)}))
"""


def src_path_needed() -> bool:
    """True when conflictlens is not importable as installed, so the repository's ``src`` must be put on the path."""
    return importlib.util.find_spec("conflictlens") is None


def text_meta(gold: Path) -> dict:
    """``published``/``publisher`` (as strings) from a gold YAML file; empty when there is none."""
    if not gold.exists():
        return {}
    spec = yaml.safe_load(gold.read_text(encoding="utf-8")) or {}
    return {k: str(spec[k]) for k in ("published", "publisher") if spec.get(k)}


def load_texts(texts_dir: Path | None) -> list[dict]:
    """Documents as {"text", "published"?, "publisher"?}: from ``texts_dir``, or the golden reports and the seed."""
    if texts_dir is not None:
        return [{"text": p.read_text(encoding="utf-8")} for p in sorted(texts_dir.rglob("*.txt"))]
    expected = GOLDEN_REPORTS.parent / "expected"
    docs = [{"text": p.read_text(encoding="utf-8"), **text_meta(expected / f"{p.stem}.yaml")}
            for p in sorted(GOLDEN_REPORTS.glob("*.txt"))]
    if SEED_TEXT.exists():
        docs.append({"text": SEED_TEXT.read_text(encoding="utf-8"), **text_meta(SEED_GOLD)})
    return docs


def repeat_to(docs: list[dict], minimum: int) -> list[dict]:
    """Whole copies of ``docs`` until there are at least ``minimum``."""
    return docs * max(1, math.ceil(minimum / len(docs)))


def cold_start(doc: dict, runs: int) -> list[dict]:
    """Timings and peak RSS of ``runs`` fresh subprocesses; each also gets ``wall_s`` (interpreter start included)."""
    env = dict(os.environ)
    if src_path_needed():
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    results = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", COLD_START], input=json.dumps(doc), capture_output=True,
                              text=True, cwd=ROOT, env=env, check=False)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"cold-start subprocess failed ({done.returncode}):\n{done.stderr.strip()}")
        results.append({**json.loads(done.stdout.strip().splitlines()[-1]), "wall_s": wall})
    return results


def warm_throughput(docs: list[dict], rounds: int) -> dict:
    """Best-of-``rounds`` seconds for the pipeline, ``nlp.pipe`` and ``nlp()`` over ``docs``, plus counts."""
    if src_path_needed():
        sys.path.insert(0, str(ROOT / "src"))
    from conflictlens import Pipeline
    from conflictlens.model import Article
    from conflictlens.nlp import load_model

    articles = [Article(text=d["text"], id=f"bench-{i}", publisher=d.get("publisher"),
                        published=dt.date.fromisoformat(d["published"]) if d.get("published") else None)
                for i, d in enumerate(docs)]
    texts = [d["text"] for d in docs]
    pipeline = Pipeline()
    list(pipeline.pipe(articles[:1]))  # warm-up: lazy resources, first-call caches
    nlp = load_model()
    nlp(texts[0])
    best = {k: math.inf for k in ("pipeline_s", "fresh_s", "nlp_pipe_s", "nlp_call_s", "pipeline_cpu", "fresh_cpu",
                                  "nlp_pipe_cpu")}
    typer = pipeline.resources.sentence_typer

    def fresh() -> list:  # type: ignore[type-arg]
        outcomes = []
        for outcome in pipeline.pipe(articles):
            outcomes.append(outcome)
            if typer is not None:
                typer.forget()
        return outcomes
    events = errors = 0

    def clock(key: str, work) -> object:  # type: ignore[no-untyped-def]
        # Wall time, and this process's CPU time: on a shared machine the CPU ratio is the steadier one.
        started, cpu = time.perf_counter(), time.process_time()
        result = work()
        best[f"{key}_s"] = min(best[f"{key}_s"], time.perf_counter() - started)
        if f"{key}_cpu" in best:
            best[f"{key}_cpu"] = min(best[f"{key}_cpu"], time.process_time() - cpu)
        return result

    for _ in range(rounds):
        outcomes = clock("pipeline", lambda: list(pipeline.pipe(articles)))
        events, errors = sum(len(o.events) for o in outcomes), sum(o.error is not None for o in outcomes)
        clock("fresh", fresh)
        clock("nlp_pipe", lambda: list(nlp.pipe(texts)))
        clock("nlp_call", lambda: [nlp(text) for text in texts])
    model = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}"
    return {**best, "docs": len(docs), "chars": sum(map(len, texts)), "events": events, "errors": errors,
            "model": model}


def summarise(warm: dict, cold: list[dict]) -> list[tuple[str, str]]:
    """(metric, value) rows for the report."""
    n = warm["docs"]
    rate = {k: n / warm[k] for k in ("pipeline_s", "fresh_s", "nlp_pipe_s", "nlp_call_s")}
    rows = [
        ("documents (chars)", f"{n} ({warm['chars']:,})"),
        ("events / errors", f"{warm['events']} / {warm['errors']}"),
        ("pipeline, articles/s", f"{rate['pipeline_s']:.1f}"),
        ("bare nlp.pipe, articles/s", f"{rate['nlp_pipe_s']:.1f}"),
        ("bare nlp(text), articles/s", f"{rate['nlp_call_s']:.1f}"),
        ("slowdown vs nlp.pipe (nlp.pipe rate / pipeline rate)", f"{rate['nlp_pipe_s'] / rate['pipeline_s']:.2f}x"),
        ("ratio: pipeline rate / nlp.pipe rate, wall (target >= 0.75)", f"{rate['pipeline_s'] / rate['nlp_pipe_s']:.2f}"),
        ("ratio: pipeline rate / nlp.pipe rate, CPU time", f"{warm['nlp_pipe_cpu'] / warm['pipeline_cpu']:.2f}"),
        ("pipeline, each article new to the typer memo (fresh), articles/s", f"{rate['fresh_s']:.1f}"),
        ("ratio, fresh: pipeline rate / nlp.pipe rate, CPU time", f"{warm['nlp_pipe_cpu'] / warm['fresh_cpu']:.2f}"),
        ("pipeline, chars/s", f"{warm['chars'] / warm['pipeline_s']:,.0f}"),
    ]
    if cold:
        med = {k: statistics.median(c[k] for c in cold) for k in ("import_s", "build_s", "first_s", "wall_s")}
        rows += [
            (f"cold start, median of {len(cold)} (s)", f"{med['wall_s']:.2f}"),
            ("cold start: import / build Pipeline / first article (s)",
             f"{med['import_s']:.2f} / {med['build_s']:.2f} / {med['first_s']:.2f}"),
            ("peak RSS of the cold-start process (MiB)", f"{max(c['maxrss_mib'] for c in cold):.0f}"),
        ]
    return rows


def git_revision() -> str:
    """``git rev-parse --short HEAD`` of the repository, or "unknown"."""
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=False, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() or "unknown"


def render(rows: list[tuple[str, str]], context: dict, markdown: bool) -> str:
    """The report as plain text or markdown (a context line, then a metric/value table)."""
    about = ", ".join(f"{k} {v}" for k, v in context.items())
    if markdown:
        return "\n".join([f"_{about}_", "", "| metric | value |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in rows])
    width = max(len(k) for k, _ in rows)
    return "\n".join([about, ""] + [f"{k.ljust(width)}  {v}" for k, v in rows])


def main(argv: list[str] | None = None) -> int:
    """Command line: measure and print."""
    parser = argparse.ArgumentParser(description="Throughput, cold start and peak RSS of the conflictlens pipeline.")
    parser.add_argument("--texts", type=Path, metavar="DIR", help="use every *.txt under DIR instead")
    parser.add_argument("--min-docs", type=int, default=50, help="repeat the texts to at least this many (50)")
    parser.add_argument("--rounds", type=int, default=1, help="timed passes over the texts; the best counts (1)")
    parser.add_argument("--cold-runs", type=int, default=3, help="fresh subprocesses for cold start; 0 skips (3)")
    parser.add_argument("--markdown", action="store_true", help="print markdown for docs/benchmarks.md")
    args = parser.parse_args(argv)

    docs = load_texts(args.texts)
    if not docs:
        print("no texts found (give --texts DIR)", file=sys.stderr)
        return 1
    try:
        cold = cold_start(docs[0], args.cold_runs) if args.cold_runs > 0 else []
    except RuntimeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    try:
        warm = warm_throughput(repeat_to(docs, args.min_docs), max(1, args.rounds))
    except ImportError as e:
        print(f"error: conflictlens cannot be imported ({e})", file=sys.stderr)
        return 1
    context = {"date": dt.date.today().isoformat(), "commit": git_revision(), "python": platform.python_version(),
               "model": warm["model"], "cpus": os.cpu_count(), "machine": platform.machine()}
    print(render(summarise(warm, cold), context, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
