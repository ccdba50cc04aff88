"""Which of the places in reach of an event is where it happened: the event–place attachment.

The rules (``arguments.choose_place`` in the trigger's clause, then :func:`context_place` around it) propose one
place. The places in reach of the event are its candidates: the trigger's clause and sentence, the three sentences
before it, the article's first sentence and the places of the events just before it; the dateline only when there
is nothing else; never a bare country, a headline's place, or a place of an attribution ("..., officials in
Damascus said", "according to sources in X"; a local source's place, "residents of X said", stays).

The rules' place stands unless it is a province beside a town of it in the event's sentence. A small learned
ranker decides the gaps — the rules took the attribution's place or such a province, found nothing, or fell back
on the dateline (in these two cases only a place of the event's own sentence may be taken): it scores every candidate from a feature vector (where it
stands against the trigger: same clause, token distance, sentences back, the preposition before it, a fronted
"In X," phrase; how it resolved: kind, precision, confidence; how often the article names it; whether an earlier
event is there; whether it is the rules' choice) and the best score wins. The ranker is a conditional logit,
weights in ``events/data/place_attach.npz``, fitted by ``bench/train_attach.py --write`` on our corpus' training
fold; inference is a dot product. Without the weights file, or with ``learned = false``, the rules' choice stands.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from ..document import Doc, PlaceMention
from ..learn.linear import packaged, read_ranker_file
from ..model import How
from .arguments import DESTINATION_CUES, REPORTING_LEMMAS, place_after

#: How many sentences back a place stays in reach (the reference window of "the attack").
REACH_BACK = 3
MODEL_FILE = "place_attach.npz"
_FRONTED = re.compile(r"^(?:[^,]{0,40},\s*)?(?:in|at|near|outside)\s+(?:the\s+)?(?:\w+\s+of\s+)?$", re.IGNORECASE)
_QUOTES = ('"', "\u201c", "\u201d")
_CONTENT_DEPS = {"ccomp", "xcomp", "advcl", "parataxis", "conj", "dobj"}  # how what is reported hangs on "said"
_SPEAKER_DEPS = {"nsubj", "nsubjpass", "agent"}
#: Sources who speak from where it happened: "residents of X said", "a villager in X told" place the event.
_LOCALS = {"resident", "villager", "local", "witness", "eyewitness", "inhabitant", "survivor", "farmer", "woman",
           "man", "people", "family", "relative", "trader", "shopkeeper", "student", "worker"}

FEATURES = (
    "rule", "in_object", "in_clause", "first_in_clause", "same_sentence", "after_trigger", "log_token_distance",
    "sentences_back", "same_paragraph", "first_sentence", "dateline", "fronted",
    "cue_in", "cue_near", "cue_at", "cue_from", "cue_destination", "cue_town", "cue_area", "cue_none",
    "destination_of_violence", "quoted",
    "resolved", "confidence", "populated", "admin1", "region", "relative", "unresolved", "precision",
    "coarser_than_town", "anchor_of_relative", "off_focus", "earlier_event_place", "log_mentions", "most_named",
)


@dataclass(frozen=True)
class Site:
    """Where an event candidate was read: sentence, trigger token, clause and object spans, whether it is
    violent (destinations are then unlikely places), the places of the events found before it (sentence, place)
    and the rules' choice."""

    sent: int
    token: int
    clause: tuple[int, int]
    obj: tuple[int, int]
    violent: bool
    earlier: tuple[tuple[int, PlaceMention], ...] = ()
    rule: PlaceMention | None = None
    rule_how: How = How.CONTEXT


def context_place(doc: Doc, earlier: list, sent_index: int, sent, tok, window: int):  # type: ignore[no-untyped-def]
    """No place in the trigger's clause. In order: the place of the event just before in the same paragraph;
    the paragraph's most recent place; the first place shortly after the trigger, or the sentence's only place;
    the place of a recent event; the dateline city (precision 2, with a reason). Places in the sentence's
    attribution ("the administrator of Beni territory said") and in the dateline are the source's, not the
    event's. ``window`` is how many sentences back an earlier event's place still counts."""
    paragraph = doc.paragraph_of(sent.start_char)
    claim = doc.sources.get(sent_index)
    quoted = claim.evidence if claim is not None and claim.evidence is not None and claim.evidence.how == How.EXPLICIT else None
    places = [p for p in doc.place_mentions if p.place is not None and p.place.kind != "country"
              and not (quoted and quoted.start <= p.start < quoted.end)
              and not (doc.dateline and doc.dateline[0] <= p.start < doc.dateline[1])]
    for mention in reversed(earlier):
        if mention.place is not None and sent_index - mention.sent <= window \
                and doc.paragraph_of(mention.trigger_start) == paragraph:
            return mention.place, How.CONTEXT
    before = [p for p in places if p.sent < sent_index and doc.paragraph_of(p.start) == paragraph]
    if before:
        return before[-1], How.CONTEXT
    after = place_after([p for p in places if p.cue not in DESTINATION_CUES], tok.idx + len(tok.text), sent.end_char)
    if after is not None:
        return after, How.EXPLICIT
    in_sentence = [p for p in places if p.sent == sent_index]
    if len({p.place.location for p in in_sentence}) == 1:
        return in_sentence[0], How.CONTEXT
    for mention in reversed(earlier):
        if mention.place is not None and sent_index - mention.sent <= window:
            return mention.place, How.CONTEXT
    dateline = dateline_place(doc)
    return (dateline, How.CONTEXT) if dateline is not None else (None, How.CONTEXT)


def dateline_place(doc: Doc) -> PlaceMention | None:
    """The dateline city as an event place of last resort: precision 2 at least, with the reason."""
    dateline = next((p for p in doc.place_mentions if doc.dateline and doc.dateline[2] <= p.start < doc.dateline[3]), None)
    if dateline is None or dateline.place is None or not dateline.place.resolved:
        return None
    place = replace(dateline.place, geo_precision=max(2, dateline.place.geo_precision or 2),
                    reason=f"no place named for this event; coded at the dateline, {dateline.place.location}")
    return PlaceMention(dateline.start, dateline.end, dateline.text, dateline.sent, place, "dateline")


def _lede(doc: Doc) -> int:
    """The index of the article's first sentence below the headline."""
    return next((i for i, s in enumerate(doc.sentences()) if not doc.in_headline(s.start_char)), 0)


def _in_dateline(doc: Doc, p: PlaceMention) -> bool:
    return bool(doc.dateline) and doc.dateline[0] <= p.start < doc.dateline[1]


def candidates(doc: Doc, site: Site) -> list[PlaceMention]:
    """The places in reach of the event at ``site``, the rules' choice first: no bare countries, and never a
    place of the sentence's attribution ("..., officials in Damascus said": the source's place)."""
    lede = _lede(doc)
    rule = site.rule if site.rule is not None and site.rule.cue != "dateline" and not _in_dateline(doc, site.rule) else None
    out = [rule] if rule is not None else []
    seen = {(rule.start, rule.end)} if rule is not None else set()
    pool = [p for p in doc.place_mentions if site.sent - REACH_BACK <= p.sent <= site.sent or p.sent == lede]
    pool += [p for s, p in site.earlier if s <= site.sent]
    for p in pool:
        if p.place is None or p.place.kind == "country" or (p.start, p.end) in seen:
            continue
        if _in_dateline(doc, p) or p.cue == "dateline":
            continue  # the dateline comes last, once, as its last-resort reading
        if doc.in_headline(p.start):
            continue  # a headline sums up several events: its place is no one event's
        seen.add((p.start, p.end))
        out.append(p)
    out = [p for p in out if p.cue == "dateline" or not _attribution(doc, site, p)]
    dateline = dateline_place(doc)
    if not out and dateline is not None:
        out.append(dateline)  # the dateline is the bureau's city more often than the event's: only when nothing else
    return out


def _attribution(doc: Doc, site: Site, p: PlaceMention) -> bool:
    """``p`` is a place of a sentence's attribution: in the event's sentence as seen from its trigger, in
    another sentence as seen from that sentence's root ("Soldiers returned fire, a commander in Hama said")."""
    tok = _token_at(doc, p.start)
    if tok is None:
        return False
    if p.sent == site.sent and any(a <= p.start < b for a, b in (site.clause, site.obj)):
        # Inside the trigger's own clause or object, whatever the parse hung it on, unless "according to" holds it.
        return _according(tok, doc.nlp[site.token])
    return _reporting(tok, doc.nlp[site.token] if p.sent == site.sent else tok.sent.root)


def _token_at(doc: Doc, char: int):  # type: ignore[no-untyped-def]
    span = doc.nlp.char_span(char, char + 1, alignment_mode="expand")
    return span.root if span is not None else None


def _reporting(tok, trigger) -> bool:  # type: ignore[no-untyped-def]
    """The place belongs to the attribution, not the event: it hangs on a verb of saying (or "according to")
    by a branch other than the reported content — "officials in X said", "a monitor based in X said", "told
    reporters in X", "according to sources in X" — before the path reaches the trigger's own chain. A local
    source's place ("residents of X said") is where it happened, and stays."""
    if tok.sent.start != trigger.sent.start:
        return False
    above = {a.i for a in trigger.ancestors} | {trigger.i}
    prev = tok
    for a in tok.ancestors:
        if a.lemma_.lower() in _LOCALS:
            return False
        if a.lower_ == "according":
            return True
        if a.lemma_.lower() in REPORTING_LEMMAS and prev.dep_ not in _CONTENT_DEPS:
            # The speaker's phrase ("officials in X said"), or words after the verb ("told reporters in X"); a
            # place before the verb hung on it by a preposition is the parser's misreading of the event's place
            # ("... on the front in X district, a source told the paper").
            # A place that is itself the verb's subject is a misparse too: places do not speak.
            return (prev.dep_ in _SPEAKER_DEPS and prev.i != tok.i) or tok.i > a.i
        if a.i in above:
            return False
        prev = a
    return False


def _according(tok, trigger) -> bool:  # type: ignore[no-untyped-def]
    """ "according to sources in X": an "according" on the way up from the place to the trigger."""
    for a in tok.ancestors:
        if a.i == trigger.i:
            return False
        if a.lower_ == "according":
            return True
    return False


def _quoted(doc: Doc, sent, p: PlaceMention) -> bool:
    before = doc.text[sent.start_char:p.start]
    return sum(before.count(q) for q in _QUOTES) % 2 == 1


def features(doc: Doc, site: Site, cands: list[PlaceMention]) -> np.ndarray:
    """One row of :data:`FEATURES` per candidate place."""
    sentences = doc.sentences()
    sent = sentences[site.sent]
    trigger = doc.nlp[site.token]
    focus = doc.country_focus[0] if doc.country_focus else ""
    lede = _lede(doc)
    named = Counter((p.place.location or p.text).lower() for p in doc.place_mentions if p.place is not None)
    top = max(named.values(), default=0)
    in_clause = [p for p in cands if site.clause[0] <= p.start < site.clause[1] and p.sent == site.sent]
    first_clause = min(in_clause, key=lambda p: p.start) if in_clause else None
    towns = {(p.place.country_code, p.place.admin1) for p in cands if p.sent == site.sent and p.place.resolved
             and p.place.kind == "populated_place"}
    anchors = {p.place.anchor for p in cands if p.sent == site.sent and p.place.kind == "relative"}
    earlier = {(q.start, q.end) for s, q in site.earlier if 0 <= site.sent - s <= REACH_BACK}
    rows = []
    for p in cands:
        place = p.place
        same = p.sent == site.sent and p.cue != "dateline"
        tok = _token_at(doc, p.start) if same else None
        cue = p.cue
        key = (place.location or p.text).lower()
        back = max(0, site.sent - p.sent)
        rows.append([
            p is site.rule or (site.rule is not None and (p.start, p.end) == (site.rule.start, site.rule.end)),
            same and site.obj[0] <= p.start < site.obj[1],
            same and site.clause[0] <= p.start < site.clause[1],
            p is first_clause,
            same,
            same and p.start > trigger.idx,
            math.log1p(abs(tok.i - trigger.i)) if tok is not None else 0.0,
            min(back, REACH_BACK + 1),
            p.cue != "dateline" and doc.paragraph_of(p.start) == doc.paragraph_of(trigger.idx),
            p.cue != "dateline" and p.sent == lede,
            p.cue == "dateline",
            same and p.start < trigger.idx and bool(_FRONTED.match(doc.text[sent.start_char:p.start]))
            and doc.text[p.end:p.end + 40].lstrip().startswith(","),
            cue == "in", cue in ("near", "outside", "around"), cue == "at", cue == "from", cue in DESTINATION_CUES,
            cue in ("town", "village", "city"), cue in ("area", "district", "province", "region"), not cue,
            site.violent and cue in DESTINATION_CUES,
            same and _quoted(doc, sent, p),
            place.resolved, place.confidence or 0.0, place.kind == "populated_place", place.kind == "admin1",
            place.kind == "region", place.kind == "relative", not place.resolved,
            place.geo_precision or 3,
            place.kind in ("admin1", "region") and (place.country_code, place.admin1) in towns,
            same and place.kind != "relative" and place.location in anchors,
            place.resolved and bool(focus) and place.country_code != focus,
            (p.start, p.end) in earlier,
            math.log1p(named.get(key, 0)),
            named.get(key, 0) == top and top > 1,
        ])
    return np.asarray(rows, dtype=np.float32).reshape(len(cands), len(FEATURES))


@dataclass(frozen=True)
class AttachModel:
    """Conditional logit weights over :data:`FEATURES`: score = ((x - mean) / scale) · weights."""

    weights: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    meta: dict

    def scores(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.weights


@lru_cache(maxsize=1)
def default_model() -> AttachModel | None:
    """The shipped weights, or None when there are none (the rules' choice then stands)."""
    path = packaged(MODEL_FILE, "conflictlens.events")
    return load_model(str(path)) if path is not None else None


def load_model(path: str) -> AttachModel:
    (weights, mean, scale), meta = read_ranker_file(path, FEATURES, ("weights", "mean", "scale"),
                                                    "place attachment model")
    return AttachModel(weights, mean, scale, meta)


def attach(doc: Doc, site: Site, model: AttachModel | None) -> tuple[PlaceMention | None, How]:
    """The place of the event at ``site`` and how it was found (see the module docstring for when the rules'
    choice stands). With ``model`` None (no weights shipped, or ``learned = false``) it always stands. Where the
    rules found no place, only a place of the event's own sentence is taken (one from another sentence made the
    verifier, trained on the rules' places, keep restatements and claims as separate events in our golden
    reports)."""
    if model is None:
        return site.rule, site.rule_how
    cands = candidates(doc, site)
    if not cands:
        return None, How.CONTEXT  # nothing in reach, or only the attribution's place
    rows = features(doc, site, cands)
    if site.rule is not None and cands[0] is site.rule and rule_stands(rows[0]):
        return site.rule, site.rule_how
    if site.rule is None or site.rule.cue == "dateline" or _in_dateline(doc, site.rule):
        # The rules found nothing (a place before the trigger, beside another, is out of their reach) or fell
        # back on the dateline: only a place of the event's own sentence is better.
        own = [i for i, p in enumerate(cands) if p.sent == site.sent and p.cue != "dateline"]
        if not own:
            return site.rule, site.rule_how
        cands, rows = [cands[i] for i in own], rows[own]
    best = cands[int(np.argmax(model.scores(rows)))]
    if site.rule is not None and (best.start, best.end) == (site.rule.start, site.rule.end):
        return site.rule, site.rule_how
    explicit = best.sent == site.sent and best.cue != "dateline"
    return best, How.EXPLICIT if explicit else How.CONTEXT


def rule_stands(row: np.ndarray) -> bool:
    """Given the feature row of the rules' place (still a candidate: not the attribution's, not the dateline):
    it stands unless it is a province or region beside a town of it in the event's sentence. Measured on the
    training fold (cross-validated): letting the ranker also override the rules' places in the event's sentence,
    or in other sentences, gains a few more corpus events (82.8 / 82.1 % against 81.3 % of events with the gold
    place in reach), but in our golden reports it moved events to an earlier event's town or a neighbouring one,
    where they no longer merged with their restatements, and precision fell (89.7 → 81.4 %). So the ranker fills
    the gaps: the attribution's place, the dateline, a province."""
    return not row[FEATURES.index("coarser_than_town")]
