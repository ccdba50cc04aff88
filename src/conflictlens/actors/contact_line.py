"""ACLED's sides for a monitor's fire counts along a front line.

A monitoring mission that records fire ("the SMM recorded 20 explosions near X") names no side. ACLED codes the
side by who held the ground: fire observed at a place one side held came from the other side, so shelling there is
coded to the other side, and small-arms fire there is an armed clash with the other side first. The fronts, their
periods, the monitors' words and the settlements each side held are data (``actors/data/_contact_line.yaml``); a
place in neither list keeps its sides empty, with a reason, rather than a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..errors import DataFileError
from ..model import Actor, Event
from ..notes import compose_notes
from ..ontology import acled_subtypes
from ..roles import interaction
from .conventions import kb_actor, state_military, trigger_sentence
from .kb import load_lexicon


FIRING_REASON = "actor1: a monitor's count of fire at a place the other side held is coded to the side that fired (ACLED)"


@dataclass(frozen=True)
class Front:
    country: str
    start: dt.date
    end: dt.date
    monitors: re.Pattern
    government: str  # "military" or a knowledge-base id
    other: str
    held: dict[str, str]  # settlement name (lower case) -> "government" | "other"
    shelling_types: frozenset[str]
    clash_types: frozenset[str]
    recode: dict[str, str]


@lru_cache(maxsize=1)
def load_fronts() -> tuple[Front, ...]:
    raw = load_lexicon("_contact_line.yaml")
    try:
        fronts = []
        for f in raw["fronts"]:
            held = {n.lower(): "government" for n in f["government_held"]}
            both = held.keys() & {n.lower() for n in f["other_held"]}
            if both:
                raise DataFileError(f"actors/data/_contact_line.yaml: held by both sides: {sorted(both)}")
            held.update({n.lower(): "other" for n in f["other_held"]})
            words = sorted(f["monitor_words"], key=len, reverse=True)
            fronts.append(Front(str(f["country"]), f["start"], f["end"],
                                re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"),
                                str(f["sides"]["government"]), str(f["sides"]["other"]), held,
                                frozenset(f["shelling_types"]), frozenset(f["clash_types"]),
                                {str(k): str(v) for k, v in (f.get("recode") or {}).items()}))
        return tuple(fronts)
    except (KeyError, TypeError, AttributeError) as e:
        raise DataFileError(f"actors/data/_contact_line.yaml: missing or malformed entry: {e}") from e


def _side(front: Front, side: str, event: Event, day: dt.date) -> Actor | None:
    key = front.government if side == "government" else front.other
    if key == "military":
        return state_military(front.country, event, day)
    return kb_actor(key, event, day)


def front_sides(doc, event: Event) -> Event:  # type: ignore[no-untyped-def]
    """``event`` with the sides ACLED gives a monitor's fire count on a known front; unchanged otherwise."""
    place, day = event.place, event.event_date
    if (event.actor1 is not None and not event.actor1.name.startswith("Unidentified")) or place is None or day is None:
        return event
    for front in load_fronts():
        sub_type = front.recode.get(event.sub_event_type, event.sub_event_type)
        kinds = front.shelling_types | front.clash_types
        if place.country_code != front.country or not front.start <= day <= front.end or sub_type not in kinds:
            continue
        if not front.monitors.search(trigger_sentence(doc, event)[0]):
            continue
        event = replace(event, sub_event_type=sub_type, event_type=acled_subtypes()[sub_type].event_type)
        holder = next((front.held[n] for n in (place.location.lower(), place.name.lower()) if n in front.held), None)
        if holder is None:
            reason = "actor1: a monitor's count on the front line, at a place not listed as held by either side"
            return replace(event, reasons=event.reasons + (reason,), notes=compose_notes(event))
        firing = _side(front, "other" if holder == "government" else "government", event, day)
        target = _side(front, holder, event, day) if event.sub_event_type in front.clash_types else None
        if firing is None:
            return replace(event, notes=compose_notes(event))
        changed = replace(event, actor1=firing, actor2=target if target is not None else event.actor2,
                          interaction=interaction(firing, target if target is not None else event.actor2),
                          reasons=tuple(r for r in event.reasons if not r.startswith("actor1")) + (FIRING_REASON,))
        return replace(changed, notes=compose_notes(changed))
    return event
