"""Opening the gazetteer a pipeline uses: the built-in index, imported dumps, and user place files, layered."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from pathlib import Path

from ..errors import DataFileError, ResourceError
from ..files import clean_leftovers
from .gazetteer import LayeredGazetteer, MemoryGazetteer
from .importer import csv_rows
from .index import SQLiteGazetteer

log = logging.getLogger(__name__)

def read_place_csv(path: str | Path) -> MemoryGazetteer:
    """A user's own places: CSV with columns name, alternate_names (``|``-separated), lat, lon, country, admin1."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise DataFileError(f"cannot read place file {path}: {e}") from e
    gazetteer = MemoryGazetteer()
    for entry, alternates in csv_rows(text, str(path)):
        gazetteer.add(replace(entry, source=f"user:{Path(path).name}"), alternates)
    return gazetteer


def _recover_journal(path: Path) -> None:
    """Roll back a write an earlier version left half done (its hot journal makes read-only opening fail)."""
    if not Path(f"{path}-journal").exists():
        return
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("SELECT COUNT(*) FROM meta").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise ResourceError(f"cannot recover the imported gazetteer {path}: {e}; remove it and import again") from e


def open_gazetteer(cache_dir: Path, place_files: tuple[str, ...] = ()) -> LayeredGazetteer:
    layers = [read_place_csv(p) for p in place_files]
    imported = cache_dir / "imported.sqlite3"
    clean_leftovers(imported)
    if imported.exists():
        _recover_journal(imported)
        layers.append(SQLiteGazetteer(imported))
    layers.append(SQLiteGazetteer.open(cache_dir))
    return LayeredGazetteer(layers)
