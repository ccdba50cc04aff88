from __future__ import annotations

import re

from conflictlens.ids import make_id
from conflictlens.model import Article


def test_make_id_is_stable_and_pinned():
    # Pinned value: ids must not change across runs, machines or Python versions (sha1 of UTF-8 text).
    assert make_id("doc", None, "text") == "doc-005e0524dfe44672"
    assert make_id("evt", "a", 1) == make_id("evt", "a", 1)


def test_make_id_differs_for_different_parts():
    assert make_id("evt", "a", 1) != make_id("evt", "a", 2)
    # Part boundaries matter: ("ab", "c") and ("a", "bc") are different inputs.
    assert make_id("evt", "ab", "c") != make_id("evt", "a", "bc")


def test_make_id_prefix_and_length():
    ident = make_id("place", "Idlib")
    assert re.fullmatch(r"place-[0-9a-f]{16}", ident)
    assert re.fullmatch(r"x-[0-9a-f]{8}", make_id("x", "Idlib", length=8))
    # The prefix is a label, not part of the hash.
    assert make_id("a", "Idlib").split("-")[1] == make_id("b", "Idlib").split("-")[1]


def test_make_id_none_hashes_as_empty_string():
    assert make_id("x", None, "t") == make_id("x", "", "t")


def test_article_id_is_content_hash():
    text = "Gunmen attacked a checkpoint near Idlib on Monday, killing three soldiers."
    first = Article(text=text, title="Attack")
    again = Article(text=text, title="Attack")
    assert first.id == again.id
    assert first.id.startswith("doc-")
    assert first.id == make_id("doc", "Attack", text)


def test_article_id_changes_with_title_and_text():
    text = "Gunmen attacked a checkpoint near Idlib."
    assert Article(text=text, title="One").id != Article(text=text, title="Two").id
    assert Article(text=text).id != Article(text=text + " More.").id


def test_article_explicit_id_is_kept():
    assert Article(text="Some text.", id="my-doc").id == "my-doc"
