"""The dataset record of a cluster of reports: fields chosen by confidence and precision, fatalities by ACLED's
most conservative credible figure, every source listed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence

from ..ids import make_id
from ..model import Actor, Event, FramingLabel
from .records import SourceRef


def cluster_id(report_id: str) -> str:
    """A dataset event's id, from the report that founded it (stable across re-ingests)."""
    return make_id("cle", report_id)


def _place_rank(event: Event) -> tuple[int, int, float]:
    place = event.place
    if place is None or not place.resolved:
        return (1, 9, 0.0)
    return (0, place.geo_precision or 9, -place.confidence)


def _first_known(events: Sequence[Event], attr: str) -> Actor | None:
    for event in events:
        actor = getattr(event, attr)
        if actor is not None and not actor.name.casefold().startswith(("unidentified", "unknown")):
            return actor
    return getattr(events[0], attr)


def _union(groups: Sequence[tuple[Actor, ...]], exclude: set[str]) -> tuple[Actor, ...]:
    seen, out = set(exclude), []
    for group in groups:
        for actor in group:
            if actor.name not in seen:
                seen.add(actor.name)
                out.append(actor)
    return tuple(out)


def day_span(events: Sequence[Event]) -> tuple[dt.date | None, dt.date | None]:
    """First and last date among the reports dated to the day."""
    days = [e.event_date for e in events if e.event_date is not None and (e.time_precision or 1) == 1]
    return (min(days), max(days)) if days else (None, None)


def conservative_fatalities(events: Sequence[Event]) -> tuple[int, str]:
    """ACLED's rule: the lowest figure among reports that give one (a report silent on deaths does not count)."""
    stated = [(e.fatalities, e.fatalities_phrase) for e in events if e.fatalities > 0]
    if not stated:
        return 0, ""
    return min(stated)


def corroboration(sources: Sequence[SourceRef]) -> int:
    """Independent reports: distinct publishers; an article with no publisher counts on its own."""
    return len({(s.publisher.casefold() if s.publisher else s.article_id) for s in sources})


def materialize(event_id: str, reports: Sequence[Event], sources: Sequence[SourceRef]) -> Event:
    """Merge the reports (founding report first, ingest order) into the one dataset record."""
    base = max(reports, key=lambda e: (e.confidence, -_place_rank(e)[0]))
    by_confidence = sorted(reports, key=lambda e: -e.confidence)
    placed = min(reports, key=_place_rank)
    finest = min((e.time_precision or 9) for e in reports)
    ranked = [e.event_date for e in by_confidence if e.event_date and (e.time_precision or 9) == finest]
    counts = Counter(ranked)  # the date most reports give; a tie goes to the more confident report
    event_date = max(counts, key=lambda d: (counts[d], -ranked.index(d))) if counts else base.event_date
    actor1, actor2 = _first_known([base, *by_confidence], "actor1"), _first_known([base, *by_confidence], "actor2")
    taken = {a.name for a in (actor1, actor2) if a}
    fatalities, phrase = conservative_fatalities(reports)
    parts = [part.strip() for e in reports for part in e.source.source.split(";")] + [s.publisher for s in sources]
    source = dataclasses.replace(base.source, source="; ".join(p for p in dict.fromkeys(parts) if p))
    framing: dict[tuple[str, str], FramingLabel] = {}
    for e in reports:
        for label in e.framing:
            framing.setdefault((label.actor, label.label), label)
    return dataclasses.replace(
        base,
        event_id=event_id,
        event_date=event_date,
        time_precision=finest if finest != 9 else base.time_precision,
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=_union([e.assoc_actor_1 for e in reports], taken),
        assoc_actor_2=_union([e.assoc_actor_2 for e in reports], taken),
        place=placed.place,
        fatalities=fatalities,
        fatalities_phrase=phrase,
        source=source,
        framing=tuple(framing.values()),
        confidence=max(e.confidence for e in reports),
    )
