"""Matching what the pipeline found in a corpus article with the article's gold events and sentence labels.

Used by training (labels for the sentence typer and the verifier) and by the corpus benchmark (event P/R/F1),
so both read the gold the same way.
"""

from __future__ import annotations

from ..ontology import acled_subtypes
from .corpus import Article
from .sentence_model import BACKGROUND, IRREALIS, NONE

#: corpus mention labels -> the sentence typer's non-event classes
MENTION_CLASS = {"background": BACKGROUND, "plan": IRREALIS, "denial": IRREALIS, "hypothetical": IRREALIS,
                 "reaction": NONE}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def sentence_labels(article: Article, sentences: list[tuple[int, int]]) -> list[str]:
    """The typer's class of each sentence span: the sub-type of a gold event it states, else the class of a
    labelled mention it holds, else none. The article text must be the text the spans index."""
    text = article.text
    event_spans = [(span, e.sub_event_type) for e in article.events for span in e.spans(text)]
    mention_spans = [((i, i + len(t)), MENTION_CLASS.get(label, NONE)) for t, label in article.mentions
                     if (i := text.find(t)) >= 0]
    labels = []
    for sent in sentences:
        best = max(((_overlap(sent, span), label) for span, label in event_spans), default=(0, NONE))
        if best[0] > 0:
            labels.append(best[1])
            continue
        best = max(((_overlap(sent, span), label) for span, label in mention_spans), default=(0, NONE))
        labels.append(best[1] if best[0] > 0 else NONE)
    return labels


def match_events(article: Article, found: list[tuple[str, int, tuple[int, int]]]) -> list[int | None]:
    """For each found event (event type, trigger offset, sentence span), in document order, the index of the gold
    event it codes, or None: a false event, a wrong type, or a restatement of a gold event already matched.
    A found event codes a gold event of the same ACLED event type when its trigger lies in one of the gold
    event's spans, or failing that, when its sentence overlaps one."""
    text = article.text
    types = acled_subtypes()
    gold = [(types[e.sub_event_type].event_type if e.sub_event_type in types else "", e.spans(text))
            for e in article.events]
    taken: set[int] = set()
    out: list[int | None] = [None] * len(found)
    for i in sorted(range(len(found)), key=lambda k: found[k][1]):
        event_type, trigger, sent = found[i]
        inside = [g for g, (t, spans) in enumerate(gold) if t == event_type and any(a <= trigger < b for a, b in spans)]
        near = [g for g, (t, spans) in enumerate(gold) if t == event_type and any(_overlap(sent, s) for s in spans)]
        for g in inside or near:
            if g not in taken:
                taken.add(g)
                out[i] = g
                break
    return out
