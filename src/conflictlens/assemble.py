"""Assembly: event mentions -> public :class:`Event` records.

Applies ACLED's conventions: civilians are always actor2; allied forces named together are associated
actors; a state's military acting outside its country is "External/Other forces"; mentions of the same
event (same type, actors, place and day) are merged into one, keeping the higher-priority sub-type.
State forces are named with the period of the government in power on the event's day
("Military Forces of Syria (2000-2024)", see ``actors/periods.py``). Non-factual mentions (denied, threatened, planned, negated, historical) are left out unless the settings
keep them. Every field carries its evidence.
"""

from __future__ import annotations

from dataclasses import replace

from .actors.contact_line import front_sides
from .actors.conventions import apply_conventions
from .actors.focus import backed_focus
from .actors.periods import dated
from .aggregation import aggregate, split_by_actor, with_tolls_of
from .document import DateAnchor, Doc, EventMention
from .event_actors import (
    CROWDS,
    RECIPROCAL,
    as_external,
    backers,
    civilian_target,
    crowd_nationality,
    crowd_roles,
    dedupe,
    gang_names,
    intervening,
    localise,
)
from .events import role_ranker
from .events.role_ranker import RoleModel, ranked_sides
from .geo.supplements import load_countries
from .ids import make_id
from .model import FACTUAL_MODALITIES, Actor, ActorType, Event, Evidence, How, Place, SourceClaim
from .notes import compose_notes
from .ontology import acled_subtypes
from .registry import register_stage
from .resources import Resources
from .roles import initiator_first, interaction, losing_side, roles, unnamed_country, with_unidentified

STAGE = "assemble"


def _confidence(mention: EventMention, has_actor: bool, place: Place | None, date: DateAnchor) -> float:
    score = mention.confidence
    score *= 1.0 if has_actor else 0.75
    score *= 1.0 if place is not None and place.resolved else 0.85
    score *= {How.EXPLICIT: 1.0, How.INFERRED: 0.97, How.CONTEXT: 0.93}.get(date.how, 0.85)
    return round(min(1.0, score), 3)


def build_event(doc: Doc, mention: EventMention, backed: str = "", ranker: RoleModel | None = None) -> Event:
    """The record of one event mention; ``backed`` is the report's main country that its words or sure places back
    (computed once per document by the stage); ``ranker`` the actor-role model that fills the slots the rules
    leave empty (``events/role_ranker.choose``; None: the rules' sides stand)."""
    place = mention.place.place if mention.place is not None else None
    side1, side2 = roles(mention, doc.text)
    side1, side2 = initiator_first(doc, mention, side1, side2, place)
    if not side2:
        side2 = losing_side(doc, mention, side1)
    if ranker is not None:
        side1, side2 = ranked_sides(doc, mention, side1, side2, ranker)
        # ACLED's battle order stays a convention applied after the choice: the home state's forces first when the
        # text does not say who began (the ranker, trained on gold that does not always keep it, would undo it).
        side1, side2 = initiator_first(doc, mention, side1, side2, place)
    local1 = [(m, a) for m in side1 if (a := localise(m, place, doc.country_focus)) is not None]
    local2 = [(m, a) for m in side2 if (a := localise(m, place, doc.country_focus)) is not None]
    side1, side2 = [m for m, _ in local1], [m for m, _ in local2]
    actors1 = dedupe([as_external(a, place) for _, a in local1])
    actors2 = [a for a in dedupe([as_external(a, place) for _, a in local2]) if a.name not in {b.name for b in actors1}]
    if not actors2 and len(actors1) > 1 and RECIPROCAL.match(doc.text, mention.trigger_end):
        actors1, actors2 = [actors1[0], *actors1[2:]], [actors1[1]]  # "the two groups accused each other": one on each side
    actors1, actors2 = crowd_roles(mention, actors1, actors2, place, backed,
                                    crowd_nationality(doc, mention) if mention.event_type in CROWDS else "")
    actors2 += intervening(doc, mention, actors1 + actors2, place)
    actors1 += backers(side1, actors1 + actors2, place) if actors1 else []
    actors2 += backers(side2, actors1 + actors2, place) if actors2 else []
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


def candidates(doc: Doc, ranker: RoleModel | None = None) -> list[tuple[EventMention, Event]]:
    """Every event mention of the document with the record built from it, before verification and aggregation;
    ``ranker`` as for :func:`build_event`."""
    backed = next((c for c in doc.country_focus if c in backed_focus(doc)), "")
    return [(m, build_event(doc, m, backed, ranker)) for m in doc.event_mentions]


@register_stage(STAGE, requires=("event_mentions", "dates", "sources", "framing"), assigns=("events",))
def assemble_stage(resources: Resources):
    """Event records with ACLED roles, verification (the learned verifier's probability is the confidence),
    aggregation, notes and stable ids."""
    settings = resources.settings
    # The learned actor-role ranker runs with the learned engine; ``learned = false`` keeps the rules' sides.
    ranker = role_ranker.default_model() if settings.learned else None

    def assemble(doc: Doc) -> Doc:
        built = candidates(doc)
        verifier = resources.verifier
        threshold = 0.0
        if verifier is not None:
            # The verifier's probability is the confidence; candidates below the threshold are not output. It scores
            # the records with the rules' sides, as it was trained; the ranker's sides are then put on them. Those
            # dropped below for their modality are not scored (0.0): that saves embedding their clauses.
            needed = [settings.keep_non_factual or e.modality in FACTUAL_MODALITIES for _, e in built]
            probabilities = verifier.score(doc, built, needed=needed)
            built = candidates(doc, ranker) if ranker is not None else built
            built = [(m, replace(e, confidence=round(p, 3))) for (m, e), p in zip(built, probabilities)]
            threshold = settings.event_threshold
        elif ranker is not None:
            built = candidates(doc, ranker)
        unnamed = {e.event_id: code for m, e in built if (code := unnamed_country(doc, m, e, ranked=ranker is not None))}
        events = [e for _, event in built if event.confidence >= threshold for e in split_by_actor(event)]
        if not settings.keep_non_factual:
            events = [e for e in events if e.modality in FACTUAL_MODALITIES]
        rejected = [event for _, event in built if event.confidence < threshold]
        events = [with_unidentified(e, unnamed.get(e.event_id, "")) for e in with_tolls_of(aggregate(events), rejected)
                  if e.confidence >= settings.min_confidence]
        targets = {e.event_id for e in events if civilian_target(e) is not None}
        events = [replace(e, actor2=a2, civilian_targeting=True, interaction=interaction(e.actor1, a2))
                  if (a2 := civilian_target(e)) is not None else e for e in events]
        events = [replace(e, notes=compose_notes(e)) if e.event_id in unnamed or e.event_id in targets else e
                  for e in events]
        events = apply_conventions(doc, [front_sides(doc, gang_names(doc, e)) for e in events])
        doc.events = sorted(events, key=lambda e: min((ev.start for ev in e.evidence if ev.field == "trigger"), default=0))
        return doc

    return assemble
