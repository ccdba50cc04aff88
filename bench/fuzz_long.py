"""Long fuzz run by hand: N hostile documents through the CLI (a directory and stdin JSONL) and the Python API.

    PYTHONPATH=src python bench/fuzz_long.py [--count 3000] [--seed 14] [--json results.json]

Counts, for each path: documents given, processed, error lines, tracebacks (CLI: a "Traceback" on stderr or an
exit code other than 0/1; API: any exception that is not a ConflictLensError), silent drops (given - processed -
error lines) and writes outside the chosen folders (files that appear anywhere in the sandbox but the output
folder, plus /tmp/abs-escape, the target of a hostile absolute id). Needs the spaCy model.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from hostile import hostile_inputs, write_tree  # noqa: E402

MAX = 20_000
SRC = Path(__file__).parents[1] / "src"


def snapshot(root: Path) -> set[str]:
    return {os.path.relpath(os.path.join(d, n), root) for d, dirs, files in os.walk(root) for n in dirs + files}


def summary_numbers(stderr: str) -> tuple[int, int]:
    line = [x for x in stderr.splitlines() if " document(s): " in x][-1]
    return int(line.split("): ")[1].split()[0]), int(line.rsplit(", ", 1)[1].split()[0])


def cli(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(SRC), "CONFLICTLENS_MAX_CHARS": str(MAX)}
    return subprocess.run([sys.executable, "-m", "conflictlens", *args], cwd=cwd, env=env, input=stdin,
                          capture_output=True, timeout=3600)


def cli_tree(sandbox: Path, inputs: list, expected: int) -> dict[str, object]:
    work = sandbox / "cli"
    write_tree(work / "in", inputs)
    (work / "out").mkdir()
    before = snapshot(sandbox)
    started = time.perf_counter()
    result = cli(["extract", "in", "--format", "csv", "-o", "out/events.csv", "--dump-stages", "out/dump"], work)
    stderr = result.stderr.decode("utf-8", "replace")
    processed, failed = summary_numbers(stderr)
    errors = sum(1 for x in stderr.splitlines() if x.startswith("error: "))
    outside = [p for p in snapshot(sandbox) - before if not p.startswith(os.path.join("cli", "out"))]
    return {"path": "CLI directory", "documents": expected, "processed": processed, "error_lines": errors,
            "tracebacks": stderr.count("Traceback") + (result.returncode not in (0, 1)), "exit": result.returncode,
            "silent_drops": expected - processed - errors, "outside_writes": len(outside), "seconds": round(time.perf_counter() - started, 1)}


def cli_stdin(sandbox: Path, inputs: list) -> dict[str, object]:
    lines = []
    for item in inputs:
        if item.name.endswith(".jsonl"):
            lines.extend(x for x in item.data.split(b"\n") if x.strip())
        else:
            lines.append(json.dumps({"text": item.data.decode("utf-8", "replace")}).encode())
    started = time.perf_counter()
    result = cli(["extract", "-", "--format", "acled"], sandbox, stdin=b"\n".join(lines) + b"\n")
    stderr = result.stderr.decode("utf-8", "replace")
    processed, failed = summary_numbers(stderr)
    errors = sum(1 for x in stderr.splitlines() if x.startswith("error: "))
    return {"path": "CLI stdin JSONL", "documents": len(lines), "processed": processed, "error_lines": errors,
            "tracebacks": stderr.count("Traceback") + (result.returncode not in (0, 1)), "exit": result.returncode,
            "silent_drops": len(lines) - processed - errors, "outside_writes": 0, "seconds": round(time.perf_counter() - started, 1)}


def api(sandbox: Path, inputs: list, expected: int) -> dict[str, object]:
    from conflictlens.config import load_settings
    from conflictlens.errors import ConflictLensError
    from conflictlens.ingest import read_inputs
    from conflictlens.pipeline import Pipeline

    pipeline = Pipeline(load_settings().with_overrides(max_chars=MAX))
    write_tree(sandbox / "api" / "in", inputs)
    started = time.perf_counter()
    processed = errors = tracebacks = 0
    for item in read_inputs([str(sandbox / "api" / "in")], max_chars=MAX):
        if item.error is not None:
            errors += 1
            continue
        try:
            for outcome in pipeline.pipe([item.article]):
                processed += outcome.error is None
                errors += outcome.error is not None
        except Exception:  # noqa: BLE001  (counting what escapes is the point)
            tracebacks += 1
    for item in inputs:  # the raw text straight into Pipeline.extract, as a library user would pass it
        try:
            pipeline.extract(item.data.decode("utf-8", "surrogateescape"), publisher=item.name)
        except ConflictLensError:
            pass
        except Exception:  # noqa: BLE001
            tracebacks += 1
    return {"path": "Python API", "documents": expected, "processed": processed, "error_lines": errors,
            "tracebacks": tracebacks, "silent_drops": expected - processed - errors, "outside_writes": 0,
            "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    inputs = hostile_inputs(args.seed, args.count, max_chars=MAX)
    Path("/tmp/abs-escape").unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sandbox = Path(tmp)
        expected = write_tree(sandbox / "count", inputs)
        results = [cli_tree(sandbox, inputs, expected), cli_stdin(sandbox, inputs), api(sandbox, inputs, expected)]
    escaped = Path("/tmp/abs-escape").exists()
    for r in results:
        r["outside_writes"] = int(r["outside_writes"]) + escaped
        print(json.dumps(r))
    kinds: dict[str, int] = {}
    for item in inputs:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    print(f"{args.count} hostile files (seed {args.seed}): " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    if args.json:
        args.json.write_text(json.dumps({"seed": args.seed, "count": args.count, "results": results}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
