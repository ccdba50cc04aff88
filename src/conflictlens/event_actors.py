"""The actors of one event, named as ACLED names them.

Generic sides take the country of the event's place; a state's forces abroad are External/Other forces; the
sponsor of "Turkish-backed factions" stays as an associated actor; crowds are Protesters or Rioters of their
own country (or nationality); civilians are the target of attacks with no other target; the police or army that
intervene in a protest are its actor2; and, where ACLED does, unnamed killers are a gang (``_gang_cues.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .actors.focus import FOCUS_PLACE
from .actors.generic import format_template, is_unplaced
from .actors.kb import load_lexicon, shipped_entries
from .document import ActorMention, Doc, EventMention
from .geo.names import name_key
from .geo.supplements import country_of_word, load_countries
from .model import Actor, ActorType, Event, Place
from .notes import compose_notes
from .roles import interaction
RECIPROCAL = re.compile(r"\s+(?:\w+\s+)?(?:each other|one another)\b", re.I)


def dedupe(actors: list[Actor]) -> list[Actor]:
    seen: set[str] = set()
    return [a for a in actors if not (a.name in seen or seen.add(a.name))]  # type: ignore[func-returns-value]


#: A place read this surely may change whose forces a coalition's act is coded to: a misread district name must not turn
#: "Operation Restoring Hope" over Al Jawf (Yemen) into Saudi forces at a Saudi village of a similar name.
SURE_PLACE = 0.85  # as actors/focus.py; the ranker's calibrated confidence puts a province named alone at ~0.87


@lru_cache(maxsize=1)
def coalition_ids() -> frozenset[str]:
    """Knowledge-base ids of state-led military coalitions ("Operation Restoring Hope", the Saudi-led coalition)."""
    return frozenset(e.id for e in shipped_entries() if e.type == ActorType.EXTERNAL and e.country and any(
        "coalition" in name_key(n).split() or n.startswith("Operation ") for n in e.all_names()))


def as_external(actor: Actor, place: Place | None) -> Actor:
    """A state's forces acting in another country are coded External/Other forces, as ACLED does. A coalition acting
    on the soil of the state that leads it is that state's forces ("Saudi-led coalition airstrikes targeted Ash
    Shurfah area (Najran)": "Military Forces of Saudi Arabia"), as ACLED codes it; elsewhere the coalition keeps its
    name (the period suffix is added by ``dated``)."""
    if actor.type == ActorType.EXTERNAL and actor.kb_id in coalition_ids() and place is not None \
            and place.country_code == actor.country_code and place.confidence >= SURE_PLACE \
            and place.country_code in load_countries():
        country = load_countries()[place.country_code]
        return Actor(format_template("Military Forces of {the_country}", country), ActorType.STATE, country.code, "",
                     "MIL", actor.mention)
    if actor.type == ActorType.STATE and place is not None and place.country_code and actor.country_code \
            and actor.country_code != place.country_code:
        return replace(actor, type=ActorType.EXTERNAL)
    return actor


_BACKED = re.compile(r"\b([A-Z][a-z]+)-(?:backed|supported|sponsored)\b")


def backers(mentions: list[ActorMention], named: list[Actor], place: Place | None) -> list[Actor]:
    """ "Turkish-backed factions": the backing state's forces stay on the record as an associated actor (External/
    Other forces when they are foreign to the place), so the sponsor is not lost when the group is named."""
    backers = []
    for mention in mentions:
        for word in _BACKED.findall(mention.text):
            country = load_countries().get(country_of_word(word))
            if country is None or country.code == mention.actor.country_code:
                continue
            actor = Actor(format_template("Military Forces of {the_country}", country), ActorType.STATE, country.code,
                          "", "MIL", word)
            if actor.name not in {a.name for a in named + backers}:
                backers.append(as_external(actor, place))
    return backers


def localise(mention: ActorMention, place: Place | None, focus: list[str] | None = None) -> Actor | None:
    """A generic actor whose country came from context takes the country of the event's place. When the report
    has no country focus, a place in another country than the one the actor was given (from the named actors and
    places) is a doubtful reading of the place and does not re-code the actor. A generic actor with no country at
    all ("regime forces" in a report naming no country) takes a surely read place's, else is left out: None."""
    country = load_countries().get(place.country_code) if place is not None else None
    if is_unplaced(mention.actor):
        if country is None or place is None or place.confidence < FOCUS_PLACE:
            return None
        return replace(mention.actor, name=format_template(mention.template, country), country_code=country.code)
    if focus is not None and not focus and country is not None and mention.actor.country_code \
            and country.code != mention.actor.country_code:
        return mention.actor
    if mention.template and country is not None:
        return replace(mention.actor, name=format_template(mention.template, country), country_code=country.code)
    return mention.actor


#: Violent sub-types whose unnamed doer is not an armed group: air strikes are a state's (or a coalition's) and stay
#: unnamed rather than guessed.
CROWDS = {"Protests": (ActorType.PROTESTERS, "Protesters"), "Riots": (ActorType.RIOTERS, "Rioters")}


#: Crowd sub-types with a force that intervened; the force is often told in a sentence of its own ("Officers
#: then cleared the square and pushed the marchers away").
INTERVENED = {"Protest with intervention", "Excessive force against protesters", "Violent demonstration"}


def intervening(doc: Doc, mention: EventMention, actors: list[Actor], place: Place | None) -> list[Actor]:
    """ACLED's actor2 of a protest met by force or a violent demonstration is the state force that intervened: when
    the event's clause names none, the first state force named in its sentence or the next two."""
    if mention.sub_event_type not in INTERVENED or any(a.type in (ActorType.STATE, ActorType.EXTERNAL) for a in actors):
        return []
    for m in doc.actor_mentions:
        if mention.sent <= m.sent <= mention.sent + 2 and m.actor.type == ActorType.STATE:
            actor = localise(m, place, doc.country_focus)
            if actor is not None and actor.name not in {a.name for a in actors}:
                return [as_external(actor, place)]
    return []


#: Sub-types whose target is civilians by ACLED's definition (Violence against civilians): with no target named,
#: ACLED codes "Civilians (<country of the place>)" ("a man was shot dead by two armed men").
CIVILIAN_TARGETS = {"Attack", "Abduction/forced disappearance", "Sexual violence"}


def civilian_target(event: Event) -> Actor | None:
    """ "Civilians (<country of the place>)" for a violence-against-civilians event whose target the text leaves
    unnamed, once merging has had its chance to name it; None when a target is named or the place is unsure."""
    place = event.place
    if event.actor2 is not None or event.sub_event_type not in CIVILIAN_TARGETS or place is None \
            or place.confidence < FOCUS_PLACE or place.country_code not in load_countries():
        return None
    country = load_countries()[place.country_code]
    return Actor(f"Civilians ({country.name})", ActorType.CIVILIANS, country.code, "", "CVL", "")


#: Verbs a crowd is the subject of besides the trigger ("refugees gathered and protested").
_CROWD_SUBJECT_DEPS = ("nsubj", "nsubjpass")


def crowd_nationality(doc: Doc, mention: EventMention) -> str:
    """The ISO2 code of the nationality the text gives the crowd itself ("around 30 Ethiopian refugees protested in
    Hargeysa", "Venezuelan migrants tried to cross the border"): ACLED names such a crowd after its people, not after
    the place. Only a nationality word describing the doing crowd's own head noun counts ("employees of the Libyan
    Audit Bureau" is the place's crowd); "" when the text gives none."""
    nlp = doc.nlp
    if nlp is None:
        return ""
    span = nlp.char_span(mention.trigger_start, mention.trigger_end, alignment_mode="expand")
    if span is None:
        return ""
    tok = span.root
    verbs = [tok]
    head = tok
    for _ in range(3):  # a noun trigger ("staged a protest") or a verb joined to the first ("gathered and protested")
        if head.dep_ in ("conj", "dobj", "xcomp", "advcl", "pobj", "prep") and head.head.i != head.i:
            head = head.head
            verbs.append(head)
        else:
            break
    for verb in verbs:
        for subject in (c for c in verb.children if c.dep_ in _CROWD_SUBJECT_DEPS):
            if subject.pos_ not in ("NOUN", "PROPN") or subject.ent_type_ in ("ORG", "NORP") and subject.pos_ == "PROPN":
                continue
            heads = [subject] + [c for c in subject.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
            for noun in heads:
                for word in noun.children:
                    if word.dep_ in ("amod", "compound") and word.i < noun.i and word.text[:1].isupper():
                        code = country_of_word(word.text)
                        if code and code in load_countries():
                            return code
            return ""
    return ""


def crowd_roles(mention: EventMention, side1: list[Actor], side2: list[Actor], place: Place | None,
                 focus: str = "", nationality: str = "") -> tuple[list[Actor], list[Actor]]:
    """Protests and riots: the crowd is actor1 ("Protesters (Kenya)"), the authorities who intervene actor2;
    a peaceful protest has no actor2. Named groups marching stay as associated actors of the crowd. The crowd's
    country is the nationality the text gives the crowd (``nationality``: "Ethiopian refugees protested"), else the
    place's, else the report's main country (``focus``)."""
    if mention.event_type not in CROWDS:
        return side1, side2
    if nationality in load_countries():
        country = load_countries()[nationality]
        place = Place(name="", country=country.name, country_code=country.code)
    if (place is None or not place.country) and focus in load_countries():
        country = load_countries()[focus]
        place = Place(name="", country=country.name, country_code=country.code)
    crowd_type, label = CROWDS[mention.event_type]
    everyone = side1 + side2
    crowd = [a for a in everyone if a.type == crowd_type]
    authorities = [a for a in everyone if a.type in (ActorType.STATE, ActorType.EXTERNAL)]
    others = [a for a in everyone if a not in crowd and a not in authorities and a.type != ActorType.CIVILIANS]
    if not crowd and place is not None and place.country:
        crowd = [Actor(f"{label} ({place.country})", crowd_type, place.country_code, "", "OPP" if crowd_type == ActorType.PROTESTERS else "UNK", "")]
    if mention.sub_event_type == "Peaceful protest":
        authorities = []
    if mention.sub_event_type == "Mob violence":
        victims = [a for a in everyone if a.type == ActorType.CIVILIANS]
        fought = [a for a in authorities if a in side2]  # the force the mob fought ("clashed with police")
        if not victims and not fought and place is not None and place.country:
            # a mob's unnamed victims are civilians, as ACLED codes them; a mob that fought the police has the
            # police for its other side (police who only dispersed it after a lynching are not its target)
            victims = [Actor(f"Civilians ({place.country})", ActorType.CIVILIANS, place.country_code, "", "CVL", "")]
        authorities = victims + authorities if victims else fought + [a for a in authorities if a not in fought]
    return crowd + others, authorities


@lru_cache(maxsize=1)
def gang_lexicon() -> tuple[frozenset[str], re.Pattern, re.Pattern, tuple[dict, ...]]:
    data = load_lexicon("_gang_cues.yaml")
    return (frozenset(data.get("countries", ())), re.compile("|".join(data.get("cues", ())), re.I),
            re.compile("|".join(data.get("battle_cues", ())), re.I), tuple(data.get("regional_names", ())))


def _window(doc: Doc, event: Event) -> str:
    """The event's sentence and the next two: where a report tells how a victim was found or whom police fought."""
    start = min((ev.start for ev in event.evidence if ev.field == "trigger"), default=None)
    if start is None or doc.nlp is None:
        return ""
    sents = doc.sentences()  # built once per document, not per event
    index = next((k for k, s in enumerate(sents) if s.start_char <= start < s.end_char), None)
    if index is None:
        return ""
    return doc.text[sents[index].start_char:sents[min(index + 2, len(sents) - 1)].end_char]


def gang_names(doc: Doc, event: Event) -> Event:
    """ACLED's gang naming of unnamed doers in countries where organised crime is the usual one (``_gang_cues.yaml``):
    "Unidentified Armed Group (Mexico)" with a bound or beheaded victim, a threatening message or a drive-by shooting
    is "Unidentified Gang (Mexico)"; a police shoot-out with unnamed drug traffickers gets the gang as actor2; in
    Rio de Janeiro the unnamed gang is "Unidentified Gang and/or Police Militia"."""
    countries, cues, battle_cues, regional = gang_lexicon()
    place = event.place
    code = place.country_code if place is not None else ""
    if code not in countries or code not in load_countries() or place is None or place.confidence < FOCUS_PLACE:
        return event
    country = load_countries()[code]
    text = _window(doc, event)
    gang = Actor(f"Unidentified Gang ({country.name})", ActorType.POLITICAL_MILITIA, code, "", "CRM", "")
    unidentified = f"Unidentified Armed Group ({country.name})"
    actor1, actor2 = event.actor1, event.actor2
    if cues.search(text):
        actor1 = gang if actor1 is not None and actor1.name == unidentified else actor1
        actor2 = gang if actor2 is not None and actor2.name == unidentified else actor2
    if event.event_type == "Battles" and actor2 is None and actor1 is not None and actor1.type == ActorType.STATE \
            and actor1.country_code == code and battle_cues.search(text):
        actor2 = gang
    for rule in regional:
        if rule.get("country") == code and rule.get("admin1") == place.admin1:
            actor1, actor2 = ([replace(a, name=rule["name"]) if a is not None and a.name == gang.name else a
                               for a in (actor1, actor2)])
    if (actor1, actor2) == (event.actor1, event.actor2):
        return event
    return replace(event, actor1=actor1, actor2=actor2, interaction=interaction(actor1, actor2), notes=compose_notes(
        replace(event, actor1=actor1, actor2=actor2)))
