"""Typing a trigger in its clause into ACLED's sub-event types and PLOVER.

The trigger's lexicon class (violence, territory, disrupt, protest...) proposes; cue phrases in the clause
(weapons, targets, interventions) decide, following ACLED's definitions: remote weapons make
Explosions/Remote violence whoever the target, deliberate harm to unarmed people is Violence against
civilians, two armed sides fighting is Battles, and weapons destroyed or intercepted before use are
Strategic developments / Disrupted weapons use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import ActorType
from ..ontology import acled_subtypes
from .lexicon import Lexicon, _cue_pattern, load_lexicon  # noqa: F401  (re-exported: the rules import them from here)


@dataclass(frozen=True)
class Typing:
    event_type: str
    sub_event_type: str
    plover_event: str
    plover_mode: str
    confidence: float
    rule: str


def acled(sub_type: str, confidence: float, rule: str, *, plover: str | None = None, mode: str | None = None) -> Typing:
    spec = acled_subtypes()[sub_type]
    return Typing(spec.event_type, sub_type, spec.plover if plover is None else plover,
                  spec.mode if mode is None else mode, confidence, rule)


def plover_only(plover: str, mode: str, confidence: float, rule: str) -> Typing:
    return Typing("", "", plover, mode, confidence, rule)


CROWD = {ActorType.RIOTERS, ActorType.PROTESTERS}
ARMED = {ActorType.STATE, ActorType.REBEL, ActorType.POLITICAL_MILITIA, ActorType.IDENTITY_MILITIA, ActorType.EXTERNAL}


@dataclass
class Context:
    """What the clause around a trigger tells the typing rules."""

    lemma: str
    clause: str  # text of the trigger's clause (its syntactic neighbourhood)
    obj: str  # text of the trigger's object / target phrase
    sentence: str
    particle: str  # verb particle ("down" in "shot down", "up" in "set up")
    actor1_types: set[ActorType]
    actor2_types: set[ActorType]
    armed_in_sentence: bool
    window: str = ""  # the sentence with its neighbours in the paragraph (what happened to a protest)
    modifiers: str = ""  # words naming the trigger noun's kind ("grenade" in "grenade attack")
    other_armed: bool = False  # an armed actor in the sentence besides actor1: a second side
    agentive: bool = True  # someone did it (a verb with an object or a passive, or a noun), not "the market burned"
    subject: str = ""  # the trigger's subject or "by" agent, to tell sides apart when no actor was resolved
    relative: bool = False  # the trigger is in a relative clause ("the bombing that killed 500"): background

    def has(self, cue: str, where: str = "clause") -> bool:
        return bool(load_lexicon().cues[cue].search(getattr(self, where)))


CLOSE_COMBAT = {"ambush", "clash", "fight", "fighting", "battle", "firefight", "gunfight", "shootout", "skirmish", "storm", "raid"}
DIRECT_FIRE = re.compile(r"\b(open(ed|ing)? fire|small arms|gunfire|gunfight|firefight|clash(es|ed)?|fighting)\b", re.I)
PROPERTY = re.compile(r"\b(houses?|homes?|shops?|buildings?|market|property|properties|granaries|granary|vehicles?|cars?|huts?|crops|fields|stores?)\b", re.I)
WEAPON_NOT_VEHICLE = re.compile(r"\b(drones?|uavs?|missiles?|rockets?|launchers?|bombs?|ieds?|explosives?|mines?|landmines?|"
                                r"shells?|ammunition|weapons?|arms|rifles?|guns?|grenades?|bomb-laden|explosive-laden|booby-trapped)\b", re.I)
AREA = re.compile(r"\b(areas?|villages?|towns?|city|cities|districts?|neighbou?rhoods?|territory|territories|regions?|"
                  r"provinces?|hills?|positions?|localities|locality|quarters?|countryside)\b", re.I)
# People named only as people ("two men", "an adolescent", "the victim"): when no armed side is named among them,
# violence against them is one-sided (ACLED's Attack), not a battle.
PLAIN_PEOPLE = re.compile(r"\b(man|men|woman|person|persons|people|victims?|adolescents?|teenagers?|boys?|girls?|brothers?|"
                          r"individuals?|youths?|couple|player|agent|driver)\b", re.I)
KILL_LEMMAS = {"kill", "die", "wound", "injure"}
REMOTE_BY_SENTENCE = KILL_LEMMAS | {"explode", "explosion", "blast", "detonate", "attack", "strike", "hit", "bomb", "bombing", "target"}


def _remote(ctx: Context, base: float) -> Typing | None:
    typing = _remote_in(ctx, base, ctx.clause)
    if typing is None and ctx.lemma in REMOTE_BY_SENTENCE:
        # "A suicide bomber drove a car into a restaurant, killing nine": the weapon is named outside the clause.
        typing = _remote_in(ctx, base - 0.1, ctx.sentence)
    return typing


def _remote_in(ctx: Context, base: float, text: str) -> Typing | None:
    cues = load_lexicon().cues

    def has(name: str) -> bool:
        return bool(cues[name].search(text))

    if has("chemical"):
        return acled("Chemical weapon", base, "chemical cue")
    if has("suicide"):
        return acled("Suicide bomb", base, "suicide cue")
    if has("air") or (re.search(r"\bdrones?\b", text, re.I) and ctx.lemma in ("strike", "attack", "hit", "target", "bomb")):
        return acled("Air/drone strike", base, "aerial cue", mode="drone" if re.search(r"drone", text, re.I) else None)
    if has("grenade"):
        return acled("Grenade", base, "grenade cue")
    if has("ied"):
        return acled("Remote explosive/landmine/IED", base - 0.05, "explosive cue")
    # "explosions of artillery shells", "a rocket exploded": the blast of a named remote weapon is shelling.
    if has("shelling") or ctx.lemma in ("shell", "shelling", "bombard", "bombardment", "pound"):
        return acled("Shelling/artillery/missile attack", base, "shelling cue")
    if ctx.lemma in ("explode", "explosion", "blast", "detonate"):
        return acled("Remote explosive/landmine/IED", base - 0.05, "explosive cue")
    return None


#: Control regained with no ground named after it ("regained control of the town" names it; "seized control in
#: Rubaya" is a capture).
RESTORED_CONTROL = re.compile(r"\b(?:regain\w*|restor\w*|retak\w*)\s+(?:full\s+|complete\s+|the\s+)?control\b"
                              r"(?!\s+(?:of|over|in)\b)", re.I)


def classify(cls: str, ctx: Context) -> Typing | None:
    """The typing of one trigger of lexicon class ``cls`` in its context, or None when it is no event."""
    if cls == "violence":
        return _violence(ctx)
    if cls == "activity":
        return activity(ctx)
    if cls in ("protest", "riot", "arrest"):
        return crowd_event(cls, ctx)
    if cls == "disrupt":
        if ctx.lemma in ("shoot", "down") and ctx.particle != "down" and ctx.lemma != "down":
            return classify("violence", ctx)
        if ctx.lemma in ("seize", "seizure", "recover", "confiscate", "discover", "uncover", "find") and not ctx.has("drone_weapon", "obj"):
            return classify("territory", ctx) if ctx.lemma == "seize" else None
        if ctx.lemma == "destroy" and _property_destroyed(ctx) and not WEAPON_NOT_VEHICLE.search(ctx.obj):
            return acled("Looting/property destruction", 0.5, "property destroyed in unrest")  # "shops and cars were destroyed"
        if ctx.lemma == "destroy" and ctx.actor1_types & ARMED and ctx.actor2_types & ARMED and ctx.has("base_words", "obj") \
                and not ctx.has("drone_weapon", "obj"):  # a bomb-laden vehicle heading for positions is a weapon
            # "army units destroyed a hideout of the Nusra Front, killing many": an attack on the other side's position
            return acled("Armed clash", 0.55, "the other side's position destroyed")
        if ctx.lemma == "destroy" and not WEAPON_NOT_VEHICLE.search(ctx.obj) and (
                DIRECT_FIRE.search(ctx.sentence) or ctx.has("fatality_words", "sentence")):
            return None  # vehicles destroyed in the fighting belong to the battle, not a disrupted weapons use
        if ctx.has("drone_weapon", "obj") or (ctx.lemma in ("intercept", "interception", "down") and ctx.has("drone_weapon")):
            return acled("Disrupted weapons use", 0.8, f"{ctx.lemma} + weapon object")
        if ctx.lemma == "destroy" and ctx.actor1_types & ARMED and ctx.has("base_words", "obj"):
            return acled("Looting/property destruction", 0.5, "destroy + property")
        return None
    if cls == "territory":
        if ctx.has("drone_weapon", "obj") and ctx.lemma in ("seize", "capture"):
            return acled("Disrupted weapons use", 0.7, "weapons seized")
        common = re.sub(r"\b[A-Z][\w-]*(?:'s)?", "", ctx.obj)  # "New People's Army camps" names no people
        if ctx.lemma in ("seize", "capture") and load_lexicon().cues["person_words"].search(common) \
                and not (AREA.search(ctx.obj) or ctx.has("base_words", "obj")):
            # People seized: by state forces an arrest, by anyone else an abduction.
            if ActorType.STATE in ctx.actor1_types or ctx.has("state_side", "subject"):
                return acled("Arrests", 0.55, "people captured by state forces")
            return acled("Abduction/forced disappearance", 0.6, "people seized") if ctx.actor1_types & ARMED else None
        if ctx.lemma in ("regain", "retake", "restore", "control") and RESTORED_CONTROL.search(ctx.sentence):
            return None  # "fought the attackers before regaining control": order restored at the scene, no ground won
        if ctx.lemma == "free" and not AREA.search(ctx.obj):
            return None  # "freed the hostages" is no territory; "freed several areas and villages" is
        if not ctx.has("capture_words") and ctx.lemma not in ("liberate", "overrun", "recapture", "retake", "regain", "capture", "free"):
            return None
        if ctx.has("no_fight", "window") and not (ctx.has("fatality_words", "sentence") or DIRECT_FIRE.search(ctx.sentence)):
            # Taken after the other side withdrew, without a fight: a non-violent transfer (ACLED).
            return acled("Non-violent transfer of territory", 0.7, "place taken after a withdrawal") \
                if ctx.armed_in_sentence or ctx.has("armed_side") else None
        # "regime and loyalist militia forces captured ...": militias fighting for the government are its allies
        # (ACLED: state forces or their allies regain territory), not a non-state side.
        doer = ctx.subject or TAKE_WORDS.split(ctx.clause, 1)[0]  # an actor subject leaves ctx.subject empty
        allied = STATE_ALLIES.search(doer) and not re.search(r"\banti-(?:regime|government)\b", doer, re.I)
        state = ctx.has("state_side", "subject") or bool(allied)
        nonstate = bool(load_lexicon().cues["nonstate_side"].search(STATE_ALLIES.sub("", ctx.subject)))
        if state != nonstate:  # the subject says who took it ("the militia seized three villages")
            return acled("Government regains territory" if state else "Non-state actor overtakes territory", 0.65,
                         "subject captures place")
        if ActorType.STATE in ctx.actor1_types or (allied and not nonstate):
            return acled("Government regains territory", 0.65, "state captures place")
        if ctx.actor1_types & ARMED:
            return acled("Non-state actor overtakes territory", 0.65, "non-state captures place")
        return None
    if cls == "abduct":
        return acled("Abduction/forced disappearance", 0.7, "abduction")
    if cls == "sexual":
        if ctx.lemma in ("rape", "raped", "raping", "molest", "molested") or re.search(r"sexual(ly)? (violence|assault|abuse)|sexually assaulted", ctx.sentence, re.I):
            return acled("Sexual violence", 0.7, "sexual violence")
        return None
    if cls == "change":
        return acled("Change to group/activity", 0.6, "defection/merger/surrender")
    if cls == "mobilize":
        if not (ctx.actor1_types & ARMED):
            return None
        if re.search(r"reinforcement|troops|forces|equipment|vehicles|units|soldiers|fighters|tanks|convoy|military|bases?|checkpoints?|positions", ctx.clause, re.I):
            # ACLED codes troop movements, deployments and reinforcements as a change to the group's activity
            # (a relocation); PLOVER keeps MOBILIZE.
            return acled("Change to group/activity", 0.6, "troop movement/reinforcement", plover="MOBILIZE",
                         mode="weapons" if re.search(r"equipment|tanks|weapons", ctx.obj, re.I) else "troops")
        return None
    if cls == "base":
        if ctx.has("base_words", "obj") and (ctx.lemma != "set" or ctx.particle == "up") and ctx.actor1_types & ARMED:
            return acled("Headquarters or base established", 0.55, "base/checkpoint established")
        return None
    if cls == "agree":
        if FAILED_TALKS.search(ctx.sentence):
            return None  # "following the collapse of peace talks": no agreement
        if ctx.lemma == "surrender":
            # ACLED counts a collective surrender of fighters among agreements; a lone suspect giving himself up is none.
            # Members giving themselves up under an amnesty or reintegration programme change the group instead.
            armed = bool(ctx.actor1_types & ARMED) or ctx.has("armed_side", "subject")
            if armed and AMNESTY.search(ctx.window or ctx.sentence):
                return acled("Change to group/activity", 0.6, "surrender under an amnesty", plover="RETREAT", mode="disarm")
            return acled("Agreement", 0.6, "collective surrender", plover="RETREAT", mode="disarm") if armed else None
        if ctx.lemma in ("talk", "talks"):
            return acled("Agreement", 0.5, "peace talks") if ctx.has("peace_process", "clause") and ctx.has("armed_side", "sentence") else None
        if ctx.has("peace_process", "sentence") and (ctx.armed_in_sentence or ctx.has("armed_side", "sentence")
                                                     or PRISONER_SWAP.search(ctx.sentence)):
            return acled("Agreement", 0.6, "peace talks/ceasefire/exchange")
        return acled("Agreement", 0.5, "agreement") if len(ctx.actor1_types | ctx.actor2_types) >= 1 and ctx.armed_in_sentence else None
    if cls == "looting":
        if ctx.actor1_types & CROWD or ctx.has("mob", "window"):
            return acled("Mob violence", 0.55, "looting by a mob")
        if ctx.lemma in ("destruction", "vandalism", "arson") and not _property_destroyed(ctx):
            return None
        if ctx.armed_in_sentence or PROPERTY.search(ctx.sentence) or ctx.has("property_words", "sentence"):
            return acled("Looting/property destruction", 0.6, "looting/destruction")
        return None
    if cls == "transfer":
        if re.search(r"\b(control|territory|handed over|hand over|handover)\b", ctx.clause, re.I) and ctx.armed_in_sentence:
            return acled("Non-violent transfer of territory", 0.5, "handover")
        if ctx.lemma in ("withdraw", "withdrawal", "vacate", "abandon", "evacuate", "cede", "relinquish") \
                and (re.search(r"\b(from|out of)\b", ctx.clause, re.I) if ctx.lemma in ("withdraw", "withdrawal")
                     else AREA.search(ctx.obj)) and ctx.armed_in_sentence \
                and not ctx.has("fatality_words", "sentence"):
            return acled("Non-violent transfer of territory", 0.5, "withdrawal from a place")
        return None
    if cls == "accuse":
        mode = "disapprove" if ctx.lemma in ("condemn", "denounce", "criticize", "criticise") else "allege"
        return plover_only("ACCUSE", mode, 0.55, "accusation") if ctx.armed_in_sentence else None
    return None


def _property_destroyed(ctx: Context) -> bool:
    """Shops, houses or cars destroyed by people in a time of unrest or fighting, not by a fire or a flood."""
    return ctx.agentive and ctx.has("property_words", "clause") and ctx.has("unrest", "window") \
        and not ctx.has("disaster", "sentence")


AMNESTY = re.compile(r"\b(amnesty|programm?e|rehabilitation|reintegration|integration|livelihood|former rebels)\b", re.I)
PRISONER_SWAP = re.compile(r"\b(prisoners? of war|prisoner (exchange|swap)|exchange (process )?of prisoners)\b", re.I)  # sides implied
FAILED_TALKS = re.compile(r"\b(collaps\w*|broke down|breakdown|stall(ed|s)|fail(ed|ure)|suspend(ed|s)|walked out|called off|"
                          r"withdrew from|pulled out of)\b", re.I)
EVENT_NOUNS = {"attack", "strike", "airstrike", "bombing", "assault", "raid", "explosion", "blast", "shelling", "bombardment",
               "ambush"}  # nouns that name an event (a "rocket attack"), not a weapon (a "rocket bomb" found on a beach)
TWO_SIDED = {"clash", "fight", "fighting", "battle", "firefight", "gunfight", "shootout", "skirmish", "exchange", "confrontation",
             "confront", "counterattack", "counter-attack", "repel", "repulse", "besiege"}
STATE_ALLIES = re.compile(r"\b(?:regime|pro-regime|pro-government|pro-govt|loyalist)\b(?:\s+(?:and\s+)?(?:loyalist|pro-regime|"
                          r"pro-government)\b)*(?:\s+(?:militias?|militiamen|forces|fighters|troops))*", re.I)
TAKE_WORDS = re.compile(r"\b(?:captur|seiz|took|tak|control|regain|recaptur|retak|overr|liberat|restor)\w*", re.I)
FIGHT_LEMMAS = {"clash", "fight", "fighting", "battle", "firefight", "gunfight", "shootout", "skirmish", "exchange"}
# Both sides firing at each other: "exchange of shelling", "exchanged rocket fire", "exchanging shelling and targeting".
EXCHANGE_OF_FIRE = re.compile(r"\bexchang\w*\s+(?:of\s+)?(?:[\w-]+\s+){0,2}?(?:shelling|shells|fire|rockets?|artillery|"
                              r"targeting|mortars?|missiles?|barrages?)\b", re.I)
THROW_LEMMAS = {"hurl", "lob", "throw", "toss", "fling"}
MOB_LEMMAS = {"attack", "clash", "fight", "fighting", "kill", "beat", "hack", "stab", "lynch", "assault", "confrontation"}
ONE_SIDED_KILL = {"kill", "execute", "behead", "murder", "massacre", "slaughter", "stab", "hack"}


STATE_FORCES = {ActorType.STATE, ActorType.EXTERNAL}


def _violence(ctx: Context) -> Typing | None:
    civilians_hit = ActorType.CIVILIANS in ctx.actor2_types or (ctx.has("civilian_target", "obj") and not ctx.has("armed_target", "obj")) \
        or (not ctx.actor2_types and not ctx.relative and bool(PLAIN_PEOPLE.search(ctx.obj)) and not ctx.has("armed_target", "obj")
            and not ctx.has("armed_people", "obj")) \
        or (not ctx.actor2_types and ctx.has("civilian_target", "sentence") and not ctx.has("armed_target", "sentence")
            and ctx.has("fatality_words", "sentence")) \
        or (not ctx.actor2_types and ctx.has("civilian_target", "clause") and not ctx.has("armed_target", "clause"))
    armed_target = bool(ctx.actor2_types & ARMED) or ctx.has("armed_target", "obj")
    if ctx.actor1_types & CROWD and not ctx.actor1_types & ARMED:
        # Rioters or protesters fighting: a riot, not a battle.
        return acled("Mob violence" if ctx.has("mob", "sentence") else "Violent demonstration", 0.6, "crowd violence")
    if ctx.lemma == "open" and not re.search(r"\bfire\b", ctx.obj, re.I):
        return None  # "opened fire" is violence; "opened a road", "opened talks" are not
    if ctx.lemma == "exchange" and not re.search(r"\b(fire|gunfire|shots|blows|shelling|targeting|rockets?|artillery)\b", ctx.clause, re.I):
        return classify("agree", ctx) if ctx.has("peace_process", "sentence") else None  # an exchange of prisoners
    if ctx.lemma in ("shot", "burst"):
        return monitored(ctx)  # rifle shots counted by monitors; other shots are no event
    if ctx.lemma == "torture":
        return acled("Attack", 0.6, "torture")  # ACLED: torture of people in anyone's hands is an attack on them
    crowd = crowd_fight(ctx) or force_on_crowd(ctx)
    if crowd is not None:
        return crowd
    if (convention := monitored(ctx) or weapons_fired(ctx)) is not None:
        return convention
    if (ctx.lemma in ("burn", "torch") or (ctx.lemma == "fire" and re.search(r"\bset(ting)? fire\b", ctx.sentence, re.I))) \
            and (PROPERTY.search(ctx.clause if ctx.lemma != "fire" else ctx.sentence) or ctx.has("property_words", "clause")
                 or (ctx.lemma == "torch" and not ctx.has("civilian_target", "obj"))) \
            and not ctx.has("fatality_words", "clause"):
        # Houses set on fire with no one hurt: destruction of property, not an attack on people; by a mob,
        # mob violence.
        if (ctx.actor1_types & CROWD or ctx.has("mob", "window")) and not ctx.actor1_types & ARMED:
            return acled("Mob violence", 0.6, "arson by a mob")
        if ctx.actor1_types & ARMED or ctx.armed_in_sentence or _property_destroyed(ctx) or ctx.lemma == "torch":
            return acled("Looting/property destruction", 0.6, "arson")
        return None
    if ctx.lemma in ("raid", "storm") and not (armed_target or civilians_hit or ctx.has("fatality_words", "sentence")):
        return None  # a raid on a quarter with no fight and no victim is no event by itself
    if ctx.lemma == "raid" and re.search(r"\b(arrest|detain|round(ed)? up)", ctx.sentence, re.I):
        return None  # an arrest raid is the arrest
    if ctx.modifiers and ctx.lemma in EVENT_NOUNS and (named := _remote_in(ctx, 0.8, ctx.modifiers)) is not None:
        return named  # "a grenade attack", "a suicide bombing": the weapon names the attack itself
    if ctx.lemma in THROW_LEMMAS and ctx.has("grenade"):
        return acled("Grenade", 0.8, "grenade thrown")  # "grenades were hurled at troops during clashes": the weapon used
    if ctx.lemma in MOB_LEMMAS and ctx.has("mob_people", "subject") and not (ctx.actor1_types & ARMED) \
            and (ctx.has("crude_weapons", "sentence") or ctx.lemma in TWO_SIDED):
        # Villagers or youths fighting with machetes and sticks: mob violence, not a battle of armed groups.
        return acled("Mob violence", 0.6, "crowd with crude weapons")
    remote = _remote(ctx, 0.75)
    # "air raids on a rebel-held area": a raid from the air is no close combat, whoever holds the ground
    close_combat = (ctx.lemma in CLOSE_COMBAT and not (remote is not None and remote.sub_event_type == "Air/drone strike"
                                                       and ctx.lemma in ("raid", "strike"))) or bool(DIRECT_FIRE.search(ctx.clause))
    if remote is not None and remote.sub_event_type not in ("Suicide bomb", "Chemical weapon") and (
            ctx.lemma in FIGHT_LEMMAS or (remote.sub_event_type == "Shelling/artillery/missile attack"
                                          and EXCHANGE_OF_FIRE.search(ctx.clause))):
        # "Clashes were accompanied by airstrikes", "an exchange of shelling between regime forces and rebels":
        # two armed sides fighting each other is a battle whatever the weapons (ACLED: Battles rank above
        # Explosions/Remote violence in one event).
        return acled("Armed clash", 0.7, "fighting or an exchange of fire with remote weapons")
    if remote is not None and close_combat and armed_target and remote.sub_event_type not in ("Suicide bomb", "Chemical weapon"):
        # An ambush with mines and rifles is a battle: the attackers are at the target (ACLED's rule).
        return acled("Armed clash", 0.7, "close combat with explosives")
    if remote is None and ctx.lemma in load_lexicon().word_sets["state_strike_nouns"] and ctx.modifiers \
            and ctx.actor1_types & STATE_FORCES:
        # "Israeli strikes", "a US strike": a state's strike with no weapon named comes from the air, the sense news
        # gives the bare noun (a missile or a drone would be named: the cues above).
        remote = acled("Air/drone strike", 0.6, "a state's strike")
    if remote is not None:
        return remote
    if ctx.lemma == "launch":
        return None  # "launched rockets" is shelling; "launched an offensive" leaves it to the "offensive"
    if civilians_hit and not armed_target:
        return acled("Attack", 0.65, "violence against unarmed people")
    if ctx.lemma in ONE_SIDED_KILL and not armed_target:
        return acled("Attack", 0.5, "killing, no armed target") if ctx.actor1_types & ARMED else None
    if ctx.lemma in ("burn", "torch", "drop", "open", "bomb", "fire", "strike", "hit", "target", "hurl", "lob", "throw") and not (armed_target or ctx.armed_in_sentence):
        return None
    if armed_target:
        return acled("Armed clash", 0.7, "armed violence")
    if ctx.lemma in TWO_SIDED or ctx.other_armed:
        return acled("Armed clash", 0.55, "armed violence, two sides")
    if ctx.has("fatality_words", "sentence") or (ctx.obj and ctx.has("civilian_target", "window")):
        # Gunmen opening fire where people die and no armed side is named: one-sided violence (ACLED's Attack).
        return acled("Attack", 0.5, "armed violence, victims but no armed target")
    return acled("Armed clash", 0.55, "armed violence")


from .crowd import crowd_event, crowd_fight, force_on_crowd  # noqa: E402  (crowd typing uses the helpers above)
from .conventions import activity, monitored, weapons_fired  # noqa: E402
