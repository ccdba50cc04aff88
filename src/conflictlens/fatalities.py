"""Fatalities under ACLED's rules: the most conservative reported figure, vague words mapped to fixed
numbers, wounded never counted, no figure -> 0 (and the raw phrase kept either way).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .aggregation import place_key
from .document import Doc, EventMention
from .events.typing import load_lexicon
from .model import Evidence, How
from .registry import register_stage
from .resources import Resources

STAGE = "fatalities"
MAX_EVENT_TOLL = 5000
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
NUMBER_WORDS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a dozen": 12, "dozen": 12, "a hundred": 100,
}
# ACLED's codebook conventions for vague quantities (documented in docs/schema.md).
VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "several": 10, "many": 10, "numerous": 10,
         "a number of": 10, "a few": 3, "few": 3, "some": 3}
_NUM = r"(?:\d[\d,]*|" + "|".join(sorted((re.escape(w) for w in {**NUMBER_WORDS, **VAGUE}), key=len, reverse=True)) + r")"
_QUANT = rf"(?:(?:at least|more than|over|nearly|almost|around|about|up to|some)\s+)?(?:between\s+{_NUM}\s+and\s+{_NUM}|{_NUM}(?:\s*(?:-|to|or)\s*{_NUM})?)"
_NOUN = r"(?:\s+(?:of\s+)?(?:the\s+)?[\w'-]+){0,4}?"
#: Active ways of killing said with "to death", before or after the dead ("beat a man to death", "hacked to death three").
_TO_DEATH = "beat|beating|hacked|hacking|stabbed|stabbing|clubbed|stoned|stoning|bludgeoned|burned|burnt"
KILLED = re.compile(
    rf"(?<![\w'-])(?P<q>{_QUANT}){_NOUN}(?P<paren>\s*,[^,.;:\n]{{1,60}},)?\s+(?P<aux>were\s+|was\s+|have\s+been\s+|had\s+been\s+|being\s+|are\s+)?(?P<verb>killed|dead|died|slain|massacred|executed|lost their lives|perished|shot dead|neutrali[sz]ed|martyred|lynched|"
    rf"(?:hacked|beaten|stabbed|burn[et]d?|clubbed|stoned|bludgeoned|shot|tortured) to death)"
    rf"|(?:(?:killing|killed)(?:\s+and\s+(?:injuring|wounding|injured|wounded))?|kills|kill|shot dead|shooting dead|"
    rf"gunned down|executed|beheaded|massacred|neutrali[sz]ed|(?<=the )deaths? of|"
    rf"(?:{_TO_DEATH}|lynched|lynching) to death|"
    rf"neutrali[sz]ing|eliminated|"
    rf"put(?:s|ting)?\s+the\s+(?:death\s+)?toll\s+at|"
    rf"death toll(?:\s+(?:from|in|of)\s+[^,.;:\n]{{1,60}}?)?\s+(?:(?:has|had)\s+)?(?:rose|risen|rises|climbed|climbs|reached|reaches|jumped|stood at|stands at|of|to)(?:\s+to)?)\s+(?P<q2>{_QUANT})(?![\w-])(?!\s*(?:people\s+)?(?:were\s+)?(?:injured|wounded|hurt))"
    # "left 15 dead", never "left a radio station" or "leaving 200 families homeless"
    rf"|(?:left|leaving)\s+(?P<q3>{_QUANT})(?:\s+[\w'-]+){{0,3}}?\s+(?:dead|killed)\b"
    # "a mob beat a man to death", "hacked three herders to death"
    rf"|(?<![\w'-])(?:{_TO_DEATH})\s+(?P<q4>{_QUANT})(?:\s+[\w'-]+){{0,5}}?\s+to death\b",
    re.IGNORECASE,
)
#: Verbs that, without an auxiliary, have the doers as subject and the dead as object ("a mob lynched two men").
ACTIVE_VERBS = frozenset({"killed", "shot dead", "lynched", "massacred", "executed"})
INCLUDING = re.compile(r"\b(?:including|among them|of whom|among whom)\b", re.IGNORECASE)
#: A figure inside a subject ("a result of which 7 worshippers were martyred"): the one nearest the verb counts.
INNER_FIGURE = re.compile(rf"(?<![\w'-])(?:\d[\d,]*|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})(?![\w-])", re.IGNORECASE)
# "killing a woman and two children": more victims joined to the first figure (none of them only wounded).
AND_MORE = re.compile(rf"(?:\s+[a-z][\w-]*){{0,3}}?,?\s+and\s+(?P<q>{_QUANT})(?![\w-])(?!(?:\s+(?!and\b)[a-z][\w-]*){{0,2}}?\s+(?:were\s+|was\s+)?(?:injur|wound|hurt))",
                      re.IGNORECASE)
# "killing two soldiers, a policeman and three civilians": an item of a comma list counts only when the list goes on
# to "and <figure>" ("killed two soldiers, a spokesman said" and "..., a police officer said, and two" add no one).
LIST_MORE = re.compile(rf"(?:\s+[a-z][\w-]*){{0,3}}?,\s+(?P<q>{_QUANT})(?![\w-])"
                       rf"(?!(?:\s+[a-z][\w-]*){{0,2}}\s+(?:said|says|told|added|reported|stated)\b)"
                       rf"(?=(?:\s+[a-z][\w-]*){{1,3}}(?:,\s+(?:and\s+)?|\s+and\s+){_QUANT}(?![\w-]))", re.IGNORECASE)
# "24 militants and 20 soldiers were killed": a subject of two figures joined by "and" counts both (the inner-figure
# rule alone kept the 20).
SUBJECT_AND = re.compile(rf"^(?:\s+(?!and\b)[a-z][\w-]*){{1,3}}?\s+and\s+(?P<q>{_QUANT})(?:\s+(?!and\b)[a-z][\w-]*){{1,3}}\s*$",
                         re.IGNORECASE)
# "Two soldiers, a policeman and three civilians were killed": the items of the list before such a subject.
LIST_BEFORE = re.compile(rf"(?<![\w'-])(?P<q>{_QUANT})(?:\s+[a-z][\w-]*){{1,3}},\s*$", re.IGNORECASE)
# "A militia killed five villagers": a figure right after an active "killed" counts the dead, not the subject.
OBJECT = re.compile(rf"\s+(?P<q>{_QUANT})(?![\w-])(?!\s*(?:people\s+)?(?:were\s+)?(?:injured|wounded|hurt))", re.IGNORECASE)


def to_number(text: str) -> int:
    """Conservative integer of a quantity phrase: ranges -> lower bound, vague words -> codebook values."""
    text = text.lower().replace(",", "")
    text = re.sub(r"^(?:at least|more than|over|nearly|almost|around|about|up to|some)\s+", "", text)
    values = []
    for token in re.findall(r"\d+|a dozen|a hundred|a number of|a few|[a-z]+", text):
        if token.isdigit():
            values.append(int(token))
        elif token in NUMBER_WORDS:
            values.append(NUMBER_WORDS[token])  # "a woman was killed" is one death
        elif token in VAGUE:
            values.append(VAGUE[token])
    # A year ("On 3 May 2020, police shot and killed ...") or a war's running total ("more than 220,000 since
    # 2011") is not the toll of one event.
    values = [v for v in values if not 1900 <= v <= 2100 and v <= MAX_EVENT_TOLL]
    return min(values) if values else 0


# "killing the shopkeeper": one named victim.
ONE_VICTIM = re.compile(r"\b(?:killing|killed|shooting dead|shot dead)\s+(?:the|a|an|one)\s+(?:[a-z-]+\s+)?(?!(?:and|or|in|on|at|near|with|while|as|after|when)\b)(?![a-z-]+s\b)[a-z-]+\b", re.I)


@lru_cache(maxsize=4)
def _cleaned(text: str) -> str:
    """The text with quote marks and years blanked, same length (called per sentence, cleaned once per document)."""
    text = text.replace('"', " ")  # "had 'neutralised' seven 'terrorists'": quotes never change the count
    return _YEAR.sub(lambda m: " " * len(m.group(0)), text)  # "... 2016 At least 22 people were killed"


def fatality_phrases(text: str, start: int, end: int) -> list[tuple[int, int, int, str]]:
    """(start, end, number, phrase) of every death figure in text[start:end]."""
    found = []
    raw, text = text, _cleaned(text)
    for match in ONE_VICTIM.finditer(text, start, end):
        if not any(w.lower() in NUMBER_WORDS or w.isdigit() for w in match.group(0).split()[1:] if w.lower() not in ("a", "an", "the")):
            number, stop = _and_more(text, 1, match.end(), end)
            found.append((match.start(), stop, number, text[match.start():stop]))
    for match in KILLED.finditer(text, start, end):
        quantity = match.group("q") or match.group("q2") or match.group("q3") or match.group("q4") or ""
        stop, victims_after = match.end(), bool(match.group("q2"))
        joined = 0
        if match.group("q"):
            # "30 people, including 7 children, were killed": the aside counts no one of its own
            subject_end = match.start("paren") if match.group("paren") else (
                match.start("aux") if match.group("aux") else match.start("verb"))
            both = SUBJECT_AND.match(text[match.end("q"):subject_end])
            inner = [f for f in INNER_FIGURE.finditer(text, match.end("q"), subject_end) if f.group(0).lower() not in ("a", "an")]
            if both is not None and to_number(quantity) and to_number(both.group("q")):
                joined = to_number(both.group("q"))
                before = LIST_BEFORE.search(text, start, match.start())
                while before is not None and to_number(before.group("q")) and _opens_list(text, start, before.start()):
                    joined += to_number(before.group("q"))
                    before = LIST_BEFORE.search(text, start, before.start())
            elif inner and not INCLUDING.search(text, match.end("q"), inner[-1].start()):
                quantity = inner[-1].group(0)  # "a result of which 7 worshippers were martyred": the figure nearest
            # "Over 130 people including 67 children were killed": the part named after "including" is no toll
        if match.group("q") and not match.group("aux") and match.group("verb").lower() in ACTIVE_VERBS:
            after = OBJECT.match(text, stop, end)
            if after is not None:
                quantity, stop, victims_after = after.group("q"), after.end(), True
        number = to_number(quantity) + (0 if victims_after else joined)
        if number and victims_after:
            number, stop = _and_more(text, number, stop, end)
        overlaps = any(s < stop and match.start() < e for s, e, _, _ in found)
        if number and not overlaps and not running_total(raw, match.start(), stop, start, end):
            found.append((match.start(), stop, number, text[match.start():stop]))
    return found


def _opens_list(text: str, sent_start: int, at: int) -> bool:
    """Whether a list of victims may begin at ``at``: the sentence's start, another item, or after a speaker ("Police
    said two soldiers, ..."); "the base, which housed 200 troops, ..." is no item."""
    head = text[sent_start:at].rstrip()
    return not head or head.endswith(",") or bool(re.search(r"\b(?:said|says|say|that|reported)$", head))


def _and_more(text: str, number: int, stop: int, end: int) -> tuple[int, int]:
    """The figure with the victims joined to it after the verb, and where the phrase now ends."""
    more = AND_MORE.match(text, stop, end) or LIST_MORE.match(text, stop, end)
    while more is not None and to_number(more.group("q")):
        number, stop = number + to_number(more.group("q")), more.end()
        more = AND_MORE.match(text, stop, end) or LIST_MORE.match(text, stop, end)
    return number, stop


def running_total(text: str, start: int, end: int, sent_start: int, sent_end: int) -> bool:
    """Whether the figure at text[start:end] is a running total ("more than 200 have died in the province this
    year", "since January, 40 people have been killed"): words of a period or a tally close to the figure in its
    sentence, unless they describe a record ("the deadliest attack this year")."""
    cues = load_lexicon().cues
    offset = max(sent_start, start - 60)
    window = text[offset:min(sent_end, end + 80)]
    for found in cues["cumulative_toll"].finditer(window):
        if cues["record_words"].search(window[max(0, found.start() - 30):found.start()]):
            continue
        cue_start, cue_end = offset + found.start(), offset + found.end()
        # The tally's words belong to the figure nearest them: "killed 12 villagers ..., bringing to 803 the
        # number killed this year" tells the event's 12 and the year's 803.
        between = text[end:cue_start] if cue_start >= end else text[cue_end:start]
        told_after = cue_start >= end and _TOLL_AFTER.match(text, cue_end, min(sent_end, cue_end + 40))
        if _OTHER_TOLL.search(between) or told_after:
            continue
        return True
    return False


#: Another toll between a figure and the tally's words ("40 people have been killed" in "killed 9 ...; since March,
#: 40 people have been killed"), or just after them ("bringing to 803 the number of people killed", "raising the
#: total to 40."); "in 14 attacks" is no toll.
_PEOPLE = r"(?:people|persons|civilians|soldiers|fighters|villagers|members|victims|dead|deaths|killed|lives)"
_OTHER_TOLL = re.compile(rf"\b\d[\d,.]*(?:\s+[\w-]+){{0,3}}?\s+{_PEOPLE}\b", re.I)
_TOLL_AFTER = re.compile(rf"[^.;\d]{{0,20}}?\b\d[\d,.]*(?:\s*(?:[.;]|$)|(?:\s+[\w-]+){{0,3}}?\s+{_PEOPLE}\b)", re.I)


# "Four civilians also died": victims beyond those already counted, even when the figure is the same.
_MORE_VICTIMS = re.compile(r"\b(?:also|another|other|others|more|further|additional)\b", re.IGNORECASE)


def assign_fatalities(doc: Doc, mentions: list[EventMention]) -> None:
    """Give each violent event the death figures of its sentences: its own and the casualty sentences folded
    into it ("Four soldiers were killed ..."). Within a sentence a figure goes to the nearest trigger."""
    violent = [m for m in mentions if m.event_type and m.event_type not in ("Strategic developments", "Protests") or
               m.sub_event_type == "Excessive force against protesters"]
    sentences = list(doc.nlp.sents)
    _assign(doc, violent, sentences, lambda m: m.fatality_sents)
    # An armed group's claimed toll counts only for an event no other report gives a figure for, at its place.
    counted = {_site(m) for m in violent if m.fatalities} - {None}
    _assign(doc, [m for m in violent if not m.fatalities and _site(m) not in counted], sentences, lambda m: m.claimed_sents)


def _governing(doc: Doc, here: list[EventMention], start: int, sent_index: int) -> EventMention | None:
    """The event whose trigger governs the figure's clause ("Gang members attacked the neighbourhood ..., killing at
    least 15 people and setting homes on fire": "killing" hangs on "attacked"), or None (then the nearest trigger)."""
    span = doc.nlp.char_span(start, start + 1, alignment_mode="expand") if doc.nlp is not None else None
    if span is None:
        return None
    by_start = {m.trigger_start: m for m in here if m.sent == sent_index}
    for ancestor in list(span[0].ancestors)[:6]:
        if ancestor.idx in by_start:
            return by_start[ancestor.idx]
    return None


def _site(mention: EventMention) -> str | None:
    """The event's place as a key; None for an event with no place (placeless events are not one site)."""
    place = mention.place.place if mention.place is not None else None
    return place_key(place) if place is not None else None


def _assign(doc: Doc, violent: list[EventMention], sentences, sents_of) -> None:  # type: ignore[no-untyped-def]
    added: dict[int, set[int]] = {}  # figures each event has taken so far
    for sent_index in sorted({s for m in violent for s in sents_of(m)}):
        sent = sentences[sent_index]
        here = [m for m in violent if sent_index in sents_of(m)]
        for start, end, number, phrase in fatality_phrases(doc.text, sent.start_char, sent.end_char):
            nearest = _governing(doc, here, start, sent_index) or min(
                here, key=lambda m: (m.sent != sent_index, abs(m.trigger_start - start)))
            # One clause's events at each place of a list ("clashes in A, B and C killed 15") share its total:
            # ACLED splits a total over several places evenly (5, 5, 5; a remainder goes to the first named).
            shared = sorted((m for m in here if (m.sent, m.trigger_start, m.sub_event_type)
                             == (nearest.sent, nearest.trigger_start, nearest.sub_event_type)),
                            key=lambda m: m.place.start if m.place is not None else -1)
            for k, m in enumerate(shared):
                share = number // len(shared) + (k < number % len(shared))
                if share in added.setdefault(id(m), set()) and not _MORE_VICTIMS.search(phrase):
                    continue  # the headline's "10 dead" and the body's "10 civilians were killed": one toll, told twice
                added[id(m)].add(share)
                m.fatalities = (m.fatalities or 0) + share
                m.fatalities_phrase = "; ".join(p for p in (m.fatalities_phrase, phrase) if p)
                m.fatalities_evidence = Evidence("fatalities", start, end, phrase, STAGE, How.EXPLICIT)


@register_stage(STAGE, requires=("event_mentions",), assigns=("event_mentions",))
def fatalities_stage(resources: Resources):
    """Death figures attached to the violent event they belong to."""

    def fatalities(doc: Doc) -> Doc:
        assign_fatalities(doc, doc.event_mentions)
        return doc

    return fatalities
