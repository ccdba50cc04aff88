"""The public records: frozen, dumb dataclasses. Serialisation lives in :mod:`conflictlens.serialize`.

Every value that came from the text can point at its :class:`Evidence` (character span, producing stage,
and *how* it was derived), so an analyst can check any field against the article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum, IntEnum

from .ids import make_id


class How(str, Enum):
    """How a value was obtained."""

    EXPLICIT = "explicit"  # stated in the text at the evidence span
    CONTEXT = "context"  # inherited from surrounding text (paragraph date, earlier-named actor)
    INFERRED = "inferred"  # derived by a rule (weekday relative to publication, place near an anchor)
    KNOWLEDGE_BASE = "knowledge_base"  # looked up in a shipped or user knowledge base
    FALLBACK = "fallback"  # a documented default (no fatality figure -> 0)


class Modality(str, Enum):
    """The status the text gives an event."""

    ASSERTED = "asserted"  # the outlet or its source states it happened
    CLAIMED = "claimed"  # a party claims it (responsibility claims, "X said it killed")
    DENIED = "denied"
    THREATENED = "threatened"
    PLANNED = "planned"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"  # "no clashes were reported"
    HISTORICAL = "historical"  # a reference to an earlier event, not news
    ALLEGED = "alleged"  # what someone is accused of ("accusing them of organising a strike")


#: Modalities that stand for something that happened and so are exported as events by default.
FACTUAL_MODALITIES = frozenset({Modality.ASSERTED, Modality.CLAIMED})


class ActorType(IntEnum):
    """ACLED actor types; the value is ACLED's ``inter`` code."""

    STATE = 1
    REBEL = 2
    POLITICAL_MILITIA = 3
    IDENTITY_MILITIA = 4
    RIOTERS = 5
    PROTESTERS = 6
    CIVILIANS = 7
    EXTERNAL = 8

    @classmethod
    def from_name(cls, name: str) -> ActorType:
        return cls[name.strip().upper()]


@dataclass(frozen=True)
class Evidence:
    """The text span behind one field of a record."""

    field: str
    start: int
    end: int
    text: str
    stage: str
    how: How = How.EXPLICIT


@dataclass(frozen=True)
class Article:
    """One input document."""

    text: str
    id: str = ""
    title: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            # A content hash, so the same text read twice gets the same id.
            object.__setattr__(self, "id", make_id("doc", self.title, self.text))
        if self.published is not None and type(self.published) is not dt.date:
            # "2019-08-06" or a datetime given directly: one type downstream, or a clear InputError now.
            from .ingest.dates import parse_published

            object.__setattr__(self, "published", parse_published(self.published))


@dataclass(frozen=True)
class Place:
    """A resolved (or honestly unresolved) location."""

    name: str  # as written in the text
    location: str = ""  # gazetteer name of the coded point ("" when unresolved)
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str = ""  # ACLED country name
    country_code: str = ""  # ISO 3166-1 alpha-2
    iso: int | None = None  # ISO 3166-1 numeric, ACLED's "iso" column
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    geo_precision: int | None = None  # 1 town, 2 near a town / part of region, 3 region
    kind: str = ""  # "populated_place", "admin1", "country", "relative", "unresolved"
    anchor: str = ""  # for relative places: the place the point was taken from
    confidence: float = 0.0
    reason: str = ""  # why coordinates are missing, or how a fallback was chosen

    @property
    def resolved(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Actor:
    """A normalised actor: canonical name for the record, the outlet's words kept apart."""

    name: str
    type: ActorType | None = None
    country_code: str = ""
    kb_id: str = ""
    sector: str = ""
    mention: str = ""  # the text that named it here
    unknown_to_kb: bool = False

    @property
    def inter(self) -> int | None:
        return int(self.type) if self.type is not None else None


@dataclass(frozen=True)
class FramingLabel:
    """A label the outlet attaches to an actor ("terrorists", "regime")."""

    actor: str  # canonical name, "" when the label stands alone
    label: str
    category: str  # "delegitimising", "legitimising", "neutral-descriptive"
    evidence: Evidence


@dataclass(frozen=True)
class SourceClaim:
    """Who says so: publisher -> relayed outlet(s) -> cited source(s)."""

    chain: tuple[str, ...] = ()
    source: str = ""  # ACLED-style source string, e.g. "Sputnik; Local sources"
    source_scale: str = ""  # Local / Subnational / National / Regional / International / Other / New media
    anonymous: bool = False
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Event:
    """One coded event. Field names follow ACLED's export where they apply."""

    event_id: str
    doc_id: str
    event_type: str  # ACLED event type, "" for PLOVER-only events (e.g. an accusation)
    sub_event_type: str
    disorder_type: str
    plover_event: str
    plover_mode: str
    event_date: dt.date | None
    time_precision: int | None
    date_phrase: str
    actor1: Actor | None
    actor2: Actor | None
    assoc_actor_1: tuple[Actor, ...] = ()
    assoc_actor_2: tuple[Actor, ...] = ()
    interaction: int | None = None
    civilian_targeting: bool = False
    place: Place | None = None
    fatalities: int = 0
    fatalities_phrase: str = ""
    modality: Modality = Modality.ASSERTED
    source: SourceClaim = field(default_factory=SourceClaim)
    framing: tuple[FramingLabel, ...] = ()
    notes: str = ""
    confidence: float = 0.0
    trigger: str = ""
    evidence: tuple[Evidence, ...] = ()
    reasons: tuple[str, ...] = ()  # why fields were left empty

    def evidence_for(self, field_name: str) -> list[Evidence]:
        return [e for e in self.evidence if e.field == field_name]
