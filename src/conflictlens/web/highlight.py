"""Article text cut into segments at evidence boundaries, so a template can mark each field's span.

The text itself is never turned into markup here: templates escape every segment (Jinja autoescape), so an
article that contains ``<script>`` shows it as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    text: str
    fields: tuple[str, ...] = ()  # the fields whose evidence covers this segment; empty = plain text

    @property
    def css(self) -> str:
        return " ".join("ev-" + f.replace("_", "-") for f in self.fields)


def segments(text: str, evidence: list[dict[str, Any]]) -> list[Segment]:
    """``text`` cut at every evidence start and end; overlapping spans give a segment several fields."""
    spans = [(int(e["start"]), int(e["end"]), str(e.get("field", ""))) for e in evidence
             if isinstance(e.get("start"), int) and isinstance(e.get("end"), int) and 0 <= e["start"] < e["end"] <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:]):
        fields = tuple(sorted({f for s, e, f in spans if s <= start and end <= e}))
        piece = text[start:end]
        if out and out[-1].fields == fields:
            out[-1] = Segment(out[-1].text + piece, fields)
        else:
            out.append(Segment(piece, fields))
    return out

