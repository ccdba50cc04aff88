"""What the parse says about a candidate actor span: a place, part of a person's or a longer name, a unit number.

The actor finders ask these questions before they accept a span, so that a name inside another name, a man's
name or a place where a group operates never becomes an actor by itself.
"""

from __future__ import annotations

from ..geo.supplements import country_of_word
from ..model import Actor


def is_place(doc, span) -> bool:  # type: ignore[no-untyped-def]
    """The span overlaps a place the places stage resolved."""
    return any(p.place is not None and p.start < span.end_char and span.start_char < p.end for p in doc.place_mentions)


def ordinal(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "8th", "321st": the number of a unit."""
    return tok.text[:1].isdigit() and tok.text[-2:].lower() in ("st", "nd", "rd", "th")


def named_of(head) -> bool:  # type: ignore[no-untyped-def]
    """A capitalised head with "of" and a capitalised name that is no country: "Army of the Victorious Sect",
    "Army of Islam" (but not "Army of Iraq")."""
    if not head.text[:1].isupper():
        return False
    for prep in head.rights:
        if prep.lower_ == "of":
            objects = [t for t in prep.rights if t.dep_ == "pobj"]
            for obj in objects:
                words = [t for t in obj.subtree if t.text[:1].isupper()]
                if words and not any(country_of_word(t.text) for t in words):
                    return True
    return False


def inside_longer_name(nlp_doc, i: int, j: int, sent) -> bool:  # type: ignore[no-untyped-def]
    """ "Human Rights" inside "Northwest Human Rights Monitor" is part of another name, not a partial one; so is
    "UN High Commissioner" in "UN High Commissioner for Human Rights"."""
    before = nlp_doc[i - 1] if i > sent.start else None
    after = nlp_doc[j] if j < sent.end else None
    if after is not None and after.lower_ in ("of", "for") and j + 1 < sent.end:
        following = nlp_doc[j + 1]
        if following.lower_ == "the" and j + 2 < sent.end:
            following = nlp_doc[j + 2]
        if following.text[:1].isupper():
            return True
    return bool(before is not None and before.text[:1].isupper() and before.pos_ == "PROPN") or bool(
        after is not None and after.text[:1].isupper() and after.pos_ == "PROPN")


def in_person_name(nlp_doc, i: int) -> bool:  # type: ignore[no-untyped-def]
    """Token ``i`` is inside a person's name: a PERSON entity, or right after a capitalised name word joined by
    "al-"/"bin"/"abu" ("Omar al-Ansari")."""
    if nlp_doc[i].ent_type_ == "PERSON":
        return True
    k = i - 1
    while k >= 0 and nlp_doc[k].lower_ in ("-", "al", "al-", "el", "el-", "bin", "ibn", "abu", "abou", "bint"):
        k -= 1
    return k < i - 1 and k >= 0 and nlp_doc[k].text[:1].isupper() and nlp_doc[k].pos_ == "PROPN" \
        and nlp_doc[k].ent_type_ in ("PERSON", "")


def inside_person(nlp_doc, span) -> bool:  # type: ignore[no-untyped-def]
    """The span is a part (not the whole) of a PERSON entity."""
    for ent in nlp_doc.ents:
        if ent.label_ == "PERSON" and ent.start <= span.start and span.end <= ent.end and (ent.end - ent.start) > len(span):
            return True
    return False


def foreign_demonym_before(nlp_doc, i: int, sent, entry) -> bool:  # type: ignore[no-untyped-def]
    """A capitalised demonym of another country written as part of the name ("the Syrian Arab Coalition",
    "Pakistani Taliban") makes it a different group than the knowledge-base entry of that country."""
    if i <= sent.start or not entry.country or isinstance(entry, Actor):
        return False
    before = nlp_doc[i - 1]
    if not before.text[:1].isupper() or before.dep_ not in ("amod", "compound") or before.head.i < i:
        return False
    code = country_of_word(before.text)
    return bool(code) and code != entry.country


#: Verbs of saying: their subject reports an event rather than takes part in it.
REPORTING = {"say", "tell", "report", "add", "state", "claim", "confirm", "announce", "note", "accord"}


def is_reporter(head) -> bool:  # type: ignore[no-untyped-def]
    """ "Police said the crowd was well behaved", "activists said": the phrase reports, it is no side."""
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in REPORTING
