"""Fuzz: hostile text, JSONL lines, article fields and files through the readers, the Python API and the CLI.

The fast subset runs in the normal suite; ``bench/fuzz_long.py`` runs the same generators on thousands of
documents by hand. What must hold: no traceback, no silent drop (documents in = processed + error lines), no
write outside the folders the run was given, and every article a reader yields can be written as UTF-8.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictlens.errors import ConflictLensError, InputError
from conflictlens.ingest import build_article, read_inputs
from conflictlens.ingest.text import clean_text
from hostile import article_fields, hostile_inputs, jsonl_lines, texts, write_tree

MAX = 20_000


def _utf8_clean(article) -> None:  # type: ignore[no-untyped-def]
    for value in (article.id, article.text, article.title, article.publisher, article.url):
        if value is not None:
            value.encode("utf-8")


@given(texts)
def test_clean_text_returns_writable_text_or_an_input_error(text):
    try:
        cleaned = clean_text(text, name="t", max_chars=MAX)
    except InputError:
        return
    assert cleaned.strip()
    cleaned.encode("utf-8")


@given(article_fields)
def test_any_article_fields_give_an_article_or_an_input_error(record):
    text = record.pop("text", "Gunmen attacked a checkpoint.")
    try:
        article = build_article(text, name="f", max_chars=MAX, fields=record)
    except InputError as e:
        assert e.doc_id == "f"
        return
    _utf8_clean(article)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(jsonl_lines, max_size=12))
def test_every_jsonl_line_is_an_article_or_an_error(lines):
    data = "\n".join(lines).encode("utf-8", "surrogatepass") + b"\n"
    items = list(read_inputs(["-"], stdin=io.BufferedReader(io.BytesIO(data)), max_chars=MAX))
    for item in items:
        assert (item.article is None) != (item.error is None)
        if item.article is not None:
            _utf8_clean(item.article)
    if any(line.strip().startswith("{") for line in lines):
        # Read as JSONL: one item per non-blank line, none lost.
        assert len(items) >= 1


def test_hostile_files_through_the_reader_are_all_accounted_for(tmp_path):
    inputs = hostile_inputs(seed=14, count=120, max_chars=MAX)
    expected = write_tree(tmp_path / "in", inputs)
    items = list(read_inputs([str(tmp_path / "in")], max_chars=MAX))
    assert len(items) == expected
    for item in items:
        assert (item.article is None) != (item.error is None)
        if item.article is not None:
            _utf8_clean(item.article)


@pytest.mark.model
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(article_fields)
def test_the_python_api_raises_only_conflictlens_errors(pipeline, record):
    text = record.pop("text", "Gunmen attacked a checkpoint near Idlib on Monday.")
    if isinstance(text, str):
        text = text[:2000]
    try:
        events = pipeline.extract(text, **{k: v for k, v in record.items() if k in ("id", "title", "publisher", "url", "published")})
    except ConflictLensError:
        return
    for event in events:
        json.dumps(event.notes, ensure_ascii=False).encode("utf-8")


def _snapshot(root: Path) -> set[str]:
    found = set()
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            found.add(os.path.relpath(os.path.join(folder, name), root))
    return found


def run_cli(args: list[str], *, cwd: Path, stdin: bytes | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "CONFLICTLENS_MAX_CHARS": str(MAX), "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    return subprocess.run([sys.executable, "-m", "conflictlens", *args], cwd=cwd, input=stdin, capture_output=True,
                          timeout=timeout, env=env)


def check_accounting(result: subprocess.CompletedProcess, expected: int) -> dict[str, int]:
    """Exit code, tracebacks and the summary line against the number of documents given."""
    stderr = result.stderr.decode("utf-8", "replace")
    summary = [line for line in stderr.splitlines() if " document(s): " in line][-1]
    total = int(summary.split(": ")[1].split()[0])
    processed = int(summary.split("): ")[1].split()[0])
    failed = int(summary.rsplit(", ", 1)[1].split()[0])
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    return {"exit": result.returncode, "tracebacks": stderr.count("Traceback"), "expected": expected, "total": total,
            "processed": processed, "failed": failed, "error_lines": len(errors),
            "silent_drops": expected - processed - len(errors)}


@pytest.mark.model
def test_hostile_tree_through_the_cli(tmp_path):
    work = tmp_path / "work"
    expected = write_tree(work / "in", hostile_inputs(seed=1414, count=60, max_chars=MAX))
    (work / "out").mkdir()
    before = _snapshot(tmp_path)
    result = run_cli(["extract", "in", "--format", "csv", "-o", "out/events.csv", "--dump-stages", "out/dump"], cwd=work,
                     timeout=300)
    numbers = check_accounting(result, expected)
    assert numbers["tracebacks"] == 0 and numbers["exit"] in (0, 1), result.stderr[-2000:]
    assert numbers["silent_drops"] == 0 and numbers["total"] == expected and numbers["failed"] == numbers["error_lines"]
    outside = _snapshot(tmp_path) - before
    assert all(p.startswith(os.path.join("work", "out")) for p in outside), sorted(outside)[:10]
    assert not Path("/tmp/abs-escape").exists()


@pytest.mark.model
def test_hostile_jsonl_on_stdin_through_the_cli(tmp_path):
    lines = []
    for item in hostile_inputs(seed=7, count=40, max_chars=MAX):
        if item.name.endswith(".jsonl"):
            lines.extend(line for line in item.data.split(b"\n") if line.strip())
        else:
            lines.append(json.dumps({"text": item.data.decode("utf-8", "replace")}).encode())
    result = run_cli(["extract", "-", "--format", "acled"], cwd=tmp_path, stdin=b"\n".join(lines) + b"\n", timeout=300)
    numbers = check_accounting(result, len(lines))
    assert numbers["tracebacks"] == 0 and numbers["exit"] in (0, 1)
    assert numbers["silent_drops"] == 0
