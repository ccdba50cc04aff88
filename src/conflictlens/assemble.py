"""Assembly: event mentions -> public :class:`Event` records.

Applies ACLED's conventions: civilians are always actor2; allied forces named together are associated
actors; a state's military acting outside its country is "External/Other forces"; mentions of the same
event (same type, actors, place and day) are merged into one, keeping the higher-priority sub-type.
State forces are named with the period of the government in power on the event's day
("Military Forces of Syria (2000-2024)", see ``actors/periods.py``). Non-factual mentions (denied, threatened, planned, negated, historical) are left out unless the settings
keep them. Every field carries its evidence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .actors.focus import FOCUS_PLACE, backed_focus
from .actors.generic import format_template, is_unplaced
from .actors.kb import load_lexicon, shipped_entries
from .actors.periods import dated
from .document import ActorMention, DateAnchor, Doc, EventMention
from .geo.names import name_key
from .geo.supplements import country_of_word, load_countries
from .ids import make_id
from .model import FACTUAL_MODALITIES, Actor, ActorType, Event, Evidence, How, Place, SourceClaim
from .notes import compose_notes
from .ontology import acled_subtypes
from .registry import register_stage
from .resources import Resources
from .roles import VIOLENT, initiator_first, interaction, losing_side, roles, unnamed_country, with_unidentified

STAGE = "assemble"


_RECIPROCAL = re.compile(r"\s+(?:\w+\s+)?(?:each other|one another)\b", re.I)


def _dedupe(actors: list[Actor]) -> list[Actor]:
    seen: set[str] = set()
    return [a for a in actors if not (a.name in seen or seen.add(a.name))]  # type: ignore[func-returns-value]


#: A place read this surely may change whose forces a coalition's act is coded to: a misread district name must not turn
#: "Operation Restoring Hope" over Al Jawf (Yemen) into Saudi forces at a Saudi village of a similar name.
SURE_PLACE = 0.9


@lru_cache(maxsize=1)
def _coalition_ids() -> frozenset[str]:
    """Knowledge-base ids of state-led military coalitions ("Operation Restoring Hope", the Saudi-led coalition)."""
    return frozenset(e.id for e in shipped_entries() if e.type == ActorType.EXTERNAL and e.country and any(
        "coalition" in name_key(n).split() or n.startswith("Operation ") for n in e.all_names()))


def _as_external(actor: Actor, place: Place | None) -> Actor:
    """A state's forces acting in another country are coded External/Other forces, as ACLED does. A coalition acting
    on the soil of the state that leads it is that state's forces ("Saudi-led coalition airstrikes targeted Ash
    Shurfah area (Najran)": "Military Forces of Saudi Arabia"), as ACLED codes it; elsewhere the coalition keeps its
    name (the period suffix is added by ``dated``)."""
    if actor.type == ActorType.EXTERNAL and actor.kb_id in _coalition_ids() and place is not None \
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


def _backers(mentions: list[ActorMention], named: list[Actor], place: Place | None) -> list[Actor]:
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
                backers.append(_as_external(actor, place))
    return backers


def _localise(mention: ActorMention, place: Place | None, focus: list[str] | None = None) -> Actor | None:
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


#: Crowd sub-types with a force that intervened; the force is often told in a sentence of its own ("Police
#: intervened and moved the protesters out of the area by force").
INTERVENED = {"Protest with intervention", "Excessive force against protesters", "Violent demonstration"}


def _intervening(doc: Doc, mention: EventMention, actors: list[Actor], place: Place | None) -> list[Actor]:
    """ACLED's actor2 of a protest met by force or a violent demonstration is the state force that intervened: when
    the event's clause names none, the first state force named in its sentence or the next two."""
    if mention.sub_event_type not in INTERVENED or any(a.type in (ActorType.STATE, ActorType.EXTERNAL) for a in actors):
        return []
    for m in doc.actor_mentions:
        if mention.sent <= m.sent <= mention.sent + 2 and m.actor.type == ActorType.STATE:
            actor = _localise(m, place, doc.country_focus)
            if actor is not None and actor.name not in {a.name for a in actors}:
                return [_as_external(actor, place)]
    return []


#: Sub-types whose target is civilians by ACLED's definition (Violence against civilians): with no target named,
#: ACLED codes "Civilians (<country of the place>)" ("a man was shot dead by two armed men").
CIVILIAN_TARGETS = {"Attack", "Abduction/forced disappearance", "Sexual violence"}


def _civilian_target(event: Event) -> Actor | None:
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


def _crowd_roles(mention: EventMention, side1: list[Actor], side2: list[Actor], place: Place | None,
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
        if not victims and place is not None and place.country:
            victims = [Actor(f"Civilians ({place.country})", ActorType.CIVILIANS, place.country_code, "", "CVL", "")]
        authorities = victims + authorities  # a mob's victims are civilians, as ACLED codes them
    return crowd + others, authorities


#: "rebel and Islamist factions operating under Al Fath Al Mubeen Operation Room": the named umbrella is the side.
def _confidence(mention: EventMention, has_actor: bool, place: Place | None, date: DateAnchor) -> float:
    score = mention.confidence
    score *= 1.0 if has_actor else 0.75
    score *= 1.0 if place is not None and place.resolved else 0.85
    score *= {How.EXPLICIT: 1.0, How.INFERRED: 0.97, How.CONTEXT: 0.93}.get(date.how, 0.85)
    return round(min(1.0, score), 3)


#: Triggers that say two sides fought without saying who began: "clashes between X and Y", "X and Y exchanged fire".
#: "following attacks by X": X began. ("by the latter" is no reason to reorder: ACLED's Syria coders keep the regime
#: first in "clashes between regime forces and HTS following an attack by the latter".)
def build_event(doc: Doc, mention: EventMention) -> Event:
    side1, side2 = roles(mention, doc.text)
    side1, side2 = initiator_first(doc, mention, side1, side2, mention.place.place if mention.place is not None else None)
    if not side2:
        side2 = losing_side(doc, mention, side1)
    place = mention.place.place if mention.place is not None else None
    side1 = [m for m in side1 if _localise(m, place, doc.country_focus) is not None]
    side2 = [m for m in side2 if _localise(m, place, doc.country_focus) is not None]
    actors1 = _dedupe([_as_external(_localise(m, place, doc.country_focus), place) for m in side1])  # type: ignore[arg-type]
    actors2 = [a for a in _dedupe([_as_external(_localise(m, place, doc.country_focus), place) for m in side2])  # type: ignore[arg-type]
               if a.name not in {b.name for b in actors1}]
    if not actors2 and len(actors1) > 1 and _RECIPROCAL.match(doc.text, mention.trigger_end):
        actors1, actors2 = [actors1[0], *actors1[2:]], [actors1[1]]  # "the two groups accused each other": one on each side
    backed = [c for c in doc.country_focus if c in backed_focus(doc)]
    actors1, actors2 = _crowd_roles(mention, actors1, actors2, place, backed[0] if backed else "",
                                    crowd_nationality(doc, mention) if mention.event_type in CROWDS else "")
    actors2 += _intervening(doc, mention, actors1 + actors2, place)
    actors1 += _backers(side1, actors1 + actors2, place) if actors1 else []
    actors2 += _backers(side2, actors1 + actors2, place) if actors2 else []
    country = load_countries().get(place.country_code) if place is not None else None
    if not actors2 and country is not None and mention.civilian_victims:
        actors2 = [Actor(f"Civilians ({country.name})", ActorType.CIVILIANS, country.code, "", "CVL", "")]
    date = doc.dates.get(mention.sent) or DateAnchor(None, None, "", How.FALLBACK)
    # State forces carry ACLED's period of the government in power on the event's day (else the report's).
    day = date.date or doc.article.published
    actors1, actors2 = [dated(a, day) for a in actors1], [dated(a, day) for a in actors2]
    source = doc.sources.get(mention.sent)
    evidence = [Evidence("trigger", mention.trigger_start, mention.trigger_end, mention.trigger, "events", How.EXPLICIT)]
    evidence += [Evidence("actor1", m.start, m.end, m.text, "actors", m.how) for m in side1]
    evidence += [Evidence("actor2", m.start, m.end, m.text, "actors", m.how) for m in side2]
    if mention.place is not None:
        evidence.append(Evidence("location", mention.place.start, mention.place.end, mention.place.text, "places", mention.place_how))
    if date.evidence is not None:
        evidence.append(replace(date.evidence, how=date.how))
    if mention.fatalities_evidence is not None:
        evidence.append(mention.fatalities_evidence)
    if source is not None and source.evidence is not None:
        evidence.append(source.evidence)
    names = {m.actor.name for m in side1 + side2}
    framing = tuple(f for f in doc.framing if f.actor in names)
    reasons = []
    if not actors1:
        reasons.append("actor1: no actor is named for this event")
    if place is None:
        reasons.append("location: no place is named in the event's sentence")
    elif not place.resolved:
        reasons.append(f"location: {place.reason}")
    if date.date is None:
        reasons.append("event_date: no publication date to resolve " + (repr(date.phrase) if date.phrase else "the report's timing"))
    sub = acled_subtypes().get(mention.sub_event_type)
    a1 = actors1[0] if actors1 else None
    a2 = actors2[0] if actors2 else None
    fatalities = mention.fatalities or 0
    event = Event(
        event_id="",
        doc_id=doc.id,
        event_type=mention.event_type,
        sub_event_type=mention.sub_event_type,
        disorder_type=sub.disorder if sub else "",
        plover_event=mention.plover_event,
        plover_mode=mention.plover_mode,
        event_date=date.date,
        time_precision=date.precision,
        date_phrase=date.phrase,
        actor1=a1,
        actor2=a2,
        assoc_actor_1=tuple(actors1[1:]),
        assoc_actor_2=tuple(actors2[1:]),
        interaction=interaction(a1, a2),
        civilian_targeting=bool(a2 and a2.type == ActorType.CIVILIANS),
        place=place,
        fatalities=fatalities,
        fatalities_phrase=mention.fatalities_phrase,
        modality=mention.modality,
        source=source or doc.sources.get(0) or SourceClaim(),
        framing=framing,
        confidence=_confidence(mention, bool(actors1), place, date),
        trigger=mention.trigger,
        evidence=tuple(evidence),
        reasons=tuple(reasons),
    )
    event_id = make_id("evt", doc.id, event.event_type, event.sub_event_type, event.plover_event,
                       a1.name if a1 else "", a2.name if a2 else "", place.location if place else "",
                       event.event_date, mention.trigger_start)
    return replace(event, event_id=event_id, notes=compose_notes(event))


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
    if a.event_type != b.event_type and not (kind_a in mergeable and kind_b in mergeable and a.place and b.place):
        return False  # kinds of political violence (and the arson that goes with them) at one place and day are one event
    if a.event_type == "" and a.plover_event != b.plover_event:
        return False
    if a.event_type == "Strategic developments" and a.sub_event_type != b.sub_event_type:
        return False  # a reinforcement and a defection on one day stay two developments
    if a.place is not None and b.place is not None and a.place.location != b.place.location:
        return False
    # Actors: the named roles must not conflict, read either way round ("X clashed with Y" / "Y repelled X").
    if _slots_fit(a.actor1, a.actor2, b.actor1, b.actor2):
        return True
    # Fighting is symmetric, so sides may be named either way round; a development has a fixed doer.
    symmetric = a.event_type in VIOLENT or a.sub_event_type == "Agreement"
    return symmetric and _slots_fit(a.actor1, a.actor2, b.actor2, b.actor1)


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
    if actor1 is not None and actor2 is not None and actor1.name == actor2.name:
        actor2 = keep.actor2 if keep.actor2 is not None and keep.actor2.name != actor1.name else None  # never one actor on both sides
    return replace(
        keep,
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=keep.assoc_actor_1 or other.assoc_actor_1,
        assoc_actor_2=keep.assoc_actor_2 or other.assoc_actor_2,
        place=keep.place or other.place,
        fatalities=max(keep.fatalities, other.fatalities),
        fatalities_phrase=keep.fatalities_phrase or other.fatalities_phrase,
        confidence=max(keep.confidence, other.confidence),
        evidence=keep.evidence + tuple(e for e in other.evidence if e not in keep.evidence),
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


@lru_cache(maxsize=1)
def _gang_lexicon() -> tuple[frozenset[str], re.Pattern, re.Pattern, tuple[dict, ...]]:
    data = load_lexicon("_gang_cues.yaml")
    return (frozenset(data.get("countries", ())), re.compile("|".join(data.get("cues", ())), re.I),
            re.compile("|".join(data.get("battle_cues", ())), re.I), tuple(data.get("regional_names", ())))


def _window(doc: Doc, event: Event) -> str:
    """The event's sentence and the next two: where a report tells how a victim was found or whom police fought."""
    start = min((ev.start for ev in event.evidence if ev.field == "trigger"), default=None)
    if start is None or doc.nlp is None:
        return ""
    sents = list(doc.nlp.sents)
    index = next((k for k, s in enumerate(sents) if s.start_char <= start < s.end_char), None)
    if index is None:
        return ""
    return doc.text[sents[index].start_char:sents[min(index + 2, len(sents) - 1)].end_char]


def _gang_names(doc: Doc, event: Event) -> Event:
    """ACLED's gang naming of unnamed doers in countries where organised crime is the usual one (``_gang_cues.yaml``):
    "Unidentified Armed Group (Mexico)" with a bound or beheaded victim, a threatening message or a drive-by shooting
    is "Unidentified Gang (Mexico)"; a police shoot-out with unnamed drug traffickers gets the gang as actor2; in
    Rio de Janeiro the unnamed gang is "Unidentified Gang and/or Police Militia"."""
    countries, cues, battle_cues, regional = _gang_lexicon()
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


@register_stage(STAGE, requires=("event_mentions", "dates", "sources", "framing"), assigns=("events",))
def assemble_stage(resources: Resources):
    """Event records with ACLED roles, aggregation, notes, confidence and stable ids."""
    settings = resources.settings

    def assemble(doc: Doc) -> Doc:
        built = [(m, build_event(doc, m)) for m in doc.event_mentions]
        unnamed = {e.event_id: code for m, e in built if (code := unnamed_country(doc, m, e))}
        events = [e for _, event in built for e in split_by_actor(event)]
        if not settings.keep_non_factual:
            events = [e for e in events if e.modality in FACTUAL_MODALITIES]
        events = [with_unidentified(e, unnamed.get(e.event_id, "")) for e in aggregate(events)
                  if e.confidence >= settings.min_confidence]
        targets = {e.event_id for e in events if _civilian_target(e) is not None}
        events = [replace(e, actor2=a2, civilian_targeting=True, interaction=interaction(e.actor1, a2))
                  if (a2 := _civilian_target(e)) is not None else e for e in events]
        events = [replace(e, notes=compose_notes(e)) if e.event_id in unnamed or e.event_id in targets else e
                  for e in events]
        events = [_gang_names(doc, e) for e in events]
        doc.events = sorted(events, key=lambda e: min((ev.start for ev in e.evidence if ev.field == "trigger"), default=0))
        return doc

    return assemble
