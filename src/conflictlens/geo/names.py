"""Transliteration-robust keys for place names.

Conflict reporting spells the same place many ways ("Jisr al-Shoghour", "Jisr ash-Shughur", "Jisr ash Shughūr").
Two keys make such variants meet:

* :func:`name_key` — lowercase ASCII, no diacritics, apostrophes or ʿayn marks, Arabic article removed
  ("Ma‘arrat an Nu‘mān" -> "maarrat numan").
* :func:`skeleton` — a coarser key that also folds vowel and digraph variants (e/a/i, o/u, ou/u, ei/ay,
  sh/ch, kh/h, q/k/g, doubled letters): "shoghour" and "shughur" both become "shgr".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Marks that stand for ʿayn/hamza or are plain apostrophes in transliterations; they carry no letter.
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
_APOSTROPHES = "'’‘`´ʿʾʼʻ′"
_ARTICLE = re.compile(r"\b(?:al|el|as|ash|ad|an|ar|at|az|adh|ath|es|ed|en|er|et|ez|ul|il)[-\s](?=\w)")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("ch", "sh"),
    ("sch", "sh"),
    ("dj", "j"),
    ("dh", "z"),
    ("th", "t"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("q", "k"),
    ("c", "k"),
    ("g", "k"),
    ("ou", "u"),
    ("w", "u"),
    ("y", "i"),
)
_VOWELS = re.compile(r"[aeiou]+")
_DOUBLES = re.compile(r"(.)\1+")


def ascii_fold(text: str) -> str:
    """Lowercase, strip diacritics, drop apostrophe-like marks."""
    text = unicodedata.normalize("NFKD", text.translate(_DASHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch) and ch not in _APOSTROPHES)
    return text.encode("ascii", "ignore").decode("ascii").lower()


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The exact-match key: folded, article-free, single-spaced words.

    Names in Arabic script keep their letters (minus vowel marks), so they match themselves. Memoised (bounded):
    the actor and place stages ask for the key of the same span text many times per article.
    """
    name = unicodedata.normalize("NFKC", name)
    folded = ascii_fold(name)
    if not folded.strip() and name.strip():
        stripped = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
        return " ".join(unicodedata.normalize("NFKC", stripped).split())
    folded = " ".join(_NON_ALNUM.sub(" ", folded).split())
    while True:  # repeat so that the key of a key is the key itself ("al al-x", "the al-x")
        stripped = " ".join(re.sub(r"^the\s+", "", _ARTICLE.sub(" ", " " + folded).strip()).split())
        if stripped == folded:
            return folded
        folded = stripped


def skeleton(name: str) -> str:
    """The loose key: :func:`name_key` with vowels and digraph variants folded, spaces removed."""
    return skeleton_of_key(name_key(name))


@lru_cache(maxsize=1 << 16)
def skeleton_of_key(key: str) -> str:
    """:func:`skeleton` of a text that is already a :func:`name_key` (the index build has the keys at hand)."""
    # A final -ah/-eh/-ih (Arabic ta marbuta) is often written without the h: "Izzeh" ~ "Izza".
    key = "".join(re.sub(r"(?<=[aeiou])h$", "", word) for word in key.split())
    for old, new in _SKELETON_RULES:
        key = key.replace(old, new)
    key = _DOUBLES.sub(r"\1", key)
    if not key:
        return ""
    # Keep a leading vowel (it distinguishes "Idlib" from "Dlib"-like keys) but drop the inner ones.
    head, tail = key[0], key[1:]
    return head + _VOWELS.sub("", tail)


def is_latin_or_arabic(name: str) -> bool:
    """True for names written in Latin or Arabic script (the alternate names worth indexing)."""
    for ch in name:
        if ch.isalpha():
            code = ord(ch)
            if code < 0x250 or 0x1E00 <= code <= 0x1EFF or 0x600 <= code <= 0x6FF:
                continue
            return False
    return True
