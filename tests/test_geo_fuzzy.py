from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from conflictlens.geo.fuzzy import CountryNames
from conflictlens.geo.gazetteer import GazEntry

WORDS = ["maarat", "numan", "maarrat", "nuaman", "khan", "shaykhun", "sheikhoun", "saraqib", "sarmin", "binnish",
         "kafr", "nabl", "nubl", "zardana", "zardna"]


def _pairs(keys: list[str]) -> list[tuple[str, GazEntry]]:
    return [(key, GazEntry(i, key.title(), 35.0, 36.0, "SY")) for i, key in enumerate(keys)]


@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=40), st.sampled_from(WORDS + ["maarat numan", "xyzzy"]))
def test_closest_equals_extract_over_every_pair(keys, query):
    pairs = _pairs(keys)
    expected = [pairs[i][1] for _, _, i in process.extract(query, [k for k, _ in pairs], scorer=fuzz.ratio,
                                                           score_cutoff=70, limit=5)] if pairs else []
    assert CountryNames(pairs).closest(query, 70, 5) == expected


def test_distinct_keys_in_first_occurrence_order():
    names = CountryNames(_pairs(["b", "a", "b", "c", "a"]))
    assert names.keys == ["b", "a", "c"] and len(names) == 3


def test_repeated_search_is_remembered_and_returns_copies():
    keys = WORDS * 2
    names = CountryNames(_pairs(keys))
    first = names.closest("saraqeb", 70, 5)
    first.clear()
    assert names.closest("saraqeb", 70, 5) == CountryNames(_pairs(keys)).closest("saraqeb", 70, 5) != []
