"""Spelling search within one country's names: the costly last step of a place lookup, kept cheap.

A country's (key, entry) pairs repeat keys (one per place bearing the name: 60 "springfield"s in the US), so
the similarity is computed once per *distinct* key, and entries are built only for the hits. The result is the
same as ``process.extract`` over every pair: rapidfuzz ranks by score, ties by position, and the hits' pairs
come back in ``names_in`` order, so sorting them by (score, position) gives the same ranking.
"""

from __future__ import annotations

from collections import OrderedDict

from rapidfuzz import fuzz, process

from .gazetteer import GazEntry, Gazetteer, country_keys, names_with_keys

#: Searches remembered (the same unknown names recur across a batch); the oldest are forgotten first.
MEMO_SIZE = 20_000


class FuzzyNames:
    """Fuzzy search over the countries of one gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._memo: OrderedDict[tuple[str, str, float, int], list[GazEntry]] = OrderedDict()

    def closest(self, country_code: str, key: str, cutoff: float, limit: int) -> list[GazEntry]:
        """Entries of the ``limit`` best (key, entry) pairs of the country scoring at least ``cutoff``
        (``fuzz.ratio``), best first, ties in pair order."""
        memo = (country_code, key, cutoff, limit)
        found = self._memo.get(memo)
        if found is None:
            found = closest(self.gazetteer, country_code, key, cutoff, limit)
            self._memo[memo] = found
            if len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        else:
            self._memo.move_to_end(memo)
        return list(found)


def closest(gazetteer: Gazetteer, country_code: str, key: str, cutoff: float, limit: int) -> list[GazEntry]:
    """:meth:`FuzzyNames.closest` without the memo."""
    keys = country_keys(gazetteer, country_code)
    if not keys:
        return []
    hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
    if not hits:
        return []
    score_of = {choice: score for choice, score, _ in hits}
    pairs = names_with_keys(gazetteer, country_code, score_of)
    ranked = sorted(range(len(pairs)), key=lambda i: (-score_of[pairs[i][0]], i))
    return [pairs[i][1] for i in ranked[:limit]]
