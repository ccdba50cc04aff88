"""The gazetteer protocol, its entry record, and an in-memory implementation used by tests and user files."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .names import name_key, skeleton

# Feature kinds, from most to least specific.
POPULATED = "populated_place"
ADMIN1 = "admin1"
ADMIN2 = "admin2"  # a district, LGA or raion: built-in (geo/admin2.py) or imported
COUNTRY = "country"
REGION = "region"  # a named region, sea or continent ("Darfur", "Red Sea", "Asia"); country_code "" when it spans several


@dataclass(frozen=True)
class GazEntry:
    geonameid: int | None
    name: str
    latitude: float | None
    longitude: float | None
    country_code: str
    admin1_code: str = ""
    admin1: str = ""
    population: int = 0
    kind: str = POPULATED
    source: str = "geonames"  # "geonames", "admin1-supplement", "user:<file>"


class Gazetteer(Protocol):
    """What the geography stages need from a gazetteer."""

    def by_key(self, key: str) -> list[GazEntry]:
        """Entries whose name or alternate name has this :func:`name_key`."""

    def by_skeleton(self, skel: str) -> list[GazEntry]:
        """Entries whose name or alternate name has this :func:`skeleton`."""

    def names_in(self, country_code: str) -> list[tuple[str, GazEntry]]:
        """(name_key, entry) pairs of one country, for fuzzy matching within it."""

    def admin1_name(self, country_code: str, admin1_code: str) -> str:
        """The admin-1 unit's name, or ""."""


class MemoryGazetteer:
    """A gazetteer held in dictionaries: the fake for tests, and the carrier of user place files."""

    def __init__(self, entries: Iterable[tuple[GazEntry, Iterable[str]]] = ()) -> None:
        self._by_key: dict[str, list[GazEntry]] = defaultdict(list)
        self._by_skel: dict[str, list[GazEntry]] = defaultdict(list)
        self._by_country: dict[str, list[tuple[str, GazEntry]]] = defaultdict(list)
        self._admin1: dict[tuple[str, str], str] = {}
        for entry, names in entries:
            self.add(entry, names)

    def add(self, entry: GazEntry, names: Iterable[str] = ()) -> None:
        keys = {name_key(n) for n in [entry.name, *names]} - {""}
        for key in keys:
            self._by_key[key].append(entry)
            self._by_country[entry.country_code].append((key, entry))
            skel = skeleton(key)
            if skel:
                self._by_skel[skel].append(entry)
        if entry.kind == ADMIN1 and entry.admin1_code:
            self._admin1[(entry.country_code, entry.admin1_code)] = entry.name

    def by_key(self, key: str) -> list[GazEntry]:
        return list(self._by_key.get(key, ()))

    def by_skeleton(self, skel: str) -> list[GazEntry]:
        return list(self._by_skel.get(skel, ()))

    def names_in(self, country_code: str) -> list[tuple[str, GazEntry]]:
        return list(self._by_country.get(country_code, ()))

    def country_keys(self, country_code: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for k, _ in self._by_country.get(country_code, ())))

    def names_with_keys(self, country_code: str, keys: Iterable[str]) -> list[tuple[str, GazEntry]]:
        wanted = set(keys)
        return [pair for pair in self._by_country.get(country_code, ()) if pair[0] in wanted]

    def admin1_name(self, country_code: str, admin1_code: str) -> str:
        return self._admin1.get((country_code, admin1_code), "")


class LayeredGazetteer:
    """Several gazetteers queried together (the built-in index plus user imports and files)."""

    #: Countries whose joined name lists are kept (bounded, so memory stays flat over a long batch).
    COUNTRIES_CACHED = 8

    def __init__(self, layers: list[Gazetteer]) -> None:
        self.layers = layers
        self._names_cache: OrderedDict[str, list[tuple[str, GazEntry]]] = OrderedDict()

    def by_key(self, key: str) -> list[GazEntry]:
        return [e for layer in self.layers for e in layer.by_key(key)]

    def by_skeleton(self, skel: str) -> list[GazEntry]:
        return [e for layer in self.layers for e in layer.by_skeleton(skel)]

    def names_in(self, country_code: str) -> list[tuple[str, GazEntry]]:
        if len(self.layers) == 1:
            return self.layers[0].names_in(country_code)  # the layer keeps its own cache: no second copy
        cached = self._names_cache.get(country_code)
        if cached is None:
            cached = [pair for layer in self.layers for pair in layer.names_in(country_code)]
            self._names_cache[country_code] = cached
            if len(self._names_cache) > self.COUNTRIES_CACHED:
                self._names_cache.popitem(last=False)
        else:
            self._names_cache.move_to_end(country_code)
        return cached

    def country_keys(self, country_code: str) -> tuple[str, ...]:
        """Distinct name keys of one country over every layer, in :meth:`names_in` order."""
        if len(self.layers) == 1:
            return country_keys(self.layers[0], country_code)
        return tuple(dict.fromkeys(k for layer in self.layers for k in country_keys(layer, country_code)))

    def names_with_keys(self, country_code: str, keys: Iterable[str]) -> list[tuple[str, GazEntry]]:
        """The pairs of :meth:`names_in` whose key is one of ``keys``, in the same order."""
        keys = list(keys)
        return [pair for layer in self.layers for pair in names_with_keys(layer, country_code, keys)]

    def admin1_name(self, country_code: str, admin1_code: str) -> str:
        for layer in self.layers:
            name = layer.admin1_name(country_code, admin1_code)
            if name:
                return name
        return ""


def country_keys(gazetteer: Gazetteer, country_code: str) -> tuple[str, ...]:
    """Distinct name keys of a country, in ``names_in`` order; any gazetteer (those without the method give
    them from ``names_in``)."""
    method = getattr(gazetteer, "country_keys", None)
    if method is not None:
        return method(country_code)
    return tuple(dict.fromkeys(k for k, _ in gazetteer.names_in(country_code)))


def names_with_keys(gazetteer: Gazetteer, country_code: str, keys: Iterable[str]) -> list[tuple[str, GazEntry]]:
    """The ``names_in`` pairs whose key is one of ``keys``, in ``names_in`` order; any gazetteer."""
    method = getattr(gazetteer, "names_with_keys", None)
    if method is not None:
        return method(country_code, keys)
    wanted = set(keys)
    return [pair for pair in gazetteer.names_in(country_code) if pair[0] in wanted]
