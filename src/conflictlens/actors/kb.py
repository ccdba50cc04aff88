"""The actor knowledge base: curated YAML entries (``actors/data/*.yaml``) plus the user's own files.

Schema: docs/actors-kb.md. Files whose name starts with ``_`` are lexicons (generic actors, framing words),
not knowledge-base entries.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

import yaml
from rapidfuzz import fuzz

from ..errors import DataFileError
from ..geo.names import name_key, skeleton
from ..model import Actor, ActorType
from ..datafiles import parse_yaml

log = logging.getLogger(__name__)

VALID_SECTORS = set("COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC".split())


@dataclass(frozen=True)
class Predecessor:
    name: str
    aliases: tuple[str, ...]
    until: dt.date | None


@dataclass(frozen=True)
class KBEntry:
    id: str
    name: str
    type: ActorType
    country: str = ""
    sector: str = ""
    aliases: tuple[str, ...] = ()
    case_sensitive_aliases: tuple[str, ...] = ()
    wikidata: str = ""
    lineage: tuple[Predecessor, ...] = ()
    source: str = ""

    def name_on(self, day: dt.date | None) -> str:
        """The name the actor went by on ``day`` (ACLED names actors by period: ATMIS before 2025, AUSSOM after)."""
        if day is not None:
            for predecessor in sorted((p for p in self.lineage if p.until is not None), key=lambda p: p.until):
                if day < predecessor.until:  # type: ignore[operator]
                    return predecessor.name
        return self.name

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *(n for p in self.lineage for n in (p.name, *p.aliases)))


class ActorKB(Protocol):
    """What the actor stage needs from a knowledge base."""

    def match(self, text: str, *, fuzzy: bool = True) -> KBEntry | None:
        """The entry a name refers to (exact key, case-sensitive acronym, or, with ``fuzzy``, a transliteration
        variant)."""

    def alias_keys(self) -> frozenset[str]:
        """Name keys of every alias, so other stages know a span names an actor."""

    def __len__(self) -> int: ...


def kb_match(kb: ActorKB, text: str, *, fuzzy: bool) -> KBEntry | None:
    """``kb.match`` with ``fuzzy``, also for a knowledge base whose ``match`` does not take the keyword."""
    try:
        return kb.match(text, fuzzy=fuzzy)  # type: ignore[call-arg]
    except TypeError:  # a user's knowledge base without the keyword
        return kb.match(text)


def actor_from_entry(entry: KBEntry, mention: str, *, on: dt.date | None = None) -> Actor:
    """The actor as named on the article's date (lineage), with its knowledge-base identity."""
    return Actor(entry.name_on(on), entry.type, entry.country, entry.id, entry.sector, mention)


_POSSESSIVE = re.compile(r"['’]s$")
# English words standing alone make a phrase, not a transliterated name ("ISIL as part" is no "al-Islah Party").
_ENGLISH = frozenset("a an and as at by for from in is it of on or the to was with".split())
_PUNCT = re.compile(r"[^\w\s'’.\-‐–]")


def _close_words(key: str, name: str) -> bool:
    """Two keys with the same number of words, each close in spelling, and close as a whole."""
    a, b = key.split(), name.split()
    return len(a) == len(b) and fuzz.ratio(key, name) >= 75 and all(
        x[0] == y[0] and fuzz.ratio(x, y) >= 60 for x, y in zip(a, b))


class MemoryKB:
    """The knowledge base held in memory, indexed by name key and transliteration skeleton."""

    def __init__(self, entries: Iterable[KBEntry] = ()) -> None:
        self.entries: dict[str, KBEntry] = {}
        self._keys: dict[str, KBEntry] = {}
        self._skeletons: dict[str, KBEntry | None] = {}
        self._exact: dict[str, KBEntry] = {}
        self._alias_only: set[str] = set()  # keys of case-sensitive aliases: actor names, never place names
        for entry in entries:
            self.add(entry)

    def add(self, entry: KBEntry) -> None:
        """Add or replace (same id) an entry; later additions win on shared names."""
        self.entries[entry.id] = entry
        for name in entry.all_names():
            key = name_key(name)
            if not key:
                continue
            self._keys[key] = entry
            skel = skeleton(key)
            # A skeleton shared by two different actors is ambiguous and matches neither.
            if len(skel) >= 4:
                if skel not in self._skeletons:
                    self._skeletons[skel] = entry
                else:
                    prior = self._skeletons[skel]
                    self._skeletons[skel] = entry if prior is not None and prior.id == entry.id else None
        for alias in entry.case_sensitive_aliases:
            self._exact[alias] = entry
            self._alias_only.add(name_key(alias))

    def match(self, text: str, *, fuzzy: bool = True) -> KBEntry | None:
        text = _POSSESSIVE.sub("", text.strip())  # "AQI's" is AQI, never the key "aqis"
        if text in self._exact:
            return self._exact[text]
        key = name_key(text)
        if not key:
            return None
        if key in self._keys:
            return self._keys[key]
        if fuzzy and len(key) >= 6 and not _PUNCT.search(text) and not _ENGLISH.intersection(text.split()):
            entry = self._skeletons.get(skeleton(key))
            # The skeleton folds vowels and spaces away: confirm the spelling is close to one of the entry's names,
            # word for word ("ISIL as part" is not "Islah Party").
            if entry is not None and any(_close_words(key, name_key(n)) for n in entry.all_names()):
                return entry
        return None

    def alias_keys(self) -> frozenset[str]:
        return frozenset(self._keys) | frozenset(self._alias_only)

    def __len__(self) -> int:
        return len(self.entries)


def _date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    return dt.date.fromisoformat(text if len(text) > 4 else f"{text}-12-31")


def entry_from_dict(raw: dict, source: str) -> KBEntry:
    if not isinstance(raw, dict):
        raise DataFileError(f"{source}: an actor entry must be a mapping, got {type(raw).__name__}: {raw!r}")
    try:
        return KBEntry(
            id=str(raw["id"]),
            name=str(raw["name"]),
            type=ActorType.from_name(str(raw["type"])),
            country=str(raw.get("country") or "").upper(),
            sector=str(raw.get("sector") or ""),
            aliases=tuple(str(a) for a in raw.get("aliases") or ()),
            case_sensitive_aliases=tuple(str(a) for a in raw.get("case_sensitive_aliases") or ()),
            wikidata=str(raw.get("wikidata") or ""),
            lineage=tuple(
                Predecessor(str(p["name"]), tuple(str(a) for a in p.get("aliases") or ()), _date(p.get("until")))
                for p in raw.get("lineage") or ()
            ),
            source=source,
        )
    except (KeyError, TypeError, ValueError) as e:
        raise DataFileError(f"{source}: bad actor entry {raw.get('id', raw)!r}: {e}") from e


def read_actor_file(path: str | Path) -> list[KBEntry]:
    """A user file: YAML (same schema as the shipped files) or CSV (id,name,type,country,aliases with ``|``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise DataFileError(f"cannot read actor file {path}: {e}") from e
    if path.suffix.lower() == ".csv":
        rows = []
        for row in csv.DictReader(text.splitlines()):
            row = dict(row)
            row["aliases"] = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
            row["id"] = row.get("id") or name_key(row.get("name") or "").replace(" ", "-")
            rows.append(row)
    else:
        try:
            rows = parse_yaml(text) or []
        except yaml.YAMLError as e:
            raise DataFileError(f"{path} is not valid YAML: {e}") from e
    if not isinstance(rows, list):
        raise DataFileError(f"{path}: expected a list of actor entries")
    return [entry_from_dict(r, str(path)) for r in rows]


def shipped_entries() -> list[KBEntry]:
    entries, seen = [], set()
    folder = resources.files("conflictlens.actors").joinpath("data")
    for resource in sorted(folder.iterdir(), key=lambda r: r.name):
        if not resource.name.endswith(".yaml") or resource.name.startswith("_"):
            continue
        try:
            rows = parse_yaml(resource.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as e:
            raise DataFileError(f"actors/data/{resource.name} is not valid YAML: {e}") from e
        for row in rows:
            entry = entry_from_dict(row, f"actors/data/{resource.name}")
            if entry.id in seen:
                raise DataFileError(f"actors/data/{resource.name}: duplicate actor id {entry.id!r}")
            seen.add(entry.id)
            entries.append(entry)
    return entries


def load_kb(extra_files: Iterable[str] = ()) -> MemoryKB:
    kb = MemoryKB(shipped_entries())
    for path in extra_files:
        for entry in read_actor_file(path):
            kb.add(entry)
    log.info("actor knowledge base: %d entries", len(kb))
    return kb


def load_lexicon(name: str) -> dict:
    """A lexicon file shipped in ``actors/data`` (``_generic.yaml``, ``_framing.yaml``)."""
    resource = resources.files("conflictlens.actors").joinpath("data", name)
    try:
        return parse_yaml(resource.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise DataFileError(f"cannot read actors/data/{name}: {e}") from e
