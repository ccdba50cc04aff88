"""ACLED's regime periods of state forces: "Military Forces of Syria" on 5 August 2019 is
"Military Forces of Syria (2000-2024)".

The periods are data (``actors/data/_state_periods.yaml``, described in docs/actors-kb.md). Names are built
without a period while an article is read; assembly adds the period of the event's date (or, failing that, the
publication date) to every state-force name it exports. A country without periods, or a day outside them, keeps
the plain name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..errors import DataFileError
from ..geo.supplements import load_countries
from ..model import Actor
from .kb import load_lexicon

PERIODS_FILE = "_state_periods.yaml"
_SUFFIX = re.compile(r"^(\d{4})-(\d{4})?$")
#: State-force names that ACLED dates, with the country as written after them.
STATE_NAME = re.compile(r"^(?P<head>(?:Former |Mutiny of )?(?:Military Forces|Police Forces|Government) of )"
                        r"(?P<country>.+?)(?: \((?P<suffix>\d{4}-(?:\d{4})?)\)(?P<tail> .+)?)?$")


@dataclass(frozen=True)
class Period:
    """One government's time in power: ``start`` <= day < ``end`` (``end`` None while in power)."""

    start: dt.date
    end: dt.date | None
    suffix: str  # "2000-2024", "2021-"
    tail: str = ""  # the government's name ACLED writes after the period ("Government of National Accord")

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def as_of(self, day: dt.date) -> str:
        """The suffix as ACLED wrote it on ``day``: a period that had not ended yet was still open ("2000-")."""
        if self.end is not None and day < self.end:
            return self.suffix.split("-")[0] + "-"
        return self.suffix


def _day(value: object, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as e:
        raise DataFileError(f"actors/data/{PERIODS_FILE}: {where}: bad date {value!r}") from e


def parse_periods(raw: dict) -> dict[str, tuple[Period, ...]]:
    """Country code -> periods, oldest first; checks dates, order and that each suffix fits its dates."""
    table: dict[str, tuple[Period, ...]] = {}
    for code, rows in (raw or {}).items():
        where = f"country {code}"
        if not isinstance(rows, list) or not rows:
            raise DataFileError(f"actors/data/{PERIODS_FILE}: {where}: expected a list of periods")
        periods = []
        for row in rows:
            if not isinstance(row, dict) or "from" not in row or "suffix" not in row:
                raise DataFileError(f"actors/data/{PERIODS_FILE}: {where}: each period needs 'from' and 'suffix': {row!r}")
            start = _day(row["from"], where)
            end = _day(row["to"], where) if row.get("to") is not None else None
            suffix = str(row["suffix"])
            match = _SUFFIX.match(suffix)
            if match is None or int(match.group(1)) != start.year or (end is None) != (match.group(2) is None) \
                    or (end is not None and not (start < end and int(match.group(2)) <= end.year)):
                raise DataFileError(f"actors/data/{PERIODS_FILE}: {where}: suffix {suffix!r} does not fit {start}..{end}")
            if periods and (periods[-1].end is None or start < periods[-1].end):
                raise DataFileError(f"actors/data/{PERIODS_FILE}: {where}: periods overlap or are out of order at {start}")
            periods.append(Period(start, end, suffix, str(row.get("tail") or "")))
        table[str(code).upper()] = tuple(periods)
    return table


@lru_cache(maxsize=1)
def load_periods() -> dict[str, tuple[Period, ...]]:
    return parse_periods(load_lexicon(PERIODS_FILE))


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    """ "Syria", "the Democratic Republic of Congo" -> ISO2, as state-force names write countries."""
    table = {}
    for country in load_countries().values():
        table[country.name] = country.code
        table[f"the {country.name}"] = country.code
    return table


def period_on(code: str, day: dt.date | None) -> Period | None:
    """The period of country ``code`` on ``day`` (None without a day, or outside the known periods)."""
    if day is None:
        return None
    return next((p for p in load_periods().get(code, ()) if p.covers(day)), None)


def dated_name(name: str, day: dt.date | None) -> str:
    """A state-force name with ACLED's period for ``day``; any other name, or a name already dated, unchanged."""
    match = STATE_NAME.match(name)
    if match is None or match.group("suffix") or day is None:
        return name
    country, unit = _split_unit(match.group("country"))
    code = _codes_by_name().get(country)
    period = period_on(code, day) if code else None
    if period is None:
        return name
    if not unit and period.tail and not match.group("head").startswith("Government"):
        unit = f" {period.tail}"  # "Military Forces of Libya (2016-2021) Government of National Accord"
    return f"{match.group('head')}{country} ({period.suffix}){unit}"


def _split_unit(text: str) -> tuple[str, str]:
    """ "Brazil Military Police" -> ("Brazil", " Military Police"): a named unit after the country."""
    names = _codes_by_name()
    if text in names:
        return text, ""
    for end in range(len(text), 0, -1):
        if text[end - 1:end] == " " and text[:end - 1] in names and text[end:end + 1].isalnum():
            return text[:end - 1], text[end - 1:]
    return text, ""


def dated(actor: Actor, day: dt.date | None) -> Actor:
    """The actor named for ``day`` (see :func:`dated_name`)."""
    name = dated_name(actor.name, day)
    return actor if name == actor.name else replace(actor, name=name)


def name_as_of(name: str, snapshot: dt.date) -> str:
    """How an ACLED export made on ``snapshot`` wrote a dated name: periods that ended later were still open.

    "Military Forces of Syria (2000-2024)" in a 2023 download is "Military Forces of Syria (2000-)". For
    comparing with old ACLED files; names without a known period are returned unchanged.
    """
    match = STATE_NAME.match(name)
    if match is None or not match.group("suffix"):
        return name
    code = _codes_by_name().get(match.group("country"))
    period = next((p for p in load_periods().get(code or "", ()) if p.suffix == match.group("suffix")), None)
    if period is None:
        until = _kb_name_ends().get(name)  # a dated name the knowledge base closes: "Military Forces of Artsakh (2007-2020)"
        if until is not None and snapshot < until:
            return f"{match.group('head')}{match.group('country')} ({match.group('suffix').split('-')[0]}-){match.group('tail') or ''}"
        return name
    return f"{match.group('head')}{match.group('country')} ({period.as_of(snapshot)}){match.group('tail') or ''}"


@lru_cache(maxsize=1)
def _kb_name_ends() -> dict[str, dt.date]:
    """Dated state-force names that the knowledge base's lineages close, with the day each stopped being used."""
    from .kb import shipped_entries

    return {p.name: p.until for e in shipped_entries() for p in e.lineage if p.until is not None and STATE_NAME.match(p.name)}
