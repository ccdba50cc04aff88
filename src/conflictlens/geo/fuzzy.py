"""Spelling search within one country's names: the costly last step of a place lookup, kept cheap.

A country's (key, entry) pairs repeat keys (one per place bearing the name: 60 "springfield"s in the US), so
the similarity is computed once per *distinct* key and only the hits are expanded back to their entries. The
result is the same as scoring every pair: rapidfuzz ranks by score, ties by position, and the expansion sorts
the hits' pairs the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from .gazetteer import GazEntry

#: Countries whose distinct keys a resolver keeps at once (a batch touching more countries evicts the oldest).
COUNTRIES_CACHED = 8
#: Searches remembered per country (cleared when full, so memory stays bounded).
MEMO_SIZE = 4096


class CountryNames:
    """The distinct name keys of one country, each with the positions of its (key, entry) pairs."""

    def __init__(self, pairs: Sequence[tuple[str, GazEntry]]) -> None:
        positions: dict[str, list[int]] = {}
        for index, (key, _) in enumerate(pairs):
            positions.setdefault(key, []).append(index)
        self.keys = list(positions)  # first-occurrence order
        self._positions = [positions[k] for k in self.keys]
        self._entries = [entry for _, entry in pairs]
        self._memo: dict[tuple[str, float, int], list[GazEntry]] = {}  # the same unknown names recur in a batch

    def __len__(self) -> int:
        return len(self.keys)

    def closest(self, key: str, cutoff: float, limit: int) -> list[GazEntry]:
        """Entries of the ``limit`` best (key, entry) pairs scoring at least ``cutoff`` (``fuzz.ratio``), best
        first, ties in pair order: what ``process.extract`` over every pair returns."""
        if not self.keys:
            return []
        memo = (key, cutoff, limit)
        found = self._memo.get(memo)
        if found is None:
            hits = process.extract(key, self.keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
            ranked = sorted((-score, position) for _, score, index in hits for position in self._positions[index])
            found = [self._entries[position] for _, position in ranked[:limit]]
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[memo] = found
        return list(found)
