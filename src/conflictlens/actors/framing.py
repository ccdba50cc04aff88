"""The labels an outlet attaches to actors ("terrorists", "mercenaries", "regime", "heroes").

A label is reported with its evidence span and the actor it qualifies, and never becomes the actor's name.
"""

from __future__ import annotations

from ..document import ActorMention
from ..model import Evidence, FramingLabel, How
from .kb import load_lexicon

STAGE = "actors"


def load_framing_lexicon() -> dict[str, str]:
    """Lowercased label -> category."""
    return {word.lower(): category for category, words in load_lexicon("_framing.yaml").items() for word in words}


def _stem(word: str) -> str:
    return word.lower().strip("'’\"")


def find_framing(doc, mentions: list[ActorMention], lexicon: dict[str, str]) -> list[FramingLabel]:
    """Every framing word with the actor it is attached to: same noun phrase, or the nearest mention in the sentence."""
    labels: list[FramingLabel] = []
    for tok in doc.nlp:
        word = _stem(tok.text)
        two = f"{word} {_stem(tok.nbor().text)}" if tok.i + 1 < len(doc.nlp) else ""
        label = two if two in lexicon else word if word in lexicon else ""
        if not label:
            continue
        sent_index = doc.sentence_of(tok.i)
        start, end = tok.idx, tok.idx + len(label)
        # The mention that owns the word: one that contains it, ends just before it, or whose phrase it heads.
        owner = next((m for m in mentions if m.start <= start < m.end), None)
        if owner is None:
            near = [m for m in mentions if m.sent == sent_index and not m.actor.name.startswith(("Civilians", "Protesters"))]
            near.sort(key=lambda m: min(abs(m.end - start), abs(end - m.start)))
            owner = near[0] if near and min(abs(near[0].end - start), abs(end - near[0].start)) <= 25 else None
        if owner is not None and label not in owner.labels:
            owner.labels.append(label)
        evidence = Evidence("framing", start, end, doc.text[start:end], STAGE, How.EXPLICIT)
        labels.append(FramingLabel(owner.actor.name if owner else "", label, lexicon[label], evidence))
    return labels
