"""One event per place: a clause that names its place in a list ("shelled Kafr Zita and Al-Lataminah",
"demonstrations in Algiers, Oran and Constantine") states one event at each (ACLED codes events per location)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..document import Doc, EventMention, PlaceMention

#: What may stand between two places of one list.
LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:and|or)?|and|or|as well as|&)\s*$", re.IGNORECASE)


def listed_places(doc: Doc, first: PlaceMention) -> list[PlaceMention]:
    """The places that follow ``first`` in the same list, in order (not countries, not relative anchors)."""
    same = sorted((p for p in doc.place_mentions if p.sent == first.sent and p.start >= first.end), key=lambda p: p.start)
    out, last = [], first
    for p in same:
        if not LIST_GLUE.match(doc.text[last.end:p.start]):
            break
        if p.place is not None and p.place.kind not in ("country", "relative"):
            out.append(p)
        last = p
    return out


def one_per_place(doc: Doc, mentions: list[EventMention]) -> list[EventMention]:
    """Each mention, followed by a copy at every other place of its place's list."""
    out = []
    for m in mentions:
        out.append(m)
        if m.place is not None and m.event_type:
            out += [replace(m, place=p) for p in listed_places(doc, m.place)]
    return out
