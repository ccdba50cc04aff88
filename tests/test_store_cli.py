"""The store's commands: ingest, events (formats, filters, sources, corroboration), db info|migrate, recluster,
merges, unmerge, and the --db / CONFLICTLENS_DB choice."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from click.testing import CliRunner

from conflictlens.cli import cli
from conflictlens.model import Article
from conflictlens.store import DedupSettings, open_store

REPORTS = [
    {"id": "wire-1", "publisher": "Example Wire", "published": "2024-09-09",
     "text": "BAMAKO, 9 September 2024 (Example Wire) - JNIM fighters attacked an army post in Sokolo on Sunday, "
             "killing four soldiers, the army said."},
    {"id": "paper-1", "publisher": "Example Paper", "published": "2024-09-09",
     "text": "Five Malian soldiers were killed when JNIM militants stormed a military camp at Sokolo on Sunday, "
             "local officials said."},
]


def run(*args, input=None, env=None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def filled(tmp_path, make_event):
    """A SQLite store with two outlets' reports of one clash and one other event."""
    url = f"sqlite:///{tmp_path / 'filled.sqlite3'}"
    store = open_store(url)
    first = make_event()
    store.add_article(Article("one", publisher="Wire", url="https://wire.example/1"), [first], dedup=DedupSettings())
    store.add_article(Article("two", publisher="Paper"), [dataclasses.replace(first, event_id="evt-2", fatalities=7)],
                      dedup=DedupSettings())
    store.add_article(Article("three", publisher="Wire"), [make_event(event_id="evt-3", event_type="Protests",
                                                                     sub_event_type="Peaceful protest")], dedup=DedupSettings())
    store.close()
    return url


@pytest.mark.parametrize("command", [["ingest"], ["events"], ["db", "info"], ["db", "migrate"], ["recluster"],
                                     ["merges"], ["unmerge"]])
def test_every_store_help_shows_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Example:" in result.output


def test_events_jsonl_lists_sources_and_corroboration(filled):
    result = run("events", "--db", filled)
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 2
    clash = next(r for r in records if r["sub_event_type"] == "Armed clash")
    assert clash["corroboration"] == 2 and clash["fatalities"] == 7
    assert [s["publisher"] for s in clash["sources"]] == ["Wire", "Paper"]
    assert clash["sources"][0]["url"] == "https://wire.example/1" and clash["event_id"].startswith("cle-")


@pytest.mark.parametrize("fmt", ["csv", "acled", "plover", "geojson"])
def test_events_formats(filled, fmt):
    output = run("events", "--db", filled, "--format", fmt).output
    if fmt in ("csv", "acled"):
        rows = list(csv.DictReader(io.StringIO(output)))
        assert len(rows) == 2
        assert ("corroboration" in rows[0]) == (fmt == "csv")
        assert "Paper" in next(r for r in rows if r["sub_event_type"] == "Armed clash")["source"]
    elif fmt == "plover":
        assert {r["corroboration"] for r in json.loads(output)} == {1, 2}
    else:
        features = json.loads(output)["features"]
        assert {f["properties"]["corroboration"] for f in features} == {1, 2}


def test_events_parquet(filled, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    assert run("events", "--db", filled, "-f", "parquet", "-o", str(out)).exit_code == 0
    table = pq.read_table(out).to_pylist()
    assert sorted(r["corroboration"] for r in table) == [1, 2]


def test_events_filters(filled):
    count = lambda *a: len(run("events", "--db", filled, *a).output.splitlines())  # noqa: E731
    assert count("--type", "Peaceful protest") == 1
    assert count("--country", "SY") == 2 and count("--country", "Mali") == 0
    assert count("--since", "2019-08-06") == 0 and count("--until", "2019-08-05") == 2
    assert count("--actor", "hayat") == 2 and count("--min-confidence", "0.9") == 0
    assert "not a YYYY-MM-DD" in CliRunner().invoke(cli, ["events", "--db", filled, "--since", "soon"]).output


def test_db_env_variable_and_info(filled):
    info = json.loads(run("db", "info", env={"CONFLICTLENS_DB": filled}).output)
    assert info["schema_version"] == 1 and info["counts"]["articles"] == 3 and info["counts"]["merges"] == 1


def test_db_migrate_creates_a_store(tmp_path):
    path = tmp_path / "new.sqlite3"
    assert "schema version 1" in run("db", "migrate", "--db", str(path)).output and path.exists()


def test_events_on_a_missing_store_is_one_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "none.sqlite3")])
    assert result.exit_code == 1 and "db migrate" in result.output
    assert not (tmp_path / "none.sqlite3").exists()  # looking does not create an empty store


def test_merges_unmerge_and_recluster(filled):
    [merge] = [json.loads(line) for line in run("merges", "--db", filled).output.splitlines()]
    assert merge["score"] > 0.6 and "same place" in merge["reason"]
    split = run("unmerge", str(merge["id"]), "--db", filled, "--reason", "two raids").output.strip()
    assert split.startswith("cle-")
    assert len(run("events", "--db", filled).output.splitlines()) == 3
    assert "3 reports -> 3 events (0 merges)" in run("recluster", "--db", filled).output
    again = CliRunner().invoke(cli, ["unmerge", str(merge["id"]), "--db", filled])
    assert again.exit_code == 1 and "already undone" in again.output


@pytest.mark.model
def test_ingest_merges_outlets_and_is_idempotent(tmp_path, monkeypatch, pipeline):
    import conflictlens.pipeline

    monkeypatch.setattr(conflictlens.pipeline, "Pipeline", lambda *a, **k: pipeline)  # load the model once
    feed = "\n".join(json.dumps(r) for r in REPORTS) + "\n" + "not json\n"
    db = str(tmp_path / "s.sqlite3")
    first = CliRunner().invoke(cli, ["ingest", "-", "--db", db], input=feed)
    assert first.exit_code == 1  # the bad line
    assert "articles: 2 new, 0 already stored, 1 failed; events: 1 new, 1 merged into existing" in first.output
    assert "malformed JSON" in first.output
    again = CliRunner().invoke(cli, ["ingest", "-", "--db", db], input=feed)
    assert "articles: 0 new, 2 already stored, 1 failed; events: 0 new, 0 merged" in again.output
    [record] = [json.loads(line) for line in run("events", "--db", db).output.splitlines()]
    assert record["corroboration"] == 2 and record["fatalities"] == 4
    assert {s["doc_id"] for s in record["sources"]} == {"wire-1", "paper-1"}


@pytest.mark.model
def test_extract_streams_each_document(monkeypatch, pipeline):
    """On stdout the first document's events are written before the second document is processed (an -o FILE
    is replaced whole at the end instead: a killed run leaves the earlier file as it was, issue 14)."""
    import sys

    import conflictlens.pipeline

    seen: list[str] = []
    original = pipeline.pipe

    def spying_pipe(articles):  # type: ignore[no-untyped-def]
        for article in articles:
            sys.stdout.flush()
            seen.append(sys.stdout.buffer.getvalue().decode("utf-8"))
            yield from original([article])

    monkeypatch.setattr(conflictlens.pipeline, "Pipeline", lambda *a, **k: pipeline)
    monkeypatch.setattr(pipeline, "pipe", spying_pipe)
    feed = "\n".join(json.dumps(r) for r in REPORTS) + "\n"
    result = CliRunner().invoke(cli, ["extract", "-"], input=feed)
    assert result.exit_code == 0
    assert seen[0] == "" and "wire-1" in seen[1]


@pytest.mark.model
def test_ingest_with_worker_processes_stores_the_same_dataset(tmp_path):
    """Issue 13: extraction on two worker processes, writes here in input order: the dataset one process builds."""
    from pathlib import Path

    suite = (Path(__file__).parent / "store_suite" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(suite[:12] + ["{not json"] + suite[12:14]) + "\n", encoding="utf-8")  # > one chunk
    exported = []
    for workers in ("1", "2"):
        db = str(tmp_path / f"workers-{workers}.sqlite3")
        result = run("ingest", str(feed), "--db", db, "--workers", workers)
        assert result.exit_code == 1 and "14 new" in result.stdout and "malformed JSON" in result.stderr
        exported.append(run("events", "--db", db).output)
    assert exported[0] == exported[1]
    records = [json.loads(line) for line in exported[0].splitlines()]
    assert len(records) >= 5 and max(r["corroboration"] for r in records) >= 2


@pytest.mark.model
def test_ingest_on_a_dask_cluster_stores_the_same_dataset(tmp_path):
    distributed = pytest.importorskip("distributed")
    from pathlib import Path

    suite = (Path(__file__).parent / "store_suite" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(suite[:10]) + "\n", encoding="utf-8")
    here = str(tmp_path / "here.sqlite3")
    assert run("ingest", str(feed), "--db", here).exit_code == 0
    there = str(tmp_path / "dask.sqlite3")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as cluster:
        result = run("ingest", str(feed), "--db", there, "--dask", cluster.scheduler_address)
    assert result.exit_code == 0 and "10 new" in result.stdout
    assert run("events", "--db", there).output == run("events", "--db", here).output
