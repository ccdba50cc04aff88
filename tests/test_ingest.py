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
    (tmp_path / "ignored.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    items = read(tmp_path)
    assert [i.error for i in items] == [None, None, None]
    assert [i.article.text for i in items] == [ENGLISH, "First report text.", "Second report text."]
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
