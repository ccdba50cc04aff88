"""JSONL documents, streamed: one object per line, a length limit per line, one clear error per bad line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from ..errors import InputError
from ..model import Article
from .fields import ARTICLE_FIELDS, build_article

CHUNK = 1 << 16


def line_limit(max_chars: int) -> int:
    """Bytes one JSONL line may hold: the text limit with room for JSON escapes and the other fields."""
    return max_chars * 6 + (1 << 16)


def iter_lines(chunks: Iterable[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` per line of a chunked stream; ``None`` for a line over ``limit`` bytes.

    Memory stays within ``limit`` plus one chunk whatever the stream holds: an over-long line is skipped, not kept.
    """
    buf = bytearray()
    number, skipping = 0, False
    for chunk in chunks:
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                if not skipping:
                    buf += chunk[start:]
                    if len(buf) > limit:
                        skipping = True
                        buf.clear()
                break
            number += 1
            if not skipping:
                buf += chunk[start:end + 1]
            yield number, None if skipping or len(buf) > limit else bytes(buf)
            buf.clear()
            skipping = False
            start = end + 1
    if skipping or buf:
        yield number + 1, None if skipping else bytes(buf)


def parse_record(line: bytes | str, *, name: str) -> dict[str, object]:
    """The JSON object on one line, or an :class:`InputError` (malformed, too deeply nested, not an object)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(f"malformed JSON ({e.msg} at column {e.colno})", doc_id=name) from e
    except UnicodeDecodeError as e:
        raise InputError(f"line is not UTF-8 ({e.reason})", doc_id=name) from e
    except RecursionError as e:
        raise InputError("JSON nested too deeply", doc_id=name) from e
    if not isinstance(record, dict):
        raise InputError("a JSONL line must be an object with a 'text' field", doc_id=name)
    return record


def record_to_article(record: dict[str, object], *, name: str, max_chars: int, defaults: dict[str, object]) -> Article:
    if not isinstance(record.get("text"), str):
        raise InputError("JSON document has no 'text' string", doc_id=name)
    fields = {k: record[k] for k in ARTICLE_FIELDS if k != "text" and record.get(k) not in (None, "")}
    for key, default in defaults.items():
        fields.setdefault(key, default)
    return build_article(record["text"], name=name, max_chars=max_chars, fields=fields)


def looks_like_jsonl(head: bytes, *, at_end: bool) -> bool:
    """True when a line of ``head`` (the start of a stream) is a JSON object: the stream is JSONL, not text.

    Only complete lines are looked at (the last one too when ``at_end``), so a long first document is not
    mistaken for text because ``head`` cut it.
    """
    lines = head.splitlines()
    complete = lines if at_end or head.endswith(b"\n") else lines[:-1]
    for raw in complete[:50]:
        stripped = raw.strip()
        if stripped.startswith(b"{") and stripped.endswith(b"}"):
            try:
                if isinstance(json.loads(stripped), dict):
                    return True
            except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
                continue
    return False
