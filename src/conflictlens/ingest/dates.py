"""Parsing publication dates given on the command line or in JSONL documents."""

from __future__ import annotations

import datetime as dt

from ..errors import InputError


def parse_published(value: object) -> dt.date | None:
    """``None``/empty -> ``None``; a date, datetime or ISO text (``2019-08-06``, ``2019-08-06T10:00Z``) -> date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError as e:
            raise InputError(f"published date {value!r} is not an ISO date (YYYY-MM-DD)") from e
    raise InputError(f"published date {value!r} is not a date")
