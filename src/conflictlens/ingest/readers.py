"""Turn paths, directories, stdin and JSONL lines into articles, one :class:`InputItem` each.

Every problem becomes an item carrying an :class:`InputError` instead of an exception, so a batch reports
the bad document and goes on with the rest.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Article
from .dates import parse_published
from .text import check_text, decode_bytes

log = logging.getLogger(__name__)

JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text", ".md", "")
JSON_FIELDS = ("id", "text", "title", "published", "publisher", "url")


@dataclass(frozen=True)
class InputItem:
    """One input document: an article, or the error that kept it from being one."""

    name: str
    article: Article | None = None
    error: InputError | None = None


def _article_or_error(name: str, build) -> InputItem:  # type: ignore[no-untyped-def]
    try:
        return InputItem(name, article=build())
    except InputError as e:
        e.doc_id = e.doc_id or name
        return InputItem(name, error=e)


def _from_text_bytes(name: str, data: bytes, *, max_chars: int, **fields: object) -> Article:
    text = decode_bytes(data, name=name, max_chars=max_chars)
    check_text(text, name=name, max_chars=max_chars)
    values = dict(fields)
    values["published"] = parse_published(values.get("published"))
    return Article(text=text, **values)  # type: ignore[arg-type]


def _from_json_record(name: str, line: str, *, max_chars: int, defaults: dict[str, object]) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(f"malformed JSON ({e.msg} at column {e.colno})", doc_id=name) from e
    if not isinstance(record, dict):
        raise InputError("a JSONL line must be an object with a 'text' field", doc_id=name)
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError("JSON document has no 'text' string", doc_id=name)
    check_text(text, name=name, max_chars=max_chars)
    values = {k: record.get(k) for k in JSON_FIELDS if record.get(k) not in (None, "")}
    values["id"] = str(values.get("id", ""))
    for key, default in defaults.items():
        values.setdefault(key, default)
    values["published"] = parse_published(values.get("published"))
    for key in ("title", "publisher", "url"):
        if key in values:
            values[key] = str(values[key])
    return Article(**values)  # type: ignore[arg-type]


def iter_jsonl(name: str, stream: Iterable[bytes], *, max_chars: int, defaults: dict[str, object]) -> Iterator[InputItem]:
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        item_name = f"{name}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield InputItem(item_name, error=InputError(f"line is not UTF-8 ({e.reason})", doc_id=item_name))
            continue
        yield _article_or_error(
            item_name, lambda: _from_json_record(item_name, line, max_chars=max_chars, defaults=defaults)
        )


def _first_line_is_json_object(data: bytes) -> bool:
    """True when the first non-blank line parses as a JSON object (a JSONL stream, not text starting with "{")."""
    for raw in data.splitlines():
        if raw.strip():
            try:
                return isinstance(json.loads(raw), dict)
            except (json.JSONDecodeError, UnicodeDecodeError):
                return False
    return False


def read_stream(
    name: str, stream: BinaryIO, *, max_chars: int, defaults: dict[str, object], sniff: bool = True
) -> Iterator[InputItem]:
    """A binary stream holding one plain-text document, or (when ``sniff``) JSONL documents."""
    # Read one byte past the limit's worth of UTF-8 so an over-long text is reported, not silently cut.
    data = stream.read(max_chars * 4 + 1)
    if sniff and _first_line_is_json_object(data):
        yield from iter_jsonl(name, data.splitlines(keepends=True), max_chars=max_chars, defaults=defaults)
        return
    yield _article_or_error(name, lambda: _from_text_bytes(name, data, max_chars=max_chars, **defaults))


def read_path(path: Path, *, max_chars: int, defaults: dict[str, object]) -> Iterator[InputItem]:
    name = str(path)
    if not path.exists():
        yield InputItem(name, error=InputError("no such file or directory", doc_id=name))
        return
    if path.is_dir():
        children = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES)
        if not children:
            yield InputItem(name, error=InputError("directory holds no .txt or .jsonl files", doc_id=name))
        for child in children:
            yield from read_path(child, max_chars=max_chars, defaults=defaults)
        return
    try:
        size = path.stat().st_size
        if size > max_chars * 4:
            yield InputItem(name, error=InputError(f"file is {size:,} bytes, over the {max_chars:,}-character limit", doc_id=name))
            return
        with path.open("rb") as stream:
            if path.suffix.lower() in JSONL_SUFFIXES:
                yield from iter_jsonl(name, stream, max_chars=max_chars, defaults=defaults)
            else:
                file_defaults = {"id": path.stem, **defaults}
                # A .txt file is one document even when it starts with "{": only .jsonl files hold JSON lines.
                yield from read_stream(name, stream, max_chars=max_chars, defaults=file_defaults, sniff=False)
    except OSError as e:
        yield InputItem(name, error=InputError(f"cannot read: {e.strerror or e}", doc_id=name))


def read_inputs(
    sources: Iterable[str], *, stdin: BinaryIO | None = None, max_chars: int, defaults: dict[str, object] | None = None
) -> Iterator[InputItem]:
    """Yield one :class:`InputItem` per document in ``sources`` (paths, or ``-`` for ``stdin``)."""
    defaults = {k: v for k, v in (defaults or {}).items() if v is not None}
    for source in sources:
        if source == "-":
            if stdin is None:
                yield InputItem("-", error=InputError("no standard input", doc_id="-"))
                continue
            yield from read_stream("<stdin>", stdin, max_chars=max_chars, defaults=defaults)
        else:
            yield from read_path(Path(source), max_chars=max_chars, defaults=defaults)
