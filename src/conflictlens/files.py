"""Files written safely: atomic replacement, leftovers of killed runs cleaned, ids made into safe path names.

Every cache, store and output file conflictlens writes goes through :func:`atomic_path` (or
:func:`atomic_open`): the work happens in a temporary file named after the target and the writing process, and
only a complete file replaces the target (``os.replace``). A run killed at any point leaves the old target whole;
the temporary file it left is removed by the next writer of the same target once its process is gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import ResourceError

TMP_SUFFIX = ".partial"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def temp_name(target: Path) -> Path:
    """``.<name>.<pid>.<random>.partial`` beside ``target``."""
    return target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}{TMP_SUFFIX}")


def clean_leftovers(target: Path) -> list[Path]:
    """Remove the temporary files of ``target`` left by processes that no longer run; returns what was removed."""
    removed = []
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(\d+)\.[0-9a-f]{{8}}{re.escape(TMP_SUFFIX)}(-journal|-wal|-shm)?$")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        match = pattern.match(name)
        if match and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                (target.parent / name).unlink()
                removed.append(target.parent / name)
    return removed


def _fsync(path: Path, *, skip: type[OSError] = OSError) -> None:
    """Flush a file's (or a folder's entries') data to disk; errors of type ``skip`` are ignored."""
    with contextlib.suppress(skip):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write ``target``'s new content to; on success it replaces ``target``.

    On any exception the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    clean_leftovers(target)
    tmp = temp_name(target)
    try:
        yield tmp
        _fsync(tmp, skip=FileNotFoundError)  # a writer may have produced nothing
        os.replace(tmp, target)
        _fsync(target.parent)
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


@contextlib.contextmanager
def atomic_open(target: str | Path, mode: str = "w", **kwargs: object) -> Iterator[IO]:
    """Open a temporary file for writing; it replaces ``target`` when the block ends without an exception."""
    with atomic_path(target) as tmp, open(tmp, mode, **kwargs) as stream:  # type: ignore[call-overload]
        yield stream


def check_writable(target: str | Path) -> None:
    """Raise :class:`ResourceError` now if ``target`` cannot be written (no folder, a folder, no permission)."""
    path = Path(target)
    if path.is_dir():
        raise ResourceError(f"{path} is a directory, not a file")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ResourceError(f"cannot write {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ResourceError(f"cannot write {path}: folder {folder} is not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise ResourceError(f"cannot write {path}: permission denied")


def safe_component(name: str, *, max_length: int = 100) -> str:
    """A single safe path component for ``name`` (a document id): never empty, ``.``/``..``, absolute or over-long.

    Characters other than letters, digits, ``.``, ``_`` and ``-`` become ``_``; when anything had to change, a short
    hash of the original keeps different ids apart (``../x`` and ``__x`` do not collide).
    """
    cleaned = _UNSAFE.sub("_", name).lstrip(".")[:max_length]
    if cleaned == name and cleaned:
        return cleaned
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{cleaned or 'doc'}-{digest}"


def sqlite_uri(path: Path, **params: str) -> str:
    """A ``file:`` URI for ``sqlite3.connect(..., uri=True)`` that survives ``#``, ``?`` and ``%`` in the path."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{urllib.parse.quote(str(path.absolute()))}" + (f"?{query}" if query else "")
