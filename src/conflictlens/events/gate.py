"""Whether a trigger's sentence is about organised violence or unrest at all (sport, business and disasters
are not)."""

from __future__ import annotations

import re

from ..model import ActorType
from .typing import ARMED, PLAIN_PEOPLE, Context, load_lexicon
from .conventions import MONITOR  # noqa: I001  (after typing, which it imports)
from .crowd import crowd_fight

WEAPON_CUES = ("air", "shelling", "ied", "grenade", "suicide", "chemical")
PERSON_HARM = {"kill", "shoot", "murder", "stab", "behead", "execute", "assassinate", "gun", "slaughter", "hack"}
CROWD_CLASSES = {"protest", "riot", "arrest"}
GUNFIGHT = {"shootout", "gunfight", "firefight"}
SPORT = re.compile(r"\b(penalt\w*|match|game|goals?|league|cup|final|tournament|team)\b", re.I)
SEVERAL_BLASTS = re.compile(r"\b(several|multiple|series of|number of|two|three|four|five|\d+)\s+(loud\s+|powerful\s+)?(explosions|blasts)\b", re.I)
CUSTODY = re.compile(r"\b(prison|prisoners?|jail|custody|detention|detained|police station|cell|bod(y|ies)|dead|died|killed|confined)\b", re.I)
PROPERTY_HARM = {"loot", "looting", "torch", "burn", "fire", "destroy", "destruction", "vandalize", "vandalise", "ransack",
                 "plunder", "pillage", "raze", "demolish", "arson", "vandalism"}


def has_conflict_context(cls: str, ambiguous: bool, ctx: Context, sent_actors: list, doc_armed: bool) -> bool:
    """Whether the sentence is about organised violence or unrest at all (sport and business are not).

    Crowd events need a crowd, an authority or protest words in the sentence. Violence needs an armed actor in
    the sentence, or a weapon that only wars use (a grenade, an IED, an air strike, a suicide bomber), or, in
    an article about armed actors, a weapon or a death next to someone named.
    """
    lexicon = load_lexicon()
    if cls in ("violence", "looting", "disrupt") and ctx.has("disaster", "sentence") and not ctx.armed_in_sentence:
        return False  # "an earthquake killed eight", "a fire destroyed the market"
    if cls in ("violence", "looting") and ctx.has("mob", "sentence") and sent_actors:
        return True  # a mob burning houses is unrest whoever is named
    if ctx.lemma in PROPERTY_HARM and ctx.agentive and ctx.has("property_words", "clause") and (
            ctx.lemma in ("loot", "looting", "torch", "vandalize", "vandalise", "ransack", "plunder", "pillage")
            or ctx.has("unrest", "window")):
        return True  # shops looted, cars torched, houses burned or destroyed in unrest
    if cls == "territory" and ctx.has("capture_words") and (ctx.has("state_side", "subject") or ctx.has("nonstate_side", "subject")):
        return True  # "rebels have taken over four villages": the subject names an armed side
    if cls == "agree" and ctx.has("peace_process", "sentence"):
        return True  # peace talks, a ceasefire, a prisoner exchange
    if cls == "violence" and ctx.lemma == "exchange" and ctx.has("peace_process", "sentence"):
        return True  # an exchange of prisoners (typed as an agreement)
    if cls == "violence" and ctx.has("mob_people", "subject") and ctx.has("crude_weapons", "sentence"):
        return True  # "villagers clashed using sticks and iron rods": mob violence
    if cls == "violence" and not ctx.has("disaster", "sentence") and (
            MONITOR.search(ctx.sentence) or (ctx.lemma in GUNFIGHT and not SPORT.search(ctx.sentence))
            or (ctx.lemma in ("explosion", "blast") and SEVERAL_BLASTS.search(ctx.sentence))
            or (ctx.lemma == "torture" and CUSTODY.search(ctx.window)) or crowd_fight(ctx) is not None):
        return True  # monitors' counts of fire, a shoot-out, several explosions, torture in custody or on a body
    if cls in ("abduct", "sexual"):
        return bool(sent_actors) and doc_armed or ctx.lemma in ("abduct", "kidnap", "rape", "raped", "raping", "molest", "molested")
    if cls in CROWD_CLASSES:
        return bool(sent_actors) or (cls == "riot" and ctx.has("mob", "sentence")) or ctx.lemma in ("protest", "demonstrate", "demonstration", "riot", "arrest", "detain", "motorcade") \
            or bool(lexicon.cues["protest_context"].search(ctx.sentence))
    if ctx.armed_in_sentence:
        return True
    if cls == "violence" and ctx.lemma in PERSON_HARM and ctx.agentive and not ctx.relative and PLAIN_PEOPLE.search(ctx.obj) \
            and lexicon.cues["fatality_words"].search(ctx.window) and not lexicon.cues["disaster"].search(ctx.sentence):
        return True  # "three traders were shot by unknown men; one died": people killed or shot by someone
    if cls in ("disrupt", "territory") and lexicon.cues["drone_weapon"].search(ctx.obj):
        return True  # "weapons were seized", "the IED was defused": the weapon is the context
    if cls == "looting" and ctx.lemma in ("loot", "looting", "plunder", "pillage", "ransack"):
        return True
    if lexicon.cues["war_weapons"].search(ctx.sentence):
        return True
    weapon = any(lexicon.cues[name].search(ctx.sentence) for name in WEAPON_CUES)
    casualties = bool(lexicon.cues["fatality_words"].search(ctx.sentence))
    if ctx.lemma in GUNFIGHT and any(ctx.has(c, "sentence") for c in SIDE_CUES):
        return True  # "a gunfight between raiders and troops", whether or not the actors were resolved
    if ambiguous:
        # "shot" is sport unless the article is about armed actors and the sentence has a weapon or a death.
        return doc_armed and (weapon or (casualties and bool(sent_actors)))
    return (weapon or casualties) and (bool(sent_actors) or doc_armed)


#: The classifier's lowest probability per ACLED event type, from 5-fold cross-validation on the examples (the
#: share of right types among its confident guesses on sentences the rules left untyped): its Battles and
#: Violence against civilians guesses below 0.9 were mostly wrong; its explosions, protests and riots above 0.7
#: mostly right.
CLASSIFIER_MIN = {"Battles": 0.9, "Violence against civilians": 0.9, "Strategic developments": 0.75,
                  "Explosions/Remote violence": 0.7, "Protests": 0.7, "Riots": 0.7}
CROWD_CUES = ("protest_context", "riot_violence", "mob", "crowd_control")
SIDE_CUES = ("armed_side", "state_side", "nonstate_side")


def classifier_choice(ranked: list[tuple[str, float]], text: str, *, armed: bool, crowd: bool, named: bool,
                      window: str = "", minimum: float | None = None) -> tuple[str, float] | None:
    """The classifier's sub-event type for a sentence the rules left untyped, or None.

    ``ranked`` is the classifier's (label, probability) list; ``armed``, ``crowd`` and ``named`` say whether the
    sentence names an armed actor, protesters or rioters, anyone at all; ``window`` is the sentence with its
    neighbours. The most probable label is taken only when the sentence has the words its type needs
    (``classifier_evidence`` in the lexicon: a chemical word for a chemical attack; else the next label is
    tried), the probability reaches its family's minimum, and the sentence carries a sign of conflict fitting the
    family: an armed side or a war weapon for violence, a crowd for protests and riots, an armed side or a weapon
    (or peace words for an agreement) for strategic developments. Fires, floods and accidents (in the sentence or
    its neighbours) without an armed actor or a war weapon stay none. ``minimum`` replaces the per-family minimums
    (the learned typer proposes more freely: the event verifier decides).
    """
    from ..ontology import acled_subtypes

    lexicon = load_lexicon()

    def has(*cues: str) -> bool:
        return any(lexicon.cues[c].search(text) for c in cues)

    weapon = has("war_weapons", *WEAPON_CUES)
    if lexicon.cues["disaster"].search(window or text) and not (armed or has("war_weapons")):
        return None
    sides = armed or has(*SIDE_CUES)
    crowd = crowd or has(*CROWD_CUES)
    for label, probability in ranked:
        if label == "none":
            return None
        evidence = lexicon.evidence.get(label)
        if evidence is not None and not evidence.search(text):
            continue
        family = acled_subtypes()[label].event_type
        if probability < (CLASSIFIER_MIN.get(family, 0.8) if minimum is None else minimum):
            return None
        if family in ("Protests", "Riots"):
            signal = crowd or (sides and has("fatality_words"))
        elif family in ("Battles", "Explosions/Remote violence"):
            signal = weapon or sides
        elif family == "Violence against civilians":
            signal = weapon or sides or (named and has("fatality_words"))
        else:
            signal = sides or weapon or (label == "Agreement" and has("peace_process"))
        return (label, probability) if signal else None
    return None


# Armed sides named only by their words: "gunmen", "armed men", "bandits", "soldiers", "jihadist fighters".
# The actors stage gives such a phrase an ACLED name only when it can tell the country ("Unidentified Armed Group
# (Nigeria)"); without one the phrase still says that armed people acted, and typing needs to know that: gunmen
# shooting villagers are an Attack, soldiers fighting bandits an Armed clash, whoever ACLED will call them. These
# helpers read the lexicon's side words (``state_side``, ``nonstate_side``, ``armed_people``, ``state_forces``) on
# the trigger's subject, its object and the sentence; in a sentence only nouns for armed people count
# (``state_forces``: "troops", not the "military" of "military administration").

#: The type a side named only by its words stands for (ACLED's unidentified armed groups are political militias).
NONSTATE = ActorType.POLITICAL_MILITIA


def side_types(phrase: str) -> set[ActorType]:
    """The actor type an unresolved phrase names: a state force ("soldiers", "the police"), a non-state armed
    group ("gunmen", "armed herders", "suspected jihadists"), or nothing."""
    if not phrase:
        return set()
    cues = load_lexicon().cues
    if cues["nonstate_side"].search(phrase) or cues["armed_people"].search(phrase):
        return {NONSTATE}
    if cues["state_side"].search(phrase):
        return {ActorType.STATE}
    return set()


def armed_words(text: str) -> bool:
    """Whether a sentence names armed people by their words. The police are left out here: "police said" names
    the source far more often than a side."""
    cues = load_lexicon().cues
    return any(cues[name].search(text) for name in ("state_forces", "nonstate_side", "armed_people"))


def fill_sides(actor_types: set[ActorType], phrase: str) -> set[ActorType]:
    """The resolved actors' types, or, when none is armed, those of the phrase's own words."""
    if actor_types & ARMED:
        return actor_types
    return actor_types | side_types(phrase)


def conflict_signal(text: str, *, armed: bool, crowd: bool, named: bool) -> bool:
    """Whether a sentence carries any sign of conflict that :func:`classifier_choice` could accept for some family:
    checked before a sentence is embedded, so the learned typer reads only sentences that could become events."""
    cues = load_lexicon().cues
    if armed or crowd:
        return True
    return any(cues[c].search(text) for c in ("war_weapons", *WEAPON_CUES, *SIDE_CUES, *CROWD_CUES, "peace_process")) or (
        named and bool(cues["fatality_words"].search(text)))
