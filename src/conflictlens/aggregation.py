"""ACLED's aggregation: mentions of one event (same type, actors, place and day) become one record under the
higher-priority sub-type, and per-actor developments (a defection by two groups) become one record per actor.
"""

from __future__ import annotations

from dataclasses import replace

from .ids import make_id
from .model import Actor, ActorType, Event
from .notes import compose_notes
from .ontology import acled_subtypes
from .roles import VIOLENT, interaction

PER_ACTOR_SUBTYPES = {"Change to group/activity", "Headquarters or base established"}


def split_by_actor(event: Event) -> list[Event]:
    """A development of several groups ("commanders of HTS and Jaysh al-Izza defected") is one event per group:
    each group changed, and ACLED's events are atomic per actor."""
    if event.sub_event_type not in PER_ACTOR_SUBTYPES or not event.assoc_actor_1:
        return [event]
    result = [replace(event, assoc_actor_1=())]
    for actor in event.assoc_actor_1:
        split = replace(event, actor1=actor, assoc_actor_1=(), interaction=interaction(actor, event.actor2),
                        event_id=make_id("evt", event.event_id, actor.name))
        result.append(replace(split, notes=compose_notes(split)))
    return [replace(result[0], notes=compose_notes(result[0]))] + result[1:]


def _compatible(a: Event, b: Event) -> bool:
    """Two records of one event: same type, day and modality; places and actors equal where both are known."""
    if (a.event_date, a.modality) != (b.event_date, b.modality):
        return False
    mergeable = VIOLENT | {"Looting/property destruction"}
    kind_a = a.event_type if a.event_type in VIOLENT else a.sub_event_type
    kind_b = b.event_type if b.event_type in VIOLENT else b.sub_event_type
    force = {a.sub_event_type, b.sub_event_type} == {"Excessive force against protesters", "Attack"} \
        and a.place is not None and b.place is not None
    # "M23 captured the town after fighting" and "the rebels entered the town after our soldiers withdrew": one
    # change of hands, told twice (the capture, a battle, ranks first)
    handover = {a.sub_event_type, b.sub_event_type} <= TERRITORY and a.event_type != b.event_type
    if a.event_type != b.event_type and not (kind_a in mergeable and kind_b in mergeable and a.place and b.place) \
            and not (force or handover):
        # kinds of political violence (and the arson that goes with them) at one place and day are one event; so are
        # the killing of demonstrators and the force used on their protest ("police fired on protesters, killing two")
        return False
    if a.event_type == "" and a.plover_event != b.plover_event:
        return False
    if a.event_type == "Strategic developments" and a.sub_event_type != b.sub_event_type and not handover:
        return False  # a reinforcement and a defection on one day stay two developments
    if a.place is not None and b.place is not None and place_key(a.place) != place_key(b.place) and not (
            a.sub_event_type == b.sub_event_type and (_holds(a.place, b.place) or _holds(b.place, a.place))):
        return False
    if any(e.event_type == "Battles" for e in (a, b)) and any(
            e.actor2 is not None and e.actor2.type == ActorType.CIVILIANS for e in (a, b)):
        return False  # a strike on a market is not part of the fighting nearby: civilians are no side of a battle
    # Actors: the named roles must not conflict, read either way round ("X clashed with Y" / "Y repelled X").
    if _slots_fit(a.actor1, a.actor2, b.actor1, b.actor2):
        return True
    # Fighting is symmetric, so sides may be named either way round; a development has a fixed doer.
    symmetric = a.event_type in VIOLENT or a.sub_event_type == "Agreement" or force
    return symmetric and _slots_fit(a.actor1, a.actor2, b.actor2, b.actor1)


TERRITORY = frozenset({"Non-violent transfer of territory", "Non-state actor overtakes territory",
                       "Government regains territory"})


def _holds(area, place) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``area`` is the province that holds the town ``place``: "an air strike on a village in Sagaing region"
    and "the strike on Pa Zi Gyi village" of one report are one event, coded at the village (ACLED codes the most
    precise place told)."""
    return area.kind == "admin1" and place.kind in ("populated_place", "relative", "admin2") and bool(area.admin1) \
        and area.country_code == place.country_code and area.admin1.lower() == (place.admin1 or "").lower()


def _precise(x, y):  # type: ignore[no-untyped-def]
    """The more precise of two places of one event (a town before the province that holds it)."""
    if x is not None and y is not None and _holds(x, y):
        return y
    return x or y


def place_key(place) -> str:  # type: ignore[no-untyped-def]
    """The coded point's name; for a place the gazetteer could not resolve, the name as written (two villages
    missing from the gazetteer are still two places, not one unknown place)."""
    return place.location or place.name.strip().lower()


def _same_actor(x: Actor | None, y: Actor | None) -> bool:
    """Unknown fits anything; an unidentified armed group fits a named armed group of the same country
    ("Palestinian fighters" in a report whose fighters are the Jenin Brigade)."""
    if x is None or y is None or x.name == y.name:
        return True
    unidentified = [a for a in (x, y) if a.name.startswith("Unidentified Armed Group")]
    named = [a for a in (x, y) if (a.kb_id or a.unknown_to_kb) and a.type in (ActorType.REBEL, ActorType.POLITICAL_MILITIA, ActorType.IDENTITY_MILITIA)]
    return len(unidentified) == 1 and len(named) == 1 and (not named[0].country_code or named[0].country_code == unidentified[0].country_code)


def _slots_fit(a1: Actor | None, a2: Actor | None, b1: Actor | None, b2: Actor | None) -> bool:
    return _same_actor(a1, b1) and _same_actor(a2, b2)


def _prefer_named(x: Actor | None, y: Actor | None) -> Actor | None:
    if x is not None and x.name.startswith("Unidentified Armed Group") and y is not None:
        return y
    return x or y


def _actor_count(event: Event) -> int:
    return (event.actor1 is not None) + (event.actor2 is not None)


def _merge(keep: Event, other: Event) -> Event:
    o1, o2 = other.actor1, other.actor2
    if not _slots_fit(keep.actor1, keep.actor2, o1, o2):
        o1, o2 = o2, o1  # the other record names the sides the other way round
    actor1, actor2 = _prefer_named(keep.actor1, o1), _prefer_named(keep.actor2, o2)
    pooled = set(keep.evidence)  # a set: an event merging hundreds of repeats must not compare every pair
    if actor1 is not None and actor2 is not None and actor1.name == actor2.name:
        actor2 = keep.actor2 if keep.actor2 is not None and keep.actor2.name != actor1.name else None  # never one actor on both sides
    return replace(
        keep,
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=keep.assoc_actor_1 or other.assoc_actor_1,
        assoc_actor_2=keep.assoc_actor_2 or other.assoc_actor_2,
        place=_precise(keep.place, other.place),
        fatalities=max(keep.fatalities, other.fatalities),
        fatalities_phrase=keep.fatalities_phrase or other.fatalities_phrase,
        confidence=max(keep.confidence, other.confidence),
        evidence=keep.evidence + tuple(e for e in other.evidence if e not in pooled),
        reasons=tuple(r for r in keep.reasons if not (
            (r.startswith("actor1") and other.actor1) or (r.startswith("location") and other.place))),
    )


def aggregate(events: list[Event]) -> list[Event]:
    """One event per type, actor pair, place and day: the higher-priority sub-type wins, gaps are filled,
    evidence is pooled. Events are compared in text order, so the first mention keeps its id."""
    priority = {name: spec.priority for name, spec in acled_subtypes().items()}
    merged: list[Event] = []
    for event in events:
        for index, prior in enumerate(merged):
            if _compatible(prior, event):
                rank = (priority.get(prior.sub_event_type, 99), -_actor_count(prior))
                first_wins = rank <= (priority.get(event.sub_event_type, 99), -_actor_count(event))
                keep, other = (prior, event) if first_wins else (event, prior)
                combined = _merge(keep, other)
                merged[index] = replace(combined, event_id=prior.event_id, interaction=interaction(combined.actor1, combined.actor2),
                                        civilian_targeting=bool(combined.actor2 and combined.actor2.type == ActorType.CIVILIANS))
                break
        else:
            merged.append(event)
    return [replace(e, notes=compose_notes(e)) for e in merged]


def with_tolls_of(kept: list[Event], rejected: list[Event]) -> list[Event]:
    """A death figure told in a sentence the verifier reads as a restatement ("Two traders died in the blast",
    after the lede coded the blast) still belongs to the event it restates: a kept event takes the highest figure
    of the rejected candidates of its kind, place and day, when it is the only kept event they fit."""
    out = list(kept)
    for other in rejected:
        if not other.fatalities:
            continue
        fits = [i for i, event in enumerate(out) if _compatible(event, other)]
        if len(fits) == 1 and other.fatalities > out[fits[0]].fatalities:
            event = out[fits[0]]
            figures = tuple(e for e in other.evidence if e.field == "fatalities")
            event = replace(event, fatalities=other.fatalities, fatalities_phrase=other.fatalities_phrase,
                            evidence=tuple(e for e in event.evidence if e.field != "fatalities") + figures)
            out[fits[0]] = replace(event, notes=compose_notes(event))
    return out
