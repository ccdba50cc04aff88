"""Decoding and the checks every document's text gets, whatever it came from: binary, invalid UTF-8, lone
surrogates, HTML, control characters, empty, over-long."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import InputError

_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_SKIP_TAGS = {"script", "style", "noscript", "template", "head"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "title"}


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page, one paragraph per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self.skip:
            self.skip -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def fix_surrogates(value: str) -> str:
    """Lone surrogates ("\\ud800" in JSON) cannot be written as UTF-8: each becomes U+FFFD (same length)."""
    return _SURROGATE.sub("\ufffd", value)


def decode_bytes(data: bytes, *, name: str, max_chars: int) -> str:
    """UTF-8 text from bytes, refusing binary data and invalid UTF-8 with a clear reason."""
    if b"\x00" in data[:65536]:
        raise InputError("looks like a binary file (NUL bytes), not text", doc_id=name)
    if len(data) > max_chars * 4:
        raise InputError(f"over the {max_chars:,}-character limit", doc_id=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"not valid UTF-8 (byte {e.start}: {e.reason}); convert it to UTF-8 first", doc_id=name) from e


def clean_text(text: str, *, name: str, max_chars: int) -> str:
    """The text a document is processed with, or an :class:`InputError`: the same checks for files, JSONL and stdin.

    An HTML page becomes its visible text; binary-looking text (NUL or many control characters), empty text and
    text over ``max_chars`` are refused; lone surrogates become U+FFFD.
    """
    if len(text) > max_chars * 4:
        raise InputError(f"document has {len(text):,} characters, over the {max_chars:,} limit", doc_id=name)
    if "\x00" in text[:65536]:
        raise InputError("looks like binary data (NUL characters), not text", doc_id=name)
    text = fix_surrogates(text)
    if _HTML_START.match(text[:1024]):
        text = html_to_text(text)
    sample = text[:65536]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0x7F <= ord(ch) < 0xA0)
    if controls > max(8, len(sample) // 100):
        raise InputError("looks like binary data (control characters), not text", doc_id=name)
    if not text.strip():
        raise InputError("document is empty", doc_id=name)
    if len(text) > max_chars:
        raise InputError(f"document has {len(text):,} characters, over the {max_chars:,} limit", doc_id=name)
    return text

