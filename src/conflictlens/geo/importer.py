"""Importing fuller gazetteers: GeoNames dump files (a country file such as ``SY.txt`` or its ``SY.zip``, or
``allCountries.txt``) and simple CSV files of the user's own places, into ``imported.sqlite3`` beside the
built-in index. Imported places take part in resolution like built-in ones (the village coverage that
cities500 lacks).

``download`` fetches GeoNames country dumps when the machine is online; it is an explicit command, never
something the pipeline does on its own.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import logging
import os
import shutil
import sqlite3
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataFileError, ResourceError
from ..files import atomic_path, clean_leftovers, sqlite_uri
from .gazetteer import ADMIN1, POPULATED, GazEntry
from .index import _INDEXES, _SCHEMA, write_entries
from .names import is_latin_or_arabic

log = logging.getLogger(__name__)

IMPORTED_NAME = "imported.sqlite3"
GEONAMES_COLUMNS = 19
DEFAULT_DOWNLOAD_URL = "https://download.geonames.org/export/dump/{code}.zip"
# Feature codes worth a point: populated places and administrative units (the rest are hills, wells, hotels).
KEPT_CLASSES = {"P"}
ADMIN_CODES = {"ADM1": ADMIN1, "ADM2": "admin2", "ADM3": "admin3"}


@dataclass(frozen=True)
class ImportReport:
    source: str
    places: int
    skipped: int


def _geonames_rows(lines: Iterable[str], source: str) -> Iterator[tuple[GazEntry, list[str]]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) != GEONAMES_COLUMNS:
            raise DataFileError(f"{source} line {number}: {len(cols)} columns, a GeoNames dump line has {GEONAMES_COLUMNS}")
        feature_class, feature_code = cols[6], cols[7]
        kind = POPULATED if feature_class in KEPT_CLASSES else ADMIN_CODES.get(feature_code)
        if kind is None:
            continue
        try:
            entry = GazEntry(int(cols[0]), cols[1], float(cols[4]), float(cols[5]), cols[8], cols[10], "",
                             int(cols[14] or 0), kind, f"import:{source}")
        except ValueError as e:
            raise DataFileError(f"{source} line {number}: {e}") from e
        alternates = [n for n in [cols[2], *cols[3].split(",")] if n and is_latin_or_arabic(n)]
        yield entry, alternates


def csv_rows(text: str, source: str) -> Iterator[tuple[GazEntry, list[str]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("name", "lat", "lon", "country") if c not in (reader.fieldnames or [])]
    if missing:
        raise DataFileError(f"{source}: missing column(s) {', '.join(missing)}; expected name,alternate_names,lat,lon,country,admin1")
    for number, row in enumerate(reader, start=2):
        try:
            entry = GazEntry(None, row["name"].strip(), float(row["lat"]), float(row["lon"]), row["country"].strip().upper(),
                             "", (row.get("admin1") or "").strip(), 0, POPULATED, f"import:{source}")
        except (ValueError, AttributeError, TypeError) as e:
            raise DataFileError(f"{source} line {number}: missing or invalid value ({e})") from e
        yield entry, [a.strip() for a in (row.get("alternate_names") or "").split("|") if a.strip()]


def read_source(path: Path) -> Iterator[tuple[GazEntry, list[str]]]:
    """Entries of a GeoNames dump (.txt or .zip) or a place CSV (.csv)."""
    name = path.name
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if m.endswith(".txt") and not m.lower().startswith("readme")]
                if not members:
                    raise DataFileError(f"{name}: the archive holds no GeoNames .txt file")
                with archive.open(members[0]) as raw:
                    yield from _geonames_rows(io.TextIOWrapper(raw, encoding="utf-8"), name)
        elif path.suffix.lower() == ".csv":
            yield from csv_rows(path.read_text(encoding="utf-8"), name)
        else:
            with path.open(encoding="utf-8") as stream:
                yield from _geonames_rows(stream, name)
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as e:
        raise DataFileError(f"cannot read {path}: {e}") from e


@contextlib.contextmanager
def _locked(cache_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the cache folder: one import at a time, so none is lost to another's swap."""
    fd = os.open(cache_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock, also when the process is killed


def _write_import(tmp: Path, live: Path, source: str, entries: list[tuple[GazEntry, list[str]]]) -> int:
    """Copy the live store (if any) to ``tmp`` and replace ``source``'s places there."""
    if live.exists():
        shutil.copyfile(live, tmp)
    conn = sqlite3.connect(tmp)
    try:
        if not live.exists():
            conn.executescript(_SCHEMA + _INDEXES)
            conn.execute("INSERT INTO meta VALUES ('source_version', 'imported')")
        else:  # an import made before names.place was indexed: a country's names are read through it
            conn.execute("CREATE INDEX IF NOT EXISTS names_place ON names(place)")
        conn.execute("DELETE FROM names WHERE place IN (SELECT id FROM places WHERE source = ?)", (source,))
        conn.execute("DELETE FROM places WHERE source = ?", (source,))
        count = write_entries(conn, entries)
        conn.executemany(
            "INSERT OR REPLACE INTO admin1 VALUES (?,?,?)",
            [(e.country_code, e.admin1_code, e.name) for e, _ in entries if e.kind == ADMIN1 and e.admin1_code],
        )
        conn.commit()
    finally:
        conn.close()
    return count


def import_file(path: str | Path, cache_dir: Path) -> ImportReport:
    """Add the places of one file to the imported gazetteer (replacing an earlier import of the same file).

    The store is never changed in place: a copy is written and swapped in whole (``files.atomic_path``), so a run
    killed at any point leaves the store as it was before, and a rerun imports the file once.
    """
    path = Path(path)
    if not path.exists():
        raise DataFileError(f"no such file: {path}")
    entries = list(read_source(path))
    source = f"import:{path.name}"
    live = cache_dir / IMPORTED_NAME
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with _locked(cache_dir), atomic_path(live) as tmp:
            count = _write_import(tmp, live, source, entries)
    except (sqlite3.Error, OSError) as e:
        raise ResourceError(f"cannot write the imported gazetteer in {cache_dir}: {e}") from e
    log.info("imported %d places from %s", count, path)
    return ImportReport(path.name, count, 0)


def download(codes: Iterable[str], cache_dir: Path, *, url_template: str = DEFAULT_DOWNLOAD_URL, timeout: float = 60.0) -> list[ImportReport]:
    """Fetch GeoNames country dumps (``SY``, ``IQ`` ...) and import them. Needs the network."""
    reports = []
    target_dir = cache_dir / "downloads"
    target_dir.mkdir(parents=True, exist_ok=True)
    for code in codes:
        code = code.strip().upper()
        if not (len(code) == 2 and code.isalpha()) and code != "ALLCOUNTRIES":
            raise DataFileError(f"{code!r} is not a two-letter country code")
        url = url_template.format(code=code if code != "ALLCOUNTRIES" else "allCountries")
        target = target_dir / f"{code}.zip"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, target.open("wb") as out:  # noqa: S310
                while chunk := response.read(1 << 20):
                    out.write(chunk)
        except (urllib.error.URLError, OSError, ValueError) as e:
            target.unlink(missing_ok=True)
            raise ResourceError(f"cannot download {url}: {e}") from e
        reports.append(import_file(target, cache_dir))
    return reports


def imported_stats(cache_dir: Path) -> dict[str, int]:
    path = cache_dir / IMPORTED_NAME
    clean_leftovers(path)
    if not path.exists():
        return {}
    try:
        conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
        try:
            return dict(conn.execute("SELECT source, COUNT(*) FROM places GROUP BY source").fetchall())
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise ResourceError(f"cannot read the imported gazetteer {path}: {e}") from e
