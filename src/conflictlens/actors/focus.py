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
#: The places stage's focus counts only with a place of that country read at least this surely, or a country word of
#: it in the text: "Arbain" read as Harbin (China) at 0.31 makes no Chinese regime.
FOCUS_PLACE = 0.4
#: Words for a home government's side that never name its country ("regime forces", "loyalist militia").
HOME_WORDS = {"regime", "loyalist", "pro-regime", "pro-government", "junta"}
#: Heads of a phrase naming a state's forces by a demonym ("Russian warplanes", "Turkish forces").
FORCE_HEADS = {"forces", "force", "troops", "soldiers", "army", "military", "warplanes", "jets", "aircraft", "airstrikes",
               "strikes", "raids", "helicopters", "drones", "artillery", "navy", "planes", "fighter", "units"}


def actor_country_focus(doc, kb: ActorKB) -> list[str]:  # type: ignore[no-untyped-def]
    """The countries the article's actors belong to, most likely first: the places stage's country focus
    (which a demonym alone can set: "amid Russian airstrikes"), the resolved places, and, weighing most, the
    local groups the article names ("HTS" is Syrian wherever "Sihal" may be)."""
    votes: dict[str, float] = {}

    def vote(code: str, weight: float) -> None:
        if code:
            votes[code] = votes.get(code, 0.0) + weight

    backed = backed_focus(doc)
    places = actor_places(doc)
    for rank, code in enumerate(c for c in doc.country_focus[:3] if c in backed):
        vote(code, 1.5 / (rank + 1))
    for m in places:  # confident readings only: "Rovers" is no Nigerian state in a football report
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
    foreign = foreign_forces(doc) - {m.place.country_code for m in places
                                     if m.place is not None and m.place.confidence >= SURE_PLACE}
    return [c for c in sorted(votes, key=lambda c: -votes[c]) if c not in foreign]


#: Nouns after which a country word names no country of the report's actors: the "US dollar" rate is news from
#: Beirut to Caracas.
NOT_ACTOR_HEADS = {"dollar", "dollars"}


def backed_focus(doc) -> set[str]:  # type: ignore[no-untyped-def]
    """Countries that may stand for the report's actors: those of a capitalised country word (not "US dollar") or
    of a place read at confidence >= ``FOCUS_PLACE``."""
    tokens = list(doc.nlp)
    words = {country_of_word(t.text) for t in tokens if t.text[:1].isupper()
             and not (t.i + 1 < len(tokens) and tokens[t.i + 1].lower_ in NOT_ACTOR_HEADS)} - {""}
    sure = {m.place.country_code for m in actor_places(doc)
            if m.place is not None and m.place.country_code and m.place.confidence >= FOCUS_PLACE}
    return words | sure


def report_country(doc) -> str:  # type: ignore[no-untyped-def]
    """The report's main country that its words or sure places back: the country of a generic actor whose event's
    place is unsure or missing (as the assemble stage's crowd country); "" without a parse or a backed focus."""
    if doc.nlp is None or not doc.country_focus:
        return ""
    backed = backed_focus(doc)
    return next((c for c in doc.country_focus if c in backed), "")


def actor_places(doc) -> list:  # type: ignore[no-untyped-def]
    """The place mentions that may say where the actors are: not "US" in "US dollar"."""
    return [m for m in doc.place_mentions
            if doc.text[m.end:m.end + 9].strip().split(" ")[0].lower().strip(".,;") not in NOT_ACTOR_HEADS]


def foreign_forces(doc) -> set[str]:  # type: ignore[no-untyped-def]
    """Countries the article names only as foreign forces beside an unnamed home government: in "regime and Russian
    warplanes" the regime is not Russia's, so Russia is no country of the generic actors. Empty when the article
    has no home-government word ("regime forces", "loyalist militia") without its own country word, or names the
    forces of several countries (one of them may be the home government's)."""
    home, forces = False, set()
    for tok in doc.nlp:
        lower = tok.lower_
        if lower in HOME_WORDS or (lower in ("regime", "government") and tok.i > 1 and doc.nlp[tok.i - 1].text == "-"):
            owner = [c for c in tok.children if country_of_word(c.text)] + [
                t for t in doc.nlp[max(0, tok.i - 2):tok.i] if country_of_word(t.text)]
            home = home or not owner
        code = country_of_word(tok.text) if tok.text[:1].isupper() else ""
        if code and tok.dep_ in ("amod", "compound", "nmod", "conj") and _force_head(tok):
            forces.add(code)
    return forces if home and len(forces) == 1 else set()  # "Syrian and Russian airstrikes": one is the home's


def _force_head(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "Russian" in "Russian warplanes", "Syrian and Russian airstrikes", "Russian air raids"."""
    head = tok
    for _ in range(3):
        head = head.head
        if head.lower_ in FORCE_HEADS:
            return True
        if head.pos_ not in ("ADJ", "NOUN", "PROPN") or head.i == head.head.i:
            return False
    return False


def fallback_focus(doc, named: list[ActorMention]) -> list[str]:  # type: ignore[no-untyped-def]
    """When the places stage set no country focus: the countries of the named local actors (twice) and of the
    resolved places ("clashes with HTS in the town of Sihal" is about Syria, whatever else Sihal may be)."""
    counts: dict[str, int] = {}
    for m in actor_places(doc):
        code = m.place.country_code if m.place is not None and m.place.confidence >= SURE_PLACE else ""
        if code:
            counts[code] = counts.get(code, 0) + 1
    for m in named:
        if m.actor.country_code and m.actor.type != ActorType.EXTERNAL and not m.actor.unknown_to_kb:
            counts[m.actor.country_code] = counts.get(m.actor.country_code, 0) + 2
    return sorted(counts, key=lambda c: -counts[c])
