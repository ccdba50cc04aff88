"""Which countries an article's actors belong to, most likely first.

The first country is the one a generic actor gets when its phrase names none ("government troops", "civilians"):
ACLED names generic actors by country. The ranking also picks a global movement's local branch and vets guessed
names (a bare acronym, a partial name) against the article's countries.
"""

from __future__ import annotations

from ..document import ActorMention
from ..geo.supplements import country_of_word
from ..model import ActorType
from .kb import ActorKB, kb_match

#: A resolved place counts for the focus only from this confidence: "Rovers" is no Nigerian state in a football
#: report.
SURE_PLACE = 0.85


def actor_country_focus(doc, kb: ActorKB) -> list[str]:  # type: ignore[no-untyped-def]
    """The countries the article's actors belong to, most likely first: the places stage's country focus
    (which a demonym alone can set: "amid Russian airstrikes"), the resolved places, and, weighing most, the
    local groups the article names ("HTS" is Syrian wherever "Sihal" may be)."""
    votes: dict[str, float] = {}

    def vote(code: str, weight: float) -> None:
        if code:
            votes[code] = votes.get(code, 0.0) + weight

    for rank, code in enumerate(doc.country_focus[:3]):
        vote(code, 1.5 / (rank + 1))
    for m in doc.place_mentions:  # confident readings only: "Rovers" is no Nigerian state in a football report
        if m.place is not None and m.place.country_code and m.place.confidence >= SURE_PLACE:
            vote(m.place.country_code, 1.0)
    seen: set[str] = set()
    spans = [[t for t in ent if t.lower_ != "the" and not t.is_punct] for ent in doc.nlp.ents
             if ent.label_ in ("ORG", "NORP", "PERSON", "GPE", "FAC", "PRODUCT", "LOC")]
    spans += [[t] for t in doc.nlp if t.text.isupper() and 2 <= len(t.text) <= 6 and not t.ent_type_]  # "HTS"
    for tokens in spans:
        text = doc.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1])] if tokens else ""
        entry = kb_match(kb, text, fuzzy=False) if text and not country_of_word(text) else None
        if entry is not None and entry.country and entry.type != ActorType.EXTERNAL and entry.id not in seen:
            seen.add(entry.id)
            vote(entry.country, 2.0)
    return sorted(votes, key=lambda c: -votes[c])


def fallback_focus(doc, named: list[ActorMention]) -> list[str]:  # type: ignore[no-untyped-def]
    """When the places stage set no country focus: the countries of the named local actors (twice) and of the
    resolved places ("clashes with HTS in the town of Sihal" is about Syria, whatever else Sihal may be)."""
    counts: dict[str, int] = {}
    for m in doc.place_mentions:
        code = m.place.country_code if m.place is not None and m.place.confidence >= SURE_PLACE else ""
        if code:
            counts[code] = counts.get(code, 0) + 1
    for m in named:
        if m.actor.country_code and m.actor.type != ActorType.EXTERNAL and not m.actor.unknown_to_kb:
            counts[m.actor.country_code] = counts.get(m.actor.country_code, 0) + 2
    return sorted(counts, key=lambda c: -counts[c])
