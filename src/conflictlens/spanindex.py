"""Character spans sorted once and queried by bisection, instead of checking every span for every position.

A long article has hundreds of actor and place mentions and thousands of tokens; testing each token (or entity)
against each span grows with the square of the length. :class:`SpanIndex` answers the same questions in
logarithmic time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class SpanIndex:
    """Half-open spans ``[start, end)``; ``covers`` and ``overlaps`` give what ``any(...)`` over all spans gives."""

    __slots__ = ("_starts", "_max_end")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # The furthest end among the spans that start at or before each position in the sorted order.
        self._max_end: list[int] = []
        furthest = None
        for _, end in ordered:
            furthest = end if furthest is None or end > furthest else furthest
            self._max_end.append(furthest)

    def __len__(self) -> int:
        return len(self._starts)

    def covers(self, pos: int) -> bool:
        """Whether some span has ``start <= pos < end``."""
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and self._max_end[i] > pos

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span ``[s, e)`` has ``s < end and start < e``."""
        i = bisect_left(self._starts, end) - 1
        return i >= 0 and self._max_end[i] > start
