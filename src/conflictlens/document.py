"""The working document that flows through the pipeline stages.

A :class:`Doc` holds the article and, attribute by attribute, what each stage found. Stages declare which
attributes they require and assign (see :mod:`conflictlens.registry`); the mention classes below are the
intermediate, mutable working objects, while the public output is the frozen :class:`~conflictlens.model.Event`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from .model import Actor, Article, Event, Evidence, FramingLabel, How, Modality, Place, SourceClaim
from .spanindex import SpanIndex


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    sent: int
    place: Place
    cue: str = ""  # the context cue that supported it ("town of", "in", "near")
    evidence: object = None  # geo.confidence.ResolutionEvidence behind place.confidence (for calibration)


@dataclass
class ActorMention:
    start: int
    end: int
    text: str
    sent: int
    actor: Actor
    how: How = How.EXPLICIT
    generic: bool = False  # "the army", "gunmen": resolved by context, not by name
    labels: list[str] = field(default_factory=list)  # framing words attached to this mention
    template: str = ""  # "Civilians ({country})" when the country was not named but taken from context


@dataclass
class DateAnchor:
    """The date a sentence is about, and how we know."""

    date: dt.date | None
    precision: int | None
    phrase: str
    how: How
    evidence: Evidence | None = None


@dataclass
class EventMention:
    """One event candidate found in a clause, before assembly into an :class:`Event`."""

    sent: int
    trigger_start: int
    trigger_end: int
    trigger: str
    event_type: str
    sub_event_type: str
    plover_event: str
    plover_mode: str = ""
    actor1: list[ActorMention] = field(default_factory=list)
    actor2: list[ActorMention] = field(default_factory=list)
    place: PlaceMention | None = None
    place_how: How = How.EXPLICIT
    fatalities: int | None = None
    fatalities_phrase: str = ""
    fatalities_evidence: Evidence | None = None
    modality: Modality = Modality.ASSERTED
    confidence: float = 0.5
    rule: str = ""  # the lexicon rule that typed it, for explanations
    scope: tuple[int, int] = (0, 0)  # character span of the clause the event was read from
    fatality_sents: list[int] = field(default_factory=list)  # sentences whose death figures belong to it
    # sentences of an armed group's claim about it ("saying its fighters had killed 30"): counted only when no
    # other report gives a figure (ACLED takes the most conservative figure reported)
    claimed_sents: list[int] = field(default_factory=list)
    accompanying: bool = False  # told as background to its sentence's main event ("... amid Russian airstrikes")
    trigger_lemma: str = ""
    definite: bool = False  # a noun with "the"/"this": likely a reference to an event already described
    civilian_victims: bool = False  # unnamed victims at a civilian target (a restaurant, a market)
    site: Any = None  # events.attach.Site where the place was chosen (kept for training the attachment ranker)


@dataclass
class Doc:
    """The working document: the article plus what the stages have found so far."""

    article: Article
    text: str = ""
    nlp: Any = None  # the spaCy Doc over ``text``
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    dateline: tuple[int, int, int, int] | None = None  # (start, end, place start, place end)
    place_mentions: list[PlaceMention] = field(default_factory=list)
    country_focus: list[str] = field(default_factory=list)  # ISO2 codes, most salient first
    place_context: Any = None  # geo.ranker.RankContext: focus votes, centre point, named admin-1 units of the article
    actor_mentions: list[ActorMention] = field(default_factory=list)
    framing: list[FramingLabel] = field(default_factory=list)
    dates: dict[int, DateAnchor] = field(default_factory=dict)  # sentence index -> anchor
    sources: dict[int, SourceClaim] = field(default_factory=dict)  # sentence index -> claim
    event_mentions: list[EventMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    assigned: set[str] = field(default_factory=set)  # attribute names filled in by stages so far
    _sent_of_token: list[int] | None = field(default=None, repr=False)
    _sent_table: tuple | None = field(default=None, repr=False)  # (parse, sentences, entities by sentence)
    _actors_by_sent: tuple | None = field(default=None, repr=False)  # (mention list, its length, by sentence, spans)

    @property
    def id(self) -> str:
        return self.article.id

    def sentence_of(self, token_index: int) -> int:
        """Index of the sentence holding token ``token_index`` (a lookup table built once per parse)."""
        if self._sent_of_token is None or len(self._sent_of_token) != len(self.nlp):
            table = [0] * len(self.nlp)
            for i, sent in enumerate(self.nlp.sents):
                table[sent.start:sent.end] = [i] * (sent.end - sent.start)
            self._sent_of_token = table
        return self._sent_of_token[token_index]

    def sentences(self) -> list:
        """The parse's sentences as a list, built once per parse (``nlp.sents`` rebuilds them on every call)."""
        return self._sentences()[1]

    def sentence_ents(self, index: int) -> list:
        """The entities inside sentence ``index`` (what spaCy's ``Span.ents`` gives, without its whole-document
        scan per sentence)."""
        return self._sentences()[2][index]

    def _sentences(self) -> tuple:
        if self._sent_table is None or self._sent_table[0] is not self.nlp:
            sentences = list(self.nlp.sents)
            self._sent_table = (self.nlp, sentences, ents_by_sentence(self.nlp, sentences))
        return self._sent_table

    def actors_in_sentence(self, index: int) -> list[ActorMention]:
        """``actor_mentions`` of sentence ``index``, in list order (grouped once while the list is unchanged)."""
        return list(self._actor_tables()[2].get(index, ()))

    def actor_spans(self) -> SpanIndex:
        """The character spans of ``actor_mentions``, sorted once while the list is unchanged."""
        return self._actor_tables()[3]

    def _actor_tables(self) -> tuple:
        cached = self._actors_by_sent
        if cached is None or cached[0] is not self.actor_mentions or cached[1] != len(self.actor_mentions):
            groups: dict[int, list[ActorMention]] = {}
            for mention in self.actor_mentions:
                groups.setdefault(mention.sent, []).append(mention)
            spans = SpanIndex((m.start, m.end) for m in self.actor_mentions)
            cached = self._actors_by_sent = (self.actor_mentions, len(self.actor_mentions), groups, spans)
        return cached

    def sentence_index(self, char: int) -> int:
        """Index of the sentence that contains character offset ``char`` (-1 outside the text)."""
        span = self.nlp.char_span(char, char + 1, alignment_mode="expand") if 0 <= char < len(self.text) else None
        return self.sentence_of(span.start) if span is not None and len(span) else -1

    @property
    def headline(self) -> tuple[int, int] | None:
        """The first line when it is a headline: short, no final full stop, and a body follows."""
        if len(self.paragraphs) < 2:
            return None
        start, end = self.paragraphs[0]
        line = self.text[start:end].strip()
        return (start, end) if len(line) < 200 and not line.endswith(".") else None

    def in_headline(self, char: int) -> bool:
        span = self.headline
        return span is not None and span[0] <= char < span[1]

    def paragraph_of(self, char: int) -> int:
        for i, (start, end) in enumerate(self.paragraphs):
            if start <= char < end:
                return i
        return -1


def ents_by_sentence(parsed, sentences: list) -> list[list]:
    """The entities of each sentence, those wholly inside it as ``Span.ents`` gives them, in one pass."""
    found: list[list] = [[] for _ in sentences]
    starts = [s.start for s in sentences]
    for ent in parsed.ents:
        index = bisect_right(starts, ent.start) - 1
        if index >= 0 and ent.end <= sentences[index].end:
            found[index].append(ent)
    return found
