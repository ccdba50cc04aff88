"""Opening the gazetteer a pipeline uses: the built-in index, imported dumps, and user place files, layered."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from ..errors import DataFileError
from .gazetteer import POPULATED, GazEntry, LayeredGazetteer, MemoryGazetteer
from .index import SQLiteGazetteer

log = logging.getLogger(__name__)

PLACE_FILE_COLUMNS = ("name", "alternate_names", "lat", "lon", "country", "admin1")


def read_place_csv(path: str | Path) -> MemoryGazetteer:
    """A user's own places: CSV with columns name, alternate_names (``|``-separated), lat, lon, country, admin1."""
    gazetteer = MemoryGazetteer()
    try:
        with open(path, encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            missing = [c for c in ("name", "lat", "lon", "country") if c not in (reader.fieldnames or [])]
            if missing:
                raise DataFileError(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(PLACE_FILE_COLUMNS)}")
            for line_no, row in enumerate(reader, start=2):
                try:
                    entry = GazEntry(None, row["name"].strip(), float(row["lat"]), float(row["lon"]),
                                     row["country"].strip().upper(), "", (row.get("admin1") or "").strip(),
                                     0, POPULATED, f"user:{Path(path).name}")
                except (ValueError, AttributeError, TypeError) as e:
                    raise DataFileError(f"{path} line {line_no}: missing or invalid value ({e})") from e
                alternates = [a.strip() for a in (row.get("alternate_names") or "").split("|") if a.strip()]
                gazetteer.add(entry, alternates)
    except OSError as e:
        raise DataFileError(f"cannot read place file {path}: {e}") from e
    return gazetteer


def open_gazetteer(cache_dir: Path, place_files: tuple[str, ...] = ()) -> LayeredGazetteer:
    layers = [read_place_csv(p) for p in place_files]
    imported = cache_dir / "imported.sqlite3"
    if imported.exists():
        layers.append(SQLiteGazetteer(imported))
    layers.append(SQLiteGazetteer.open(cache_dir))
    return LayeredGazetteer(layers)
