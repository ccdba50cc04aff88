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
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
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
        assert json.loads(result.stdout)["type"] == "FeatureCollection"
    elif fmt == "plover":
        assert any(e["event_type"] == "ASSAULT" for e in json.loads(result.stdout))
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
    labels = json.loads(result.stdout)["labels"]
    assert any(entry["label"].lower().startswith("terrorist") for entry in labels)


@pytest.mark.model
def test_dump_stages_writes_every_stage(tmp_path):
    result = run("extract", "-", "--published", "2024-09-11", "--dump-stages", str(tmp_path), input=REPORT)
    assert result.exit_code == 0
    (folder,) = list(tmp_path.iterdir())
    names = sorted(p.name for p in folder.iterdir())
    assert names[0].startswith("01-normalize") and names[-1].startswith("09-assemble")


# Exit codes and issue 14's reproducers.

def test_help_documents_the_exit_codes():
    result = run("--help")
    for line in ("0  every document processed", "1  some documents failed", "2  usage error", "3  internal error"):
        assert line in result.output


def test_output_into_a_missing_folder_is_a_usage_error_before_any_work(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "no" / "x.csv")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and "no such file" not in result.stderr


def test_an_unexpected_exception_is_one_line_and_exit_3(monkeypatch):
    import conflictlens.cli.info as info

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(info, "load_settings", broken)
    result = CliRunner().invoke(cli, ["settings"])
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: internal error: ZeroDivisionError: boom")
    assert "Traceback" not in result.output


@pytest.mark.model
def test_nested_json_on_stdin_is_a_document_error_not_a_crash():
    result = CliRunner().invoke(cli, ["extract", "-"], input="[" * 1000 + "]" * 1000 + "\n")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "1 document(s): 0 processed (0 events), 1 failed" in result.stderr


@pytest.mark.model
def test_demo_writes_parquet_with_an_output_file(tmp_path):
    assert CliRunner().invoke(cli, ["demo", "--format", "parquet"]).exit_code == 2
    result = CliRunner().invoke(cli, ["demo", "--format", "parquet", "-o", str(tmp_path / "d.parquet")])
    assert result.exit_code == 0 and (tmp_path / "d.parquet").stat().st_size > 0


@pytest.mark.model
def test_hostile_ids_and_publishers_stay_inside_their_folders_and_cells(tmp_path):
    dump = tmp_path / "dump"
    ids = ["../escaped", str(tmp_path / "absolute"), "a" * 300, "nul\x00id"]
    lines = [json.dumps({"id": i, "text": REPORT, "published": "2024-09-11", "publisher": "=HYPERLINK(1)"}) for i in ids]
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(cli, ["extract", "-", "--format", "csv", "-o", str(out), "--dump-stages", str(dump)],
                                input="\n".join(lines) + "\n")
    assert result.exit_code == 1  # the NUL id is refused, named on stderr
    assert "<stdin>:4" in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump", "events.csv"]
    assert len(list(dump.iterdir())) == 3
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows and all(r["source"].startswith("'=") or not r["source"].startswith("=") for r in rows)
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())


@pytest.mark.model
def test_output_inside_the_input_folder_is_not_read_back(tmp_path):
    (tmp_path / "mali.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "events.jsonl"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["extract", str(tmp_path), "--published", "2024-09-11", "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        assert "1 document(s): 1 processed" in result.stderr


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
