"""Places given relative to others: "X east of Y", "X near Y", "southern Idlib".

ACLED's way: an unknown X placed by its anchor Y is coded at Y with geo_precision 2 (3 when Y is a province)
and keeps its own name; "southern Idlib" is the mean of the populated places in that part of the province. An
admin-2 unit the gazetteer has no town for is placed the same way by its anchor, a possessive one included
("Mogadishu's Hodan district"); without an anchor it keeps no point.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..document import PlaceMention
from ..model import Place
from .candidates import LIST_END, LIST_GLUE, list_bounds, relation_after
from .gazetteer import ADMIN1, ADMIN2, POPULATED, GazEntry, Gazetteer
from .names import name_key

_DIRECTION_OFFSETS = {
    "north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1), "northeast": (1, 1), "northwest": (1, -1),
    "southeast": (-1, 1), "southwest": (-1, -1), "central": (0, 0),
}


def directional_point(gazetteer: Gazetteer, admin: GazEntry, direction: str) -> tuple[float, float] | None:
    """Mean position of the admin unit's populated places lying in the named third of it."""
    members = [e for _, e in gazetteer.names_in(admin.country_code)
               if e.kind == POPULATED and e.admin1_code == admin.admin1_code and admin.admin1_code and e.latitude is not None]
    unique = {(e.latitude, e.longitude) for e in members}
    if len(unique) < 6:
        return None
    dy, dx = _DIRECTION_OFFSETS.get(direction, (0, 0))
    ranked = sorted(unique, key=lambda p: -(dy * p[0] + dx * p[1]))
    part = ranked[: max(3, len(ranked) // 3)] if (dy or dx) else ranked
    return (round(sum(p[0] for p in part) / len(part), 5), round(sum(p[1] for p in part) / len(part), 5))


#: Words of a time phrase the entity tagger sometimes offers as a place ("On Tuesday, in X, ..."): never a place.
_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
               "march", "april", "june", "july", "august", "september", "october", "november", "december",
               "yesterday", "today", "tonight", "morning", "evening", "night", "dawn", "week", "weekend"}


def place_relatives(mentions: list[PlaceMention], text: str) -> list[PlaceMention]:
    """Place unknown names by the anchor their sentence gives; drop unknown names with no place cue."""
    by_start = {m.start: m for m in mentions}
    by_end = {m.end: m for m in mentions}
    result = []
    known: dict[str, Place] = {}
    for mention in mentions:
        if mention.place is not None and mention.place.kind == ADMIN2 and not mention.place.resolved:
            mention.place = _unit_by_anchor(mention, by_start, by_end, text, known)
            result.append(mention)
            continue
        if mention.place is not None:
            result.append(mention)
            if mention.place.kind == "relative":
                known[name_key(mention.text)] = mention.place
            continue
        if _TIME_WORDS.intersection(mention.text.lower().split()):
            continue  # a date, not a place
        if name_key(mention.text) in known:  # named again later without its anchor
            mention.place = known[name_key(mention.text)]
            result.append(mention)
            continue
        relation, anchor = _anchor_after(mention, mentions, by_start, text)
        if anchor is not None and anchor.place is not None and anchor.place.resolved and relation:
            mention.place = _at_anchor(mention, anchor.place, relation, f"{mention.text} is not in the gazetteer")
            known[name_key(mention.text)] = mention.place
            result.append(mention)
        elif mention.cue in ("town", "village", "city", "area", "near", "district"):
            mention.place = Place(name=mention.text, location=mention.text, kind="unresolved",
                                  reason=f"{mention.text} is not in the gazetteer and no nearby place is named")
            result.append(mention)
        elif mention.cue in LIST_CUES and (town := _listed_with_town(mention, mentions, text)) is not None:
            mention.place = Place(name=mention.text, location=mention.text, kind="unresolved",
                                  reason=f"{mention.text} is not in the gazetteer; named in a list with {town}")
            result.append(mention)
    return result


#: Cues a list shares with its names ("in Boni, Hombori and Douentza", "shelled A and B").
LIST_CUES = ("in", "verb", "near", "at", "town", "village", "city", "area")


def _listed_with_town(mention: PlaceMention, mentions: list[PlaceMention], text: str) -> str | None:
    """The town a name stands in one list with ("in Boni, Hombori and Douentza": the villages the gazetteer lacks
    are places too), or None. Only towns the gazetteer knows vouch for a list."""
    same = sorted((m for m in mentions if m.sent == mention.sent), key=lambda m: m.start)
    first, last = list_bounds(same, next(i for i, m in enumerate(same) if m is mention), text, LIST_GLUE.match)
    glues = [text[same[i].end:same[i + 1].start] for i in range(first, last)]
    if not any(LIST_END.search(g) for g in glues) or SPEAKERS.match(text, same[last].end):
        return None  # "in Mogadishu, Abdi Ahmed said", "... Abdi Ahmed and Musa Ali told reporters": people
    town = next((m.place for m in same[first:last + 1]
                 if m.place is not None and m.place.resolved and m.place.kind == POPULATED), None)
    return town.location if town is not None else None


#: A verb of speech right after a list: its names are speakers, not places.
SPEAKERS = re.compile(r"\s*,?\s*(?:said|say|says|told|added|reported|confirmed|claimed|stated|noted|explained)\b", re.I)


def _anchor_after(mention: PlaceMention, mentions: list[PlaceMention], by_start: dict[int, PlaceMention],
                  text: str) -> tuple[str, PlaceMention | None]:
    """The relation and anchor the text gives right after a name ("X east of Y", "X in Y")."""
    relation, anchor_start = relation_after(text, mention.end)
    anchor = by_start.get(anchor_start)
    if anchor is None and anchor_start >= 0:
        anchor = next((m for m in mentions if anchor_start <= m.start <= anchor_start + 12 and m.place), None)
    return relation, anchor


def _at_anchor(mention: PlaceMention, anchor: Place, relation: str, why: str) -> Place:
    """A name coded at its anchor's point, ACLED's way (precision 2, 3 inside a province)."""
    precision = 3 if anchor.kind == ADMIN1 else 2
    how = f"{relation} of" if relation not in ("near", "in") else relation
    return replace(
        anchor, name=mention.text, location=mention.text, geonameid=None, kind="relative",
        geo_precision=max(precision, anchor.geo_precision or 0), anchor=anchor.location,
        # inside a province the point is the province's, as sure as the province is; elsewhere less so
        confidence=anchor.confidence if relation == "in" and anchor.kind == ADMIN1 else round(anchor.confidence * 0.8, 2),
        reason=f"{why}; coded at {anchor.location} ({how} it)",
    )


def _unit_by_anchor(mention: PlaceMention, by_start: dict[int, PlaceMention], by_end: dict[int, PlaceMention],
                    text: str, known: dict[str, Place]) -> Place:
    """An admin-2 unit without a point: coded at the place the text puts it in ("X district of Y",
    "Y's X district"), or at the point it was given earlier in the article; else left as it is (no point)."""
    unit = mention.place
    relation, anchor = _anchor_after(mention, list(by_start.values()), by_start, text)
    if not (relation and anchor is not None and anchor.place is not None and anchor.place.resolved):
        relation, anchor = "in", _possessor(mention, by_end, text)
    key = name_key(mention.text)
    if anchor is not None and anchor.place is not None and anchor.place.resolved:
        place = _at_anchor(mention, anchor.place, relation, unit.reason)
        known[key] = replace(place, admin2=unit.admin2)
        return known[key]
    return known.get(key, unit)


def _possessor(mention: PlaceMention, by_end: dict[int, PlaceMention], text: str) -> PlaceMention | None:
    """The place named in the possessive just before a name: "Mogadishu" in "Mogadishu's Hodan district"."""
    for mark in ("'s ", "’s "):
        if text[max(0, mention.start - len(mark)):mention.start] == mark:
            return by_end.get(mention.start - len(mark))
    return None
