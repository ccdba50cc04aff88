"""Typing crowd events with ACLED's definitions: protests, riots, and force used on crowds.

- demonstrators who engage in violence or vandalism (stones thrown, cars torched, clashes with police) make a
  Violent demonstration, whatever the police did in return;
- authorities who try to disperse or suppress a protest (arrests, tear gas, water cannon, baton charges) make a
  Protest with intervention, and one where force kills or seriously injures protesters (live rounds, shooting,
  beating, people hurt by crowd control) Excessive force against protesters;
- otherwise a protest is a Peaceful protest.

What happened to a protest is often told in the next sentence ("Thousands marched ... Police fired tear gas"), so
interventions and violence are looked for in the sentence's neighbours in the paragraph (``Context.window``);
deaths and injuries only in the sentence itself, so that a protest held in memory of those killed years ago is
not read as one met with lethal force.
"""

from __future__ import annotations

import re

from ..model import ActorType
from .typing import ARMED, CROWD, TWO_SIDED, Context, Typing, _remote, acled

PROTEST_WORDS = re.compile(r"\b(protest\w*|demonstrat\w*|rall(y|ies)|march(es|ed|ers)?|sit-ins?|human chain)\b", re.I)


def crowd_event(cls: str, ctx: Context) -> Typing | None:
    """Typing of a protest, riot or arrest trigger."""
    if cls == "protest":
        if ctx.lemma == "motorcade" and not PURPOSE.search(ctx.sentence):
            return None  # a motorcade is a protest only when it is held for or against something
        return _protest(ctx)
    if cls == "riot":
        if ctx.has("mob", "sentence"):
            return acled("Mob violence", 0.6, "mob")
        return acled("Violent demonstration", 0.6, "riot")
    if cls == "arrest":
        if ctx.lemma == "round" and ctx.particle != "up":
            return None
        if PROTEST_WORDS.search(ctx.sentence) or PROTEST_WORDS.search(ctx.window):
            # Arrests at a protest, told in its sentence or the next, are an intervention in it (ACLED codes the
            # protest, not an arrest).
            protest = _protest(ctx)
            if protest.sub_event_type == "Peaceful protest":
                return acled("Protest with intervention", 0.6, "arrests at a protest")
            return protest
        return acled("Arrests", 0.7, "arrest")
    return None


PURPOSE = re.compile(r"\b(in support of|in solidarity|to (demand|protest|denounce|support|call for|press)|against|protest\w*)\b", re.I)
# People who are neither armed nor authorities: when they fight the police or one another it is a riot.
CIVIL_PEOPLE = re.compile(r"\b(workers|migrants?|residents|villagers|youths?|young men|locals|students|traders|inmates|prisoners|"
                          r"members|supporters|demonstrators|protesters|mob|crowds?|people|farmers|vendors|passengers)\b", re.I)
RIOT_ACTS = {"clash", "fight", "fighting", "pelt", "confrontation", "scuffle"}
PARTY_SIDES = re.compile(r"\b(members|supporters|activists|partisans)\b", re.I)


def crowd_fight(ctx: Context) -> Typing | None:
    """Civilians who clash with the police, stone them, or fight one another: a riot (ACLED), not a battle.

    "Migrant workers clashed with the police ... demanding to go home" is a Violent demonstration (a demand makes
    it a demonstration); "a mob pelted stones at the police" and "members of two parties fought one another"
    Mob violence.
    """
    if ctx.lemma not in RIOT_ACTS or not CIVIL_PEOPLE.search(ctx.subject):
        return None
    if any(ctx.has(cue, "subject") for cue in ("state_side", "nonstate_side", "armed_people")):
        return None
    one_another = re.search(r"\b(one another|each other)\b", ctx.clause, re.I)
    if one_another and not PARTY_SIDES.search(ctx.subject):
        return None
    if not one_another and (ctx.actor1_types & ARMED or not (ctx.lemma == "pelt" or ctx.has("state_side", "clause"))):
        return None
    if ctx.has("mob", "window") or one_another:
        return acled("Mob violence", 0.65, "civilians fought")
    if ctx.has("protest_context", "window") or re.search(r"\briot", ctx.window, re.I):
        return acled("Violent demonstration", 0.65, "civilians fought the police")
    return acled("Mob violence", 0.6, "civilians fought the police")


def _protest(ctx: Context) -> Typing:
    if ctx.has("riot_violence", "window") and not ctx.has("peaceful", "sentence"):
        return acled("Violent demonstration", 0.6, "protest turned violent")
    if PROTEST_WORDS.search(ctx.sentence) and (ctx.has("excessive", "sentence") or (
            ctx.has("crowd_control", "sentence") and ctx.has("fatality_words", "sentence"))):
        return acled("Excessive force against protesters", 0.6, "protest + lethal force")
    if ctx.has("intervention", "window"):
        return acled("Protest with intervention", 0.65, "protest + intervention")
    return acled("Peaceful protest", 0.65, "protest")


def force_on_crowd(ctx: Context) -> Typing | None:
    """A violence trigger aimed at a crowd, or crowd-control weapons: a protest event, or None when it is not one.

    "Police clashed with demonstrators" is a Violent demonstration; "police fired tear gas to disperse the
    protesters" a Protest with intervention; "security forces opened fire on protesters" Excessive force.
    """
    at_crowd = bool(ctx.actor2_types & CROWD) or ctx.has("protesters_target", "obj")
    control = ctx.has("crowd_control")
    if not (at_crowd or control) or ctx.actor1_types & CROWD:
        return None
    if control and not (at_crowd or ctx.has("protest_context", "sentence")):
        return None  # tear gas with no protest in sight: no event of ours
    if not control and _remote(ctx, 0.75) is not None:
        return None  # a bomb at a rally is an explosion, typed by its weapon
    if ActorType.RIOTERS in ctx.actor2_types or ctx.lemma in TWO_SIDED or (
            ctx.has("riot_violence", "window") and not ctx.has("peaceful", "sentence")):
        return acled("Violent demonstration", 0.6, "demonstrators fought the police")
    if control and not (ctx.has("fatality_words", "sentence") or ctx.has("excessive", "sentence")):
        return acled("Protest with intervention", 0.6, "crowd control")
    return acled("Excessive force against protesters", 0.6, "force used on protesters")
