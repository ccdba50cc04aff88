"""Event mention detection: triggers (verbs and nouns) typed in their clause, with arguments and modality.

One sentence can hold several events ("destroyed a bomb-laden vehicle ... and their bomber drone in ..."):
each conjoined object of a trigger becomes its own mention with its own place.
"""

from __future__ import annotations

import logging

from ..document import Doc, EventMention
from ..model import FACTUAL_MODALITIES, ActorType, How, Modality
from ..ontology import acled_subtypes
from ..spanindex import SpanIndex
from .arguments import choose_place, find_arguments, place_after
from . import attach as attaching
from .attach import Site, attach, context_place
from .modality import YEAR, modality_of
from .classifier import SentenceClassifier, default_classifier
from .coordination import one_per_place
from .gate import armed_words, classifier_choice, conflict_signal, fill_sides, has_conflict_context
from .references import REFERENCE_WINDOW, VIOLENT_TYPES, attach_claims, resolve_references
from .typing import ARMED, CROWD, Context, classify, load_lexicon

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
REPEL_LEMMAS = {"repel", "repulse", "thwart", "foil", "ward", "fend"}
VICTIM_VERBS = {"strike", "hit", "step", "drive"}


TREND_VERBS = {"increase", "decrease", "rise", "grow", "intensify", "escalate", "continue", "decline", "surge", "become",
               "remain", "double", "triple", "spread", "drop", "fall", "multiply", "subside"}


def _exchange_of_prisoners(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "the exchange process of prisoners", "a prisoner exchange deal": the exchange names the event even as a
    modifier."""
    return tok.lemma_.lower() in ("exchange", "swap") and tok.head.lemma_.lower() in ("process", "deal", "operation", "agreement") \
        and bool(load_lexicon().cues["peace_process"].search(tok.sent.text))


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
    if any(c.lemma_ == "have" and c.dep_ == "aux" for c in verb.children) and verb.lemma_.lower() not in TREND_VERBS:
        return False  # "clashes have broken out": the present perfect tells an event ("air strikes have increased" a trend)
    return verb.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") and c.dep_ in ("aux", "auxpass") for c in verb.children)


def _windows(doc: Doc) -> list[str]:
    """Per sentence: the sentence with the sentences either side of it in its paragraph (built once per document)."""
    sents = list(doc.nlp.sents)
    paragraphs = [doc.paragraph_of(s.start_char) for s in sents]
    return [" ".join(s.text for j, s in enumerate(sents[max(0, i - 1): i + 2], start=max(0, i - 1))
                     if paragraphs[j] == paragraphs[i]) for i in range(len(sents))]


def _modifiers(tok) -> str:  # type: ignore[no-untyped-def]
    """Words that name a noun trigger's kind: "grenade" in "a grenade attack", "suicide" in "suicide bombing"."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return ""
    return " ".join(t.text for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i for t in c.subtree)


def _subject(tok) -> str:  # type: ignore[no-untyped-def]
    """The trigger's subject, or its "by" agent in the passive; a conjoined or participial verb shares its head's
    ("gunmen arrived ... and opened fire", "... killing five"), a relative clause its noun ("gunmen who stormed")."""
    node = tok
    for _ in range(3):
        for c in node.children:
            if c.dep_ in ("nsubj", "agent"):
                if c.lower_ in ("who", "that", "which") and node.dep_ == "relcl":
                    return node.head.text
                return " ".join(t.text for t in c.subtree)
        if node.dep_ not in ("conj", "advcl", "xcomp") or node.head.i == node.i:
            break
        node = node.head
    return ""


def _phrasal(tok, lemma: str, particle: str, lexicon) -> str:  # type: ignore[no-untyped-def]
    """The trigger lemma a verb stands for with its particle ("went off"), complement ("set ablaze", "shot dead",
    "took them hostage") or preposition ("took to the streets", "set on fire"); people gathering to protest or
    demand something ("residents gathered in the square to denounce prices") are protesting."""
    phrasal = lexicon.phrasal
    if f"{lemma} {particle}" in phrasal:
        return phrasal[f"{lemma} {particle}"]
    if tok.pos_ != "VERB":
        return lemma
    for child in tok.children:
        if child.dep_ in ("acomp", "oprd", "advmod", "xcomp", "ccomp", "dobj", "npadvmod", "attr", "prep") and child.i > tok.i \
                and f"{lemma} {child.lower_}" in phrasal:
            return phrasal[f"{lemma} {child.lower_}"]
        if child.dep_ in ("advcl", "xcomp") and lemma in lexicon.gathering and any(
                v.lemma_.lower() in lexicon.protest_purpose for v in (child, *child.conjuncts)) \
                and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children):
            return "protest"
    for prep in (c for c in tok.children if c.dep_ == "prep"):
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            key = f"{lemma} {prep.lower_} {pobj.lemma_.lower()}"
            if key in phrasal:
                return phrasal[key]
    return lemma


def _shared_object(tok) -> str:  # type: ignore[no-untyped-def]
    """ "killed and wounded scores of fighters": the object hangs on the last conjoined verb but belongs to all.
    "found a stock of rifles thought to be owned by X": the parser may make the object the subject
    of a clause ("believed") hung on the verb."""
    for conj in (c for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        dobj = next((g for g in conj.children if g.dep_ == "dobj"), None)
        if dobj is not None:
            return " ".join(t.text for t in dobj.subtree)
    for clause in (c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i):
        subj = next((g for g in clause.children if g.dep_ in ("nsubj", "nsubjpass") and g.i < clause.i), None)
        if subj is not None:
            return " ".join(t.text for t in subj.subtree)
    return ""


def _protest_cause(tok, lexicon) -> bool:  # type: ignore[no-untyped-def]
    """ "protesting against the detention of their leader", "a rally over the killing of a student": the event
    named is what the protest is about, reported before, not a new one."""
    node = tok
    for _ in range(3):
        head = node.head
        if head.i == node.i:
            return False
        if node.dep_ == "pobj" and head.lower_ in ("against", "over", "about") and \
                "protest" in lexicon.all_classes.get(head.head.lemma_.lower(), ()):
            return True
        node = head
    return False


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


def _past_year(text: str, published) -> bool:  # type: ignore[no-untyped-def]
    """The sentence names a year before publication ("the killing of 156 civilians in Karma in April 2023"):
    background the classifier must not code as a new event."""
    return published is not None and any(int(y) < published.year for y in YEAR.findall(text))


def _same_story(mention: EventMention, sent_index: int, sub_event_type: str) -> bool:
    """A rule-typed event of the same sub-type (or both violent) at most REFERENCE_WINDOW sentences away."""
    kin = mention.sub_event_type == sub_event_type or (
        mention.event_type in VIOLENT_TYPES and acled_subtypes()[sub_event_type].event_type in VIOLENT_TYPES)
    return kin and abs(mention.sent - sent_index) <= REFERENCE_WINDOW


#: The learned typer's lowest probability for proposing a candidate the rules missed (the verifier decides after).
LEARNED_MIN = 0.35


def learned_choice(ranked: list[tuple[str, float]], text: str) -> tuple[str, float] | None:
    """The learned typer's most probable sub-type, if it reaches LEARNED_MIN and the sentence has the words that
    sub-type needs (a chemical word for a chemical attack); the verifier decides whether it is coded. Past years
    and neighbouring restatements are the verifier's to judge (its features), not left out by rule."""
    lexicon = load_lexicon()
    for label, probability in ranked:
        if label == "none" or probability < LEARNED_MIN:
            return None
        evidence = lexicon.evidence.get(label)
        if evidence is None or evidence.search(text):
            return label, probability
    return None


def classifier_mentions(doc: Doc, mentions: list[EventMention], published, triggers: frozenset[str],  # type: ignore[no-untyped-def]
                        windows: list[str], classifier: SentenceClassifier | None = None) -> list[EventMention]:
    """Events the rules missed in sentences with a sign of violence or unrest, typed by the example-trained
    classifier (``events/classifier.py``) when ``gate.classifier_choice`` accepts its guess; the sentence's main
    verb stands as the trigger and gives the arguments."""
    learned = classifier is not None
    ranker = attaching.default_model() if learned else None
    classifier = classifier or default_classifier()
    typed: dict[int, set[str]] = {}
    for m in mentions:
        if m.event_type:
            typed.setdefault(m.sent, set()).add(m.event_type)
    found = []
    eligible = []
    for sent_index, sent in enumerate(doc.nlp.sents):
        # Without the verifier a sentence the rules typed is theirs; with it, the typer may add an event of another
        # type there (the rules read "youths threw stones at police" as a clash; the typer says riot).
        if (sent_index in typed and not learned) or len(sent) < 5 or doc.in_headline(sent.start_char):
            continue  # a headline above a body restates the body's events
        if not learned and _past_year(sent.text, published):
            continue  # without the verifier, sentences naming past years are left out by rule
        types = {m.actor.type for m in doc.actors_in_sentence(sent_index)}
        signs = {"armed": bool(types & ARMED), "crowd": bool(types & CROWD), "named": bool(types)}
        if learned and not conflict_signal(sent.text, **signs):
            continue  # the gate would refuse every label: not worth an embedding
        eligible.append((sent_index, sent, signs))
    if learned and eligible:
        classifier.proba([sent.text for _, sent, _ in eligible])  # one batch for the document; predict() reads the cache
    for sent_index, sent, signs in eligible:
        ranked = classifier.predict(sent.text)
        choice = learned_choice(ranked, sent.text) if learned else classifier_choice(
            ranked, sent.text, window=windows[sent_index], **signs)
        if choice is None:
            continue
        label, probability = choice
        spec = acled_subtypes()[label]
        if spec.event_type in typed.get(sent_index, ()):
            continue  # the rules already found an event of this type here
        if not learned and any(_same_story(m, sent_index, label) for m in mentions
                               if m.event_type and m.modality in FACTUAL_MODALITIES):
            continue  # "The bus was stopped at a checkpoint set up by armed men": a detail of the attack just found
        root = sent.root
        args = find_arguments(root, doc.actor_mentions)
        modality, marker = modality_of(root, published, triggers)
        rule = choose_place(doc.place_mentions, [args.clause_span]) or place_after(
            doc.place_mentions, root.idx, sent.end_char)
        site = Site(sent_index, root.i, args.clause_span, args.object_span, spec.event_type in VIOLENT_TYPES,
                    tuple((m.sent, m.place) for m in mentions if m.place is not None and m.sent <= sent_index),
                    rule, How.EXPLICIT)
        place, place_how = attach(doc, site, ranker)
        found.append(EventMention(
            trigger_lemma=root.lemma_.lower(), sent=sent_index, trigger_start=root.idx, trigger_end=root.idx + len(root.text),
            trigger=root.text, event_type=spec.event_type, sub_event_type=label, plover_event=spec.plover,
            plover_mode=spec.mode, actor1=args.actor1, actor2=args.actor2, place=place, place_how=place_how, modality=modality,
            confidence=round(0.5 * probability, 3), rule=f"classifier {probability:.2f}" + (f"; {modality.value} by '{marker}'" if marker else ""),
            scope=args.clause_span, fatality_sents=[sent_index], site=site,
        ))
    return found


ACCOMPANYING = {"amid", "amidst", "during", "alongside", "despite"}


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



def detect(doc: Doc, classifier: SentenceClassifier | None = None) -> list[EventMention]:
    """Event candidates: the trigger rules clause by clause, then ``classifier`` (the learned sentence typer, or the
    naive Bayes when None) for sentences the rules left untyped."""
    lexicon = load_lexicon()
    mentions: list[EventMention] = []
    # Sorted once and searched by bisection: checking each trigger against every span grew with length squared.
    named_or_placed = SpanIndex([(m.start, m.end) for m in doc.actor_mentions if not m.generic]
                                + [(p.start, p.end) for p in doc.place_mentions])
    published = doc.article.published
    doc_armed = any(m.actor.type in ARMED for m in doc.actor_mentions) or armed_words(doc.text)
    trigger_lemmas = frozenset(lexicon.all_classes)
    windows = _windows(doc)
    # The learned attachment ranker runs with the learned engine; ``learned = false`` keeps the rules' places.
    ranker = attaching.default_model() if classifier is not None else None
    for sent_index, sent in enumerate(doc.nlp.sents):
        if doc.in_headline(sent.start_char):
            continue  # headlines repeat the body's events in shorthand
        sent_actors = doc.actors_in_sentence(sent_index)
        armed_in_sentence = any(m.actor.type in ARMED for m in sent_actors) or armed_words(sent.text)
        window = windows[sent_index]
        for tok in sent:
            lemma = tok.lemma_.lower()
            particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), "")
            lemma = _phrasal(tok, lemma, particle, lexicon)  # "the mine went off" = exploded
            classes = lexicon.all_classes.get(lemma)
            if not classes and (classes := lexicon.all_classes.get(tok.lower_)):
                lemma = tok.lower_  # a form the lexicon lists because the model mis-lemmatises it ("raped" -> "rap")
            if tok.lower_ == "shoot" and tok.i + 2 < len(doc.nlp) and doc.nlp[tok.i + 1].text == "-" and doc.nlp[tok.i + 2].lower_ in ("out", "outs"):
                lemma, classes = "shootout", ("violence",)  # "in the gunfight between the raiders and troops"
            elif not classes or tok.pos_ not in TRIGGER_POS or (tok.dep_ in _NOT_TRIGGER_DEPS and not _exchange_of_prisoners(tok)):
                continue
            if lemma in lexicon.verb_only and tok.pos_ != "VERB":
                continue  # "a police station", "a gun": not "stationed", "gunned down"
            if named_or_placed.covers(tok.idx):
                continue
            if tok.ent_type_ in ("DATE", "TIME") or (doc.dateline and doc.dateline[0] <= tok.idx < doc.dateline[1]):
                continue  # "March 14", a dateline: dates and bylines carry no events
            if tok.i + 1 < len(doc.nlp) and doc.nlp[tok.i + 1].text == "-" and lemma != "shootout":
                continue  # "bomb-laden", "shell-shocked": part of a compound word
            if _is_generic_plural(tok) or tok.lower_ in NOT_TRIGGERS or _protest_cause(tok, lexicon):
                continue
            if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("open", "exchange"):
                continue  # the "fire" of "opened fire" is the verb's event, not a second one
            if tok.lower_ == "fire" and tok.dep_ == "pobj" and tok.head.lower_ in ("on", "ablaze") \
                    and tok.head.head.lemma_.lower() in ("set", "put"):
                continue  # "setting dozens of homes on fire" is the arson of "set", not a shooting
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
                    obj=doc.text[obj_span[0]:obj_span[1]] or (_shared_object(tok) if tok.pos_ == "VERB" else "")
                    or (tok.head.text if tok.dep_ == "acl" and tok.tag_ == "VBN" else ""),  # "rockets fired from X"
                    sentence=sent.text, particle=particle,
                    actor1_types=fill_sides(_types(args.actor1), subject := _subject(tok)),
                    actor2_types=_types(args.actor2) or fill_sides(set(), doc.text[obj_span[0]:obj_span[1]]),
                    armed_in_sentence=armed_in_sentence,
                    window=window, modifiers=_modifiers(tok), subject=subject,
                    other_armed=any(m.actor.type in ARMED and m.actor.name not in {a.actor.name for a in args.actor1}
                                    and args.clause_span[0] <= m.start < args.clause_span[1] for m in sent_actors),
                    relative=any(t.dep_ == "relcl" for t in [tok, *tok.ancestors]),
                    agentive=tok.pos_ != "VERB" or any(c.dep_ in ("dobj", "nsubjpass", "auxpass", "agent") for c in tok.children),
                )
                ambiguous = (lemma in lexicon.ambiguous or tok.lower_ in lexicon.ambiguous) and not (
                    lemma == "open" and ctx.obj.lower().startswith("fire"))  # "opened fire" is gunfire whatever the article
                if not has_conflict_context(cls, ambiguous, ctx, sent_actors, doc_armed):
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
                    place, place_how = context_place(doc, mentions, sent_index, sent, tok, REFERENCE_WINDOW)
                site = Site(sent_index, tok.i, args.clause_span, obj_span, typing.event_type in VIOLENT_TYPES,
                            tuple((m.sent, m.place) for m in mentions if m.place is not None), place, place_how)
                place, place_how = attach(doc, site, ranker)
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
                    site=site,
                )
                if _accompanying(tok):
                    mention.confidence = round(mention.confidence - 0.2, 3)  # "clashes ... amid air strikes"
                    mention.accompanying = True
                mention.fatality_sents.append(sent_index)
                mention.civilian_victims = typing.event_type in ("Explosions/Remote violence", "Violence against civilians") \
                    and not args.actor2 and bool(lexicon.cues["civilian_target"].search(sent.text))
                mention.definite = tok.pos_ == "NOUN" and any(
                    c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")) for c in tok.children)
                mentions.append(mention)
    mentions += classifier_mentions(doc, mentions, published, trigger_lemmas, windows, classifier)
    mentions.sort(key=lambda m: m.trigger_start)
    mentions = one_per_place(doc, resolve_references(mentions, doc))
    attach_claims(doc, mentions)
    log.debug("%s: %d event mentions", doc.id, len(mentions))
    return mentions
