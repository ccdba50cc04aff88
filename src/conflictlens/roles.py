"""ACLED's roles: which actors of an event mention are actor1 and actor2, and in which order.

Allies named together share a side ("the army, backed by allied militias"); a generic side followed by
the named group it operates under is named by that group; a capture with no named loser takes the other camp named
after the trigger; a battle whose text does not say who began lists the home state's forces first (ACLED's
convention), and an attack "by X" keeps X first; a violent event whose doer the text does not name gets ACLED's
"Unidentified Armed Group (<country of the place>)" once merging has had its chance to name it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .actors.focus import FOCUS_PLACE, report_country
from .document import ActorMention, Doc, EventMention
from .events.arguments import ALLIED
from .geo.supplements import load_countries
from .model import Actor, ActorType, Event, Place

def _unique_actors(mentions: list[ActorMention]) -> list[ActorMention]:
    seen, result = set(), []
    for m in mentions:
        if m.actor.name not in seen:
            seen.add(m.actor.name)
            result.append(m)
    return result


def _without_unidentified(side: list[ActorMention]) -> list[ActorMention]:
    """'Armed men, identified as JNIM fighters': when a named group is on the same side, it is them."""
    if any(m.actor.kb_id or m.actor.unknown_to_kb for m in side):
        return [m for m in side if not m.actor.name.startswith("Unidentified Armed Group")]
    return side


VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
UNNAMED_EXCEPT = {"Air/drone strike", "Chemical weapon"}
def interaction(a1: Actor | None, a2: Actor | None) -> int | None:
    codes = sorted(c for c in (a1.inter if a1 else None, a2.inter if a2 else None) if c)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)




def _allied(text: str, a: ActorMention, b: ActorMention) -> bool:
    """ "The army, supported by ATMIS forces": the two fight on one side."""
    first, second = sorted((a, b), key=lambda m: m.start)
    return bool(ALLIED.search(text[first.end:second.start + 1]))


_UNDER = re.compile(r"^[\s,]*(?:\w+\s+){0,4}(?:operating under|under the (?:banner|umbrella|command) of|as part of|"
                    r"members of|affiliated (?:with|to)|belonging to)\b", re.I)


def _umbrella_first(text: str, side: list[ActorMention]) -> list[ActorMention]:
    """A generic side ("opposition factions") followed by the named group it operates under: the named group first,
    as ACLED names the side by it."""
    for k, m in enumerate(side):
        if not m.generic:
            continue
        named = next((n for n in side[k + 1:] if not n.generic and n.start >= m.end
                      and _UNDER.search(text[m.end:n.start])), None)
        if named is not None:
            return [named] + [x for x in side if x is not named]
    return side


def roles(mention: EventMention, text: str = "") -> tuple[list[ActorMention], list[ActorMention]]:
    side1 = _umbrella_first(text, _without_unidentified(_unique_actors(mention.actor1)))
    side2 = [m for m in _without_unidentified(_unique_actors(mention.actor2)) if m.actor.name not in {a.actor.name for a in side1}]
    side2 = _umbrella_first(text, side2)
    if mention.event_type == "Violence against civilians":
        civilians = [m for m in side1 if m.actor.type == ActorType.CIVILIANS]
        if civilians:  # "civilians were attacked by X" parsed the wrong way round
            side1 = [m for m in side1 if m not in civilians] + [m for m in side2 if m.actor.type != ActorType.CIVILIANS]
            side2 = civilians + [m for m in side2 if m.actor.type == ActorType.CIVILIANS]
    if mention.event_type in ("Battles", "Explosions/Remote violence"):
        side2 = [m for m in side2 if m.actor.type != ActorType.CIVILIANS] or side2
    if (mention.event_type == "Battles" or mention.sub_event_type == "Agreement") and not side2 and len(side1) > 1 \
            and not _allied(text, side1[0], side1[1]):
        side1, side2 = side1[:1], side1[1:]  # "the army and M23 rebels clashed", "the two sides agreed": one side each
    return side1, side2


TERRITORY = {"Government regains territory", "Non-state actor overtakes territory"}
_SIDE_OF_STATE = {ActorType.STATE, ActorType.EXTERNAL}


def _pro_state(actor: Actor) -> bool:
    return actor.type in _SIDE_OF_STATE or actor.sector == "PRM"


def losing_side(doc: Doc, mention: EventMention, side1: list[ActorMention]) -> list[ActorMention]:
    """A capture with no named loser ("the army took a village after fighting between the army,
    supported by allied militias, and the insurgents"): the first actor of the other camp that the sentence names after
    the trigger, skipping the allies of the winner (those after "supported by" up to the next comma)."""
    if mention.sub_event_type not in TERRITORY or not side1:
        return []
    winners = {m.actor.name for m in side1}
    winner_state = any(_pro_state(m.actor) for m in side1)
    allied, previous_end = False, mention.trigger_end
    for m in sorted((m for m in doc.actor_mentions if m.sent == mention.sent and m.start >= mention.trigger_end),
                    key=lambda m: m.start):
        gap = doc.text[previous_end:m.start]
        previous_end = m.end
        if ALLIED.search(gap):
            allied = True
        elif "," in gap or ";" in gap:
            allied = False
        if allied or m.actor.name in winners or m.actor.type == ActorType.CIVILIANS:
            continue
        if _pro_state(m.actor) != winner_state:
            return [m]
    return []


def unnamed_country(doc: Doc, mention: EventMention, event: Event, ranked: bool = False) -> str:
    """The country of ACLED's "Unidentified Armed Group (X)" for a violent event whose doer the text does not name
    ("an IED exploded", "a woman was shot dead"): the event place's, else the report's; "" when a doer is named or
    only missed. ``ranked``: the actor-role ranker chose the sides, so a doer is named when the event's actor1 has
    evidence (the ranker may have left the rules' doer out)."""
    named = any(ev.field == "actor1" for ev in event.evidence) if ranked else bool(mention.actor1)
    if event.actor1 is not None or named or event.event_type not in VIOLENT \
            or event.sub_event_type in UNNAMED_EXCEPT or _missed_side(doc, mention):
        return ""
    place = event.place
    if place is not None and place.confidence >= FOCUS_PLACE:
        return place.country_code if place.country_code in load_countries() else ""
    # No place, or one read unsurely ("Hamamiyat" as Hamamatsu, Japan, at 0.25): the report's own country, as ACLED
    # names an unnamed doer by the country the event happened in.
    return report_country(doc)


def with_unidentified(event: Event, code: str) -> Event:
    """The event with ACLED's unidentified armed group as actor1, once merging has had its chance to name the doer."""
    if event.actor1 is not None or not code:
        return event
    country = load_countries()[code]
    actor = Actor(f"Unidentified Armed Group ({country.name})", ActorType.POLITICAL_MILITIA, code, "", "UAF", "")
    reasons = tuple(r for r in event.reasons if not r.startswith("actor1")) + (
        "actor1: no perpetrator is named; coded as ACLED's unidentified armed group",)
    return replace(event, actor1=actor, interaction=interaction(actor, event.actor2), reasons=reasons)


def _missed_side(doc: Doc, mention: EventMention) -> bool:
    """The sentence names an armed actor (or one with no country yet) that the event's sides left out: the parse
    missed a side, so no unidentified one is added."""
    used = {id(m) for m in mention.actor1 + mention.actor2}
    missed = [m for m in doc.actors_in_sentence(mention.sent) if id(m) not in used
              and m.actor.type not in (ActorType.CIVILIANS, None)]
    if mention.event_type == "Battles" and missed:
        return True
    ents = doc.sentence_ents(mention.sent) if 0 <= mention.sent < len(doc.sentences()) else ()
    if any(e.label_ in ("ORG", "NORP", "PERSON") and e.end_char <= mention.trigger_start
           and not _overlaps_actor(doc, e.start_char, e.end_char) for e in ents):
        return True  # "fighters of an operations room we do not know attacked": a name the actor stage did not know
    # Elsewhere an armed actor left out is often the target ("the police personnel inside were injured"); only an
    # agent the parse misplaced counts: "mortar fire on army posts nearby by insurgent units".
    return any(doc.text[max(0, m.start - 3):m.start].lower() == "by " for m in missed)


def _overlaps_actor(doc: Doc, start: int, end: int) -> bool:
    """Whether any actor mention overlaps ``[start, end)``: the mentions' spans, sorted once per document, are
    searched by bisection (a scan of every mention per entity and event grew with the square of the length)."""
    return doc.actor_spans().overlaps(start, end)


#: Triggers that say two sides fought without saying who began: "clashes between X and Y", "X and Y exchanged fire".
#: "following attacks by X": X began. ("by the latter" is no reason to reorder: ACLED's Syria coders keep the regime
#: first in "clashes between regime forces and HTS following an attack by the latter".)
SYMMETRIC = {"clash", "exchange", "fight", "fighting", "battle", "firefight", "gunfight", "shootout", "shoot-out", "skirmish",
             "confrontation"}
_BEGUN_BY = re.compile(r"\b(?:attacks?|offensive|assault|incursion|infiltration)\s+(?:\w+\s+)?by\s+(?!the latter)", re.I)


def initiator_first(doc: Doc, mention: EventMention, side1: list[ActorMention], side2: list[ActorMention],
                     place: Place | None) -> tuple[list[ActorMention], list[ActorMention]]:
    """ACLED lists the side that began a battle first: "clashes between X and Y following an attack by the latter"
    puts Y first. When the text does not say who began ("clashes between", "exchanged fire"), the home state's
    forces come first, as ACLED codes them (the regime before the rebels in Syria)."""
    if mention.event_type != "Battles" or not side1 or not side2:
        return side1, side2
    sentence = doc.text[slice(*_sentence_span(doc, mention.sent))]
    begun = _BEGUN_BY.search(sentence)
    if begun and any(m.actor.mention.lower() in sentence[begun.end():begun.end() + 60].lower() for m in side1):
        return side1, side2  # "fighting with the army after raids by the insurgents": the insurgents began
    if mention.trigger_lemma.lower() not in SYMMETRIC:
        return side1, side2
    home = place.country_code if place is not None and place.country_code else ""

    def home_state(side: list[ActorMention]) -> bool:
        return any(m.actor.type == ActorType.STATE and (not home or m.actor.country_code in ("", home)) for m in side)

    return (side2, side1) if home_state(side2) and not home_state(side1) else (side1, side2)


def _sentence_span(doc: Doc, index: int) -> tuple[int, int]:
    sents = doc.sentences()  # built once per document, not per event
    return (sents[index].start_char, sents[index].end_char) if 0 <= index < len(sents) else (0, 0)
