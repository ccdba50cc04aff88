"""Scaling of the pipeline: worker processes, a Dask LocalCluster, memory over a long batch, document length.

Articles are synthesised from the project's own text (never from ../shared): sentences sampled, with a fixed
seed, from the example sentences (``src/conflictlens/events/data/examples/*.yaml``) and the golden reports
(``tests/golden*/reports``), grouped into paragraphs. Sections (each can be skipped):

- **workers**: ``conflictlens.scale.process`` over ``--pool-docs`` articles with 1 worker (in this process) and
  with 2 worker processes (and ``--workers-max`` if given); wall time including start-up, the steady rate
  after the first chunks came back (the start-up of a worker, loading the model, is paid once per batch), and
  the CPU seconds per article of all processes (start-up included): on a shared machine the wall rates depend on
  the others' load, while ``workers / CPU per article`` is the rate the same run would have on idle cores.
- **dask**: the same articles on a ``distributed.LocalCluster`` (2 workers x 1 thread, loopback), when installed.
- **memory**: one in-process ``Pipeline.pipe`` over ``--docs`` articles (default 2,000); RSS every 100 articles,
  peak RSS, and the growth from article 200 to the last.
- **length**: seconds per document at 1x, 4x, 16x, 64x a ~10-sentence article (distinct sentences, no time
  budget), and the exponent of time against length between the last two.

    python bench/scaling.py [--docs 2000] [--pool-docs 240] [--skip memory,dask] [--markdown]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import math
import os
import platform
import random
import re
import resource
import sys
import time
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if importlib.util.find_spec("conflictlens") is None:  # as throughput.py: an installed conflictlens is used as it is
    sys.path.insert(0, str(ROOT / "src"))

from conflictlens.config import load_settings  # noqa: E402
from conflictlens.model import Article  # noqa: E402

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def own_sentences() -> list[str]:
    """Example sentences and golden-report sentences written for this project."""
    sentences = []
    for path in sorted((ROOT / "src" / "conflictlens" / "events" / "data" / "examples").glob("*.yaml")):
        sentences += [item["text"] for item in yaml.safe_load(path.read_text(encoding="utf-8")) or [] if item.get("text")]
    for folder in ("golden", "golden_holdout"):
        for path in sorted((ROOT / "tests" / folder / "reports").glob("*.txt")):
            for paragraph in path.read_text(encoding="utf-8").split("\n\n")[1:]:  # the first is the headline
                sentences += [s.strip() for s in SENTENCE_END.split(paragraph.replace("\n", " ")) if len(s.strip()) > 30]
    return sentences


def synth_articles(n: int, sentences_per_doc: int = 10, seed: int = 13) -> list[Article]:
    """``n`` articles of ``sentences_per_doc`` sampled sentences, 3 to a paragraph."""
    pool, rng = own_sentences(), random.Random(seed)
    articles = []
    for i in range(n):
        picked = rng.sample(pool, min(sentences_per_doc, len(pool))) if sentences_per_doc <= len(pool) else \
            [rng.choice(pool) for _ in range(sentences_per_doc)]
        paragraphs = [" ".join(picked[j:j + 3]) for j in range(0, len(picked), 3)]
        articles.append(Article(text="\n\n".join(paragraphs), id=f"synth-{i}", published=dt.date(2024, 3, 12)))
    return articles


def rss_mib() -> float:
    """This process's resident set size now (Linux /proc; else the peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mib()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def cpu_seconds() -> float:
    """CPU seconds of this process and of its finished (waited-for) children: worker processes included."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_outcomes(outcomes, first_chunk: int) -> dict:  # type: ignore[no-untyped-def]
    """Consume ``outcomes``; wall time, time to the first ``first_chunk`` outcomes, counts."""
    started, first_at, count, events, errors = time.perf_counter(), None, 0, 0, 0
    for outcome in outcomes:
        count += 1
        events += len(outcome.events)
        errors += outcome.error is not None
        if count == first_chunk:
            first_at = time.perf_counter()
    wall = time.perf_counter() - started
    steady = (count - first_chunk) / (wall - (first_at - started)) if first_at and count > first_chunk else math.nan
    return {"docs": count, "events": events, "errors": errors, "wall_s": wall, "rate": count / wall, "steady_rate": steady}


def bench_workers(articles: list[Article], settings, counts: list[int]) -> list[dict]:  # type: ignore[no-untyped-def]
    from conflictlens.pipeline import Pipeline
    from conflictlens.scale import process
    from conflictlens.scale.run import CHUNK_SIZE

    rows = []
    for workers in counts:
        if workers == 1:
            pipeline = Pipeline(settings)  # built before the clock, as a worker's is before its first chunk
            list(pipeline.pipe(articles[:1]))
            cpu = cpu_seconds()
            result = timed_outcomes(process(articles, pipeline=pipeline, workers=1), CHUNK_SIZE)
        else:
            cpu = cpu_seconds()
            result = timed_outcomes(process(articles, settings, workers=workers), 2 * workers * CHUNK_SIZE)
        result["cpu_per_doc"] = (cpu_seconds() - cpu) / result["docs"]  # workers' start-up included
        result["workers"] = workers
        rows.append({"what": f"{workers} worker{'s' if workers > 1 else ''}", **result})
    return rows


def bench_dask(articles: list[Article], settings) -> dict | None:  # type: ignore[no-untyped-def]
    try:
        import distributed
    except ImportError:
        return None
    from conflictlens.scale import process
    from conflictlens.scale.run import CHUNK_SIZE

    cpu = cpu_seconds()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        result = timed_outcomes(process(articles, settings, dask=client), 4 * CHUNK_SIZE)
    result["cpu_per_doc"] = (cpu_seconds() - cpu) / result["docs"]
    result["workers"] = 2
    return {"what": "Dask LocalCluster, 2 workers x 1 thread", **result}


def bench_memory(articles: list[Article], settings, every: int = 100) -> dict:  # type: ignore[no-untyped-def]
    from conflictlens.pipeline import Pipeline

    pipeline = Pipeline(settings)
    samples, started = [], time.perf_counter()
    for i, _ in enumerate(pipeline.pipe(articles), start=1):
        if i % every == 0 or i == len(articles):
            samples.append((i, rss_mib()))
    return {"samples": samples, "peak_mib": peak_rss_mib(), "seconds": time.perf_counter() - started}


def bench_length(settings, factors: list[int]) -> list[dict]:  # type: ignore[no-untyped-def]
    from conflictlens.pipeline import Pipeline

    pipeline = Pipeline(settings.with_overrides(time_budget=0, max_entities=0))
    list(pipeline.pipe(synth_articles(1)))
    rows = []
    for factor in factors:
        article = synth_articles(1, sentences_per_doc=10 * factor, seed=100 + factor)[0]
        started = time.perf_counter()
        outcome = next(pipeline.pipe([article]))
        rows.append({"factor": factor, "chars": len(article.text), "seconds": time.perf_counter() - started,
                     "events": len(outcome.events), "error": str(outcome.error or "")})
    return rows


def render(context: dict, workers: list[dict], dask: dict | None, memory: dict | None, length: list[dict],
           markdown: bool) -> str:
    lines = [("_" if markdown else "") + ", ".join(f"{k} {v}" for k, v in context.items()) + ("_" if markdown else ""), ""]
    if workers or dask:
        lines += ["| run | docs | events | errors | wall s (with start-up) | articles/s | steady articles/s "
                  "| CPU s per article, all processes | articles/s on idle cores (workers / CPU per article) |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for row in workers + ([dask] if dask else []):
            lines.append(f"| {row['what']} | {row['docs']} | {row['events']} | {row['errors']} | {row['wall_s']:.1f} | "
                         f"{row['rate']:.2f} | {row['steady_rate']:.2f} | {row['cpu_per_doc']:.3f} | "
                         f"{row['workers'] / row['cpu_per_doc']:.1f} |")
        if len(workers) > 1:
            base = workers[0]
            for row in workers[1:] + ([dask] if dask else []):
                idle = (row["workers"] / row["cpu_per_doc"]) / (base["workers"] / base["cpu_per_doc"])
                lines.append(f"\n{row['what']} vs 1 worker: {row['rate'] / base['rate']:.2f}x with start-up, "
                             f"{row['steady_rate'] / base['steady_rate']:.2f}x steady, {idle:.2f}x on idle cores (CPU)")
        lines.append("")
    if memory:
        samples = memory["samples"]
        at200 = next((rss for i, rss in samples if i >= 200), samples[0][1])
        last = samples[-1][1]
        lines += [f"RSS over {samples[-1][0]:,} articles ({memory['seconds']:.0f} s): "
                  f"{at200:.0f} MiB at article 200, {last:.0f} MiB at the last ({100 * (last - at200) / at200:+.1f} %), "
                  f"peak {memory['peak_mib']:.0f} MiB", "",
                  "| article | " + " | ".join(str(i) for i, _ in samples) + " |",
                  "|---|" + "---:|" * len(samples),
                  "| RSS MiB | " + " | ".join(f"{rss:.0f}" for _, rss in samples) + " |", ""]
    if length:
        lines += ["| length | characters | seconds | events |", "|---|---:|---:|---:|"]
        lines += [f"| {r['factor']}x | {r['chars']:,} | {r['seconds']:.2f} | {r['events']}{' (' + r['error'] + ')' if r['error'] else ''} |"
                  for r in length]
        if len(length) >= 2:
            a, b = length[-2], length[-1]
            exponent = math.log(b["seconds"] / a["seconds"]) / math.log(b["chars"] / a["chars"])
            lines.append(f"\ntime ~ length^{exponent:.2f} between {a['factor']}x and {b['factor']}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Workers, Dask, memory and length scaling of conflictlens.")
    parser.add_argument("--docs", type=int, default=2000, help="articles in the memory run (2000)")
    parser.add_argument("--pool-docs", type=int, default=240, help="articles in the workers and Dask runs (240)")
    parser.add_argument("--workers-max", type=int, default=0, help="also time this many workers")
    parser.add_argument("--lengths", default="1,4,16,64", help="length factors (1,4,16,64)")
    parser.add_argument("--skip", default="", help="comma-separated sections to skip: workers,dask,memory,length")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    settings = load_settings()
    pool_articles = synth_articles(args.pool_docs)
    counts = [1, 2] + ([args.workers_max] if args.workers_max > 2 else [])
    workers = bench_workers(pool_articles, settings, counts) if "workers" not in skip else []
    dask = bench_dask(pool_articles, settings) if "dask" not in skip else None
    length = bench_length(settings, [int(f) for f in args.lengths.split(",")]) if "length" not in skip else []
    memory = bench_memory(synth_articles(args.docs, seed=7), settings) if "memory" not in skip else None
    context = {"date": dt.date.today().isoformat(), "python": platform.python_version(), "cpus": os.cpu_count(),
               "load": "%.1f" % os.getloadavg()[0]}
    print(render(context, workers, dask, memory, length, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
