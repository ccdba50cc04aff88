"""One reader for every input: paths, directories, JSONL files and stdin, one :class:`InputItem` per document.

Every problem becomes an item carrying an :class:`InputError` instead of an exception, so a batch reports the
bad document and goes on; every file a directory holds is read or named in an error (nothing is skipped
silently), and the paths in ``exclude`` (the run's own output) are never read back as input.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..files import TMP_SUFFIX
from ..model import Article
from .fields import build_article
from .jsonl import (
    CHUNK,
    iter_lines,
    line_limit,
    looks_like_jsonl,
    parse_record,
    record_to_article,
)
from .text import decode_bytes

log = logging.getLogger(__name__)

JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", "")


@dataclass(frozen=True)
class InputItem:
    """One input document: an article, or the error that kept it from being one."""

    name: str
    article: Article | None = None
    error: InputError | None = None


def _item(name: str, build: Callable[[], Article]) -> InputItem:
    try:
        return InputItem(name, article=build())
    except InputError as e:
        e.doc_id = e.doc_id or name
        return InputItem(name, error=e)


def _error(name: str, message: str) -> InputItem:
    return InputItem(name, error=InputError(message, doc_id=name))


def _chunks(stream: BinaryIO, head: bytes = b"") -> Iterator[bytes]:
    if head:
        yield head
    read = getattr(stream, "read1", stream.read)
    while chunk := read(CHUNK):
        yield chunk


def iter_jsonl(name: str, chunks: Iterable[bytes], *, max_chars: int, defaults: dict[str, object]) -> Iterator[InputItem]:
    """One item per non-blank line of a JSONL stream (named ``name:line``)."""
    limit = line_limit(max_chars)
    for number, raw in iter_lines(chunks, limit):
        item_name = f"{name}:{number}"
        if raw is None:
            yield _error(item_name, f"line is over {limit:,} bytes (the {max_chars:,}-character limit)")
        elif raw.strip():
            yield _item(item_name, lambda: record_to_article(
                parse_record(raw, name=item_name), name=item_name, max_chars=max_chars, defaults=defaults))


def _text_document(name: str, data: bytes, *, max_chars: int, defaults: dict[str, object]) -> InputItem:
    return _item(name, lambda: build_article(decode_bytes(data, name=name, max_chars=max_chars), name=name,
                                             max_chars=max_chars, fields=defaults))


def read_stream(
    name: str, stream: BinaryIO, *, max_chars: int, defaults: dict[str, object], sniff: bool = True
) -> Iterator[InputItem]:
    """A binary stream holding one plain-text document, or (when ``sniff`` finds a JSON object line) JSONL."""
    head, at_end = b"", False
    limit = max_chars * 4 + 1
    while b"\n" not in head and len(head) < limit:
        chunk = stream.read(CHUNK)
        if not chunk:
            at_end = True
            break
        head += chunk
    if sniff and looks_like_jsonl(head, at_end=at_end):
        text_defaults = {k: v for k, v in defaults.items() if k != "id"}
        yield from iter_jsonl(name, _chunks(stream, head), max_chars=max_chars, defaults=text_defaults)
        return
    # Read one byte past the limit's worth of UTF-8 so an over-long text is reported, not silently cut.
    data = head if at_end else head + stream.read(max(0, limit - len(head)))
    yield _text_document(name, data, max_chars=max_chars, defaults=defaults)


def _read_file(path: Path, name: str, *, max_chars: int, defaults: dict[str, object]) -> Iterator[InputItem]:
    try:
        with path.open("rb") as stream:
            if path.suffix.lower() in JSONL_SUFFIXES:
                yield from iter_jsonl(name, _chunks(stream), max_chars=max_chars, defaults=defaults)
                return
            file_defaults = {"id": path.stem, **defaults}
            mode = os.fstat(stream.fileno()).st_mode
            if stat.S_ISREG(mode) and os.fstat(stream.fileno()).st_size > max_chars * 4:
                yield _error(name, f"file is {os.fstat(stream.fileno()).st_size:,} bytes, over the {max_chars:,}-character limit")
                return
            # A .txt file is one document even when it starts with "{"; a named pipe is sniffed like stdin.
            yield from read_stream(name, stream, max_chars=max_chars, defaults=file_defaults, sniff=not stat.S_ISREG(mode))
    except OSError as e:
        yield _error(name, f"cannot read: {e.strerror or e}")


def _directory_entry(path: Path, *, excluded: set[Path]) -> str | None:
    """Why a directory entry is not read as a document, or ``None`` if it is."""
    if path.is_symlink():
        if not path.exists():
            return "broken symbolic link"
        if path.is_dir():
            return "symbolic link to a directory, not followed"
    try:
        mode = path.stat().st_mode
    except OSError as e:
        return f"cannot read: {e.strerror or e}"
    if not stat.S_ISREG(mode):
        return "not a regular file (pipe, socket or device), skipped"
    if path.suffix.lower() not in TEXT_SUFFIXES + JSONL_SUFFIXES:
        return f"unsupported file type {path.suffix!r}: directories are read for .txt, .md, .html and .jsonl files"
    return None


def _walk(root: Path, *, excluded: set[Path]) -> Iterator[tuple[Path, str | None]]:
    for folder, dirs, files in os.walk(root, followlinks=False, onerror=None):
        base = Path(folder)
        dirs[:] = sorted(d for d in dirs if _resolved(base / d) not in excluded and not (base / d).is_symlink())
        links = sorted(d for d in os.listdir(folder) if (base / d).is_symlink() and (base / d).is_dir())
        for entry in sorted(set(files) | set(links)):
            path = base / entry
            if (_resolved(path) in excluded or _own_partial(path, excluded)) and not path.is_symlink():
                log.info("%s: the run's own output, not read", path)
                continue
            yield path, _directory_entry(path, excluded=excluded)


def _own_partial(path: Path, excluded: set[Path]) -> bool:
    """The temporary file an output is being written to while the inputs are still read (``files.atomic_open``:
    ``.<name>.<pid>.<random>.partial`` beside it): the run's own output too."""
    if not path.name.endswith(TMP_SUFFIX) or not path.name.startswith("."):
        return False
    parent = _resolved(path.parent)
    return any(e.parent == parent and path.name.startswith(f".{e.name}.") for e in excluded)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def read_path(path: Path, *, max_chars: int, defaults: dict[str, object], exclude: Iterable[Path] = ()) -> Iterator[InputItem]:
    name = str(path)
    if path.is_symlink() and not path.exists():
        yield _error(name, "broken symbolic link")
    elif not path.exists():
        yield _error(name, "no such file or directory")
    elif path.is_dir():
        excluded = {_resolved(p) for p in exclude}
        found = False
        for child, problem in _walk(path, excluded=excluded):
            found = True
            if problem:
                yield _error(str(child), problem)
            else:
                yield from _read_file(child, str(child), max_chars=max_chars, defaults=defaults)
        if not found:
            yield _error(name, "directory holds no files")
    else:
        yield from _read_file(path, name, max_chars=max_chars, defaults=defaults)


def read_inputs(
    sources: Iterable[str],
    *,
    stdin: BinaryIO | None = None,
    max_chars: int,
    defaults: dict[str, object] | None = None,
    exclude: Iterable[str | Path] = (),
) -> Iterator[InputItem]:
    """Yield one :class:`InputItem` per document in ``sources`` (paths, or ``-`` for ``stdin``).

    ``exclude`` lists paths a directory walk must not read (the run's output file and dump folder).
    """
    defaults = {k: v for k, v in (defaults or {}).items() if v is not None}
    excluded = [Path(p) for p in exclude]
    for source in sources:
        if source == "-":
            if stdin is None:
                yield _error("-", "no standard input")
                continue
            yield from read_stream("<stdin>", stdin, max_chars=max_chars, defaults=defaults)
        else:
            yield from read_path(Path(source), max_chars=max_chars, defaults=defaults, exclude=excluded)
