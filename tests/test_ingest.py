from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from conflictlens.errors import InputError
from conflictlens.ingest import InputItem, parse_published, read_inputs

ENGLISH = "Gunmen attacked a checkpoint near Idlib on Monday, killing three soldiers, the army said."
MAX = 10_000


def read(*sources, **kwargs):
    kwargs.setdefault("max_chars", MAX)
    return list(read_inputs([str(s) for s in sources], **kwargs))


def test_plain_text_file(tmp_path):
    path = tmp_path / "report-1.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    [item] = read(path)
    assert isinstance(item, InputItem)
    assert item.error is None
    assert item.article.text == ENGLISH
    assert item.article.id == "report-1"  # a file's id is its stem
    assert item.name == str(path)


def test_defaults_fill_article_fields(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    [item] = read(path, defaults={"publisher": "Example News", "published": dt.date(2019, 8, 6), "title": None})
    assert item.article.publisher == "Example News"
    assert item.article.published == dt.date(2019, 8, 6)
    assert item.article.title is None


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ENGLISH.encode())
    [item] = read(path)
    assert item.article.text == ENGLISH


def test_directory_of_txt_and_jsonl(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    lines = [{"id": "j1", "text": "First report text.", "publisher": "Outlet"},
             {"text": "Second report text.", "published": "2019-08-06"}]
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    (tmp_path / "named.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    items = read(tmp_path)
    assert [i.error for i in items[:3]] == [None, None, None]
    assert "unsupported file type '.csv'" in str(items[3].error)  # named, never skipped silently
    assert [i.article.text for i in items[:3]] == [ENGLISH, "First report text.", "Second report text."]
    assert items[1].article.id == "j1"
    assert items[1].article.publisher == "Outlet"
    assert items[2].article.published == dt.date(2019, 8, 6)
    assert items[2].article.id.startswith("doc-")  # no id given -> content hash
    assert items[1].name.endswith("b.jsonl:1") and items[2].name.endswith("b.jsonl:2")


def test_empty_directory(tmp_path):
    [item] = read(tmp_path)
    assert item.article is None
    assert isinstance(item.error, InputError)


def test_jsonl_with_one_malformed_line(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"text": "One."}\n{"text": "Two.", oops}\n\n{"text": "Three."}\n', encoding="utf-8")
    items = read(path)
    assert len(items) == 3  # the blank line is skipped, the bad line reported
    good = [i.article.text for i in items if i.article]
    assert good == ["One.", "Three."]
    bad = items[1]
    assert bad.article is None
    assert isinstance(bad.error, InputError)
    assert "malformed JSON" in str(bad.error)
    assert f"{path}:2" in str(bad.error)  # names the line
    assert bad.name == f"{path}:2"


def test_jsonl_line_without_text(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"title": "No body"}\n["not", "an", "object"]\n{"text": 42}\n', encoding="utf-8")
    items = read(path)
    assert all(i.article is None for i in items)
    assert "no 'text'" in str(items[0].error)
    assert "object" in str(items[1].error)
    assert "no 'text'" in str(items[2].error)


def test_jsonl_line_not_utf8(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n{"text": "fine"}\n')
    items = read(path)
    assert "UTF-8" in str(items[0].error)
    assert items[1].article.text == "fine"


def test_jsonl_bad_published(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"text": "Body.", "published": "last Tuesday"}\n', encoding="utf-8")
    [item] = read(path)
    assert item.article is None
    assert "published" in str(item.error)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n ", encoding="utf-8")
    [item] = read(path)
    assert item.article is None
    assert "empty" in str(item.error)
    assert item.error.doc_id == str(path)


def test_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    [item] = read(path)
    assert item.article is None
    assert "binary" in str(item.error)


def test_invalid_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Les forces armées ont attaqué la ville.".encode("latin-1"))
    [item] = read(path)
    assert item.article is None
    assert "UTF-8" in str(item.error)


def test_missing_file(tmp_path):
    [item] = read(tmp_path / "nope.txt")
    assert item.article is None
    assert "no such file" in str(item.error)


def test_over_long_file_refused_by_size(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 100, encoding="utf-8")  # 500 bytes > 4 * 50
    [item] = read(path, max_chars=50)
    assert item.article is None
    assert "limit" in str(item.error)


def test_over_long_file_refused_by_characters(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("x" * 80, encoding="utf-8")  # under 4 * 50 bytes but over 50 characters
    [item] = read(path, max_chars=50)
    assert item.article is None
    assert "80 characters" in str(item.error)


def test_over_long_jsonl_text(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"text": "y" * 60}) + "\n", encoding="utf-8")
    [item] = read(path, max_chars=50)
    assert "limit" in str(item.error)


def test_html_page(tmp_path):
    html = (
        "<!DOCTYPE html><html><head><title>Page title</title><script>var tracker = 'SECRET';</script>"
        "<style>p { color: red }</style></head><body><p>Gunmen attacked a checkpoint.</p>"
        "<div>Three soldiers were <b>killed</b>.</div><script>alert('x')</script></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    [item] = read(path)
    assert item.error is None
    text = item.article.text
    assert "Gunmen attacked a checkpoint." in text
    assert "Three soldiers were killed." in text
    assert "SECRET" not in text and "alert" not in text and "color" not in text and "<" not in text
    assert text.split("\n\n") == ["Gunmen attacked a checkpoint.", "Three soldiers were killed."]


def test_stdin_plain_text():
    stdin = io.BufferedReader(io.BytesIO(ENGLISH.encode("utf-8")))
    [item] = read("-", stdin=stdin)
    assert item.error is None
    assert item.article.text == ENGLISH
    assert item.name == "<stdin>"


def test_stdin_jsonl():
    data = b'{"id": "s1", "text": "First."}\n{"id": "s2", "text": "Second."}\n'
    items = read("-", stdin=io.BufferedReader(io.BytesIO(data)))
    assert [i.article.id for i in items] == ["s1", "s2"]


def test_stdin_too_long():
    stdin = io.BufferedReader(io.BytesIO(b"z" * 1000))
    [item] = read("-", stdin=stdin, max_chars=100)
    assert item.article is None
    assert "limit" in str(item.error)


def test_dash_without_stdin():
    [item] = read("-")
    assert item.article is None
    assert "standard input" in str(item.error)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-08-06", dt.date(2019, 8, 6)),
        ("2019-08-06T10:00:00Z", dt.date(2019, 8, 6)),
        ("2019-08-06 23:59:59+03:00", dt.date(2019, 8, 6)),
        (" 2024-02-29 ", dt.date(2024, 2, 29)),
        (dt.datetime(2019, 8, 6, 10, 30), dt.date(2019, 8, 6)),
        (dt.date(2019, 8, 6), dt.date(2019, 8, 6)),
        (None, None),
        ("", None),
    ],
)
def test_parse_published(value, expected):
    result = parse_published(value)
    assert result == expected
    assert result is None or type(result) is dt.date


@pytest.mark.parametrize("value", ["yesterday", "06/08/2019", "2019-02-30", 20190806, ["2019-08-06"]])
def test_parse_published_garbage(value):
    with pytest.raises(InputError):
        parse_published(value)


def test_text_file_starting_with_brace_is_one_document(tmp_path):
    path = tmp_path / "brace.txt"
    path.write_text("{Editor note} Gunmen attacked a checkpoint near Idlib.", encoding="utf-8")
    items = list(read_inputs([str(path)], max_chars=10_000))
    assert len(items) == 1 and items[0].error is None
    assert items[0].article.text.startswith("{Editor note}")


def test_stdin_text_starting_with_brace_is_text():
    stream = io.BufferedReader(io.BytesIO(b"{draft} Gunmen attacked a checkpoint.\nMore text."))
    items = list(read_inputs(["-"], stdin=stream, max_chars=10_000))
    assert len(items) == 1 and items[0].article is not None


def test_published_with_trailing_garbage_is_refused():
    with pytest.raises(InputError):
        parse_published("2019-08-06garbage")


def test_article_published_text_becomes_a_date_or_a_clear_error():
    import datetime as dt

    from conflictlens.errors import InputError
    from conflictlens.model import Article

    assert Article(text="x", published="2019-08-06").published == dt.date(2019, 8, 6)
    assert Article(text="x", published=dt.datetime(2019, 8, 6, 10, 0)).published == dt.date(2019, 8, 6)
    with pytest.raises(InputError):
        Article(text="x", published="6 August")


# Issue 14's reproducers: every input is read or named in an error, never cut, never a traceback.

def test_deeply_nested_json_line_is_one_error_not_a_crash():
    stream = io.BufferedReader(io.BytesIO(b'{"text": "ok text here"}\n' + b"[" * 50_000 + b"]" * 50_000 + b"\n"))
    items = read("-", stdin=stream)
    assert len(items) == 2 and items[0].error is None
    assert "object" in str(items[1].error) or "nested" in str(items[1].error)


def test_nested_field_is_refused_not_stringified(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_bytes(b'{"text": "Gunmen attacked.", "title": ' + b"[" * 5000 + b"]" * 5000 + b"}\n")
    [item] = read(path)
    assert "nested" in str(item.error) or "must be text" in str(item.error)


def test_stdin_jsonl_is_streamed_past_any_size():
    line = json.dumps({"text": "Gunmen attacked a checkpoint. " * 200}).encode() + b"\n"
    count = 3000  # ~18 MB, well over the old 8 MB cut
    stream = io.BufferedReader(io.BytesIO(line * count))
    items = read("-", stdin=stream, max_chars=10_000)
    assert len(items) == count and all(i.error is None for i in items)


def test_large_jsonl_file_is_streamed_and_an_over_long_line_is_one_error(tmp_path):
    path = tmp_path / "big.jsonl"
    good = json.dumps({"text": "Gunmen attacked a checkpoint near Idlib."}) + "\n"
    path.write_text(good * 500 + json.dumps({"text": "y" * 200_000}) + "\n" + good, encoding="utf-8")
    items = read(path, max_chars=1_000)
    assert len(items) == 502
    assert "line is over" in str(items[500].error) and items[500].name.endswith(":501")
    assert items[501].error is None


def test_stdin_with_a_bad_first_line_is_still_jsonl():
    data = b'not json\n{"id": "a", "text": "Gunmen attacked."}\n{"id": "b", "text": "Police fired."}\n'
    items = read("-", stdin=io.BufferedReader(io.BytesIO(data)))
    assert [i.article.id if i.article else "error" for i in items] == ["error", "a", "b"]
    assert "malformed JSON" in str(items[0].error)


def test_lone_surrogates_become_replacement_characters():
    data = b'{"publisher": "Out\\ud800let", "text": "Gunmen \\udfff attacked."}\n'
    [item] = read("-", stdin=io.BufferedReader(io.BytesIO(data)))
    assert item.article.publisher == "Out\ufffdlet" and item.article.text == "Gunmen \ufffd attacked."
    item.article.text.encode("utf-8")


def test_jsonl_text_gets_the_same_checks_as_files():
    data = (json.dumps({"text": "<!DOCTYPE html><html><body><p>Gunmen attacked.</p></body></html>"}) + "\n"
            + json.dumps({"text": "x" + "\x01\x02\x03" * 20}) + "\n").encode()
    html, controls = read("-", stdin=io.BufferedReader(io.BytesIO(data)))
    assert html.article.text == "Gunmen attacked."
    assert "control characters" in str(controls.error)


@pytest.mark.parametrize("record", [{"text": 42}, {"text": "ok", "id": {"a": 1}}, {"text": "ok", "published": 20190806},
                                    {"text": "ok", "title": True}])
def test_wrong_field_types_are_input_errors(record):
    [item] = read("-", stdin=io.BufferedReader(io.BytesIO(json.dumps(record).encode() + b"\n")))
    assert isinstance(item.error, InputError)


def test_directory_names_every_entry_it_does_not_read(tmp_path):
    import os

    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "page.html").write_text(f"<html><body><p>{ENGLISH}</p></body></html>", encoding="utf-8")
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing")
    os.mkfifo(tmp_path / "pipe.txt")
    items = read(tmp_path)
    by_name = {i.name.rsplit("/", 1)[-1]: i for i in items}
    assert by_name["a.txt"].error is None and by_name["page.html"].article.text == ENGLISH
    assert "unsupported" in str(by_name["x.json"].error)
    assert "broken symbolic link" in str(by_name["dangling.txt"].error)
    assert "not a regular file" in str(by_name["pipe.txt"].error)


def test_directory_walk_skips_the_runs_own_output(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "events.jsonl").write_text('{"event_id": "e1"}\n', encoding="utf-8")
    items = read(tmp_path, exclude=[tmp_path / "events.jsonl"])
    assert [i.name.rsplit("/", 1)[-1] for i in items] == ["a.txt"]
