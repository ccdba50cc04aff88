"""One event per place: a clause that names its place in a list ("shelled Kafr Zita and Al-Lataminah",
"demonstrations in Algiers, Oran and Constantine") states one event at each (ACLED codes events per location)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..document import Doc, EventMention, PlaceMention
from ..geo.candidates import list_bounds

#: What separates the items of one list.
LIST_SEPARATOR = re.compile(r",|;|\b(?:and|or|as well as)\b|&", re.IGNORECASE)
#: A list item the gazetteer does not know ("Palmyra, Al-Sukhnah and Arak"): a name of one to three capitalised words.
UNKNOWN_ITEM = re.compile(r"^(?:(?:al|el|ad|ar|as|at|an|ash|az)[-‑ ])?[A-Z][\w'’-]*(?:\s+(?:al-|el-)?[A-Z][\w'’-]*){0,2}$")


def _list_glue(between: str) -> bool:
    """Whether ``between`` joins two items of one list: separators only, or separators around names the gazetteer
    does not know (the list goes on past a village it lacks)."""
    parts = LIST_SEPARATOR.split(between)
    return len(parts) >= 2 and all(not part.strip() or UNKNOWN_ITEM.match(part.strip()) for part in parts)


#: "on the road between A and B", "the border between A and B": one event between two places, not one at each.
BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:\w+\s+(?:of\s+)?)?$", re.IGNORECASE)
#: Kinds of place that can be items of one list (a town next to its province is an address, not a list).
TOWNLIKE = {"populated_place", "unresolved"}


def _same_kind(a: PlaceMention, b: PlaceMention) -> bool:
    kinds = {a.place.kind, b.place.kind}
    return len(kinds) == 1 or kinds <= TOWNLIKE


def listed_places(doc: Doc, place: PlaceMention) -> list[PlaceMention]:
    """The other places of the list ``place`` stands in, in text order, before and after it (the event's place is
    often the last of "Boni, Hombori and Douentza"): places of its kind only ("Magumeri, Borno State" is one
    address), never countries or relative anchors, and no list after "between"."""
    same = sorted((p for p in doc.place_mentions if p.sent == place.sent), key=lambda p: p.start)
    index = next((i for i, p in enumerate(same) if p is place), None)
    if index is None:
        return []
    first, last = list_bounds(same, index, doc.text, _list_glue)
    items = same[first:last + 1]
    if BETWEEN.search(doc.text[max(0, items[0].start - 30):items[0].start]):
        return []
    return [p for p in items if p is not place and p.place is not None and p.place.kind not in ("country", "relative")
            and _same_kind(place, p)]


def one_per_place(doc: Doc, mentions: list[EventMention]) -> list[EventMention]:
    """Each mention, followed by a copy at every other place of its place's list."""
    out, seen = [], set()
    for m in mentions:
        copies = [replace(m, place=p) for p in listed_places(doc, m.place)] if m.place is not None and m.event_type else []
        for c in [m, *copies]:
            key = (c.trigger_start, c.sub_event_type, c.place.start if c.place is not None else -1)
            if c.place is None or key not in seen:  # a trigger typed once at a place of the list is not copied there again
                seen.add(key)
                out.append(c)
    return out
