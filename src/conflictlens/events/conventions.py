"""ACLED's coding conventions for reports that name no clear event word or whose type depends on the weapons.

- A list of weapons fired by one side at the other's positions is a battle when it names weapons fired at sight
  of the enemy (small arms, sniper rifles, or machine guns with no heavier weapon beside them), and
  Shelling/artillery/missile attack when it names only weapons fired from afar (mortars, artillery, rockets,
  grenade launchers, IFVs, anti-tank missiles, heavy machine guns alongside those): "opened fire on the
  army's trenches with rifles, machine guns and launchers" is an Armed clash, "fired mortar rounds and
  launcher grenades" Shelling. Weapons left unnamed ("fired with unspecified weapons on the positions") are a battle.
- Ceasefire monitors' counts ("recorded 40 rifle shots close to X") are an Armed clash when
  they name shots or small arms, or fire in both directions of the frontline, and Shelling otherwise (explosions,
  bursts of heavy machine-gun fire). A report of fired weapons followed by such a count takes the battle when
  either says so.
- A shoot-out reported with no actors is an Armed clash; several explosions with no actor are remote violence.
- Patrols conducted by armed forces and fortifications they establish are a Change to group/activity.
"""

from __future__ import annotations

import re

from .typing import ARMED, Context, Typing, acled

DIRECT = re.compile(r"\b(small arms|small-arms|sniper rifles?|rifles?|assault rifles?|kalashnikovs?|pistols?|"
                    r"unspecified weapons|light weapons)\b", re.I)
MACHINE_GUN = re.compile(r"\b(heavy )?machine[- ]?guns?\b|\bPK machine|\bmachineguns?\b", re.I)
HEAVY = re.compile(r"\b(mortars?|mortar (shells|rounds)|artillery|howitzers?|rockets?|mlrs|grads?|missiles?|grenade launchers?|"
                   r"rpgs?|ifvs?|bmps?|tanks?|anti-tank|anti-aircraft guns?|cannons?|recoilless)\b", re.I)
FIRE_LEMMAS = {"fire", "shoot", "open"}
MONITOR = re.compile(r"\bobserved\b[^.]*?\b\d+\s+(?:[a-z ]+/)*(?:explosions?|shots?|bursts? of fire|projectiles?)\b[^.]*?\binvolving\b",
                     re.I)
MONITOR_CLASH = re.compile(r"\b(small arms|shots?|both directions)\b", re.I)
MONITOR_LEMMAS = {"shot", "burst", "explosion", "explode", "projectile", "fire"}
PATROL = re.compile(r"\b(conduct\w*|carr(?:y|ied|ies|ying) out|ma(?:de|ke|king)|held|launch\w*)\s+(?:an?\s+|two\s+|several\s+)?"
                    r"(?:joint\s+|military\s+|security\s+)*patrols?\b|\bpatrols?\b(?:\s+\w+){0,8}?\s+(?:took|takes|taking)\s+place",
                    re.I)
FORTIFY = re.compile(r"\b(establish\w*|buil[dt]\w*|dug|dig\w*|construct\w*|set up|erect\w*)\b[^.]{0,40}?\b(fortifications?|trenches|"
                     r"earth (?:berms|mounds)|sand ?bag\w*)\b|\bfortif(?:ied|ying|y)\b", re.I)


def weapons_fired(ctx: Context) -> Typing | None:
    """The typing of weapons fired at the other side, named in a list ("fired 82mm mortars at"), or None."""
    if ctx.lemma not in FIRE_LEMMAS:
        return None
    text = ctx.clause
    direct, heavy, mg = DIRECT.search(text), HEAVY.search(text), MACHINE_GUN.search(text)
    if not (direct or heavy or mg) or not (ctx.has("armed_target", "clause") or ctx.actor2_types & ARMED) \
            or ctx.has("civilian_target", "obj"):
        return None
    if direct or (mg and not heavy):
        return acled("Armed clash", 0.75, "direct-fire weapons fired at the other side")
    if (clash := monitor_count(ctx.window)) is not None and clash:
        return acled("Armed clash", 0.75, "heavy weapons fired, monitors saw fire in both directions")
    return acled("Shelling/artillery/missile attack", 0.75, "only heavy weapons fired")


def monitor_count(text: str) -> bool | None:
    """True when a monitors' count in ``text`` tells of a battle, False of shelling, None when it holds none."""
    match = MONITOR.search(text)
    if match is None:
        return None
    end = text.find(".", match.end())
    return bool(MONITOR_CLASH.search(text[match.start():end if end > 0 else len(text)]))


def monitored(ctx: Context) -> Typing | None:
    """The typing of a monitors' count of shots or explosions, when the trigger is its count."""
    if ctx.lemma not in MONITOR_LEMMAS or MONITOR.search(ctx.sentence) is None:
        return None
    if monitor_count(ctx.sentence):
        return acled("Armed clash", 0.6, "monitors counted shots")
    return acled("Shelling/artillery/missile attack", 0.6, "monitors counted explosions")


def activity(ctx: Context) -> Typing | None:
    """Patrols and fortifications of armed forces: a change to the group's activity."""
    if ctx.lemma == "patrol" and PATROL.search(ctx.sentence) and (ctx.armed_in_sentence or ctx.has("armed_side", "sentence")):
        return acled("Change to group/activity", 0.5, "patrol conducted", plover="MOBILIZE", mode="troops")
    if ctx.lemma in ("fortification", "fortify", "trench") and FORTIFY.search(ctx.sentence) and (
            ctx.armed_in_sentence or ctx.has("armed_side", "sentence")):
        return acled("Change to group/activity", 0.5, "fortifications established", plover="MOBILIZE", mode="troops")
    return None
