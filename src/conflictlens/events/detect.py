"""Event mention detection: triggers (verbs and nouns) typed in their clause, with arguments and modality.

One sentence can hold several events ("destroyed a bomb-laden vehicle ... and their bomber drone in ..."):
each conjoined object of a trigger becomes its own mention with its own place.
"""

from __future__ import annotations

import logging

from dataclasses import replace

from ..document import Doc, EventMention, PlaceMention
from ..model import FACTUAL_MODALITIES, ActorType, How, Modality
from ..geo.resolve import haversine_km
from ..ontology import acled_subtypes
from .arguments import DESTINATION_CUES, choose_place, find_arguments, place_after
from .modality import modality_of
from .classifier import default_classifier
from .typing import ARMED, KILL_LEMMAS, Context, classify, load_lexicon

log = logging.getLogger(__name__)

TRIGGER_POS = {"VERB", "NOUN", "PROPN", "ADJ"}
_NOT_TRIGGER_DEPS = {"compound", "amod"}  # "attack helicopter", "bomber drone" name things, not events


def _types(mentions) -> set[ActorType]:
    return {m.actor.type for m in mentions if m.actor.type is not None}


def _conjuncts(tok) -> list[list]:
    """Token groups of a verb's conjoined objects, each without the others.

    Conjoined weapon nouns anywhere inside the object ("destroyed a vehicle moving towards X and their
    drone in Y" — the parser often hangs "drone" on a noun inside the first object) count as objects too.
    """
    dobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if dobj is None:
        return []
    weapon = load_lexicon().cues["drone_weapon"]
    conjs = [t for t in dobj.subtree if t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN")
             and (t.head.i == dobj.i or weapon.search(t.text))]
    if not conjs:
        return []
    excluded = {t.i for c in conjs for t in c.subtree}
    groups = [[t for t in dobj.subtree if t.i not in excluded]]
    groups += [list(c.subtree) for c in conjs]
    return groups


NOT_TRIGGERS = {"according", "accordingly"}  # "according to" is attribution, not an accord
SEIZE_LEMMAS = {"seize", "seizure", "recover", "confiscate", "capture", "find", "discover"}
REPEL_LEMMAS = {"repel", "repulse", "thwart", "foil", "ward", "fend"}
VICTIM_VERBS = {"strike", "hit", "step", "drive"}
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
REFERENCE_WINDOW = 3  # sentences within which "the attack" refers back to an event already found


def _is_generic_plural(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "protests in the city are closely watched": a bare plural noun in a present-tense clause is a kind of
    event in general, not an event that happened."""
    if tok.tag_ != "NNS" or any(c.dep_ in ("det", "poss", "nummod") for c in tok.children):
        return False
    verb = tok.head
    for _ in range(6):  # walk up to the governing verb (Token objects are new on each access: compare indices)
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") and c.dep_ in ("aux", "auxpass") for c in verb.children)


def _claimant(tok, mentions):  # type: ignore[no-untyped-def]
    """Who claimed it: the subject or "by" agent of the claiming verb above the trigger."""
    for ancestor in tok.ancestors:
        if ancestor.lemma_.lower() != "claim":
            continue
        for child in ancestor.children:
            if child.dep_ in ("nsubj", "agent") or (child.dep_ == "prep" and child.lower_ == "by"):
                start = min(t.idx for t in child.subtree)
                end = max(t.idx + len(t.text) for t in child.subtree)
                found = [m for m in mentions if start <= m.start and m.end <= end]
                if found:
                    return found[:1]
    return []


CLASSIFIER_MIN = 0.8


def classifier_mentions(doc: Doc, mentions: list[EventMention], published, triggers: frozenset[str]) -> list[EventMention]:  # type: ignore[no-untyped-def]
    """Events the rules missed in sentences that are clearly about violence or unrest, typed by the example-trained
    classifier (``events/classifier.py``); the sentence's main verb stands as the trigger and gives the arguments."""
    lexicon = load_lexicon()
    classifier = default_classifier()
    typed = {m.sent for m in mentions if m.event_type}
    found = []
    for sent_index, sent in enumerate(doc.nlp.sents):
        if sent_index in typed or doc.in_headline(sent.start_char) or len(sent) < 5:
            continue
        sent_actors = [m for m in doc.actor_mentions if m.sent == sent_index]
        armed = any(m.actor.type in ARMED for m in sent_actors)
        text = sent.text
        if not (lexicon.cues["war_weapons"].search(text) or (armed and lexicon.cues["fatality_words"].search(text))):
            continue
        label, probability = classifier.predict(text)[0]
        if label == "none" or probability < CLASSIFIER_MIN:
            continue
        root = sent.root
        args = find_arguments(root, doc.actor_mentions)
        modality, marker = modality_of(root, published, triggers)
        place = choose_place(doc.place_mentions, [args.clause_span]) or place_after(
            doc.place_mentions, root.idx, sent.end_char)
        spec = acled_subtypes()[label]
        found.append(EventMention(
            trigger_lemma=root.lemma_.lower(), sent=sent_index, trigger_start=root.idx, trigger_end=root.idx + len(root.text),
            trigger=root.text, event_type=spec.event_type, sub_event_type=label, plover_event=spec.plover,
            plover_mode=spec.mode, actor1=args.actor1, actor2=args.actor2, place=place, modality=modality,
            confidence=round(0.5 * probability, 3), rule=f"classifier {probability:.2f}" + (f"; {modality.value} by '{marker}'" if marker else ""),
            scope=args.clause_span, fatality_sents=[sent_index],
        ))
    return found


def attach_claims(doc: Doc, mentions: list[EventMention]) -> None:
    """ "The BLA claimed responsibility." names the doer of the attack just reported: it becomes actor1 when the
    attack has none, or only an unidentified one."""
    for tok in doc.nlp:
        if tok.lemma_.lower() != "claim" or not any(c.lower_ == "responsibility" for c in tok.children):
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        claimant = [m for m in doc.actor_mentions if m.sent == doc.sentence_index(tok.idx) and not m.generic
                    and any(t.dep_ == "nsubj" and m.start <= t.idx < m.end for t in tok.children)]
        if not claimant:
            continue
        sent = doc.sentence_index(tok.idx)
        targets = [m for m in mentions if _violent(m) and 0 <= sent - m.sent <= REFERENCE_WINDOW and m.trigger_start < tok.idx]
        if targets and (not targets[-1].actor1 or all(a.actor.name.startswith("Unidentified") for a in targets[-1].actor1)):
            targets[-1].actor1 = claimant[:1]


ACCOMPANYING = {"amid", "amidst", "during", "alongside"}


def _accompanying(tok) -> bool:  # type: ignore[no-untyped-def]
    """A trigger inside "amid ...", "accompanied by ...", "supported by ...": background to the main event."""
    for ancestor in tok.ancestors:
        if ancestor.dep_ == "prep" and ancestor.lower_ in ACCOMPANYING:
            return True
        if ancestor.dep_ == "agent" and ancestor.head.lemma_.lower() in ("accompany", "support", "back", "cover"):
            return True
        if ancestor.lemma_.lower() in ("accompany",) and ancestor.pos_ == "VERB":
            return True
    return False


def _violent(m: EventMention) -> bool:
    return m.event_type in VIOLENT_TYPES


def _absorb(target: EventMention, m: EventMention) -> None:
    """Give ``target`` what the referring mention ``m`` adds: a missing side, its casualty sentences."""
    known = {a.actor.name for a in target.actor1 + target.actor2}
    if not target.actor1 and m.actor1 and not {a.actor.name for a in m.actor1} & known:
        target.actor1 = m.actor1
    # A claim names its author; what the claimant says it targeted is its own framing, not a coded target.
    if not target.actor2 and m.actor2 and not {a.actor.name for a in m.actor2} & known and m.modality != Modality.CLAIMED:
        target.actor2 = m.actor2
    target.civilian_victims = target.civilian_victims or m.civilian_victims
    civilians = [a for a in m.actor2 if a.actor.type == ActorType.CIVILIANS]
    armed_target = any(a.actor.type in ARMED for a in target.actor2)
    if civilians and target.sub_event_type == "Armed clash" and not armed_target:
        # "14 civilians were killed when rebels attacked the village": one-sided violence, not a battle.
        spec = acled_subtypes()["Attack"]
        target.event_type, target.sub_event_type = spec.event_type, spec.name
        target.plover_event, target.plover_mode = spec.plover, spec.mode
    if civilians and not any(a.actor.type == ActorType.CIVILIANS for a in target.actor2) and target.event_type != "Battles":
        target.actor2 = civilians + target.actor2
    target.fatality_sents.extend(s for s in m.fatality_sents if s not in target.fatality_sents)
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
            target = claimed[-1]  # a claim of responsibility is about the attack already reported
        elif m.sub_event_type == "Disrupted weapons use" and (salvo := [
                k for k in pool if 0 <= m.sent - k.sent <= REFERENCE_WINDOW and _same_day(doc, k, m) and _same_scene(k, m)
                and (k.event_type == "Explosions/Remote violence" or (_violent(k) and m.trigger_lemma in SEIZE_LEMMAS))]):
            salvo[-1].fatality_sents.extend(x for x in m.fatality_sents if x not in salvo[-1].fatality_sents)
            continue  # part of a salvo intercepted: one event with the attack (one place, day, pair)
        elif _violent(m) and m.definite and earlier:
            target = earlier[-1]
        elif _violent(m) and m.definite and (same := [k for k in pool if k.sub_event_type == m.sub_event_type]):
            target = same[-1]  # "the abduction of schoolchildren" refers back to the abduction reported above
        elif _violent(m) and not m.actor1 and (scene := [k for k in pool if _violent(k) and _same_day(doc, k, m) and _same_scene(k, m)]):
            target = scene[-1]  # "Two missiles hit the Saltivka district": more on an event already reported
        elif m.event_type and not _violent(m):
            same_kind = [k for k in pool if k.event_type == m.event_type and 0 <= m.sent - k.sent <= REFERENCE_WINDOW]
            protests = [k for k in pool if k.event_type == "Protests" and 0 <= m.sent - k.sent <= REFERENCE_WINDOW]
            if m.definite and same_kind:
                target = same_kind[-1]
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
    # A casualty clause that comes first ("Nine were killed when gunmen stormed ...") folds into what follows.
    result: list[EventMention] = []
    for m in kept:
        if result and result[-1].sent == m.sent and result[-1].trigger_lemma in KILL_LEMMAS and _violent(m) and not result[-1].actor1:
            _absorb(m, result.pop())
        result.append(m)
    return result


WEAPON_CUES = ("air", "shelling", "ied", "grenade", "suicide", "chemical")
CROWD_CLASSES = {"protest", "riot", "arrest"}


def _has_conflict_context(cls: str, ambiguous: bool, ctx: Context, sent_actors: list, doc_armed: bool) -> bool:
    """Whether the sentence is about organised violence or unrest at all (sport and business are not).

    Crowd events need a crowd, an authority or protest words in the sentence. Violence needs an armed actor in
    the sentence, or a weapon that only wars use (a grenade, an IED, an air strike, a suicide bomber), or, in
    an article about armed actors, a weapon or a death next to someone named.
    """
    lexicon = load_lexicon()
    if cls in ("violence", "looting") and ctx.has("mob", "sentence") and sent_actors:
        return True  # a mob burning houses is unrest whoever is named
    if cls in ("abduct", "sexual"):
        return bool(sent_actors) and doc_armed or ctx.lemma in ("abduct", "kidnap", "rape")
    if cls in CROWD_CLASSES:
        return bool(sent_actors) or ctx.lemma in ("protest", "demonstrate", "demonstration", "riot", "arrest", "detain") \
            or bool(lexicon.cues["protest_context"].search(ctx.sentence))
    if ctx.armed_in_sentence:
        return True
    if cls in ("disrupt", "territory") and lexicon.cues["drone_weapon"].search(ctx.obj):
        return True  # "weapons were seized", "the IED was defused": the weapon is the context
    if cls == "looting" and ctx.lemma in ("loot", "looting", "plunder", "pillage", "ransack"):
        return True
    if lexicon.cues["war_weapons"].search(ctx.sentence):
        return True
    weapon = any(lexicon.cues[name].search(ctx.sentence) for name in WEAPON_CUES)
    casualties = bool(lexicon.cues["fatality_words"].search(ctx.sentence))
    if ambiguous:
        # "shot" is sport unless the article is about armed actors and the sentence has a weapon or a death.
        return doc_armed and (weapon or (casualties and bool(sent_actors)))
    return (weapon or casualties) and (bool(sent_actors) or doc_armed)


def _context_place(doc: Doc, earlier: list[EventMention], sent_index: int, sent, tok):  # type: ignore[no-untyped-def]
    """No place in the trigger's clause. In order: the place of the event just before in the same paragraph;
    the paragraph's most recent place; the first place shortly after the trigger, or the sentence's only place;
    the place of a recent event; the dateline city (precision 2, with a reason). Places in the sentence's
    attribution ("the administrator of Beni territory said") and in the dateline are the source's, not the
    event's."""
    paragraph = doc.paragraph_of(sent.start_char)
    claim = doc.sources.get(sent_index)
    quoted = claim.evidence if claim is not None and claim.evidence is not None and claim.evidence.how == How.EXPLICIT else None
    dateline = next((p for p in doc.place_mentions if doc.dateline and doc.dateline[2] <= p.start < doc.dateline[3]), None)
    places = [p for p in doc.place_mentions if p.place is not None and p.place.kind != "country"
              and not (quoted and quoted.start <= p.start < quoted.end)
              and not (doc.dateline and doc.dateline[0] <= p.start < doc.dateline[1])]
    for mention in reversed(earlier):
        if mention.place is not None and sent_index - mention.sent <= REFERENCE_WINDOW \
                and doc.paragraph_of(mention.trigger_start) == paragraph:
            return mention.place, How.CONTEXT
    before = [p for p in places if p.sent < sent_index and doc.paragraph_of(p.start) == paragraph]
    if before:
        return before[-1], How.CONTEXT
    after = place_after([p for p in places if p.cue not in DESTINATION_CUES], tok.idx + len(tok.text), sent.end_char)
    if after is not None:
        return after, How.EXPLICIT
    in_sentence = [p for p in places if p.sent == sent_index]
    if len({p.place.location for p in in_sentence}) == 1:
        return in_sentence[0], How.CONTEXT
    for mention in reversed(earlier):
        if mention.place is not None and sent_index - mention.sent <= REFERENCE_WINDOW:
            return mention.place, How.CONTEXT
    if dateline is not None and dateline.place is not None and dateline.place.resolved:
        place = replace(dateline.place, geo_precision=max(2, dateline.place.geo_precision or 2),
                        reason=f"no place named for this event; coded at the dateline, {dateline.place.location}")
        return PlaceMention(dateline.start, dateline.end, dateline.text, dateline.sent, place, "dateline"), How.CONTEXT
    return None, How.CONTEXT


def detect(doc: Doc) -> list[EventMention]:
    lexicon = load_lexicon()
    mentions: list[EventMention] = []
    actor_spans = [(m.start, m.end) for m in doc.actor_mentions if not m.generic]
    place_spans = [(p.start, p.end) for p in doc.place_mentions]
    published = doc.article.published
    doc_armed = any(m.actor.type in ARMED for m in doc.actor_mentions)
    trigger_lemmas = frozenset(lexicon.all_classes)
    for sent_index, sent in enumerate(doc.nlp.sents):
        if doc.in_headline(sent.start_char):
            continue  # headlines repeat the body's events in shorthand
        sent_actors = [m for m in doc.actor_mentions if m.sent == sent_index]
        armed_in_sentence = any(m.actor.type in ARMED for m in sent_actors)
        for tok in sent:
            lemma = tok.lemma_.lower()
            classes = lexicon.all_classes.get(lemma) or lexicon.all_classes.get(tok.lower_)
            if not classes or tok.pos_ not in TRIGGER_POS or tok.dep_ in _NOT_TRIGGER_DEPS:
                continue
            if any(s <= tok.idx < e for s, e in actor_spans + place_spans):
                continue
            if tok.ent_type_ in ("DATE", "TIME") or (doc.dateline and doc.dateline[0] <= tok.idx < doc.dateline[1]):
                continue  # "March 14", a dateline: dates and bylines carry no events
            if tok.i + 1 < len(doc.nlp) and doc.nlp[tok.i + 1].text == "-":
                continue  # "bomb-laden", "shell-shocked": part of a compound word
            if _is_generic_plural(tok) or tok.lower_ in NOT_TRIGGERS:
                continue
            particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), "")
            cls = "disrupt" if "disrupt" in classes and (particle == "down" or lemma not in ("shoot",)) and (
                lemma != "shoot" or particle == "down") else classes[0]
            groups = _conjuncts(tok) if tok.pos_ == "VERB" else []
            for group in groups or [None]:
                args = find_arguments(tok, doc.actor_mentions)
                obj_span = args.object_span
                if group is not None:
                    obj_span = (min(t.idx for t in group), max(t.idx + len(t.text) for t in group))
                    args.actor2 = [m for m in args.actor2 if obj_span[0] <= m.start < obj_span[1]]
                ctx = Context(
                    lemma=lemma, clause=doc.text[args.clause_span[0]:args.clause_span[1]],
                    obj=doc.text[obj_span[0]:obj_span[1]], sentence=sent.text, particle=particle,
                    actor1_types=_types(args.actor1), actor2_types=_types(args.actor2), armed_in_sentence=armed_in_sentence,
                )
                ambiguous = lemma in lexicon.ambiguous or tok.lower_ in lexicon.ambiguous
                if not _has_conflict_context(cls, ambiguous, ctx, sent_actors, doc_armed):
                    continue
                typing = classify(cls, ctx)
                if typing is None:
                    continue
                modality, marker = modality_of(tok, published, trigger_lemmas)
                if modality == Modality.CLAIMED and not args.actor1:
                    args.actor1 = _claimant(tok, doc.actor_mentions)
                # Where fighting is, not where a convoy withdrew to; movements keep their destination.
                place = choose_place(doc.place_mentions, [obj_span, args.clause_span],
                                     skip_destinations=typing.event_type in VIOLENT_TYPES)
                place_how = How.EXPLICIT
                if place is None:
                    place, place_how = _context_place(doc, mentions, sent_index, sent, tok)
                if lemma in REPEL_LEMMAS or (lemma in VICTIM_VERBS and load_lexicon().cues["ied"].search(ctx.obj)):
                    # "FAMa repelled an attack", "a truck struck an IED": the subject is the one attacked.
                    args.actor1, args.actor2 = args.actor2, args.actor1
                mention = EventMention(
                    trigger_lemma=lemma,
                    sent=sent_index, trigger_start=tok.idx, trigger_end=tok.idx + len(tok.text), trigger=tok.text,
                    event_type=typing.event_type, sub_event_type=typing.sub_event_type,
                    plover_event=typing.plover_event, plover_mode=typing.plover_mode,
                    actor1=args.actor1, actor2=args.actor2, place=place, place_how=place_how, modality=modality,
                    confidence=typing.confidence, rule=typing.rule + (f"; {modality.value} by '{marker}'" if marker else ""),
                    scope=(min(args.clause_span[0], obj_span[0] or args.clause_span[0]), max(args.clause_span[1], obj_span[1])),
                )
                if _accompanying(tok):
                    mention.confidence = round(mention.confidence - 0.2, 3)  # "clashes ... amid air strikes"
                mention.fatality_sents.append(sent_index)
                mention.civilian_victims = typing.event_type in ("Explosions/Remote violence", "Violence against civilians") \
                    and not args.actor2 and bool(lexicon.cues["civilian_target"].search(sent.text))
                mention.definite = tok.pos_ == "NOUN" and any(
                    c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")) for c in tok.children)
                mentions.append(mention)
    mentions += classifier_mentions(doc, mentions, published, trigger_lemmas)
    mentions.sort(key=lambda m: m.trigger_start)
    mentions = resolve_references(mentions, doc)
    attach_claims(doc, mentions)
    log.debug("%s: %d event mentions", doc.id, len(mentions))
    return mentions
