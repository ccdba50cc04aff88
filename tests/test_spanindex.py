from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conflictlens.spanindex import SpanIndex

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)).map(lambda p: (p[0], p[0] + p[1])), max_size=20)


@given(spans, st.integers(-2, 95))
def test_covers_is_any_span_containing_the_position(pairs, pos):
    assert SpanIndex(pairs).covers(pos) == any(s <= pos < e for s, e in pairs)


@given(spans, st.integers(-2, 95), st.integers(0, 20))
def test_overlaps_is_any_span_overlapping_the_range(pairs, start, length):
    end = start + length
    assert SpanIndex(pairs).overlaps(start, end) == any(s < end and start < e for s, e in pairs)


def test_empty_index_covers_nothing():
    index = SpanIndex([])
    assert len(index) == 0 and not index.covers(0) and not index.overlaps(0, 10)
