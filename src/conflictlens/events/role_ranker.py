"""Which actor mention in reach of an event is its actor1, and which its actor2: the actor-role ranker.

The rules (``arguments.find_arguments`` in the parse, then ``roles``, ``initiator_first`` and ``losing_side``) split
an event mention's actors into two sides. The actor mentions in reach of the event are its candidates: those of the
trigger's sentence and those the rules put on a side from elsewhere (a reference to an earlier event). For each
slot a conditional logit scores every candidate and the "none" option from a feature vector: where the mention
stands against the trigger (before or after, token distance, inside the trigger's clause or object), its relation
to the trigger in the parse (subject, passive subject, object, the object of "by", "against", "with", "of"), cues
in the text ("by" right before it, an alliance word, inside a quote, the speaker of a verb of saying), the actor's
type (also against the event type: civilians in violence against civilians), whether the knowledge base knows it,
and where the rules put it. Actor2 is chosen after actor1, among the other names, with a feature for an alliance
word between the two. Weights in ``events/data/role_ranker.npz``, fitted by ``bench/train_roles.py --write`` on
our corpus' training fold; inference is a dot product. Without the weights file, or with ``learned = false``, the
rules' sides stand.

The rules' choice stands where they have one: the ranker fills actor1 when the rules leave it empty or name
civilians (never with the rules' actor2: "FAMa repelled an attack" keeps its unnamed attacker), and actor2 when
they leave it empty. Cross-validated on the training fold this is as good as the ranker alone (actor1 57.1 against
57.2 %, actor2 62.5 against 61.7 %), and in our golden reports the ranker alone emptied or turned round sides the
rules had right. ACLED's battle order (``roles.initiator_first``) and conventions (``actors/conventions.py``) are
applied after, as before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..document import ActorMention, Doc, EventMention
from ..learn.linear import packaged, read_ranker_file
from ..model import ActorType
from .arguments import ALLIED, REPORTING_LEMMAS, is_source
from .typing import STATE_FORCES

MODEL_FILE = "role_ranker.npz"
#: Crowd events keep ``event_actors.crowd_roles``: the crowd is actor1 by ACLED's definition.
SKIPPED_TYPES = frozenset({"Protests", "Riots"})
_QUOTES = ('"', "\u201c", "\u201d")
_TARGET_PREPS = {"against", "on", "at", "upon", "targeting", "toward", "towards", "into"}
_PAIR_PREPS = {"with", "between"}
_WALK_DEPS = {"compound", "amod", "appos", "conj", "nmod", "cc", "det", "nummod", "punct"}
_TYPES = (("state", ActorType.STATE), ("rebel", ActorType.REBEL), ("political_militia", ActorType.POLITICAL_MILITIA),
          ("identity_militia", ActorType.IDENTITY_MILITIA), ("crowd_rioters", ActorType.RIOTERS),
          ("crowd_protesters", ActorType.PROTESTERS), ("civilians", ActorType.CIVILIANS),
          ("external", ActorType.EXTERNAL))
_EVENT_TYPES = (("battle", "Battles"), ("remote", "Explosions/Remote violence"), ("vac", "Violence against civilians"),
                ("strategic", "Strategic developments"))

FEATURES = (
    "rule_first1", "rule_side1", "rule_first2", "rule_side2",
    "same_sentence", "before_trigger", "log_token_distance", "first_candidate", "in_clause", "in_object",
    "dep_subject", "dep_passive_subject", "dep_object", "dep_by", "dep_target", "dep_pair", "dep_of", "dep_modifier",
    "dep_other", "governed_by_trigger", "in_trigger_subtree",
    "by_before", "allied_before", "allied_with_chosen", "quoted", "speaker", "passive_trigger_before",
    "subject_on_side2", "object_on_side1",
    *(f"type_{name}" for name, _ in _TYPES), "type_none",
    "generic", "kb_known", "unknown_to_kb", "unidentified", "log_same_name",
    *(f"civilians_x_{name}" for name, _ in _EVENT_TYPES), *(f"state_x_{name}" for name, _ in _EVENT_TYPES),
    *(f"armed_x_{name}" for name, _ in _EVENT_TYPES),
    "none", "none_rule_empty", *(f"none_x_{name}" for name, _ in _EVENT_TYPES), "none_passive",
)
_INDEX = {name: i for i, name in enumerate(FEATURES)}
_ARMED = {ActorType.STATE, ActorType.REBEL, ActorType.POLITICAL_MILITIA, ActorType.IDENTITY_MILITIA, ActorType.EXTERNAL}


def candidates(doc: Doc, mention: EventMention, side1: list[ActorMention],
               side2: list[ActorMention]) -> list[ActorMention]:
    """The actor mentions in reach of ``mention``: its sentence's and those on the rules' sides, in text order,
    one per span."""
    seen, out = set(), []
    pool = doc.actors_in_sentence(mention.sent) if 0 <= mention.sent < len(doc.sentences()) else []
    # The speaker of a reporting verb ("..., Israeli police said") tells of the event and takes no side in it,
    # unless the rules put it on one ("the army said it had killed ...").
    pool = [m for m in pool if doc.nlp is None or not is_source(doc.nlp, m)]
    for m in [*pool, *side1, *side2, *mention.actor1, *mention.actor2]:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return sorted(out, key=lambda m: m.start)


def _root(doc: Doc, start: int, end: int):  # type: ignore[no-untyped-def]
    span = doc.nlp.char_span(start, end, alignment_mode="expand") if doc.nlp is not None else None
    return span.root if span is not None and len(span) else None


def _function(tok):  # type: ignore[no-untyped-def]
    """The token that carries the mention's function in the clause: up through compounds, appositions and
    conjuncts ("the army and allied militias" share the subject's function)."""
    for _ in range(4):
        if tok.dep_ in _WALK_DEPS and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    return tok


def _dependency(tok) -> str:  # type: ignore[no-untyped-def]
    dep = tok.dep_
    if dep in ("nsubj", "csubj"):
        return "dep_subject"
    if dep == "nsubjpass":
        return "dep_passive_subject"
    if dep in ("dobj", "dative", "attr", "oprd"):
        return "dep_object"
    if dep == "pobj":
        prep = tok.head.lower_
        if prep == "by" or tok.head.dep_ == "agent":
            return "dep_by"
        if prep in _TARGET_PREPS:
            return "dep_target"
        if prep in _PAIR_PREPS:
            return "dep_pair"
        return "dep_of" if prep == "of" else "dep_other"
    if dep in ("poss", "compound", "amod", "nmod"):
        return "dep_modifier"
    return "dep_other"


def _speaker(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "Residents said", "according to the army": the source of the report, not a side."""
    return (tok.dep_ == "nsubj" and tok.head.lemma_.lower() in REPORTING_LEMMAS) or (
        tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according")


def _quoted(doc: Doc, start: int, m: ActorMention) -> bool:
    before = doc.text[start:m.start]
    return sum(before.count(q) for q in _QUOTES) % 2 == 1


def allied(doc: Doc, a: ActorMention, b: ActorMention) -> bool:
    first, second = sorted((a, b), key=lambda m: m.start)
    return 0 <= second.start - first.end <= 80 and bool(ALLIED.search(doc.text[first.end:second.start + 1]))


def _trigger(doc: Doc, mention: EventMention):  # type: ignore[no-untyped-def]
    site = getattr(mention, "site", None)
    if site is not None and doc.nlp is not None and 0 <= site.token < len(doc.nlp):
        return doc.nlp[site.token]
    return _root(doc, mention.trigger_start, mention.trigger_end)


def features(doc: Doc, mention: EventMention, cands: list[ActorMention], side1: list[ActorMention],
             side2: list[ActorMention], slot: int = 1, chosen: ActorMention | None = None) -> np.ndarray:
    """One row of :data:`FEATURES` per candidate, then the "none" row last, for ``slot`` 1 or 2; ``chosen`` is
    the event's actor1 when actor2 is scored."""
    trigger = _trigger(doc, mention)
    sents = doc.sentences()
    sent_start = sents[mention.sent].start_char if 0 <= mention.sent < len(sents) else 0
    passive = trigger is not None and any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
    subtree = {t.i for t in trigger.subtree} if trigger is not None else set()
    site = getattr(mention, "site", None)
    clause = site.clause if site is not None else mention.scope
    obj = site.obj if site is not None else (0, 0)
    names: dict[str, int] = {}
    for m in cands:
        names[m.actor.name] = names.get(m.actor.name, 0) + 1
    first1 = side1[0] if side1 else None
    first2 = side2[0] if side2 else None
    spans1 = {(m.start, m.end) for m in side1}
    spans2 = {(m.start, m.end) for m in side2}
    rows = np.zeros((len(cands) + 1, len(FEATURES)), dtype=np.float32)
    for k, m in enumerate(cands):
        row = rows[k]
        same = m.sent == mention.sent
        tok = _root(doc, m.start, m.end) if same else None
        head = _function(tok) if tok is not None else None
        values = {
            "rule_first1": first1 is not None and (m.start, m.end) == (first1.start, first1.end),
            "rule_side1": (m.start, m.end) in spans1,
            "rule_first2": first2 is not None and (m.start, m.end) == (first2.start, first2.end),
            "rule_side2": (m.start, m.end) in spans2,
            "same_sentence": same,
            "before_trigger": m.start < mention.trigger_start,
            "log_token_distance": math.log1p(abs(tok.i - trigger.i)) if tok is not None and trigger is not None else 0.0,
            "first_candidate": k == 0,
            "in_clause": same and clause[0] <= m.start < clause[1],
            "in_object": same and obj[0] <= m.start < obj[1],
            "governed_by_trigger": head is not None and trigger is not None and (
                head.head.i == trigger.i or (head.head.dep_ in ("prep", "agent") and head.head.head.i == trigger.i)),
            "in_trigger_subtree": tok is not None and tok.i in subtree,
            "by_before": doc.text[max(0, m.start - 4):m.start].lower().rstrip().endswith(" by")
            or doc.text[max(0, m.start - 8):m.start].lower().rstrip().endswith(" by the"),
            "allied_before": bool(ALLIED.search(doc.text[max(0, m.start - 40):m.start])),
            "allied_with_chosen": chosen is not None and allied(doc, chosen, m),
            "quoted": same and _quoted(doc, sent_start, m),
            "speaker": head is not None and _speaker(head),
            "passive_trigger_before": passive and m.start < mention.trigger_start,
            "generic": m.generic,
            "kb_known": bool(m.actor.kb_id),
            "unknown_to_kb": m.actor.unknown_to_kb,
            "unidentified": m.actor.name.startswith("Unidentified"),
            "log_same_name": math.log(names[m.actor.name]),
        }
        if head is not None:
            dependency = _dependency(head)
            values[dependency] = True
            # The rules turned the parse round ("FAMa repelled an attack", "a truck struck an IED"): they know why.
            values["subject_on_side2"] = dependency == "dep_subject" and (m.start, m.end) in spans2
            values["object_on_side1"] = dependency in ("dep_object", "dep_target", "dep_passive_subject") \
                and (m.start, m.end) in spans1
        for name, kind in _TYPES:
            values[f"type_{name}"] = m.actor.type == kind
        values["type_none"] = m.actor.type is None
        for name, event_type in _EVENT_TYPES:
            on = mention.event_type == event_type
            values[f"civilians_x_{name}"] = on and m.actor.type == ActorType.CIVILIANS
            values[f"state_x_{name}"] = on and m.actor.type in (ActorType.STATE, ActorType.EXTERNAL)
            values[f"armed_x_{name}"] = on and m.actor.type in _ARMED
        for name, value in values.items():
            row[_INDEX[name]] = float(value)
    none = rows[len(cands)]
    none[_INDEX["none"]] = 1.0
    none[_INDEX["none_rule_empty"]] = float(not (side1 if slot == 1 else side2))
    for name, event_type in _EVENT_TYPES:
        none[_INDEX[f"none_x_{name}"]] = float(mention.event_type == event_type)
    none[_INDEX["none_passive"]] = float(passive)
    return rows


@dataclass(frozen=True)
class RoleModel:
    """Conditional logit weights over :data:`FEATURES` for each slot: score = ((x - mean) / scale) · weights."""

    weights1: np.ndarray
    weights2: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    meta: dict

    def scores(self, x: np.ndarray, slot: int) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ (self.weights1 if slot == 1 else self.weights2)


@lru_cache(maxsize=1)
def default_model() -> RoleModel | None:
    """The shipped weights, or None when there are none (the rules' sides then stand)."""
    path = packaged(MODEL_FILE, "conflictlens.events")
    return load_model(str(path)) if path is not None else None


def load_model(path: str) -> RoleModel:
    arrays = ("weights1", "weights2", "mean", "scale")
    (weights1, weights2, mean, scale), meta = read_ranker_file(path, FEATURES, arrays, "actor-role model")
    return RoleModel(weights1, weights2, mean, scale, meta)


def choose(doc: Doc, mention: EventMention, side1: list[ActorMention], side2: list[ActorMention],
           model: RoleModel, *, rules_stand: bool = True) -> tuple[ActorMention | None, ActorMention | None]:
    """The ranker's actor1 and actor2 mentions (None: no actor in that slot). With ``rules_stand`` the rules'
    actor1 stands unless they have none or civilians, and their actor2 unless they have none (or it is actor1's
    name): the ranker fills the gaps."""
    cands = candidates(doc, mention, side1, side2)
    if rules_stand and side1 and side1[0].actor.type != ActorType.CIVILIANS:
        first: ActorMention | None = side1[0]
    else:
        scores = model.scores(features(doc, mention, cands, side1, side2), 1)
        if rules_stand and side2:
            # The rules' actor2 stays the target: "FAMa repelled an attack" leaves the attacker unnamed.
            scores[[k for k, m in enumerate(cands) if m.actor.name == side2[0].actor.name]] = -np.inf
        first = _best(scores, cands)
    others = [m for m in cands if first is None or m.actor.name != first.actor.name]
    if rules_stand and side2 and side2[0] in others:
        return first, side2[0]
    second = _best(model.scores(features(doc, mention, others, side1, side2, 2, first), 2), others)
    return first, second


def _best(scores: np.ndarray, cands: list[ActorMention]) -> ActorMention | None:
    k = int(np.argmax(scores))
    return cands[k] if k < len(cands) else None


def ranked_sides(doc: Doc, mention: EventMention, side1: list[ActorMention], side2: list[ActorMention],
                 model: RoleModel | None) -> tuple[list[ActorMention], list[ActorMention]]:
    """The sides with the ranker's actor1 and actor2 first (see :func:`choose`); the rules' associated actors stay
    on their side unless the ranker moved them. With ``model`` None, or for crowd events, the rules' sides."""
    if model is None or mention.event_type in SKIPPED_TYPES or doc.nlp is None:
        return side1, side2
    first, second = choose(doc, mention, side1, side2, model)
    if not side1 and first is not None and mention.sub_event_type == "Air/drone strike" and mention.plover_mode != "drone" \
            and first.actor.type not in STATE_FORCES:
        # Aircraft are a state's: a group the rules did not name as the doer of an air strike is no guess for it
        # ("a fighter jet dropped bombs ... as villagers gathered for the opening of the NUG's office").
        first = None
    taken = {m.actor.name for m in (first, second) if m is not None}
    new1 = [first, *(m for m in side1 if m.actor.name not in taken)] if first is not None else []
    new2 = [second, *(m for m in side2 if m.actor.name not in taken)] if second is not None else []
    return new1, new2
