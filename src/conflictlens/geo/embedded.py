"""Place names that are not places of their own in the text: inside a longer name, or as a nationality.

Geoparsing corpora (GeoWebNews, LGL, TR-News) count "Ohio" in "Ohio Supreme Court", "Dublin" in "Dublin City
Council" and "Russian" in "Russian troops" as toponyms. The places stage leaves them out on purpose: an
organisation's name says nothing about where an event happened, and an actor ("Tigray People's Liberation
Front", "Syrian army") must not be read as a place. :func:`conflictlens.geo.api.places_of` adds them, with cue
"embedded" or "demonym", for users who want every place a text names; events never see them.
"""

from __future__ import annotations

from dataclasses import replace

from ..document import PlaceMention
from ..model import Place
from .counties import COUNTY_WORDS
from .gazetteer import ADMIN1, COUNTRY, POPULATED, REGION
from .names import name_key
from .resolve import PlaceResolver
from .supplements import abbreviations, country_of_word, region_adjectives

# Entities whose leading words may be a place: "Dublin City Council", "Ohio Supreme Court", "Boston Red Sox".
HOST_LABELS = ("ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LOC", "GPE", "NORP")
EMBEDDED_MIN_POPULATION = 50_000  # a town inside a longer name must be big, or named as a place elsewhere


def extra_mentions(doc, resolver: PlaceResolver) -> list[PlaceMention]:  # type: ignore[no-untyped-def]
    """Mentions of demonyms and of place names inside longer names that ``doc.place_mentions`` leaves out."""
    taken = [(m.start, m.end) for m in doc.place_mentions]
    named = {name_key(m.text): m.place for m in doc.place_mentions if m.place is not None and m.place.kind != "relative"}
    focus = doc.country_focus
    centre, admin1s = (doc.place_context.centre, doc.place_context.admin1s) if doc.place_context else (None, frozenset())
    extra: list[PlaceMention] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    def add(start: int, end: int, sent: int, place: Place, cue: str) -> None:
        extra.append(PlaceMention(start, end, doc.text[start:end], sent, place, cue))
        taken.append((start, end))

    sent_of = {s.start: i for i, s in enumerate(doc.nlp.sents)}
    for ent in doc.nlp.ents:
        if ent.label_ not in HOST_LABELS or not free(ent.start_char, ent.end_char):
            continue
        sent = sent_of.get(ent.sent.start, 0)
        tokens = [t for t in ent if t.lower_ not in ("the", "a", "an")]
        if not tokens:
            continue
        whole = doc.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1])]
        code = country_of_word(whole)
        if code:  # "Russian", "Sudanese": the country
            add(tokens[0].idx, tokens[-1].idx + len(tokens[-1]), sent, _country(resolver, code, whole), "demonym")
            continue
        region = region_adjectives().get(whole)
        place = resolver.resolve_name(region, focus) if region else None
        if place is not None:  # "European", "EU": the region
            add(tokens[0].idx, tokens[-1].idx + len(tokens[-1]), sent, replace(place, name=whole), "demonym")
            continue
        if len(tokens) < 2:
            continue
        for part in _parts(tokens):
            start, end = part[0].idx, part[-1].idx + len(part[-1])
            if not free(start, end):
                continue
            place = _embedded_place(resolver, doc.text[start:end], focus, centre, admin1s, named)
            if place is not None:
                add(start, end, sent, place, "embedded")
                break
    return sorted(extra, key=lambda m: m.start)


def _parts(tokens: list) -> list[list]:  # type: ignore[type-arg]
    """Spans of a longer name that may be a place: its leading words (longest first, never the whole name),
    and what follows "of" ("University of Georgia")."""
    parts = []
    of = next((i for i, t in enumerate(tokens) if t.lower_ == "of"), len(tokens))
    head = tokens[:of]
    for size in range(min(4, len(head) - (of == len(tokens))), 0, -1):
        words = head[:size]
        if all(t.text[:1].isupper() or t.text in ("-", "'s") for t in words) and words[-1].text not in ("-",):
            parts.append(words)
    if of < len(tokens) - 1:
        tail = tokens[of + 1:]
        if all(t.text[:1].isupper() or t.text == "-" for t in tail) and len(tail) <= 3:
            parts.append(tail)
    return parts


def _embedded_place(resolver: PlaceResolver, text: str, focus: list[str], centre, admin1s, named: dict) -> Place | None:  # type: ignore[no-untyped-def]
    key = name_key(text)
    if not key or key in ("city", "county", "state", "university", "college"):
        return None
    if key in named:  # named as a place elsewhere in the article: the same reading
        return named[key]
    words = text.split()
    county = len(words) > 1 and words[-1].lower() in COUNTY_WORDS
    code = country_of_word(text)
    if code:
        return _country(resolver, code, text)
    entries, how = resolver.lookup(" ".join(words[:-1]) if county else text, focus, fuzzy=False)
    if how != "exact" or not entries:
        return None
    primary = [e for e in entries if name_key(e.name) == key or text.strip() in abbreviations() or county]
    if not primary:
        return None
    strong = any(e.kind in (COUNTRY, ADMIN1) or (e.kind == REGION and e.country_code) for e in primary)
    big = any(e.kind == POPULATED and e.population >= EMBEDDED_MIN_POPULATION for e in primary)
    if not (strong or big or county):
        return None
    return resolver.resolve_name(" ".join(words[:-1]) if county else text, focus, centre=centre, admin1s=admin1s,
                                 cue="district" if county else "")


def _country(resolver: PlaceResolver, code: str, text: str) -> Place:
    country = resolver.countries.get(code)
    name = country.name if country else code
    return Place(name=text, location=name, country=name, country_code=code, iso=country.iso if country else None,
                 kind=COUNTRY, confidence=0.9, reason="only a country is named; events are never placed at a country centroid")
