"""Descriptive references: "the militants", "the two sides" resolved to actors the article has already named.

A reference takes the one named non-state actor of the nearest earlier sentence that names one, and is left out
when that sentence names several: never guess between sides. "The two sides" takes the two actors the nearest
earlier sentence names together.
"""

from __future__ import annotations

from ..document import ActorMention
from ..model import Actor, ActorType, How

NON_STATE_TYPES = {ActorType.REBEL, ActorType.POLITICAL_MILITIA, ActorType.IDENTITY_MILITIA}
#: Heads of a phrase that names two actors at once, with "two" or "both".
PAIR_HEADS = {"sides", "groups", "forces", "factions", "parties", "militias", "belligerents", "armies"}


def referring_mention(span, sent_index: int, actor: Actor) -> ActorMention:  # type: ignore[no-untyped-def]
    """A generic mention of ``span`` that stands for ``actor``, known from context, with the span's words as the
    actor's mention."""
    restated = Actor(**{**actor.__dict__, "mention": span.text})
    return ActorMention(span.start_char, span.end_char, span.text, sent_index, restated, How.CONTEXT, True)


def names_armed_group(mention: ActorMention) -> bool:
    """Whether a named mention is a non-state armed group a descriptive word ("the militants") could stand for."""
    actor = mention.actor
    return actor.type in NON_STATE_TYPES or bool(actor.kb_id and actor.sector in ("REB", "PRM"))


def antecedent(doc, named: list[ActorMention], sent_index: int, before: int) -> ActorMention | None:  # type: ignore[no-untyped-def]
    """The named non-state actor of the nearest sentence (this one or up to three back) that names one;
    None when that sentence names several (never guess between sides). Headlines do not count."""
    for back in range(sent_index, sent_index - 4, -1):
        here = {m.actor.name: m for m in named if m.sent == back and m.start < before and names_armed_group(m)
                and not doc.in_headline(m.start)}
        if len(here) == 1:
            return next(iter(here.values()))
        if len(here) > 1:
            return None
    return None


def descriptive_mentions(doc, named: list[ActorMention], taken: set[int],  # type: ignore[no-untyped-def]
                         heads: frozenset[str]) -> list[ActorMention]:
    """'the militants' (a phrase headed by one of ``heads``) -> the only named non-state actor of the last three
    sentences, if there is one. Phrases on tokens in ``taken`` are already actors."""
    mentions = []
    for chunk in doc.nlp.noun_chunks:
        if chunk.root.lower_ not in heads or any(t.i in taken for t in chunk):
            continue
        if any(t.like_num or t.lower_ in ("two", "both", "other", "several", "some", "no", "any", "every", "each") for t in chunk):
            continue  # "the two groups", "other groups": more than one actor
        sent_index = doc.sentence_of(chunk.root.i)
        source = antecedent(doc, named, sent_index, chunk.start_char)
        if source is None:
            continue
        mentions.append(referring_mention(chunk, sent_index, source.actor))
    return mentions


def pair_mentions(doc, named: list[ActorMention], taken: set[int]) -> list[ActorMention]:  # type: ignore[no-untyped-def]
    """ "the two sides", "both forces": the two armed actors the nearest earlier sentence names together."""
    mentions = []
    for chunk in doc.nlp.noun_chunks:
        if chunk.root.lower_ not in PAIR_HEADS or not any(t.lower_ in ("two", "both") for t in chunk):
            continue
        if any(t.i in taken for t in chunk):
            continue
        sent_index = doc.sentence_of(chunk.root.i)
        for back in range(sent_index, max(-1, sent_index - 4), -1):
            here = list({m.actor.name: m for m in named if m.sent == back and m.start < chunk.start_char
                         and not doc.in_headline(m.start)}.values())
            if len(here) == 2:
                for source in here:
                    mentions.append(referring_mention(chunk, sent_index, source.actor))
                break
            if len(here) > 2:
                break
    return mentions
