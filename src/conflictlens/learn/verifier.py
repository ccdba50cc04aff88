"""The event verifier: would an ACLED coder code this candidate event? A calibrated probability, learned.

The rules and the sentence typer propose candidates; most false events on real news are background recalled as
news, restatements of an event already coded, plans and denials, and words of war outside war. The verifier
reads each candidate's features — what the sentence typer thinks of its sentence, how it was found, its modality,
whether it has actors, a place and a date and how they were found, where it stands in the article, how many
candidates of its kind came before at the same place and day (a restatement) or elsewhere (another event of a
round-up) — and gives the probability that it is a new, codable event. That
probability becomes the event's ``confidence``; ``event_threshold`` decides what ``extract`` outputs.
Trained by ``python -m conflictlens.learn.train`` on our own corpus only (boosted trees with Platt scaling fitted
on cross-validated scores; the reliability is in docs/benchmarks.md).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from ..aggregation import place_key
from ..document import Doc, EventMention
from ..errors import ResourceError
from ..model import ActorType, Event, How, Modality
from .linear import LinearModel
from .sentence_model import BACKGROUND, IRREALIS, NONE, SentenceTyper
from .trees import TreeEnsemble

EVENT_TYPES = ("Battles", "Protests", "Riots", "Explosions/Remote violence", "Violence against civilians",
               "Strategic developments")
MODALITIES = tuple(m.value for m in Modality)
DATE_HOWS = (How.EXPLICIT, How.INFERRED, How.CONTEXT, How.FALLBACK)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
QUOTES = re.compile("[\"“”«»]")
NEAR = 3  # sentences: a candidate of the same type this close before is likely a restatement


def typer_view() -> list[str]:
    """The typer classes whose probabilities the verifier reads one by one (fixed, whatever a typer was trained on)."""
    from ..ontology import acled_subtypes

    return sorted(acled_subtypes()) + [NONE, BACKGROUND, IRREALIS]


def feature_names() -> list[str]:
    names = ["p_subtype", "p_family", "p_event", "p_none", "p_background", "p_irrealis", "typer_agrees",
             "from_classifier", "rule_confidence", "has_actor1", "has_actor2", "civilians_actor1", "actor1_generic",
             "place_resolved", "place_precision", "no_place", "no_date", "log_days_before", "date_in_future",
             "sentence_position", "first_sentence", "in_headline", "quote", "definite", "fatalities",
             "earlier_same_place", "near_same_place", "earlier_unplaced", "earlier_other_place",
             "same_sentence_same_place", "same_sentence_other_place", "past_year", "sentence_tokens", "paragraph"]
    names += ["clause_subtype", "clause_family", "clause_event", "clause_agrees"]
    names += [f"p={c}" for c in typer_view()]
    names += [f"type={t}" for t in EVENT_TYPES]
    names += [f"modality={m}" for m in MODALITIES]
    names += [f"date={h.value}" for h in DATE_HOWS]
    return names


@dataclass(frozen=True)
class Candidate:
    """One candidate: the mention, the event built from it, its features."""

    mention: EventMention
    event: Event
    features: np.ndarray


def sentence_texts(doc: Doc) -> list[str]:
    return [s.text for s in doc.nlp.sents]


def clause_texts(doc: Doc, built: list[tuple[EventMention, Event]]) -> list[str]:
    """The clause each candidate was read from (its sentence when the clause is unknown): a sentence may state
    two events ("clashes ..., and the army destroyed a car bomb"), and the typer gives one label per text."""
    sents = list(doc.nlp.sents)
    out = []
    for m, _ in built:
        start, end = m.scope
        if end <= start and 0 <= m.sent < len(sents):
            start, end = sents[m.sent].start_char, sents[m.sent].end_char
        out.append(doc.text[start:end])
    return out


def featurise(doc: Doc, built: list[tuple[EventMention, Event]], sentence_probs: dict[int, np.ndarray],
              classes: tuple[str, ...], clause_probs: np.ndarray | None = None) -> list[Candidate]:
    """Features of every candidate of one document. ``sentence_probs`` maps a sentence index to the typer's
    probabilities over ``classes`` (computed once per document, for the candidates' sentences only);
    ``clause_probs`` are the typer's probabilities for each candidate's clause, in the order of ``built``."""
    from ..ontology import acled_subtypes

    subtypes = acled_subtypes()
    index = {c: i for i, c in enumerate(classes)}
    family_of = {c: subtypes[c].event_type for c in classes if c in subtypes}
    view = typer_view()
    sents = list(doc.nlp.sents)
    n_sents = max(1, len(sents))
    published = doc.article.published
    order = sorted(range(len(built)), key=lambda i: built[i][0].trigger_start)
    seen: list[tuple[int, str, tuple | None]] = []  # (sentence, event type, where and when) of earlier candidates
    out: list[Candidate | None] = [None] * len(built)
    for i in order:
        mention, event = built[i]
        p = sentence_probs.get(mention.sent)
        if p is None:
            p = np.full(len(classes), 1.0 / len(classes))
        p_family = sum(p[index[c]] for c, f in family_of.items() if f == event.event_type)
        p_none, p_bg, p_irr = (p[index[c]] if c in index else 0.0 for c in (NONE, BACKGROUND, IRREALIS))
        sent = sents[mention.sent] if 0 <= mention.sent < len(sents) else None
        sent_text = sent.text if sent is not None else ""
        place = event.place
        days = (published - event.event_date).days if published and event.event_date else 0
        a1 = event.actor1
        key = _where_when(event)
        row = [
            p[index[event.sub_event_type]] if event.sub_event_type in index else 0.0,
            p_family, 1.0 - p_none - p_bg - p_irr, p_none, p_bg, p_irr,
            float(classes[int(np.argmax(p))] == event.sub_event_type),
            float(mention.rule.startswith("classifier")), float(mention.confidence),
            float(a1 is not None), float(event.actor2 is not None),
            float(a1 is not None and a1.type == ActorType.CIVILIANS),
            float(a1 is not None and a1.name.startswith(("Unidentified", "Civilians", "Protesters", "Rioters"))),
            float(place is not None and place.resolved), float((place.geo_precision or 0) if place is not None else 0) / 3,
            float(place is None), float(event.event_date is None),
            math.log1p(max(days, 0)) / 5, float(days < 0),
            mention.sent / n_sents, float(mention.sent == 0), float(doc.in_headline(mention.trigger_start)),
            float(bool(QUOTES.search(sent_text))), float(mention.definite), float(event.fatalities > 0),
            min(sum(1 for _, t, k in seen if t == event.event_type and _placed_same(k, key)), 3) / 3,
            float(any(t == event.event_type and _placed_same(k, key) and mention.sent - s <= NEAR for s, t, k in seen)),
            min(sum(1 for _, t, k in seen if t == event.event_type and (k is None or key is None)), 3) / 3,
            min(sum(1 for _, t, k in seen if t == event.event_type and not _same(k, key)), 3) / 3,
            min(sum(1 for s, _, k in seen if s == mention.sent and _same(k, key)), 3) / 3,
            min(sum(1 for s, _, k in seen if s == mention.sent and not _same(k, key)), 3) / 3,
            float(published is not None and any(int(y) < published.year for y in YEAR.findall(sent_text))),
            min(len(sent) if sent is not None else 0, 80) / 80,
            min(max(doc.paragraph_of(mention.trigger_start), 0), 10) / 10,
        ]
        q = clause_probs[i] if clause_probs is not None else p
        q_none = sum(q[index[c]] for c in (NONE, BACKGROUND, IRREALIS) if c in index)
        row += [q[index[event.sub_event_type]] if event.sub_event_type in index else 0.0,
                sum(q[index[c]] for c, f in family_of.items() if f == event.event_type), 1.0 - q_none,
                float(classes[int(np.argmax(q))] == event.sub_event_type)]
        row += [float(p[index[c]]) if c in index else 0.0 for c in view]
        row += [float(event.event_type == t) for t in EVENT_TYPES]
        row += [float(event.modality.value == m) for m in MODALITIES]
        how = doc.dates.get(mention.sent).how if doc.dates.get(mention.sent) is not None else How.FALLBACK
        row += [float(how == h) for h in DATE_HOWS]
        seen.append((mention.sent, event.event_type, key))
        out[i] = Candidate(mention, event, np.asarray(row, dtype=np.float32))
    return [c for c in out if c is not None]


def _where_when(event: Event) -> tuple | None:
    """The place (its coded name, else the name as written) and day of a candidate; None without a place."""
    if event.place is None:
        return None
    return (place_key(event.place), event.event_date)


def _same(a: tuple | None, b: tuple | None) -> bool:
    """Could two candidates of one type be the same event told twice? Not when both name places, or days, that
    differ: a round-up's strikes on six villages are six events, where a short report's second mention of its one
    strike is a restatement. A candidate without a place could be either, so it counts as the same."""
    if a is None or b is None:
        return True
    return a[0] == b[0] and (a[1] is None or b[1] is None or a[1] == b[1])


def _placed_same(a: tuple | None, b: tuple | None) -> bool:
    """Both candidates are placed, at the same place and day. An earlier candidate without a place is counted
    apart: a real report's lede often names no place the gazetteer knows, and the sentence that does is the
    event itself, not a restatement of the lede."""
    return a is not None and b is not None and _same(a, b)


def load_model(path) -> LinearModel | TreeEnsemble:  # type: ignore[no-untyped-def]
    """A verifier model file: boosted trees (what training writes) or a logistic regression."""
    with np.load(path, allow_pickle=False) as z:
        trees = "kind" in z.files and str(z["kind"]) == "trees"
    return TreeEnsemble.load(path) if trees else LinearModel.load(path)


class Verifier:
    """A binary classifier (boosted trees or logistic regression) over :func:`feature_names`."""

    def __init__(self, model: LinearModel | TreeEnsemble, typer: SentenceTyper) -> None:
        if list(model.meta.get("features", [])) != feature_names():
            raise ResourceError("the verifier's model file was trained on other features; retrain it "
                                "(python -m conflictlens.learn.train)")
        self.model = model
        self.typer = typer

    @property
    def threshold(self) -> float:
        return float(self.model.meta.get("threshold", 0.5))

    def sentence_probs(self, doc: Doc, built: list[tuple[EventMention, Event]]) -> dict[int, np.ndarray]:
        wanted = sorted({m.sent for m, _ in built})
        texts = sentence_texts(doc)
        probs = self.typer.proba([texts[i] for i in wanted]) if wanted else np.zeros((0, len(self.typer.classes)))
        return dict(zip(wanted, probs))

    def score(self, doc: Doc, built: list[tuple[EventMention, Event]], *,
              needed: list[bool] | None = None) -> list[float]:
        """The probability that each candidate is a codable new event, in the order of ``built``.

        ``needed`` (default: all) marks the candidates whose probability will be read; the others get 0.0 and
        their clauses are not embedded (a clause embedding is a tenth of a document's time, and a plan or a
        denial is dropped whatever its score when non-factual events are not kept). They still count as earlier
        candidates in the features of the others, exactly as when they are scored."""
        if not built:
            return []
        needed = [True] * len(built) if needed is None else needed
        texts = clause_texts(doc, built)
        sentences = self.sentence_probs(doc, built)
        wanted = [i for i in range(len(built)) if needed[i]]
        clauses = np.empty((len(built), len(self.typer.classes)))
        if wanted:
            clauses[wanted] = self.typer.proba([texts[i] for i in wanted])
        for i in range(len(built)):
            if not needed[i]:
                clauses[i] = sentences[built[i][0].sent]  # a stand-in: this row's probability is not used
        candidates = featurise(doc, built, sentences, self.typer.classes, clauses)
        x = np.stack([c.features for c in candidates])
        return [float(p) if keep else 0.0 for p, keep in zip(self.model.proba(x)[:, 1], needed)]
