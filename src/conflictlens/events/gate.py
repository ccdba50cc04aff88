"""Whether a trigger's sentence is about organised violence or unrest at all (sport, business and disasters
are not)."""

from __future__ import annotations

from .typing import Context, load_lexicon

WEAPON_CUES = ("air", "shelling", "ied", "grenade", "suicide", "chemical")
CROWD_CLASSES = {"protest", "riot", "arrest"}
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
    if cls in ("abduct", "sexual"):
        return bool(sent_actors) and doc_armed or ctx.lemma in ("abduct", "kidnap", "rape", "raped", "raping", "molest", "molested")
    if cls in CROWD_CLASSES:
        return bool(sent_actors) or (cls == "riot" and ctx.has("mob", "sentence")) or ctx.lemma in ("protest", "demonstrate", "demonstration", "riot", "arrest", "detain") \
            or bool(lexicon.cues["protest_context"].search(ctx.sentence))
    if ctx.armed_in_sentence:
        return True
    if cls in ("disrupt", "territory") and lexicon.cues["drone_weapon"].search(ctx.obj):
        return True  # "weapons were seized", "the IED was defused": the weapon is the context
    if cls == "looting" and ctx.lemma in ("loot", "looting", "plunder", "pillage", "ransack"):
        return True
    if lexicon.cues["war_weapons"].search(ctx.sentence):
        return True
    weapon = any(lexicon.cues[name].search(ctx.sentence) for name in WEAPON_CUES)
    casualties = bool(lexicon.cues["fatality_words"].search(ctx.sentence))
    if ambiguous:
        # "shot" is sport unless the article is about armed actors and the sentence has a weapon or a death.
        return doc_armed and (weapon or (casualties and bool(sent_actors)))
    return (weapon or casualties) and (bool(sent_actors) or doc_armed)
