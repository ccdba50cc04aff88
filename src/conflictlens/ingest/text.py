"""Decoding and sanity checks for raw text: binary, invalid UTF-8, empty, over-long, HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import InputError

_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
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


def decode_bytes(data: bytes, *, name: str, max_chars: int) -> str:
    """UTF-8 text from bytes, refusing binary data and invalid UTF-8 with a clear reason."""
    if b"\x00" in data[:65536]:
        raise InputError("looks like a binary file (NUL bytes), not text", doc_id=name)
    if len(data) > max_chars * 4:
        raise InputError(f"over the {max_chars:,}-character limit", doc_id=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"not valid UTF-8 (byte {e.start}: {e.reason}); convert it to UTF-8 first", doc_id=name) from e
    if _HTML_START.match(data[:1024]):
        text = html_to_text(text)
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise InputError("looks like a binary file (control characters), not text", doc_id=name)
    return text


def check_text(text: str, *, name: str, max_chars: int) -> None:
    if not text.strip():
        raise InputError("document is empty", doc_id=name)
    if len(text) > max_chars:
        raise InputError(f"document has {len(text):,} characters, over the {max_chars:,} limit", doc_id=name)
