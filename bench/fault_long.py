"""Fault run by hand: kill -9 at random points of `extract -o`, `gazetteer import` and the index build, then rerun.

    PYTHONPATH=src python bench/fault_long.py [--points 20] [--seed 14] [--json results.json]

Each kill point is recovered when the rerun succeeds with nothing lost, nothing duplicated, no leftover files
(and, for `extract -o`, no torn output; for `gazetteer import`, `extract` works right after the kill). The index
build points rebuild the real index (~15 s each). Needs the spaCy model; writes only under a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from faults import (extract_scenario, import_scenario, index_scenario, places_csv, recovered, run,  # noqa: E402
                    seed_cache, write_corpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build_cache = work / "build-cache"
        started = time.perf_counter()
        built = run(["gazetteer", "info"], cache_dir=build_cache, cwd=work)
        build_s = time.perf_counter() - started
        expected_counts = "\n".join(line for line in built.stdout.splitlines() if "places" in line)
        cache = work / "cache"
        seed_cache(cache, build_cache / "gazetteer.sqlite3")
        write_corpus(work / "in", 120)
        started = time.perf_counter()
        run(["extract", "in", "--published", "2024-03-01", "-o", "ref.jsonl"], cache_dir=cache, cwd=work)
        extract_s = time.perf_counter() - started
        reference = sorted((work / "ref.jsonl").read_text(encoding="utf-8").splitlines())
        places = work / "places.csv"
        places_csv(places, 40_000)
        started = time.perf_counter()
        run(["gazetteer", "import", str(places)], cache_dir=cache, cwd=work)
        import_s = time.perf_counter() - started
        print(f"full runs: index build {build_s:.1f} s, extract {extract_s:.1f} s, import {import_s:.1f} s", file=sys.stderr)
        kinds = ["extract"] * (args.points * 2 // 5) + ["import"] * (args.points * 3 // 10)
        kinds += ["index"] * (args.points - len(kinds))
        for kind in kinds:
            if kind == "extract":
                result = extract_scenario(work, cache, rng.uniform(0.2, extract_s), reference)
            elif kind == "import":
                result = import_scenario(work, cache, rng.uniform(0.2, import_s), places, 40_000)
            else:
                result = index_scenario(work, work / "index-cache", rng.uniform(0.5, build_s), expected_counts)
            result["recovered"] = recovered(result)
            results.append(result)
            print(json.dumps(result), file=sys.stderr)
    ok = sum(r["recovered"] for r in results)
    killed = sum(bool(r["killed_running"]) for r in results)
    partial = sum(1 for r in results if r.get("partials_after_kill"))
    print(f"{ok}/{len(results)} kill points recovered ({killed} killed while running, {partial} left a temporary "
          f"file that the rerun removed)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
