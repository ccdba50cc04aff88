"""One article from loose fields (a JSONL record, a file, an API call), with every field checked.

Readers and the Python API build articles here, so a wrong type or an unwritable character is an
:class:`InputError` naming the document, never an internal error later in a stage or a writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from ..errors import InputError
from ..model import Article
from .dates import parse_published
from .text import clean_text, fix_surrogates

ARTICLE_FIELDS = ("id", "text", "title", "published", "publisher", "url")
MAX_FIELD_CHARS = 10_000


def _string_field(key: str, value: object, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InputError(f"field {key!r} must be text, not {type(value).__name__}", doc_id=name)
    text = fix_surrogates(str(value))
    if len(text) > MAX_FIELD_CHARS:
        raise InputError(f"field {key!r} has {len(text):,} characters, over {MAX_FIELD_CHARS:,}", doc_id=name)
    if "\x00" in text:
        raise InputError(f"field {key!r} holds a NUL character", doc_id=name)
    return text


def build_article(text: object, *, name: str, max_chars: int, fields: Mapping[str, object] | None = None) -> Article:
    """An :class:`Article` from ``text`` and the optional ``fields`` (id, title, published, publisher, url).

    Raises :class:`InputError` (with ``doc_id`` = ``name``, where the document was read) for a text that fails
    :func:`clean_text`, a field of the wrong type, or an unreadable publication date.
    """
    fields = dict(fields or {})
    unknown = set(fields) - set(ARTICLE_FIELDS)
    if unknown:
        raise InputError(f"unknown article field(s): {', '.join(sorted(unknown))}", doc_id=name)
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}", doc_id=name)
    doc_id = _string_field("id", fields.get("id"), name)
    values: dict[str, object] = {key: _string_field(key, fields.get(key), name) for key in ("title", "publisher", "url")}
    published = fields.get("published")
    if not isinstance(published, (dt.date, str, type(None))):
        raise InputError(f"field 'published' must be an ISO date string, not {type(published).__name__}", doc_id=name)
    try:
        values["published"] = parse_published(published)
    except InputError as e:
        e.doc_id = e.doc_id or name
        raise
    return Article(text=clean_text(text, name=name, max_chars=max_chars), id=doc_id or "", **values)  # type: ignore[arg-type]


def check_article(article: Article) -> Article:
    """``article`` with lone surrogates replaced, or :class:`InputError` if a field has the wrong type.

    For articles built directly (the Python API); readers build theirs with :func:`build_article`.
    """
    if not isinstance(article, Article):
        raise InputError(f"expected an Article, not {type(article).__name__}")
    name = article.id if isinstance(article.id, str) else "<article>"
    if not isinstance(article.text, str):
        raise InputError(f"text must be a string, not {type(article.text).__name__}", doc_id=name)
    changes: dict[str, object] = {}
    for key in ("id", "title", "publisher", "url"):
        value = getattr(article, key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"field {key!r} must be text, not {type(value).__name__}", doc_id=name)
        if value and fix_surrogates(value) != value:
            changes[key] = fix_surrogates(value)
    if fix_surrogates(article.text) != article.text:
        changes["text"] = fix_surrogates(article.text)
    return replace(article, **changes) if changes else article  # type: ignore[arg-type]
