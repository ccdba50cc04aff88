"""Armed groups the knowledge base lacks: an entity whose name has a group's head word ("Brigade", "Liwa").

Such a group is still an actor, under its own name, with a type guessed from the name and ``unknown_to_kb`` set.
A state's units, institutions and framing labels ("Communist Terrorist Group") are not groups.
"""

from __future__ import annotations

from ..document import ActorMention
from ..geo.supplements import country_of_word
from ..model import Actor, ActorType, How
from .generic_mentions import STATE_UNIT_WORDS
from .named_mentions import GENERIC_NAME_WORDS
from .spans import is_place, named_of, ordinal

#: Head words of an armed group's name.
_GROUP_HEADS = {"brigade", "brigades", "front", "movement", "battalion", "battalions", "legion", "alliance",
                "organization", "organisation", "corps", "jaysh", "jaish", "jeish", "liwa", "harakat", "ansar",
                "katibat", "army", "militia", "council", "forces", "group"}


def unknown_group_mentions(doc, taken: set[int], framing_words: frozenset[str]) -> list[ActorMention]:  # type: ignore[no-untyped-def]
    """A named armed group the knowledge base lacks is still an actor: its own name, a type guessed from the
    name, flagged ``unknown_to_kb`` ("the Desert Hawks Brigade", "Liwa al-Quds" when not in the KB). Entities on
    tokens in ``taken`` are skipped, and the tokens of each group found are added to it."""
    mentions = []
    for ent in doc.nlp.ents:
        if ent.label_ not in ("ORG", "PERSON", "NORP", "FAC") or any(t.i in taken for t in ent):
            continue
        words = [t.lower_ for t in ent if not t.is_punct]
        if not words or not (set(words) & _GROUP_HEADS) or is_place(doc, ent) or doc.in_headline(ent.start_char):
            continue
        if all(w in _GROUP_HEADS or w in GENERIC_NAME_WORDS for w in words):
            continue  # "Security Forces", "the Army": no name of a group
        if ent.start >= 2 and doc.nlp[ent.start - 1].lower_ in ("'s", "’s") and country_of_word(doc.nlp[ent.start - 2].text):
            continue  # "Iraq's Security Forces" are the state's
        if any(w in ("ministry", "council", "university", "committee", "agency", "party", "union", "bank") for w in words):
            continue  # institutions, not armed groups
        if (set(words) & STATE_UNIT_WORDS or any(ordinal(t) for t in ent)) and not any(named_of(t) for t in ent):
            continue  # "the 20th Infantry Battalion", "the Army's 8th Division": units of a state's forces
        if any(country_of_word(t.text.rstrip("'s’")) for t in ent) or set(words) & framing_words:
            continue  # "the Syrian Army's" is a state force; "Communist Terrorist Group" is a label, not a name
        tokens = [t for t in ent if t.lower_ not in ("the",)]
        name = doc.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)] if tokens else ent.text
        kind = ActorType.POLITICAL_MILITIA if set(words) & {"militia", "militias", "council"} else ActorType.REBEL
        sent_index = doc.sentence_of(ent.root.i)
        actor = Actor(name, kind, "", "", "UAF", ent.text, unknown_to_kb=True)
        mentions.append(ActorMention(ent.start_char, ent.end_char, ent.text, sent_index, actor, How.INFERRED))
        taken.update(t.i for t in ent)
    return mentions
