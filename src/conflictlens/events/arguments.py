"""Who did it, to whom, and where: event arguments read from the dependency parse.

Verbs: the subject (or the passive's "by" agent) is actor1; the object, the passive subject or an
"on/against" phrase is actor2. Nouns ("an attack on", "clashes between X and Y"): the verb that governs
the noun gives actor1, its prepositions give actor2. The place is the most specific place named in the
trigger's own clause, not the first place of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..actors.spans import REPORTING
from ..document import ActorMention, PlaceMention
from .lexicon import load_lexicon

#: Words that put two actors on one side: "the army, supported by ATMIS forces".
ALLIED = re.compile(r"\b(supported by|backed by|with the support of|alongside|together with|allied|assisted by|aided by)\b", re.I)
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "agent"}
OBJECTS = {"dobj", "pobj", "attr", "oprd", "dative"}
DEFENDING_VERBS = {"repel", "repulse", "thwart", "foil", "ward", "fend", "resist", "withstand", "counter"}
TARGET_PREPS = {"on", "against", "at", "upon", "targeting", "toward", "towards"}


@dataclass
class Arguments:
    actor1: list[ActorMention]
    actor2: list[ActorMention]
    object_span: tuple[int, int]  # character span of the target/object phrase
    clause_span: tuple[int, int]


def _span(tokens) -> tuple[int, int]:
    tokens = list(tokens)
    if not tokens:
        return (0, 0)
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


def _mentions_in(mentions: list[ActorMention], span: tuple[int, int]) -> list[ActorMention]:
    return [m for m in mentions if span[0] <= m.start and m.end <= span[1]]


def _verb_of(tok):
    """The verb a noun trigger depends on ("conducted" for "conducted an attack")."""
    head = tok
    for _ in range(3):
        if head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj", "conj", "appos") and head.head.i != head.i:
            head = head.head
            if head.pos_ in ("VERB", "AUX"):
                return head
        else:
            break
    return None


def _subject_tokens(verb):
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return list(child.subtree)
        if child.dep_ == "agent":
            return list(child.subtree)
    for child in verb.children:  # passive with "by" attached as prep
        if child.dep_ == "prep" and child.lower_ == "by":
            return list(child.subtree)
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject_tokens(verb.head)  # "X attacked ... and destroyed ..." shares X
    return []


def _object_tokens(tok):
    tokens = []
    for child in tok.children:
        if child.dep_ in ("dobj", "nsubjpass", "dative", "attr"):
            tokens += list(child.subtree)
        elif child.dep_ == "prep" and child.i > tok.i and child.lower_ in TARGET_PREPS | {"between", "with", "in", "near", "to", "of"}:
            if any(g.lower_ in ("search", "pursuit", "hunt") for g in child.children):
                continue  # "raided a quarter in search of fighters": whom they looked for, not whom they hit
            tokens += list(child.subtree)
        elif child.dep_ == "prt":
            for grand in child.children:
                tokens += list(grand.subtree)
    return tokens


REPORTING_LEMMAS = REPORTING | {"quote"}  # an outlet also "quotes" its source


def is_source(nlp_doc, mention) -> bool:  # type: ignore[no-untyped-def]
    """ "Residents said the sniper fired": the residents are the source, not the shooter."""
    span = nlp_doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ in ("nsubj", "pobj") and (root.head.lemma_.lower() in REPORTING_LEMMAS or (
        root.head.lower_ == "to" and root.head.head.lower_ == "according"))


def _speaker(pronoun) -> list:  # type: ignore[no-untyped-def]
    """The subject of the verb of saying that a pronoun's clause reports ("X said it ...", "they said they ...")."""
    for ancestor in pronoun.ancestors:
        if ancestor.lemma_.lower() in REPORTING_LEMMAS:
            subject = next((c for c in ancestor.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
            return list(subject.subtree) if subject is not None else []
    return []


def _searched_for(tok) -> bool:  # type: ignore[no-untyped-def]
    """Inside "in search of X" / "in pursuit of X": someone looked for X, X was not hit."""
    return any(a.lower_ in ("search", "pursuit", "hunt") for a in tok.ancestors if a.dep_ == "pobj")


def find_arguments(tok, mentions: list[ActorMention]) -> Arguments:
    """actor1/actor2 mentions and the object and clause spans of trigger token ``tok``."""
    sent = tok.sent
    sent_mentions = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
    victim_subject = False  # the subject is the one hit, not the doer: no agent is guessed for it
    if tok.pos_ in ("VERB", "AUX"):
        subject = _subject_tokens(tok)
        obj = _object_tokens(tok)
        passive_subject = [t for c in tok.children if c.dep_ == "nsubjpass" for t in c.subtree]
        if passive_subject:
            obj = passive_subject + [t for t in obj if t not in passive_subject]
        elif any(c.dep_ == "auxpass" for c in tok.children) and not any(
                c.dep_ in ("nsubj", "agent") or (c.dep_ == "prep" and c.lower_ == "by") for c in tok.children):
            # "a soldier stepped on a mine and was killed": the subject a passive shares with its head is its victim
            obj, subject = subject + obj, []
        clause = list(tok.subtree)
    else:
        verb = _verb_of(tok)
        subject = _subject_tokens(verb) if verb is not None else []
        obj = _object_tokens(tok)
        if verb is not None and verb.lemma_.lower() in DEFENDING_VERBS:
            obj, subject = obj + subject, []  # "FAMa repelled an attack": the subject was attacked
        struck = load_lexicon().word_sets["struck_verbs"]
        runner = verb if verb is not None and tok.dep_ == "dobj" else tok.head.head if (
            tok.dep_ == "pobj" and tok.head.lower_ in ("on", "over", "into")) else None
        hit_by = runner is not None and runner.lemma_.lower() in struck
        died_in = tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during") and any(
            c.dep_ in ("nsubjpass", "auxpass") for c in tok.head.head.children)
        if hit_by or died_in:
            # "their vehicle hit a roadside bomb", "a soldier stepped on a landmine": the subject was hit; "four
            # soldiers were killed in a militant attack": the passive's subject are the attack's victims
            victims = _subject_tokens(runner) if hit_by else [
                t for c in tok.head.head.children if c.dep_ == "nsubjpass" for t in c.subtree]
            obj, subject = obj + victims, []
            victim_subject = True
        agent = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        if agent is not None and not subject:
            subject = list(agent.subtree)  # "artillery fire by an unknown party", "an attack by HTS"
            obj = [t for t in obj if t not in subject]
        subject += [t for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod") for t in c.subtree]
        clause = list(tok.subtree) + (subject if verb is not None else [])
    if len(subject) == 1 and subject[0].pos_ == "PRON" and subject[0].lower_ in ("it", "they", "we"):
        subject = _speaker(subject[0]) or subject  # "The X Brigade said it had attacked": X did
    obj = [t for t in obj if not _searched_for(t)]
    object_span = _span(obj)
    actor1 = _mentions_in(sent_mentions, _span(subject)) if subject else []
    if subject:
        # The subject's own head first: "The fighters, whom residents call ..., accused" is about the fighters.
        head = next((t for t in subject if t.dep_ in ("nsubj", "nsubjpass", "agent") or t.head not in subject), subject[0])
        actor1.sort(key=lambda m: not (m.start <= head.idx < m.end))
    actor2 = [m for m in _mentions_in(sent_mentions, object_span) if m not in actor1] if obj else []
    between = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("between", "with")), None)
    noun = _exchange_of(tok)
    if between is None and noun.pos_ == "NOUN" and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ == "VERB":
        # "Clashes broke out between X and Y", "an exchange of shelling took place between X and Y": the parser
        # hangs "between" on the verb.
        between = next((c for c in noun.head.children if c.dep_ == "prep" and c.lower_ == "between"), None)
    if between is not None and not actor1 and between.lower_ == "with":
        # "army and allied units fought with the insurgents", parsed without a subject, and "troops took X
        # after fighting with two rival factions": the side named before the trigger
        # fought the side (one or several groups) named after "with".
        actor2 = _mentions_in(sent_mentions, _span(between.subtree)) or actor2
        before = [m for m in sent_mentions if m.end <= tok.idx and m not in actor2 and not is_source(tok.doc, m)]
        actor1 = before if tok.pos_ in ("VERB", "AUX") else before[-1:]
    elif between is not None and not actor1:
        against = next((c for c in (*between.head.children, *between.subtree) if c.dep_ == "prep" and c.lower_ == "against"), None)
        others = _mentions_in(sent_mentions, _span(against.subtree)) if against is not None and between.lower_ == "between" else []
        both = [m for m in _mentions_in(sent_mentions, _span(between.subtree)) if m not in others]
        if others and both:
            actor1, actor2 = both, others  # "clashes between the regime and its militias against the rebels"
        else:
            # "between the army, backed by allied militias and foreign troops, and the insurgents":
            # allies share a side, up to the comma that closes the "supported by" phrase.
            cut = _first_side(tok.doc.text, both)
            actor1, actor2 = both[:max(cut, 1)], both[max(cut, 1):]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    if passive and (cause := _cause_of(tok)):
        # "30 people were killed in an Israeli strike", "... in an attack by gunmen": the phrase that says how they
        # died names the doer, not the victim.
        doers = [m for m in sent_mentions if cause[0] <= m.start < cause[1] and m not in actor1]
        actor1, actor2 = actor1 or doers, [m for m in actor2 if m not in doers]
    if not actor1 and not passive and tok.pos_ not in ("VERB", "AUX"):
        # "an Israeli strike", "a Russian missile attack": the attacker's adjective is part of the noun's own phrase.
        actor1 = [m for m in sent_mentions if m.start <= tok.idx < m.end and m not in actor2][:1]
    if not actor1 and passive:
        # "Eleven soldiers were killed when a Taliban suicide bomber drove into their base": the doer of the
        # clause that says how they died.
        clauses = [c for v in (tok, *(c for c in tok.children if c.dep_ == "conj")) for c in v.children]
        how = next((c for c in clauses if c.dep_ == "advcl" and any(
            m.lower_ in ("when", "as", "after") for m in c.children if m.dep_ == "advmod" or m.dep_ == "mark")), None)
        agent = [t for c in (how.children if how is not None else ()) if c.dep_ == "nsubj" for t in c.subtree]
        actor1 = [m for m in _mentions_in(sent_mentions, _span(agent)) if m not in actor2] if agent else []
    if not actor1 and not passive and not victim_subject:
        # Nearest mention before the trigger in the same sentence, the usual position of the agent in news;
        # not for passives ("five soldiers were killed"), whose agent is unnamed unless "by" names it.
        before = [m for m in sent_mentions if m.end <= tok.idx and m not in actor2 and not is_source(tok.doc, m)]
        actor1 = before[-1:] if before else []
    clause_span = _span(clause + [tok])
    return Arguments(actor1, actor2, object_span, clause_span)


def _cause_of(tok) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """The character span of a passive verb's "in/during <attack>" phrase up to its target ("in a militant attack"
    of "... in a militant attack on an army post"), or None. The attack nouns are the lexicon's ``cause_nouns``."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "during", "by"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lemma_.lower() in load_lexicon().word_sets["cause_nouns"]:
                target = {t.i for c in obj.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS for t in c.subtree}
                return _span(t for t in obj.subtree if t.i not in target)
    return None


def _exchange_of(tok):  # type: ignore[no-untyped-def]
    """ "an exchange of shelling", "exchange of rocket shelling": the noun that carries the sentence's "between"."""
    head = tok.head
    if tok.dep_ == "appos" or (tok.dep_ == "pobj" and head.lower_ == "of"):
        head = head.head if tok.dep_ == "pobj" else head
        if head.pos_ == "NOUN" and head.lemma_.lower() in ("exchange", "clash", "fighting", "battle"):
            return head
    return tok


def _first_side(text: str, both: list[ActorMention]) -> int:
    """How many of the actors named in "between X, supported by Y and Z, and W" fight on the first side: those after
    an alliance word ("supported by") up to the comma or semicolon that closes it join X."""
    allied = False
    for k in range(1, len(both)):
        gap = text[both[k - 1].end:both[k].start + 1]
        if ALLIED.search(gap):
            allied = True
        elif "," in gap or ";" in gap or not allied:
            return k
    return len(both)


def place_after(places: list[PlaceMention], trigger_end: int, sent_end: int, reach: int = 80) -> PlaceMention | None:
    """The first place named shortly after the trigger in its sentence ("attacked Mangina, a locality ...")."""
    for p in sorted(places, key=lambda p: p.start):
        if trigger_end <= p.start < min(sent_end, trigger_end + reach) and p.place is not None and p.place.kind != "country":
            return p
    return None


DESTINATION_CUES = {"to", "towards", "toward", "into"}


def choose_place(places: list[PlaceMention], scopes: list[tuple[int, int]], *, skip_destinations: bool = False) -> PlaceMention | None:
    """The most relevant place: first the object phrase, then the clause (scopes in order).

    Inside a scope, the first place that is not a bare country and not merely the anchor of a relative place
    named in the same scope ("Sakik east of Khan Sheikhoun" is coded as Sakik).
    """
    for start, end in scopes:
        inside = [p for p in places if start <= p.start and p.end <= end and p.place is not None and p.place.kind != "country"
                  and not (skip_destinations and p.cue in DESTINATION_CUES)]
        anchors = {p.place.anchor for p in inside if p.place.kind == "relative"}
        inside = [p for p in inside if not (p.place.location in anchors and p.place.kind != "relative")]
        if inside:
            finer = [p for p in inside if (p.place.geo_precision or 9) <= 2]
            return _qualified_town((finer or inside)[0], places)
    return None


def _qualified_town(chosen: PlaceMention, places: list[PlaceMention]) -> PlaceMention:
    """ "in Campinas, São Paulo, police ...": a province named right after a town only says where the town is;
    the event is in the town (the parse often leaves a fronted town outside the clause)."""
    if chosen.place is None or chosen.place.kind not in ("admin1", "region"):
        return chosen
    town = next((p for p in places if p.place is not None and p.place.resolved and p.place.kind == "populated_place"
                 and 0 <= chosen.start - p.end <= 2 and p.place.country_code == chosen.place.country_code), None)
    return town or chosen
