"""Reading and comparing the values of ACLED-named event records (standard library; used by scorer.py).

Records come from ``conflictlens.serialize.event_to_record``, from gold YAML (where dates are ``datetime.date``)
or from ACLED exports (where numbers are strings and dates read "05 August 2019" or "9-May-20").
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

#: Fields whose accuracy is reported over matched pairs; "~" marks the date-suffix-insensitive actor comparison.
FIELDS = ("sub_event_type", "actor1", "actor1~", "actor2", "actor2~", "event_date", "location", "fatalities",
          "plover_event")
_DATE_SUFFIX = re.compile(r"\s*\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")
_PLACE_MARKS = re.compile("['`\u2018\u2019\u02bb\u02bc\u02be\u02bf]")  # apostrophes and ayn/hamza signs
_PLACE_SPACES = re.compile(r"[-_\s]+")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def parse_date(value: object) -> dt.date | None:
    """A date from a date, an ISO string ("2019-08-05", "2019-08-05T..") or ACLED's "05 August 2019" / "9-May-20"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for fmt, width in (("%Y-%m-%d", 10), ("%d %B %Y", None), ("%d %b %Y", None), ("%d-%b-%y", None),
                       ("%d-%b-%Y", None), ("%d-%B-%Y", None)):
        try:
            return dt.datetime.strptime(text[:width] if width else text, fmt).date()
        except ValueError:
            continue
    return None


def parse_float(value: object) -> float | None:
    """A float, or None for missing, empty or non-numeric values."""
    if value is None or value == "":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def point(record: dict) -> tuple[float, float] | None:
    """(latitude, longitude) of a record, or None when either is missing."""
    lat, lon = parse_float(record.get("latitude")), parse_float(record.get("longitude"))
    return None if lat is None or lon is None else (lat, lon)


def strip_actor_dates(name: str) -> str:
    """Drop ACLED regime-period suffixes: "Military Forces of Syria (2000-2024)" -> "Military Forces of Syria".

    Every "(YYYY-)" / "(YYYY-YYYY)" group is removed, so sub-unit names like "... (2000-) Military Intelligence"
    compare too.
    """
    return " ".join(_DATE_SUFFIX.sub(" ", name).split())


def clean_text(value: object) -> str:
    """The value as a string with runs of whitespace collapsed; "" for None."""
    return " ".join(str(value).split()) if value is not None else ""


def normalise_place(value: object) -> str:
    """A place name for comparison: no case, accents or apostrophes; hyphens as spaces ("Ma'rib" = "Marib")."""
    text = "".join(c for c in unicodedata.normalize("NFKD", clean_text(value)) if not unicodedata.combining(c))
    return _PLACE_SPACES.sub(" ", _PLACE_MARKS.sub("", text.casefold())).strip()


def _int(value: object) -> int | None:
    number = parse_float(value)
    return None if number is None else int(number)


def field_equal(name: str, predicted: dict, gold: dict) -> bool:
    """Whether one field agrees between a predicted and a gold record (``name`` is one of :data:`FIELDS`)."""
    key = name.rstrip("~")
    p, g = predicted.get(key), gold.get(key)
    if key in ("actor1", "actor2"):
        p, g = clean_text(p), clean_text(g)
        return strip_actor_dates(p) == strip_actor_dates(g) if name.endswith("~") else p == g
    if key == "event_date":
        return parse_date(p) == parse_date(g)
    if key == "location":
        return normalise_place(p) == normalise_place(g)
    if key == "fatalities":
        return (_int(p) or 0) == (_int(g) or 0)
    return clean_text(p).casefold() == clean_text(g).casefold()
