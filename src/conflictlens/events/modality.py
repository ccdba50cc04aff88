"""The status a text gives an event: asserted, claimed, denied, threatened, planned, hypothetical, negated,
historical. Only asserted and claimed events are exported by default; the rest are kept out of the data
because they did not (yet) happen, or happened long before the report.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Modality
from .lexicon import load_lexicon

ALLEGE_VERBS = {"accuse", "charge", "suspect", "blame", "allege", "convict", "indict"}
THREAT_VERBS = {"threaten", "warn", "vow", "pledge"}
PLAN_VERBS = {"plan", "intend", "prepare", "seek", "aim", "want", "try", "attempt", "expect", "plot", "call", "urge", "demand"}
DENY_VERBS = {"deny", "reject", "refute", "dismiss"}
OPERATION_WORDS = {"offensive", "operation", "campaign", "push", "drive", "mission", "launch", "bid", "effort", "attempt",
                   "attack", "assault", "advance", "raid"}
CLAIM_WORDS = {"claim", "claimed", "responsibility"}
def _operation(tok) -> bool:  # type: ignore[no-untyped-def]
    """An operation word whose aim ("to retake") is not yet done; "a drive to retake" is one, "farmers drove
    tractors into the capital to protest" a journey that was the protest (the lexicon's motion verbs)."""
    lemma = tok.lemma_.lower()
    return lemma in OPERATION_WORDS and not (lemma in load_lexicon().word_sets["motion_verbs"] and tok.pos_ == "VERB")


HYPOTHETICAL_MARKERS = {"if", "would", "could", "might", "may", "unless", "should"}
HABITUAL = {"regularly", "often", "frequently", "repeatedly", "routinely", "usually", "constantly", "habitually", "sometimes"}
ANTICIPATION = {"anticipation", "expectation", "prospect", "ahead", "eve", "fear", "fears", "run-up"}
CASUALTY_ROOTS = {"sustain", "suffer", "die", "injure", "wound", "hurt", "hospitalize", "hospitalise"}  # "hurt after X struck"
# Main verbs that react to the event of an "after" clause, which is then the news, not background.
REACTION_ROOTS = {"boost", "step", "beef", "tighten", "heighten", "deploy", "impose", "erupt", "break", "flare", "spark",
                  "intensify", "rush", "mount", "launch", "increase", "reinforce"}
RECENT = re.compile(r"\b(yesterday|last night|the night before|overnight|earlier (today|this week|in the day)|this morning|"
                    r"hours (earlier|before)|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b", re.I)
# An attack cited as the reason for a diplomatic step ("diplomats expelled after a nerve agent attack") is history.
DIPLOMACY = re.compile(r"\b(diplomat\w*|expel\w*|expulsion|sanction\w*|embass(y|ies)|ambassador\w*|envoys?|summon\w*|"
                       r"consulates?|persona non grata|foreign minist\w*)\b", re.I)
NEGATIONS = {"no", "not", "never", "neither", "nor", "without", "n't"}
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_HISTORY = re.compile(r"\b(anniversary|commemorat\w*|in memory of|years ago|decades ago|since the|during the \d{4}|in \d{4})\b", re.I)


def modality_of(tok, published: dt.date | None, triggers: frozenset[str] = frozenset()) -> tuple[Modality, str]:
    """Modality of the trigger token and the word that set it ("" when asserted).

    ``triggers`` are the lexicon's trigger lemmas, used to tell a background clause ("... after they lost
    their bases in battle") from a main event ("... were killed after militants attacked").
    """
    # Negation on the trigger itself, or a "no" determiner on a noun trigger ("no clashes were reported").
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return Modality.NEGATED, child.text
    if tok.head.i != tok.i and any(c.dep_ == "neg" for c in tok.head.children) and tok.dep_ in ("dobj", "nsubjpass", "nsubj"):
        return Modality.NEGATED, "not"
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return Modality.NEGATED, "without"  # "took the town without a fight"
    if _cited(tok):
        return Modality.HISTORICAL, "cited"
    # "a failed attempt to regain", "a bid to capture": tried, not done.
    if tok.head.i != tok.i and tok.head.lemma_.lower() in ("attempt", "bid", "effort", "plan", "plot") and tok.dep_ in ("acl", "xcomp", "relcl"):
        return Modality.PLANNED, tok.head.text
    # "launched an offensive to retake Mosul": the aim of an operation, not (yet) its result.
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        aim = tok.head if tok.head.lemma_.lower() in OPERATION_WORDS else tok.doc[tok.i - 2] if tok.i >= 2 else tok
        if _operation(aim) and (aim.i == tok.head.i or tok.doc[tok.i - 1].lower_ == "to"):
            return Modality.PLANNED, aim.text  # the parse may hang "to capture" elsewhere: "attack to capture" is read as is
        # "an offensive by the insurgents to retake the hill", "a push by the army to
        # win back the town": the aim a few words after the operation, however the parse hangs it.
        if tok.head.lemma_.lower() not in ("able", "manage", "succeed") and tok.dep_ in ("acl", "advcl", "xcomp", "relcl"):
            before = tok.doc[max(tok.sent.start, tok.i - 12):tok.i]
            if (aim := next((t for t in reversed(before) if _operation(t)), None)) is not None:
                return Modality.PLANNED, aim.text
    # Verbs above the trigger: "threatened to attack", "denied attacking", "planned to storm".
    node = tok
    for _ in range(6):
        if node.head.i == node.i:
            break
        child, node = node, node.head
        lemma = node.lemma_.lower()
        if lemma in ALLEGE_VERBS and child.dep_ in ("prep", "pcomp", "pobj", "xcomp", "ccomp") or (
                lemma == "of" and node.head.lemma_.lower() in ALLEGE_VERBS):
            return Modality.ALLEGED, node.text
        if lemma in THREAT_VERBS:
            return Modality.THREATENED, node.text
        if lemma in DENY_VERBS:
            return Modality.DENIED, node.text
        if lemma in PLAN_VERBS and child.dep_ in ("xcomp", "ccomp", "dobj"):
            return Modality.PLANNED, node.text
        if child.dep_ == "advcl" and any(m.lower_ == "if" for m in child.children):
            return Modality.HYPOTHETICAL, "if"
    for child in tok.children:
        if child.dep_ == "aux" and child.lower_ in HYPOTHETICAL_MARKERS:
            return Modality.HYPOTHETICAL, child.text
        if child.dep_ == "mark" and child.lower_ in ("if", "unless"):
            return Modality.HYPOTHETICAL, child.text
        if child.dep_ == "aux" and child.lower_ in ("will", "shall"):
            return Modality.PLANNED, child.text
    # "Rifts have arisen after they lost their bases in battle": a prior event given as background.
    # But "Police boosted their presence after shops were looted the night before": the reaction to an event
    # just told, or an event dated just before, is the news.
    for ancestor in [tok, *tok.ancestors]:
        if ancestor.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("after", "since", "following") for c in ancestor.children):
            root = tok.sent.root
            recent = RECENT.search(" ".join(t.text for t in ancestor.subtree))
            root_lemma = root.lemma_.lower()
            if root_lemma not in triggers and root_lemma not in CASUALTY_ROOTS and root_lemma not in REACTION_ROOTS and not recent:
                return Modality.HISTORICAL, "background clause"
            break
    # "an offensive that had previously involved air strikes": an earlier phase told as background.
    if any(c.dep_ == "advmod" and c.lower_ in ("previously", "formerly") for t in [tok, *list(tok.ancestors)[:3]]
           for c in t.children):
        return Modality.HISTORICAL, "previously"
    # "in anticipation of more demonstrations", "ahead of nationwide marches": events still to come.
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in ANTICIPATION:
        return Modality.PLANNED, tok.head.head.text
    # Habits and generalities ("both sides regularly accuse each other") are no dated event.
    if any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in tok.children):
        return Modality.HISTORICAL, "habitual"
    # "the target of an offensive since early 2021": an ongoing background situation, not a new event.
    # But "Turkish forces have established 56 observation points since October": the trigger's own perfect tense
    # with a "since" date tells what was done (a year before publication makes it history below).
    perfect = tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children) and \
        any(c.dep_ == "prep" and c.lower_ == "since" for c in tok.children)
    # A "since" clause under a simple past ("parents protested, since classes were suspended") gives a cause, and
    # a "since" phrase inside a side clause ("..., denouncing the stoppage since the start of the outbreak") dates
    # that clause only: neither makes the trigger background.
    for node in [tok, *list(tok.ancestors)[:3]]:
        durative = any(c.dep_ == "aux" and (c.lemma_ == "have" or c.tag_ == "VBG") for c in node.children) or \
            node.tag_ == "VBG" or node.lemma_ == "be" or any(c.lemma_ == "be" and c.dep_ in ("aux", "auxpass") for c in node.children)
        since = any(c.dep_ in ("prep", "mark") and c.lower_ == "since" for c in node.children) or (durative and any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children) for c in node.children))
        if since and not (perfect and node.i == tok.i and not any(c.dep_ == "advcl" for c in tok.children)):
            return Modality.HISTORICAL, "since"
    # "has fought for more than 15 years": a duration makes it a state of affairs, not a dated event.
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "for" and any(
                t.lower_ in ("years", "decades", "months", "weeks") for t in child.subtree):
            return Modality.HISTORICAL, "duration"
    # History: a year before the publication year attached to the trigger ("the 2013 chemical attack").
    # The trigger's own clause, without clauses embedded in it ("... which began in October 2017").
    embedded = {t.i for c in tok.children if c.dep_ in ("relcl", "ccomp", "advcl", "acl") for t in c.subtree}
    phrase = " ".join(t.text for t in tok.subtree if t.i not in embedded)
    if tok.dep_ in ("attr", "advcl", "relcl", "acomp") and tok.head.lemma_ == "be":
        # "Jenin was the target of an operation in July 2023": the date sits on the copula.
        phrase += " " + " ".join(t.text for t in tok.head.subtree)
    years = [int(y) for y in YEAR.findall(phrase)]
    if years and published is not None and max(years) < published.year:
        return Modality.HISTORICAL, str(max(years))
    if tok.pos_ == "NOUN" and _HISTORY.search(tok.sent.text) and (published is None or years):
        return Modality.HISTORICAL, "history"
    # "X claimed responsibility for the attack" keeps the event, marked as a claim.
    for ancestor in tok.ancestors:
        if ancestor.lemma_.lower() == "claim" or any(c.lower_ == "responsibility" for c in ancestor.children):
            return Modality.CLAIMED, ancestor.text
    return Modality.ASSERTED, ""


def _cited(tok) -> bool:  # type: ignore[no-untyped-def]
    """A noun trigger given as the reason of a diplomatic step ("expelled after a nerve agent attack", "sanctions
    on officials responsible for chemical attacks") or of a move "in response to the alleged attack"."""
    reason = (tok.pos_ == "NOUN" and tok.dep_ == "pobj") or (tok.tag_ == "VBG" and tok.dep_ in ("pcomp", "pobj"))
    if reason and tok.head.lower_ in ("after", "following", "over", "for", "to") \
            and (bool(DIPLOMACY.search(tok.sent.text)) or any(c.lower_ == "alleged" for c in tok.children)):
        return True  # also a gerund: "sanctions against officials responsible for jailing a critic"
    return _reacted_to(tok) or _disputed_responsibility(tok)


REACTION_VERBS = {"condemn", "denounce", "deplore", "decry", "criticize", "criticise", "mourn", "investigate", "probe",
                  "regret", "lament", "slam", "protest"}
DISPUTE_VERBS = {"deny", "reject", "dismiss", "refute", "accuse", "blame", "hold", "allege", "suspect", "question"}


def _definite(tok) -> bool:  # type: ignore[no-untyped-def]
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those", "last"))
               for c in tok.children)


def _reacted_to(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "The foreign minister condemned the rocket attack and summoned the ambassador": an attack already known,
    named as the object of a reaction (condemned, mourned, investigated), is not a new event."""
    return tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in REACTION_VERBS and _definite(tok)


def _disputed_responsibility(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "said his men had no part in the attack", "blamed X for the attack": who
    did an attack already known is disputed; the attack is not reported anew (a claim of responsibility is kept)."""
    if not (tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "for" and _definite(tok)):
        return False
    if tok.head.head.lemma_.lower() not in ("responsible", "responsibility", "blame"):
        return False
    return any(a.lemma_.lower() in DISPUTE_VERBS for a in tok.head.head.ancestors) or \
        any(c.lemma_.lower() in DISPUTE_VERBS for c in tok.head.head.children)
