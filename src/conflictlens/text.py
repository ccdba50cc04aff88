"""Text normalisation: curly quotes, odd spaces and dashes, paragraph boundaries, an English check.

Normalisation keeps the text's length so character offsets into the normalised text are offsets into the
original too (every replacement is one character for one character).
"""

from __future__ import annotations

import re

from .errors import InputError

_ONE_FOR_ONE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u200a": " ", "\t": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\u200b": " ", "\ufeff": " ",
})
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_ENGLISH = set(
    "the of and to in a is was for on that with by as at from said were are has have had been it its this an be "
    "which after who their not they or two killed forces people he she his her".split()
)


def normalize_text(text: str) -> str:
    """Same-length normalisation (curly quotes -> straight, exotic spaces -> space, dashes -> hyphen)."""
    return text.translate(_ONE_FOR_ONE)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of paragraphs (blank-line separated; single lines when the text has no blank lines)."""
    splitter = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(text) else re.compile(r"\n")
    spans, start = [], 0
    for match in splitter.finditer(text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3})(?:,[^\n()]{0,40}?)?\s*(?:\([^)\n]{1,60}\))?\s*[-:]{1,2}\s+"
)


def find_dateline(text: str, spans: list[tuple[int, int]]) -> tuple[int, int, int, int] | None:
    """A wire-style dateline ("MOGADISHU, April 21 (Agency) - ") at the start of one of the first paragraphs.

    Returns (start, end, place_start, place_end). The place is where the reporter is: a fallback place for
    events that name none, and the date inside it is the report's, not an event's.
    """
    for start, end in spans[:3]:
        match = _DATELINE.match(text, start, end)
        if match and len(match.group("place")) >= 3:
            return match.start(), match.end(), match.start("place"), match.end("place")
    return None


# Function words of the languages English news is most often confused with (Latin script, so the share of Latin
# letters alone cannot tell them apart). Words English shares ("a", "in", "on", "is") are left out of each set,
# and so are words common in transliterated names ("al", "el", "sa", "do", "die").
_OTHER_LANGUAGES = {
    "French": "le la les des du et est une dans sur pour par qui que au aux ont été il elle ils sont pas ce cette "
              "avec selon lors leur contre après entre sans ou se ses lundi mardi mercredi jeudi vendredi",
    "Spanish": "la los las del y en que por con una para se fue fueron según contra sus su entre también "
               "lunes martes miércoles jueves viernes",
    "German": "der das und ist nicht mit von zu den im eine ein auf des dem wurde wurden sich nach bei auch aus "
              "sind vom zum zur",
    "Portuguese": "os da dos das em que uma para com foi foram segundo pelo pela não nos",
    "Italian": "il lo gli della delle dei che è una per con sono stato stati nel nella alla secondo anche",
    "Dutch": "de het een van en op met zijn werd werden niet voor door bij ook naar",
}
_OTHER_WORDS = {lang: set(words.split()) - _ENGLISH for lang, words in _OTHER_LANGUAGES.items()}


def english_share(text: str) -> float:
    """How English the text looks, 0..1: the share of Latin-letter words times how many are common English words."""
    words = re.findall(r"[A-Za-z]+", text[:20000].lower())
    all_words = re.findall(r"\w+", text[:20000])
    if not all_words:
        return 0.0
    latin = len(words) / len(all_words)
    common = sum(1 for w in words if w in _ENGLISH) / max(1, len(words))
    return latin * min(1.0, common / 0.12)


def other_language(text: str) -> str | None:
    """The language whose function words outnumber English ones in ``text``, if any."""
    words = re.findall(r"\w+", text[:20000].lower())
    english = sum(1 for w in words if w in _ENGLISH)
    counts = {lang: sum(1 for w in words if w in vocab) for lang, vocab in _OTHER_WORDS.items()}
    lang, count = max(counts.items(), key=lambda kv: kv[1])
    return lang if count >= 3 and count > english else None


#: Words under which a text may be a headline or a short alert, with few function words.
HEADLINE_WORDS = 30


def check_english(text: str, doc_id: str) -> None:
    """Refuse text that is clearly not English (the model and lexicons are English-only)."""
    words = re.findall(r"\w+", text)
    if len(words) < 8:
        if not re.search(r"[A-Za-z]{2,}", text):
            raise InputError("text has no English words", doc_id=doc_id)
        return
    lang = other_language(text)
    # A headline has few function words of any language ("Traders stone council office over market fees; 9
    # held"): a short text is refused for looking foreign only when another language's words say so.
    headline = len(words) < HEADLINE_WORDS and lang is None
    if english_share(text) < 0.35 and not headline:
        raise InputError("text does not look like English (conflictlens reads English news only)", doc_id=doc_id)
    if lang:
        raise InputError(f"text looks like {lang}, not English (conflictlens reads English news only)", doc_id=doc_id)
