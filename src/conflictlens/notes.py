"""ACLED-style ``notes``: one sentence composed from an event's extracted fields (never copied text)."""

from __future__ import annotations

from .model import Event

_PHRASES = {
    "Armed clash": "clashed with",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took over territory from",
    "Air/drone strike": "carried out an air/drone strike on",
    "Shelling/artillery/missile attack": "shelled",
    "Remote explosive/landmine/IED": "used an explosive device against",
    "Suicide bomb": "carried out a suicide bombing against",
    "Grenade": "threw a grenade at",
    "Chemical weapon": "used a chemical weapon against",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Sexual violence": "committed sexual violence against",
    "Arrests": "arrested",
    "Disrupted weapons use": "disrupted weapons use by",
    "Change to group/activity": "changed its group or activity",
    "Headquarters or base established": "established a base or position",
    "Other": "carried out a strategic activity",
    "Agreement": "reached an agreement with",
    "Looting/property destruction": "looted or destroyed property of",
    "Non-violent transfer of territory": "transferred territory to",
    "Peaceful protest": "held a peaceful protest",
    "Protest with intervention": "protested and were met by",
    "Excessive force against protesters": "used excessive force against",
    "Violent demonstration": "took part in a violent demonstration",
    "Mob violence": "took part in mob violence against",
}
#: The phrase when no second actor is known ("clashed" rather than a dangling "clashed with").
_ALONE = {
    "Armed clash": "clashed with an unidentified armed group",
    "Government regains territory": "regained territory",
    "Non-state actor overtakes territory": "took over territory",
    "Air/drone strike": "carried out an air/drone strike",
    "Shelling/artillery/missile attack": "fired artillery, rockets or missiles",
    "Remote explosive/landmine/IED": "detonated an explosive device",
    "Suicide bomb": "carried out a suicide bombing",
    "Grenade": "threw a grenade",
    "Chemical weapon": "used a chemical weapon",
    "Attack": "carried out an attack",
    "Abduction/forced disappearance": "abducted people",
    "Sexual violence": "committed sexual violence",
    "Arrests": "made arrests",
    "Disrupted weapons use": "disrupted weapons use",
    "Agreement": "reached an agreement",
    "Looting/property destruction": "looted or destroyed property",
    "Non-violent transfer of territory": "handed over territory",
    "Protest with intervention": "protested and were met by an intervention",
    "Excessive force against protesters": "used excessive force against protesters",
    "Mob violence": "took part in mob violence",
}
#: Strategic developments whose PLOVER code says what changed: a relocation or reinforcement (MOBILIZE), a
#: surrender (RETREAT), a military exercise or alert (MOBILIZE under Other).
_BY_PLOVER = {
    ("Change to group/activity", "MOBILIZE"): "moved or reinforced forces",
    ("Change to group/activity", "RETREAT"): "surrendered",
    ("Agreement", "RETREAT"): "surrendered to",
    ("Other", "MOBILIZE"): "mobilised forces",
    ("Other", "COERCE"): "imposed restrictions",
}
_INTRANSITIVE = {"Change to group/activity", "Headquarters or base established", "Other", "Peaceful protest", "Violent demonstration"}


def _verb(event: Event) -> str:
    """The verb phrase for the event: by PLOVER code where that says more, without a dangling preposition when
    no second actor is known."""
    if not event.sub_event_type:
        return {"ACCUSE": "accused"}.get(event.plover_event, event.plover_event.lower())
    by_plover = _BY_PLOVER.get((event.sub_event_type, event.plover_event))
    if by_plover == "surrendered to" and not event.actor2:
        return "surrendered"
    if by_plover:
        return by_plover
    if event.actor2 is None and event.sub_event_type in _ALONE:
        return _ALONE[event.sub_event_type]
    return _PHRASES.get(event.sub_event_type, event.sub_event_type.lower())


def compose_notes(event: Event) -> str:
    when = f"On {event.event_date.day} {event.event_date:%B %Y}" if event.event_date else "On an unreported date"
    who = event.actor1.name if event.actor1 else "an unidentified actor"
    if event.assoc_actor_1:
        who += " (with " + ", ".join(a.name for a in event.assoc_actor_1) + ")"
    verb = _verb(event)
    whom = ""
    if event.actor2 and event.sub_event_type not in _INTRANSITIVE and not verb.endswith(("surrendered", "moved or reinforced forces")):
        whom = " " + event.actor2.name
    elif event.actor2 and event.plover_event == "ACCUSE":
        whom = " " + event.actor2.name
    where = ""
    if event.place is not None and event.place.location:
        region = f" ({event.place.admin1})" if event.place.admin1 and event.place.admin1 != event.place.location else ""
        prefix = "near " if event.place.geo_precision == 2 else "in "
        where = f" {prefix}{event.place.location}{region}"
    text = f"{when}, {who} {verb}{whom}{where}."
    if event.fatalities:
        text += f" {event.fatalities} fatalit{'y' if event.fatalities == 1 else 'ies'} reported."
    if event.source.chain:
        text += f" Source: {', '.join(event.source.chain)}."
    return text
