"""The command line: help texts with examples, version, formats, bad input and exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from conflictlens import __version__
from conflictlens.cli import cli

REPORT = (
    "Militants attack army post in Mali\n\n"
    "BAMAKO, 11 September 2024 (Example Wire) - JNIM fighters attacked an army post in Sokolo on Sunday, "
    "killing four soldiers, the army said.\n"
)


def run(*args, input=None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", [[], ["extract"], ["demo"], ["framing"], ["stages"], ["settings"],
                                     ["actors", "stats"], ["gazetteer", "info"], ["gazetteer", "import"],
                                     ["gazetteer", "download"]])
def test_every_help_shows_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output or command in ([], ["actors"], ["gazetteer"])


def test_stages_lists_the_default_stages():
    result = run("stages")
    for name in ("normalize", "parse", "places", "actors", "dates", "sources", "events", "fatalities", "assemble"):
        assert name in result.output


def test_missing_file_is_one_line_and_exit_1(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "no such file" in result.output
    assert "Traceback" not in result.output


@pytest.mark.model
def test_extract_text_with_publication_date_and_acled_csv(tmp_path):
    path = tmp_path / "mali.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = run("extract", str(path), "--published", "2024-09-11", "--format", "acled")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    clash = next(r for r in rows if r["sub_event_type"] == "Armed clash")
    assert clash["event_date"] == "2024-09-08"  # "on Sunday" before a Wednesday publication
    assert clash["location"] == "Sokolo"
    assert clash["fatalities"] == "4"
    assert "Military Forces of Mali (2021-)" in (clash["actor1"], clash["actor2"])  # Goita's government


@pytest.mark.model
def test_batch_goes_on_after_bad_documents(tmp_path):
    good = json.dumps({"id": "ok", "text": REPORT, "published": "2024-09-11"})
    lines = "\n".join([good, "{not json", json.dumps({"id": "empty", "text": "  "})]) + "\n"
    path = tmp_path / "batch.jsonl"
    path.write_text(lines, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert records and {r["doc_id"] for r in records} == {"ok"}
    assert "malformed JSON" in result.stderr and "empty" in result.stderr


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "plover", "geojson"])
def test_formats_from_stdin(fmt):
    result = run("extract", "-", "--published", "2024-09-11", "--format", fmt, input=REPORT)
    assert result.exit_code == 0
    if fmt == "geojson":
        assert json.loads(result.output)["type"] == "FeatureCollection"
    elif fmt == "plover":
        assert any(e["event_type"] == "ASSAULT" for e in json.loads(result.output))
    else:
        assert "Sokolo" in result.output


@pytest.mark.model
def test_parquet_needs_an_output_file(tmp_path):
    assert CliRunner().invoke(cli, ["extract", "-", "--format", "parquet"], input=REPORT).exit_code == 2
    target = tmp_path / "events.parquet"
    result = run("extract", "-", "--published", "2024-09-11", "--format", "parquet", "-o", str(target), input=REPORT)
    assert result.exit_code == 0 and target.stat().st_size > 0


@pytest.mark.model
def test_demo_runs_on_the_packaged_sample():
    result = CliRunner().invoke(cli, ["demo", "--format", "acled"])
    assert result.exit_code == 0
    assert "Supreme Political Council" in result.stdout  # the Houthis, as ACLED names them
    assert "events from the sample report" in result.stderr


@pytest.mark.model
def test_framing_reports_labels_not_names(tmp_path):
    path = tmp_path / "labels.txt"
    path.write_text("Terrorists of the Houthi militia shelled army positions near Marib on Monday, killing two soldiers.",
                    encoding="utf-8")
    result = run("framing", str(path))
    labels = json.loads(result.output)["labels"]
    assert any(entry["label"].lower().startswith("terrorist") for entry in labels)


@pytest.mark.model
def test_dump_stages_writes_every_stage(tmp_path):
    result = run("extract", "-", "--published", "2024-09-11", "--dump-stages", str(tmp_path), input=REPORT)
    assert result.exit_code == 0
    (folder,) = list(tmp_path.iterdir())
    names = sorted(p.name for p in folder.iterdir())
    assert names[0].startswith("01-normalize") and names[-1].startswith("09-assemble")


@pytest.mark.model
def test_workers_give_the_same_output_and_failures_in_input_order(tmp_path):
    docs = [json.dumps({"id": f"d{i}", "text": REPORT, "published": f"2024-09-{11 + i % 9:02d}"}) for i in range(11)]
    docs.insert(2, json.dumps({"id": "parens", "text": REPORT + "(" * 600}))  # a run of one character: refused
    docs.insert(9, "{not json")
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(docs) + "\n", encoding="utf-8")
    one = CliRunner().invoke(cli, ["extract", str(path), "--workers", "1"])
    two = CliRunner().invoke(cli, ["extract", str(path), "--workers", "2"])
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout and one.stdout.count('"doc_id": "d10"') >= 1
    errors = [line for line in two.stderr.splitlines() if line.startswith("error:")]
    assert errors == [line for line in one.stderr.splitlines() if line.startswith("error:")]
    assert "batch.jsonl:3:" in errors[0] and "max_char_run" in errors[0] and "malformed JSON" in errors[1]
