"""Finding place-name candidates in text: NER spans of every label plus capitalised phrases, with their cues.

A candidate is only a span of text that *might* be a place; :mod:`conflictlens.geo.resolve` decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..document import ents_by_sentence

DIRECTIONS = {
    "north": "north", "northern": "north", "south": "south", "southern": "south", "east": "east",
    "eastern": "east", "west": "west", "western": "west", "northeast": "northeast", "northeastern": "northeast",
    "northwest": "northwest", "northwestern": "northwest", "southeast": "southeast", "southeastern": "southeast",
    "southwest": "southwest", "southwestern": "southwest", "central": "central",
}
# Words before a name that say "this is a place" and what kind.
CUE_WORDS = {
    "town": "town", "village": "village", "city": "city", "area": "area", "district": "district",
    "province": "province", "governorate": "province", "region": "region", "state": "province",
    "countryside": "region", "outskirts": "near", "suburb": "near", "suburbs": "near", "vicinity": "near",
    "neighbourhood": "near", "neighborhood": "near", "camp": "near", "county": "district", "oblast": "province",
    "municipality": "town", "hamlet": "village", "locality": "village", "territory": "district",
    "towns": "town", "villages": "village", "cities": "city", "areas": "area", "districts": "district",
    "provinces": "province", "regions": "region", "governorates": "province",
}
# Verbs whose object is usually a place ("fled Maarat al-Numan", "shelled Suqaylabiyah", "retook Bambari").
PLACE_VERBS = {"fled", "flee", "fleeing", "shelled", "shelling", "bombed", "bombarded", "besieged", "stormed", "entered",
               "evacuated", "reached", "retook", "recaptured", "overran", "liberated", "struck", "hit", "raided",
               "visited", "toured", "left"}
PREPOSITION_CUES = {"in", "near", "at", "from", "to", "towards", "toward", "outside", "into", "around", "across"}
ADMIN_SUFFIXES = {"province", "governorate", "region", "state", "oblast", "district", "countryside", "county", "city",
                  "parish", "co.", "lga", "raion", "rayon", "cercle"}
# Suffixes of several words, and the one-word suffix each stands for ("Maru Local Government Area" -> "lga").
LONG_SUFFIXES = ((("local", "government", "area"), "lga"), (("local", "government"), "lga"))
_TYPE_AFTER = {"town": "town", "village": "village", "camp": "near", "area": "area", "township": "town"}
_NAME_TOKEN = re.compile(r"^[A-Z][\w'’‘ʿ.-]*$|^(?:al|el|as|ash|ad|an|ar|at|az|de|du|la|le|bin|ibn|abu|bani|bir|wadi|umm|tal|tell)(?:-[\w'’ʿ]+)?$")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|as|ash|ad|an|ar|at|az|ad-d|ed|es|et)-[A-Z]", re.I)
# NER labels under which the small model files place names ("Kramatorsk" PRODUCT, "Bamenda" ORG, "Odesa" LANGUAGE).
PLACE_HIDING_LABELS = ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LANGUAGE")
# Labels under which a country's adjective ("Syrian", "in Russian") is a demonym or a language, not a place.
DEMONYM_LABELS = ("NORP", "CAP", "ORG", "LANGUAGE")
_CONNECTORS = {"al", "el", "as", "ash", "ad", "an", "ar", "at", "az", "de", "du", "la", "le", "bin", "ibn"}


@dataclass
class Candidate:
    start: int
    end: int
    text: str  # the core name, without "the", direction words or admin suffixes
    sent: int
    direction: str = ""  # "south" for "Southern Idlib"
    suffix: str = ""  # "province" for "Idlib province"
    cue: str = ""  # "town", "near", "in"...
    label: str = ""  # NER label or "CAP" for a capitalised phrase
    outer_start: int = -1  # where the span began before a direction word was stripped ("North Kivu")


def _strip(tokens: list) -> tuple[list, str, str]:
    """Remove a leading determiner / direction and a trailing admin suffix or possessive."""
    direction = suffix = ""
    while tokens and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    if len(tokens) > 3 and tokens[0].lower_ in DIRECTIONS and tokens[1].text == "-" and tokens[2].lower_ in DIRECTIONS:
        # "north-west Nigeria" (the tokenizer splits the hyphen); a bare "North-West" stays a name
        direction = DIRECTIONS.get(tokens[0].lower_ + tokens[2].lower_, DIRECTIONS[tokens[0].lower_])
        tokens = tokens[3:]
    elif len(tokens) > 1 and tokens[0].lower_ in DIRECTIONS and tokens[1].text != "-":
        direction = DIRECTIONS[tokens[0].lower_]
        tokens = tokens[1:]
    while tokens and tokens[-1].lower_ in ("'s", "’s", "'", "’"):
        tokens = tokens[:-1]
    for words, short in LONG_SUFFIXES:
        if len(tokens) > len(words) and tuple(t.lower_ for t in tokens[-len(words):]) == words:
            return tokens[:-len(words)], direction, short
    if len(tokens) > 1 and tokens[-1].lower_ in ADMIN_SUFFIXES:
        suffix = tokens[-1].lower_
        tokens = tokens[:-1]
    return tokens, direction, suffix


def _suffix_after(doc, index: int) -> str:
    """An admin suffix that starts at token ``index``, outside the entity ("Idlib province", "Maru Local
    Government Area"), or ""."""
    for words, short in LONG_SUFFIXES:
        if tuple(t.lower_ for t in doc[index:index + len(words)]) == words:
            return short
    word = doc[index].lower_ if index < len(doc) else ""
    return word if word in ADMIN_SUFFIXES else ""


def _cue_before(doc, start_token: int) -> str:
    """The cue word just before a span: 'town of X' -> town, 'in X' -> in, 'east of X' -> east."""
    i = start_token - 1
    while i >= 0 and doc[i].lower_ in ("the", "a"):
        i -= 1
    if i < 0:
        return ""
    word = doc[i].lower_
    if word == "of" and i > 0:
        prev = doc[i - 1].lower_
        if prev in CUE_WORDS:
            return CUE_WORDS[prev]
        if prev in DIRECTIONS:
            return DIRECTIONS[prev]
        return ""
    if word in PREPOSITION_CUES:
        return word
    if word in ("capital", "town", "village", "city", "province", "district"):
        return CUE_WORDS.get(word, "city")  # "the capital Sana'a", "the village Sakik"
    if word in PLACE_VERBS:
        return "verb"
    return ""


def _capitalised_runs(sent) -> list[tuple[int, int]]:
    """Token index ranges of capitalised name-like runs ("Jisr al-Shoghour", "Khan Sheikhoun")."""
    runs, i = [], sent.start
    doc = sent.doc
    while i < sent.end:
        tok = doc[i]
        if tok.text[:1].isupper() and tok.is_alpha or (tok.text[:1].isupper() and _NAME_TOKEN.match(tok.text)):
            j = i + 1
            while j < sent.end and (
                (doc[j].text[:1].isupper() and _NAME_TOKEN.match(doc[j].text))
                or (doc[j].lower_ in _CONNECTORS and j + 1 < sent.end and doc[j + 1].text[:1].isupper())
                or (doc[j].text == "-" and j + 1 < sent.end)
                or (doc[j].lower_.split("-")[0] in _CONNECTORS and "-" in doc[j].text)
            ):
                j += 1
            if not (i == sent.start and j == i + 1 and not tok.ent_type_):
                runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


# Lower-case particles inside hyphenated place names ("Croix-des-Bouquets", "Saint-Louis-du-Nord").
_HYPHEN_PARTICLES = {"de", "des", "du", "la", "le", "les", "en", "sur", "sous", "au", "aux", "lès", "lez", "et",
                     "y", "del", "los", "las", "di", "da", "do", "dos", "das", "am", "im", "an", "der", "bei"}


def _hyphen_tail(doc, end: int) -> int:
    """The end of a hyphenated name with a particle that goes on past ``end`` without a space ("Croix" +
    "-des-Bouquets"): the small model tags only "Croix", which GeoNames places in France. Without a particle the
    span stays ("Paris" in "Paris-Henry County")."""
    last, particle = end, False
    while (last + 1 < len(doc) and doc[last].text == "-" and not doc[last - 1].whitespace_
           and not doc[last].whitespace_):
        nxt = doc[last + 1]
        if nxt.text[:1].isupper() and nxt.is_alpha:
            last += 2
            if particle:
                end = last  # a capitalised part after a particle closes the name
        elif nxt.lower_ in _HYPHEN_PARTICLES and not nxt.whitespace_:
            last, particle = last + 2, True
        else:
            break
    return end


def _split_at_brackets(doc, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """"Palmyra (Tadmur" tagged as one entity: two names."""
    parts, begin = [], start
    for i in range(start, end):
        if doc[i].text in ("(", ")", "[", "]"):
            if i > begin:
                parts.append((begin, i, label))
            begin = i + 1
    if end > begin:
        parts.append((begin, end, label))
    return parts


def find_candidates(doc) -> list[Candidate]:
    """Candidates from NER entities (all labels that may hide a place) and capitalised runs, deduplicated."""
    found: dict[tuple[int, int], Candidate] = {}
    # Read once: spaCy rebuilds Doc.text from every token on each access, and Span.ents scans the whole
    # document's entities for each sentence (quadratic in document length).
    doc_text = doc.text
    sentences = list(doc.sents)
    ents_of = ents_by_sentence(doc, sentences)
    for sent_index, sent in enumerate(sentences):
        sent_ents = ents_of[sent_index]
        spans = [(e.start, e.end, e.label_) for e in sent_ents if e.label_ in PLACE_HIDING_LABELS]
        # Capitalised runs outside the place-like entities; inside a DATE/TIME entity only proper nouns
        # ("Turbat on Tuesday evening" is tagged a date), never inside numbers.
        covered = {t for e in sent_ents if e.label_ not in ("DATE", "TIME") for t in range(e.start, e.end)}
        spans += [(s, e, "CAP") for s, e in _capitalised_runs(sent)
                  if not covered.intersection(range(s, e)) and (e - s > 1 or doc[s].pos_ == "PROPN")
                  and not (doc[s].ent_type_ in ("DATE", "TIME") and doc[s].pos_ != "PROPN")]
        spans = [(s, max(e, min(_hyphen_tail(doc, e), sent.end)), label) for s, e, label in spans]
        spans = [(s, e, label) for s, e, label in spans  # "Bouquets" once "Croix" has become "Croix-des-Bouquets"
                 if not any(s2 < s and e <= e2 for s2, e2, _ in spans)]
        spans = [part for span in spans for part in _split_at_brackets(doc, *span)]
        for start, end, label in spans:
            if start > 1 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _CONNECTORS and label == "CAP":
                continue  # "Sham" in "Tahrir al-Sham": the tail of a longer name, not a name of its own
            tokens, direction, suffix = _strip(list(doc[start:end]))
            if not tokens:
                continue
            if not direction and start > 0 and doc[start - 1].lower_ in DIRECTIONS and doc[start - 1].is_lower:
                direction = DIRECTIONS[doc[start - 1].lower_]  # "northwestern Hama countryside": the entity is "Hama"
                start -= 1
            # A following admin word outside the entity ("Idlib province", "Hama countryside") is a cue too.
            after = doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(doc) else None
            if not suffix and after is not None:
                suffix = _suffix_after(doc, after.i)
            first, last = tokens[0], tokens[-1]
            key = (first.idx, last.idx + len(last.text))
            text = doc_text[key[0]:key[1]]
            if len(text) < 2 or key in found or not (text[:1].isupper() or _ARTICLE_PREFIX.match(text)):
                continue  # place names are capitalised ("al-Tamaneh" aside): "into the bush" is no place
            outer = next((t.idx for t in doc[start:end] if t.lower_ not in ("the", "a", "an")), -1) if direction else -1
            cue = _cue_before(doc, start)
            if not cue and after is not None and after.lower_ in _TYPE_AFTER:
                cue = _TYPE_AFTER[after.lower_]  # "Bentiu town", "Kalma camp"
            found[key] = Candidate(key[0], key[1], text, sent_index, direction, suffix, cue, label, outer)
    return _share_list_cues(doc_text, sorted(found.values(), key=lambda c: c.start))


LIST_GLUE = re.compile(r"^(?:\s+(?:city|town|village|district|province|region|state|county|governorate|area))?"
                        r"\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or|as well as|&)\s+)(?:the\s+)?$", re.IGNORECASE)
LIST_END = re.compile(r"\b(?:and|or|as well as)\b|&", re.IGNORECASE)


def list_bounds(spans: list, index: int, text: str, joins: Callable[[str], object]) -> tuple[int, int]:
    """The first and last index of the list ``spans[index]`` stands in (``spans`` sorted, with ``start``/``end``):
    neighbours whose text between ``joins`` accepts."""
    first = last = index
    while first > 0 and joins(text[spans[first - 1].end:spans[first].start]):
        first -= 1
    while last + 1 < len(spans) and joins(text[spans[last].end:spans[last + 1].start]):
        last += 1
    return first, last


def _share_list_cues(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Names in one list share its cue: in "shelled Khan Shaykhun, Sarmin and Kafranbel" the verb is the cue of all
    three, though only the first follows it. A list is names joined by commas that ends in "and"/"or" ("in Mogadishu,
    Abdi Ahmed said" is no list)."""
    out, i = list(candidates), 0
    while i < len(out):
        j = i
        while (j + 1 < len(out) and out[j + 1].sent == out[i].sent
               and LIST_GLUE.match(text[out[j].end:out[j + 1].start])):
            j += 1
        glues = [text[out[k].end:out[k + 1].start] for k in range(i, j)]
        if j > i and out[i].cue and any(LIST_END.search(g) for g in glues):
            out[i + 1:j + 1] = [c if c.cue else replace(c, cue=out[i].cue) for c in out[i + 1:j + 1]]
        i = j + 1
    return out


_TYPE_WORD = re.compile(r"^\s+(?:area|locality|village|neighbou?rhood|quarter|district|suburb|town|camp|region)\b(?=\s*,)", re.I)
_RELATIVE_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:some|about|around|roughly)\s+\d+\s*(?:km|kilometers|kilometres|miles)\s+)?(?:to\s+(?:the\s+)?)?"
    r"(?P<dir>north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
    r"(?:ern)?\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
_NEAR_AFTER = re.compile(
    r"^\s*,?\s*(?:near|close to|outside|on the outskirts of|in the vicinity of|next to|"
    r"(?:on|at) the (?:(?:north|south|east|west)(?:ern)? )?(?:edge|edges|outskirts|fringes|entrance) of)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_IN_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:locality|area|village|neighbou?rhood|quarter|district|suburb|camp|town|outskirts|front|axis|"
    r"frontline|hills?|mountains?|plain|valley|farms?|checkpoint|crossing|road|junction)\s+)?(?:in|of)\s+(?:the\s+)?"
    r"(?:(?:(?:north|south|east|west)(?:ern)?\s+)?(?:countryside|outskirts|vicinity|suburbs|environs)\s+of\s+(?:the\s+)?)?",
    re.IGNORECASE,
)


_PAREN_AFTER = re.compile(r"^\s*(?:(?:area|locality|village|town|district|camp|neighbou?rhood|quarter)\s+)?\(\s*", re.I)


def relation_after(text: str, end: int) -> tuple[str, int]:
    """The spatial relation right after a place name and where the anchor name starts.

    "Sakik to East of Khan Sheikhoun" -> ("east", offset of "Khan"); "X near Y" -> ("near", ...);
    "X in Southern Idlib" and "X area (Najran)" -> ("in", ...); otherwise ("", -1).
    """
    tail = text[end:end + 100]
    typed = _TYPE_WORD.match(tail)  # "Thaabat area, on the edge of Taiz": skip the place-type word
    if typed:
        tail, end = tail[typed.end():], end + typed.end()
    for relation, pattern in (("dir", _RELATIVE_AFTER), ("near", _NEAR_AFTER), ("in", _IN_AFTER), ("in", _PAREN_AFTER)):
        match = pattern.match(tail)
        if match:
            name = match.group("dir").lower().replace("-", "") if relation == "dir" else relation
            return name, end + match.end()
    return "", -1


def whole_name(cand: Candidate, text: str, known: Callable[[str], bool]) -> Candidate:
    """ "Central African Republic", "North Kivu", "South Sudan": a direction word that belongs to the name
    (``known`` says whether the gazetteer has a name)."""
    if not cand.direction or cand.outer_start < 0:
        return cand
    whole = text[cand.outer_start:cand.end]
    if not known(whole):
        return cand
    return replace(cand, start=cand.outer_start, text=whole, direction="", outer_start=-1)


def split_compound(cand: Candidate, known: Callable[[str], bool]) -> list[Candidate]:
    """ "Sihal in Idleb" tagged as one name: two places, the second the anchor of the first ("Barrow in
    Furness", a name of its own, stays whole)."""
    for word in (" in ", " near "):
        at = cand.text.find(word)
        if at <= 0 or known(cand.text):
            continue
        second = at + len(word)
        if not cand.text[second:second + 1].isupper():
            continue
        return [replace(cand, end=cand.start + at, text=cand.text[:at], suffix=""),
                replace(cand, start=cand.start + second, text=cand.text[second:], cue=word.strip(), direction="", outer_start=-1)]
    return [cand]
