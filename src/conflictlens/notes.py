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
    "Change to group/activity": "changed group/activity",
    "Headquarters or base established": "established a base or position",
    "Other": "moved or reinforced forces",
    "Agreement": "reached an agreement with",
    "Looting/property destruction": "looted or destroyed property of",
    "Non-violent transfer of territory": "transferred territory to",
    "Peaceful protest": "held a peaceful protest",
    "Protest with intervention": "protested and were met by",
    "Excessive force against protesters": "used excessive force against",
    "Violent demonstration": "took part in a violent demonstration",
    "Mob violence": "took part in mob violence against",
}
_INTRANSITIVE = {"Change to group/activity", "Headquarters or base established", "Other", "Peaceful protest", "Violent demonstration"}


def compose_notes(event: Event) -> str:
    when = f"On {event.event_date.day} {event.event_date:%B %Y}" if event.event_date else "On an unreported date"
    who = event.actor1.name if event.actor1 else "an unidentified actor"
    if event.assoc_actor_1:
        who += " (with " + ", ".join(a.name for a in event.assoc_actor_1) + ")"
    if event.sub_event_type:
        verb = _PHRASES.get(event.sub_event_type, event.sub_event_type.lower())
    else:
        verb = {"ACCUSE": "accused"}.get(event.plover_event, event.plover_event.lower())
    whom = ""
    if event.actor2 and event.sub_event_type not in _INTRANSITIVE:
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
