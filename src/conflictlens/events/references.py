"""Folding mentions that only refer to an event already found: casualty clauses, "the attack", claims of
responsibility, intercepted salvos, arrests of protesters, and clauses that only elaborate another trigger.
"""

from __future__ import annotations

from ..document import Doc, EventMention
from ..model import FACTUAL_MODALITIES, ActorType, Modality
from ..geo.geometry import haversine_km
from ..ontology import acled_subtypes
from .typing import ARMED, KILL_LEMMAS, TWO_SIDED

SEIZE_LEMMAS = {"seize", "seizure", "recover", "confiscate", "capture", "find", "discover"}
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
REFERENCE_WINDOW = 3  # sentences within which "the attack" refers back to an event already found

def attach_claims(doc: Doc, mentions: list[EventMention]) -> None:
    """ "The BLA claimed responsibility." names the doer of the attack just reported: it becomes actor1 when the
    attack has none, or only an unidentified one; so does the side a source blames ("It blamed the RSF": ACLED codes
    the attacker the report names, whoever names it)."""
    for tok in doc.nlp:
        claim = tok.lemma_.lower() == "claim" and any(c.lower_ == "responsibility" for c in tok.children)
        blame = tok.lemma_.lower() == "blame" and tok.pos_ == "VERB"
        if not (claim or blame) or any(c.dep_ == "neg" for c in tok.children):
            continue
        role = "nsubj" if claim else "dobj"  # the group that claims; the side that is blamed
        claimant = [m for m in doc.actor_mentions if m.sent == doc.sentence_index(tok.idx) and not m.generic
                    and any(t.dep_ == role and m.start <= t.idx < m.end for t in tok.children)]
        if not claimant:
            continue
        sent = doc.sentence_index(tok.idx)
        targets = [m for m in mentions if _violent(m) and 0 <= sent - m.sent <= REFERENCE_WINDOW and m.trigger_start < tok.idx]
        if targets and (not targets[-1].actor1 or all(a.actor.name.startswith("Unidentified") for a in targets[-1].actor1)):
            targets[-1].actor1 = claimant[:1]


def _violent(m: EventMention) -> bool:
    return m.event_type in VIOLENT_TYPES


def _absorb(target: EventMention, m: EventMention) -> None:
    """Give ``target`` what the referring mention ``m`` adds: a missing side, its casualty sentences."""
    known = {a.actor.name for a in target.actor1 + target.actor2}
    if not target.actor1 and m.actor1 and not {a.actor.name for a in m.actor1} & known:
        target.actor1 = m.actor1
    # A claim names its author; what the claimant says it targeted is its own framing, not a coded target.
    # ... and its target only when the folded clause has the same doer or none: in "Police exchanged fire with the
    # gunmen", folded into the gang's attack, the gunmen are the attackers, not the attack's victims.
    same_doer = not m.actor1 or bool({a.actor.name for a in m.actor1} & {a.actor.name for a in target.actor1})
    if not target.actor2 and m.actor2 and not {a.actor.name for a in m.actor2} & known and m.modality != Modality.CLAIMED \
            and same_doer:
        target.actor2 = m.actor2
    target.civilian_victims = target.civilian_victims or m.civilian_victims
    civilians = [a for a in m.actor2 if a.actor.type == ActorType.CIVILIANS]
    armed_target = any(a.actor.type in ARMED for a in target.actor2)
    if civilians and target.sub_event_type == "Armed clash" and not armed_target and target.trigger_lemma not in TWO_SIDED:
        # "14 civilians were killed when rebels attacked the village": one-sided violence, not a battle; but a
        # civilian killed "during the shoot-out between bandits and soldiers" is a casualty of the battle.
        spec = acled_subtypes()["Attack"]
        target.event_type, target.sub_event_type = spec.event_type, spec.name
        target.plover_event, target.plover_mode = spec.plover, spec.mode
    if civilians and not any(a.actor.type == ActorType.CIVILIANS for a in target.actor2) and target.event_type != "Battles":
        target.actor2 = civilians + target.actor2
    if m.modality == Modality.CLAIMED:
        target.claimed_sents.extend(s for s in m.fatality_sents + m.claimed_sents if s not in target.claimed_sents)
    else:
        target.fatality_sents.extend(s for s in m.fatality_sents if s not in target.fatality_sents)
        target.claimed_sents.extend(s for s in m.claimed_sents if s not in target.claimed_sents)
    target.confidence = max(target.confidence, m.confidence)


SAME_SCENE_KM = 10.0


def _same_scene(a: EventMention, b: EventMention) -> bool:
    """Both at one place: the same location, or points within a town's reach of each other."""
    if a.place is None or b.place is None or a.place.place is None or b.place.place is None:
        return b.place is None
    pa, pb = a.place.place, b.place.place
    if pa.location == pb.location:
        return True
    if pa.resolved and pb.resolved:
        return haversine_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude) <= SAME_SCENE_KM  # type: ignore[arg-type]
    return False


def _same_day(doc: Doc, a: EventMention, b: EventMention) -> bool:
    da, db = doc.dates.get(a.sent), doc.dates.get(b.sent)
    return da is not None and db is not None and da.date is not None and da.date == db.date


def _as_protest_side(m: EventMention) -> EventMention:
    """An arrest of protesters read as the protest's sides: protesters first, the arresting force second."""
    m.actor1, m.actor2 = m.actor2, m.actor1
    return m


def resolve_references(mentions: list[EventMention], doc: Doc) -> list[EventMention]:
    """Fold mentions that only refer to an event already found into it.

    * casualty clauses ("..., killing three civilians"; "Four soldiers were killed") belong to the violent
      event of the same or the previous sentences;
    * definite references ("the attack", "the blast") and claims ("X claimed responsibility for the attack")
      name an event the report has already described.
    """
    kept: list[EventMention] = []
    for m in mentions:
        if m.modality not in FACTUAL_MODALITIES and m.modality != Modality.CLAIMED:
            kept.append(m)  # a threat or a plan stays what it is (and is left out later), folding nothing
            continue
        pool = [k for k in kept if k.modality in FACTUAL_MODALITIES]  # only real events absorb references
        paragraph = doc.paragraph_of(m.trigger_start)
        earlier = [k for k in pool if _violent(k) and 0 <= m.sent - k.sent <= REFERENCE_WINDOW
                   and (doc.paragraph_of(k.trigger_start) == paragraph or m.definite or m.modality == Modality.CLAIMED)]
        same_sentence = [k for k in earlier if k.sent == m.sent]
        is_casualty = m.trigger_lemma in KILL_LEMMAS
        target = None
        if is_casualty and (same_sentence or (earlier and not m.actor1)):
            target = (same_sentence or earlier)[-1]
        elif _violent(m) and m.modality == Modality.CLAIMED and (claimed := [k for k in pool if _violent(k)]):
            # a claim of responsibility is about the attack already reported, not the ground it was fought back on
            attacks = [k for k in claimed if k.sub_event_type not in TERRITORY]
            target = (attacks or claimed)[-1]
        elif m.sub_event_type == "Disrupted weapons use" and (salvo := [
                k for k in pool if 0 <= m.sent - k.sent <= REFERENCE_WINDOW and _same_day(doc, k, m) and _same_scene(k, m)
                and (k.event_type == "Explosions/Remote violence" or (_violent(k) and m.trigger_lemma in SEIZE_LEMMAS))]):
            salvo[-1].fatality_sents.extend(x for x in m.fatality_sents if x not in salvo[-1].fatality_sents)
            continue  # part of a salvo intercepted: one event with the attack (one place, day, pair)
        elif _violent(m) and m.definite and earlier:
            target = earlier[-1]
        elif _violent(m) and m.definite and (same := [k for k in pool if k.sub_event_type == m.sub_event_type]):
            target = same[-1]  # "the abduction of schoolchildren" refers back to the abduction reported above
        elif _violent(m) and not m.actor1 and (scene := [k for k in pool if _violent(k) and _same_day(doc, k, m) and _same_scene(k, m)
                                                          and not (k.sent == m.sent and k.trigger_lemma in KILL_LEMMAS)]):
            # "Two missiles hit the Saltivka district": more on an event already reported (but "Six were killed ...
            # in three explosions" names the event its casualty clause belongs to: folded below)
            target = scene[-1]
        elif m.event_type and not _violent(m):
            same_kind = [k for k in pool if k.event_type == m.event_type and 0 <= m.sent - k.sent <= REFERENCE_WINDOW]
            protests = [k for k in pool if k.event_type == "Protests" and 0 <= m.sent - k.sent <= REFERENCE_WINDOW]
            if m.sub_event_type == "Looting/property destruction" and not m.actor1 and (attack := [
                    k for k in earlier if _same_day(doc, k, m) and _same_scene(k, m)]):
                target = attack[-1]  # "Several houses were also set on fire": the arson is part of the attack just told
            elif m.definite and same_kind:
                target = same_kind[-1]
            elif not m.actor1 and m.event_type in ("Riots", "Strategic developments") and (scene := [
                    k for k in same_kind if k.sub_event_type == m.sub_event_type and _same_day(doc, k, m) and _same_scene(k, m)]):
                target = scene[-1]  # "houses were set on fire and items were looted": more on the riot just told
            elif m.sub_event_type == "Arrests" and protests and any(a.actor.type == ActorType.PROTESTERS for a in m.actor2):
                target = protests[-1]  # protesters briefly detained: the protest met an intervention
                if target.sub_event_type == "Peaceful protest":
                    target.sub_event_type = "Protest with intervention"
                m = _as_protest_side(m)
        if target is not None:
            _absorb(target, m)
            if m.modality == Modality.CLAIMED and m.actor1:
                target.actor1 = target.actor1 or m.actor1
            continue
        kept.append(m)
    kept = _fold_into_territory(_fold_into_clash(kept, doc))
    # A casualty clause that comes first ("Nine were killed when gunmen stormed ...") folds into what follows.
    result: list[EventMention] = []
    for m in kept:
        if result and result[-1].sent == m.sent and result[-1].trigger_lemma in KILL_LEMMAS and _violent(m) and (
                not result[-1].actor1 or {a.actor.name for a in result[-1].actor1} <= {a.actor.name for a in m.actor1}):
            _absorb(m, result.pop())  # "30 were killed in an Israeli strike": the doer named in the cause is the strike's
        result.append(m)
    return result


TERRITORY = {"Government regains territory", "Non-state actor overtakes territory"}


def _fold_into_territory(mentions: list[EventMention]) -> list[EventMention]:
    """ "Troops recaptured the city after fierce clashes": the fighting that wins a place is the territorial
    event itself (ACLED: one event per actors, place and day, under the higher type), so an armed clash told in
    the same sentence as a capture, at the same place or none, folds into the capture."""
    captures = [m for m in mentions if m.sub_event_type in TERRITORY and m.modality in FACTUAL_MODALITIES]
    kept = []
    for m in mentions:
        capture = next((c for c in captures if c.sent == m.sent and m.sub_event_type == "Armed clash"
                        and m.modality in FACTUAL_MODALITIES and _same_scene(c, m)), None)
        if capture is None:
            kept.append(m)
            continue
        _absorb(capture, m)
    return kept


REMOTE_FOLDED = {"Air/drone strike", "Shelling/artillery/missile attack"}


def _fold_into_clash(mentions: list[EventMention], doc: Doc) -> list[EventMention]:
    """ "Fighting broke out between the army and the insurgents ... with mortar fire and air raids by army
    jets": strikes and shelling between the sides of an armed clash, at its place and on its day, are part of
    the battle (ACLED: one event per actors, place and day, under the higher type; Battles rank above
    Explosions/Remote violence). Strikes on civilians, or by a side not in the clash, stay events of their own."""
    # The sentence typer's guess of a clash in a sentence whose words the rules read as something else ("A Russian
    # missile attack on Dnipro killed 12") is a rival reading, not a battle to fold into.
    ruled = {(m.sent, m.sub_event_type) for m in mentions if not m.rule.startswith("classifier")}
    clashes = [m for m in mentions if m.sub_event_type == "Armed clash" and m.modality in FACTUAL_MODALITIES
               and not (m.rule.startswith("classifier") and any(s == m.sent and t != "Armed clash" for s, t in ruled))]
    kept = []
    for m in mentions:
        clash = None
        if m.sub_event_type in REMOTE_FOLDED and m.modality in FACTUAL_MODALITIES and not m.civilian_victims \
                and not any(a.actor.type == ActorType.CIVILIANS for a in m.actor2):
            sides = {a.actor.name for a in m.actor1 + m.actor2}
            # Strikes told as the battle's background in its own sentence ("clashes ... amid Russian airstrikes") are
            # part of it whoever flew them: the report codes the battle.
            clash = next((c for c in clashes if 0 <= abs(m.sent - c.sent) <= REFERENCE_WINDOW
                          and doc.paragraph_of(c.trigger_start) == doc.paragraph_of(m.trigger_start)
                          and (c.sent == m.sent or (_same_day(doc, c, m) and _same_scene(c, m)))
                          and (sides <= {a.actor.name for a in c.actor1 + c.actor2} or (m.accompanying and c.sent == m.sent))),
                         None)
        if clash is None:
            kept.append(m)
            continue
        _absorb(clash, m)
        if clash.place is None and m.place is not None:
            clash.place, clash.place_how = m.place, m.place_how  # "exchange of shelling ... in Qasabiyeh"
    return kept
