"""Event mention detection: triggers (verbs and nouns) typed in their clause, with arguments and modality.

One sentence can hold several events ("destroyed a bomb-laden vehicle ... and their bomber drone in ..."):
each conjoined object of a trigger becomes its own mention with its own place.
"""

from __future__ import annotations

import logging

from ..document import Doc, EventMention
from ..model import ActorType
from .arguments import choose_place, find_arguments
from .modality import modality_of
from .typing import ARMED, Context, classify, load_lexicon

log = logging.getLogger(__name__)

TRIGGER_POS = {"VERB", "NOUN", "PROPN", "ADJ"}
_NOT_TRIGGER_DEPS = {"compound", "amod"}  # "attack helicopter", "bomber drone" name things, not events


def _types(mentions) -> set[ActorType]:
    return {m.actor.type for m in mentions if m.actor.type is not None}


def _conjuncts(tok) -> list[list]:
    """Token groups of a verb's conjoined direct objects, each without the others."""
    dobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if dobj is None:
        return []
    conjs = [c for c in dobj.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
    if not conjs:
        return []
    excluded = {t.i for c in conjs for t in c.subtree}
    groups = [[t for t in dobj.subtree if t.i not in excluded]]
    groups += [list(c.subtree) for c in conjs]
    return groups


def _has_conflict_context(ctx: Context, armed_in_sentence: bool) -> bool:
    lexicon = load_lexicon()
    return armed_in_sentence or any(
        lexicon.cues[name].search(ctx.sentence) for name in ("air", "shelling", "ied", "grenade", "suicide", "chemical", "fatality_words")
    )


def detect(doc: Doc) -> list[EventMention]:
    lexicon = load_lexicon()
    mentions: list[EventMention] = []
    actor_spans = [(m.start, m.end) for m in doc.actor_mentions if not m.generic]
    place_spans = [(p.start, p.end) for p in doc.place_mentions]
    published = doc.article.published
    for sent_index, sent in enumerate(doc.nlp.sents):
        sent_actors = [m for m in doc.actor_mentions if m.sent == sent_index]
        armed_in_sentence = any(m.actor.type in ARMED for m in sent_actors)
        for tok in sent:
            lemma = tok.lemma_.lower()
            classes = lexicon.all_classes.get(lemma) or lexicon.all_classes.get(tok.lower_)
            if not classes or tok.pos_ not in TRIGGER_POS or tok.dep_ in _NOT_TRIGGER_DEPS:
                continue
            if any(s <= tok.idx < e for s, e in actor_spans + place_spans):
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
                if (lemma in lexicon.ambiguous or tok.lower_ in lexicon.ambiguous) and not _has_conflict_context(ctx, armed_in_sentence):
                    continue
                typing = classify(cls, ctx)
                if typing is None:
                    continue
                modality, marker = modality_of(tok, published)
                place = choose_place(doc.place_mentions, [obj_span, args.clause_span, (sent.start_char, sent.end_char)])
                mention = EventMention(
                    sent=sent_index, trigger_start=tok.idx, trigger_end=tok.idx + len(tok.text), trigger=tok.text,
                    event_type=typing.event_type, sub_event_type=typing.sub_event_type,
                    plover_event=typing.plover_event, plover_mode=typing.plover_mode,
                    actor1=args.actor1, actor2=args.actor2, place=place, modality=modality,
                    confidence=typing.confidence, rule=typing.rule + (f"; {modality.value} by '{marker}'" if marker else ""),
                    scope=(min(args.clause_span[0], obj_span[0] or args.clause_span[0]), max(args.clause_span[1], obj_span[1])),
                )
                mentions.append(mention)
    log.debug("%s: %d event mentions", doc.id, len(mentions))
    return mentions
