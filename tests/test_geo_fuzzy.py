from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from conflictlens.geo.fuzzy import FuzzyNames, closest
from conflictlens.geo.gazetteer import GazEntry, LayeredGazetteer, MemoryGazetteer, country_keys

WORDS = ["maarat", "numan", "maarrat", "nuaman", "khan", "shaykhun", "sheikhoun", "saraqib", "sarmin", "binnish",
         "kafr", "nabl", "nubl", "zardana", "zardna"]


def _gazetteer(keys: list[str], start: int = 0) -> MemoryGazetteer:
    return MemoryGazetteer([(GazEntry(start + i, key.title(), 35.0, 36.0, "SY"), []) for i, key in enumerate(keys)])


class ProtocolOnly:
    """A user's gazetteer with only the protocol's methods (no country_keys / names_with_keys)."""

    def __init__(self, inner: MemoryGazetteer) -> None:
        self.names_in = inner.names_in


def _expected(gazetteer, query: str) -> list[GazEntry]:  # type: ignore[no-untyped-def]
    pairs = gazetteer.names_in("SY")
    if not pairs:
        return []
    hits = process.extract(query, [k for k, _ in pairs], scorer=fuzz.ratio, score_cutoff=70, limit=5)
    return [pairs[i][1] for _, _, i in hits]


@given(st.lists(st.sampled_from(WORDS), max_size=30), st.lists(st.sampled_from(WORDS), max_size=10),
       st.sampled_from(WORDS + ["maarat numan", "xyzzy"]))
def test_closest_equals_extract_over_every_pair(first, second, query):
    layered = LayeredGazetteer([_gazetteer(first), ProtocolOnly(_gazetteer(second, 1000))])
    assert closest(layered, "SY", query, 70, 5) == _expected(layered, query)
    assert closest(layered, "ZZ", query, 70, 5) == []


def test_country_keys_are_distinct_in_first_occurrence_order():
    assert country_keys(_gazetteer(["b", "a", "b", "c", "a"]), "SY") == ("b", "a", "c")
    assert country_keys(ProtocolOnly(_gazetteer(["b", "a", "b"])), "SY") == ("b", "a")


def test_repeated_search_is_remembered_and_returns_copies():
    names = FuzzyNames(_gazetteer(WORDS * 2))
    first = names.closest("SY", "saraqeb", 70, 5)
    first.clear()
    assert names.closest("SY", "saraqeb", 70, 5) == closest(_gazetteer(WORDS * 2), "SY", "saraqeb", 70, 5) != []
