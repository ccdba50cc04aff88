"""Cross-article de-duplication: does a new report tell an event already in the dataset?

A report may join an event only when every gate holds — same event-type family, dates within the precision they
carry, the same country, places within ``distance_km`` (or one containing the other), compatible actors (the same,
swapped sides of a clash, or one side unknown), no report of the same article already in the event, and a report
split off by an undo is never merged again. Among the events that pass, the best score wins if it reaches
``min_score``; the reason of the decision is kept in the merge log. Pure functions: no database here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from ..model import Actor, ActorType, Event, Modality

#: ACLED event types that may tell the same event differently (a clash one outlet calls an attack on a post).
FAMILIES = {
    "Battles": "violence",
    "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence",
    "Protests": "demonstration",
    "Riots": "demonstration",
    "Strategic developments": "strategic",
}
#: How many days two dates may differ, by ACLED time precision (1 day, 2 week, 3 month); day is a setting.
_COARSE_DAYS = {2: 7, 3: 31}
_UNKNOWN_PREFIXES = ("unidentified", "unknown")


@dataclass(frozen=True)
class DedupSettings:
    """The thresholds (settings ``dedup_*`` in defaults.toml)."""

    distance_km: float = 25.0
    date_days: int = 1
    min_score: float = 0.6
    background_days: int = 7

    @classmethod
    def from_settings(cls, settings: object) -> DedupSettings:
        return cls(
            distance_km=float(getattr(settings, "dedup_distance_km")),
            date_days=int(getattr(settings, "dedup_date_days")),
            min_score=float(getattr(settings, "dedup_min_score")),
            background_days=int(getattr(settings, "dedup_background_days")),
        )

    def as_dict(self) -> dict[str, float]:
        return {k: float(v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Match:
    """A decision that a report fits an event: its score and the reason, in words, for the merge log."""

    score: float
    reason: str


def family(event: Event) -> str:
    """The event-type family used as the first gate (PLOVER-only events by their PLOVER type)."""
    return FAMILIES.get(event.event_type) or f"plover:{event.plover_event or event.sub_event_type}"


def is_background(event: Event, published: dt.date | None, settings: DedupSettings) -> bool:
    """A mention of an earlier event (historical modality, or dated well before the article): it may join the
    event it recalls but never founds a new one."""
    if event.modality is Modality.HISTORICAL:
        return True
    if published is None or event.event_date is None:
        return False
    return (published - event.event_date).days > settings.background_days


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _known(actor: Actor | None) -> str:
    """The comparable name of an actor, or "" when the text did not say who it was."""
    if actor is None:
        return ""
    if actor.type in (ActorType.PROTESTERS, ActorType.RIOTERS):
        return f"crowd ({actor.country_code or actor.name.casefold()})"  # outlets differ on protesters vs rioters
    name = actor.name.strip().casefold()
    return "" if name.startswith(_UNKNOWN_PREFIXES) else name


def _date_fit(a: Event, b: Event, settings: DedupSettings) -> tuple[float, str] | None:
    if a.event_date is None or b.event_date is None:
        return None
    days = abs((a.event_date - b.event_date).days)
    precision = max(a.time_precision or 1, b.time_precision or 1)
    allowed = _COARSE_DAYS.get(precision, settings.date_days)
    if days > allowed:
        return None
    if precision > 1:
        return 0.5, f"dates within {allowed} days (precision {precision})"
    return (1.0, "same day") if days == 0 else (1.0 - 0.4 * days / max(1, settings.date_days), f"{days} day(s) apart")


def _place_fit(a: Event, b: Event, settings: DedupSettings) -> tuple[float, str] | None:
    pa, pb = a.place, b.place
    ca, cb = (pa.country_code if pa else ""), (pb.country_code if pb else "")
    if ca and cb and ca != cb:
        return None
    if pa is None or pb is None or not pa.resolved or not pb.resolved:
        return (0.3, "one place unresolved, same country") if ca or cb else (0.2, "no places")
    if pa.geonameid is not None and pa.geonameid == pb.geonameid:
        return 1.0, f"same place ({pa.location})"
    km = haversine_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude)  # type: ignore[arg-type]
    if km <= settings.distance_km:
        return 1.0 - 0.5 * km / settings.distance_km, f"{km:.1f} km apart"
    # Containment: one report names only the area (a province, a region) the other's town lies in. A point "near"
    # a town (precision 2) is still a point: it must be within the distance.
    area = max(pa.geo_precision or 1, pb.geo_precision or 1) >= 3 or {pa.kind, pb.kind} & {"admin1", "region"}
    if area and pa.admin1 and pa.admin1 == pb.admin1:
        return 0.5, f"one place inside the other ({pa.admin1})"
    return None


def _actor_fit(a: Event, b: Event) -> tuple[float, str] | None:
    a1, a2, b1, b2 = _known(a.actor1), _known(a.actor2), _known(b.actor1), _known(b.actor2)
    two_sided = a.event_type == "Battles" or b.event_type == "Battles"
    straight = (not a1 or not b1 or a1 == b1) and (not a2 or not b2 or a2 == b2)
    swapped = two_sided and (not a1 or not b2 or a1 == b2) and (not a2 or not b1 or a2 == b1)
    if not (straight or swapped):
        return None
    shared = ({a1, a2} & {b1, b2}) - {""}
    named = {n for n in shared if not n.startswith(("civilians", "crowd"))}
    if named:
        spelled = {_known(x): x.name for x in (a.actor1, a.actor2) if x is not None}  # type: ignore[union-attr]
        return 1.0, "actors shared: " + ", ".join(sorted(spelled.get(n, n) for n in named))
    if shared:
        return 0.6, "only the civilians or the crowd are shared"
    return 0.5, "actors unknown on one side"


def _type_fit(a: Event, b: Event) -> tuple[float, str]:
    if a.sub_event_type == b.sub_event_type and a.plover_event == b.plover_event:
        return 1.0, f"same type ({a.sub_event_type or a.plover_event})"
    if a.event_type == b.event_type:
        return 0.8, f"same event type ({a.event_type})"
    return 0.5, f"same family ({family(a)})"


def match(report: Event, event: Event, settings: DedupSettings) -> Match | None:
    """Score ``report`` against a dataset ``event``; ``None`` when a gate fails."""
    if family(report) != family(event):
        return None
    date = _date_fit(report, event, settings)
    place = _place_fit(report, event, settings) if date else None
    actors = _actor_fit(report, event) if place else None
    if date is None or place is None or actors is None:
        return None
    kind = _type_fit(report, event)
    if actors[0] < 0.6 and (place[0] < 0.9 or kind[0] < 0.8):
        return None  # no actor in common: only the same event type at the same spot can tell it is the same event
    score = 0.25 * date[0] + 0.3 * place[0] + 0.3 * actors[0] + 0.15 * kind[0]
    if score < settings.min_score:
        return None
    return Match(round(score, 3), "; ".join((kind[1], date[1], place[1], actors[1])))


@dataclass(frozen=True)
class Candidate:
    """A stored event a report might join: its merged record, the articles already in it, and the first and last
    day-precision dates its reports give (a report must fit all of them, not only the merged date)."""

    event_id: str
    record: Event
    article_ids: frozenset[str] = frozenset()
    first_date: dt.date | None = None
    last_date: dt.date | None = None

    def fits_every_date(self, report: Event, settings: DedupSettings) -> bool:
        if report.event_date is None or (report.time_precision or 1) > 1:
            return True
        return all(abs((report.event_date - d).days) <= settings.date_days for d in (self.first_date, self.last_date) if d)


def best_match(report: Event, candidates: Iterable[Candidate], article_id: str, settings: DedupSettings) -> tuple[str, Match] | None:
    """The best candidate event for a report of ``article_id``; never an event that already holds a report of the
    same article. A report dated only to the week or month that fits two stored events joins neither: the store
    keeps those apart, and the report's date cannot say which one it tells (the score would only guess)."""
    best: tuple[str, Match] | None = None
    fitting = 0
    for candidate in candidates:
        event_id = candidate.event_id
        if article_id in candidate.article_ids or not candidate.fits_every_date(report, settings):
            continue
        found = match(report, candidate.record, settings)
        if not found:
            continue
        fitting += 1
        if best is None or found.score > best[1].score or (found.score == best[1].score and event_id < best[0]):
            best = (event_id, found)
    if fitting > 1 and (report.time_precision or 1) > 1:
        return None
    return best


def date_window(event: Event, settings: DedupSettings) -> tuple[dt.date, dt.date] | None:
    """The range of event dates a candidate must fall in (for the database query)."""
    if event.event_date is None:
        return None
    days = max(settings.date_days, *_COARSE_DAYS.values())  # a candidate's own coarse precision widens the gate
    return event.event_date - dt.timedelta(days=days), event.event_date + dt.timedelta(days=days)
