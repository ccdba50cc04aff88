"""Fault injection: ``kill -9`` a conflictlens command at a chosen moment, rerun it, and check what is left.

Shared by ``tests/test_fault.py`` (a few kill points) and ``bench/fault_long.py`` (20 random ones, by hand).
Each scenario returns a dict: where it was killed, whether the rerun succeeded, and what was lost, duplicated or
left behind. Commands run as ``python -m conflictlens`` with their own cache folder (``CONFLICTLENS_CACHE_DIR``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from hostile import ENGLISH

SRC = Path(__file__).parents[1] / "src"


def env_for(cache_dir: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC), "CONFLICTLENS_CACHE_DIR": str(cache_dir)}


def run(args: list[str], *, cache_dir: Path, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "conflictlens", *args], cwd=cwd, env=env_for(cache_dir),
                          capture_output=True, text=True, timeout=timeout)


def kill_after(args: list[str], delay: float, *, cache_dir: Path, cwd: Path) -> bool:
    """Start the command, ``SIGKILL`` it after ``delay`` seconds; True if it was still running when killed."""
    proc = subprocess.Popen([sys.executable, "-m", "conflictlens", *args], cwd=cwd, env=env_for(cache_dir),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    running = proc.poll() is None
    if running:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return running


def seed_cache(cache_dir: Path, index: Path | None) -> None:
    """A cache folder holding a copy of a built index (so a scenario does not pay the 15 s build)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    if index is not None:
        shutil.copyfile(index, cache_dir / "gazetteer.sqlite3")


def leftovers(folder: Path, allowed: set[str]) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name not in allowed
                  and not p.parent.name.startswith("doc"))


def write_corpus(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = f"{ENGLISH[i % len(ENGLISH)]} Report {i} of the series.\n\n{ENGLISH[(i + 2) % len(ENGLISH)]}"
        (folder / f"r{i:03d}.txt").write_text(text, encoding="utf-8")


def extract_scenario(work: Path, cache_dir: Path, delay: float, reference: list[str]) -> dict[str, object]:
    """Kill ``extract in -o out/events.jsonl`` after ``delay`` s, check the output is whole or absent, rerun."""
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    args = ["extract", "in", "--published", "2024-03-01", "-o", "out/events.jsonl"]
    killed = kill_after(args, delay, cache_dir=cache_dir, cwd=work)
    target = out / "events.jsonl"
    partials = len(list(out.glob(".*.partial")))
    torn = target.exists() and sorted(target.read_text(encoding="utf-8").splitlines()) != reference
    rerun = run(args, cache_dir=cache_dir, cwd=work)
    lines = target.read_text(encoding="utf-8").splitlines() if target.exists() else []
    return {"command": "extract -o", "delay_s": round(delay, 2), "killed_running": killed, "partials_after_kill": partials,
            "torn_output": torn,
            "rerun_ok": rerun.returncode == 0, "lost": len(set(reference) - set(lines)),
            "duplicated": len(lines) - len(set(lines)), "leftovers": leftovers(out, {"events.jsonl"})}


def places_csv(path: Path, count: int) -> None:
    rows = ["name,alternate_names,lat,lon,country,admin1"]
    rows += [f"Qaryat Fuzz {i},Fuzz {i}|Fuzzville {i},{33 + i % 100 / 100:.4f},{36 + i % 77 / 100:.4f},SY," for i in range(count)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def imported_places(cache_dir: Path) -> int:
    import sqlite3

    path = cache_dir / "imported.sqlite3"
    if not path.exists():
        return 0
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]
    finally:
        conn.close()


def import_scenario(work: Path, cache_dir: Path, delay: float, places: Path, expected: int) -> dict[str, object]:
    """Kill ``gazetteer import`` after ``delay`` s; extract must still work; a rerun imports every place once."""
    (cache_dir / "imported.sqlite3").unlink(missing_ok=True)
    seeded = run(["gazetteer", "import", str(places)], cache_dir=cache_dir, cwd=work)  # an earlier import to protect
    killed = kill_after(["gazetteer", "import", str(places)], delay, cache_dir=cache_dir, cwd=work)
    after_kill = imported_places(cache_dir)
    partials = len(list(cache_dir.glob(".*.partial*")))
    probe = work / "probe.txt"
    probe.write_text(ENGLISH[0], encoding="utf-8")
    extract = run(["extract", str(probe), "--published", "2024-03-01"], cache_dir=cache_dir, cwd=work)
    rerun = run(["gazetteer", "import", str(places)], cache_dir=cache_dir, cwd=work)
    count = imported_places(cache_dir)
    return {"command": "gazetteer import", "delay_s": round(delay, 2), "killed_running": killed, "partials_after_kill": partials,
            "seed_ok": seeded.returncode == 0, "store_whole_after_kill": after_kill == expected,
            "extract_after_kill_ok": extract.returncode == 0, "rerun_ok": rerun.returncode == 0,
            "lost": max(0, expected - count), "duplicated": max(0, count - expected),
            "leftovers": leftovers(cache_dir, {"gazetteer.sqlite3", "imported.sqlite3"})}


def index_scenario(work: Path, cache_dir: Path, delay: float, expected: str) -> dict[str, object]:
    """Kill the first-use index build after ``delay`` s; the rerun builds it whole and leaves nothing else."""
    shutil.rmtree(cache_dir, ignore_errors=True)
    cache_dir.mkdir(parents=True)
    killed = kill_after(["gazetteer", "info"], delay, cache_dir=cache_dir, cwd=work)
    partials = len(list(cache_dir.glob(".*.partial*")))
    rerun = run(["gazetteer", "info"], cache_dir=cache_dir, cwd=work)
    counts = "\n".join(line for line in rerun.stdout.splitlines() if "places" in line)
    return {"command": "index build", "delay_s": round(delay, 2), "killed_running": killed, "partials_after_kill": partials,
            "rerun_ok": rerun.returncode == 0, "lost": int(counts != expected), "duplicated": 0,
            "leftovers": leftovers(cache_dir, {"gazetteer.sqlite3"})}


def recovered(result: dict[str, object]) -> bool:
    return bool(result["rerun_ok"]) and not result["lost"] and not result["duplicated"] and not result["leftovers"] \
        and not result.get("torn_output") and result.get("extract_after_kill_ok", True) is not False


def dumps(results: list[dict[str, object]]) -> str:
    return json.dumps(results, indent=1)
