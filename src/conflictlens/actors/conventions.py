"""ACLED's naming conventions for the actors of finished events, applied in one place.

Assembly names each event's sides from its own clause (``roles``, ``event_actors``) and then adds ACLED's defaults
(the unidentified armed group, the civilian target, gang names). :func:`apply_conventions` runs last, on the
merged events, and applies what ACLED does where the clause alone does not say, in this order:

0. Gendarmes are the police where ACLED codes the gendarmerie so (France, francophone Africa).
1. Civilians are never actor1 of political violence: an armed associate takes their place, or the armed actor2
   (for one-sided violence), and the civilians become the target; a side left empty is ACLED's unidentified armed
   group of the event's country (not for air strikes and chemical weapons, which are a state's and stay unnamed).
2. The doer named after "fired by", "planted by" is actor1 of remote violence. The attacker named by a state's adjective before a weapon or attack noun ("a Russian missile attack", "an
   Israeli drone strike", "junta jets") is that state's military, when actor1 is empty, civilians or unidentified;
   an unnamed coalition's ("coalition air strikes") is the umbrella ACLED names in the event's country.
3. Unnamed victims are "Civilians (<country>)": always for arrests, looting and violence against civilians; for
   remote violence when the sentence names unarmed victims or civilian property.

The event's country is its place's when read surely enough, else the report's main country (ACLED names generic
actors by country). The words of each convention are data: ``actors/data/_conventions.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..errors import DataFileError
from ..event_actors import as_external, localise
from ..geo.supplements import country_of_word, load_countries
from ..model import Actor, ActorType, Event
from ..notes import compose_notes
from ..roles import interaction
from .focus import FOCUS_PLACE, report_country
from .generic import format_template
from .kb import actor_from_entry, load_lexicon, shipped_entries
from .periods import dated

#: Sub-types whose unnamed doer is a state's and is not guessed as an unidentified group (as ``roles``).
UNNAMED_EXCEPT = frozenset({"Air/drone strike", "Chemical weapon"})
#: Prefix of a knowledge-base id in :func:`attacker_state`'s answer: an umbrella, not a state.
UMBRELLA = "kb:"
_WORD = re.compile(r"[\w'’.-]+[,;:)]?")
_STRIP = ".,;:)'’\""


@dataclass(frozen=True)
class Conventions:
    """The words of ``_conventions.yaml``."""

    violent: frozenset[str]
    attacker_types: frozenset[str]
    nouns: frozenset[str]
    max_between: int
    stop_words: frozenset[str]
    home_words: frozenset[str]
    umbrellas: dict[str, dict[str, str]]
    epithets: dict[str, dict[str, str]]
    always_civilian: frozenset[str]
    cue_civilian: frozenset[str]
    victims: re.Pattern
    armed: re.Pattern
    gendarmes: re.Pattern
    gendarmerie_police: frozenset[str]
    agent_types: frozenset[str]
    agent_by: re.Pattern


def _words_pattern(words: list[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I)


@lru_cache(maxsize=1)
def load_conventions() -> Conventions:
    raw = load_lexicon("_conventions.yaml")
    try:
        attacker, targets, gendarmerie, agent = (raw["attacker"], raw["civilian_targets"], raw["gendarmerie"],
                                                 raw["agent_by"])
        return Conventions(
            violent=frozenset(raw["violent_types"]), attacker_types=frozenset(attacker["sub_event_types"]),
            nouns=frozenset(n.lower() for n in attacker["nouns"]), max_between=int(attacker["max_between"]),
            stop_words=frozenset(w.lower() for w in attacker["stop_words"]),
            home_words=frozenset(w.lower() for w in attacker["home_words"]),
            umbrellas={w.lower(): {str(c): str(i) for c, i in by_country.items()}
                       for w, by_country in (attacker.get("umbrellas") or {}).items()},
            epithets={w.lower(): {str(c): str(s) for c, s in by_country.items()}
                      for w, by_country in (attacker.get("epithets") or {}).items()},
            always_civilian=frozenset(targets["always"]), cue_civilian=frozenset(targets["with_cue"]),
            victims=_words_pattern(targets["victim_words"]), armed=_words_pattern(targets["armed_words"]),
            gendarmes=_words_pattern(gendarmerie["mention_words"]),
            gendarmerie_police=frozenset(gendarmerie["police_countries"]),
            agent_types=frozenset(agent["event_types"]),
            agent_by=re.compile(r"\b(?:" + "|".join(re.escape(v) for v in agent["verbs"]) + r")\s+by\s+(?:[\w'’-]+\s+){0,"
                                + str(int(agent["max_between"])) + r"}$", re.I))
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise DataFileError(f"actors/data/_conventions.yaml: missing or malformed entry: {e}") from e


def event_country(event: Event, focus: str) -> str:
    """The ISO2 code ACLED would name the event's generic actors by: the place's when read at least at
    ``FOCUS_PLACE``, else the report's ``focus``; "" when neither is a known country."""
    place = event.place
    if place is not None and place.confidence >= FOCUS_PLACE and place.country_code in load_countries():
        return place.country_code
    return focus if focus in load_countries() else ""


def apply_conventions(doc, events: list[Event]) -> list[Event]:  # type: ignore[no-untyped-def]
    """``events`` with ACLED's actor conventions applied (see the module's docstring); events they do not change
    are returned as they are."""
    conventions = load_conventions()
    focus = report_country(doc)
    return [_apply(doc, event, conventions, focus) for event in events]


def _apply(doc, event: Event, conventions: Conventions, focus: str) -> Event:  # type: ignore[no-untyped-def]
    country = event_country(event, focus)
    day = event.event_date or doc.article.published
    sentence, offset, index, start = trigger_sentence(doc, event)
    actor1, actor2 = (_gendarmes_as_police(a, conventions) for a in (event.actor1, event.actor2))
    assoc1 = list(event.assoc_actor_1)
    reasons = [f"{side}: gendarmes are coded as police in {load_countries()[new.country_code].name} (ACLED)"
               for side, old, new in (("actor1", event.actor1, actor1), ("actor2", event.actor2, actor2))
               if new is not None and new is not old]
    if event.event_type in conventions.violent and actor1 is not None and actor1.type == ActorType.CIVILIANS:
        actor1, actor2, assoc1 = _civilians_out(event, actor1, actor2, assoc1)
        reasons.append("actor1: civilians are never the side that uses force (ACLED); coded as the target")
        if actor1 is None and country and event.sub_event_type not in UNNAMED_EXCEPT:
            actor1 = _unidentified(country)
    agent = _agent_by(doc, event, conventions, index, start, day) if event.event_type in conventions.agent_types \
        else None
    if agent is not None and (actor1 is None or actor1.name != agent.name):
        if actor2 is not None and actor2.name == agent.name:
            actor1, actor2 = agent, actor1  # "positions of X shelled by Y" read the wrong way round
        else:
            actor1, actor2 = agent, actor2 or (actor1 if actor1 and actor1.type == ActorType.CIVILIANS else None)
        reasons.append("actor1: the doer is named after 'by' (fired by, planted by)")
    if event.sub_event_type in conventions.attacker_types and _replaceable(actor1):
        state = attacker_state(sentence, offset, conventions, country)
        umbrella = kb_actor(state.removeprefix(UMBRELLA), event, day) if state.startswith(UMBRELLA) else None
        if umbrella is not None and not _same_state(actor2, umbrella.country_code):
            actor1 = umbrella
            reasons.append(f"actor1: an unnamed coalition is coded as {umbrella.name}, the one acting there")
        elif state in load_countries() and not _same_state(actor2, state):
            actor1 = state_military(state, event, day)
            reasons.append(f"actor1: the text names the attacker by a word for {load_countries()[state].name}'s forces")
    if actor2 is None and country and unnamed_victims(event, sentence, conventions):
        actor2 = Actor(f"Civilians ({load_countries()[country].name})", ActorType.CIVILIANS, country, "", "CVL", "")
        reasons.append("actor2: unnamed victims are coded as civilians of the event's country (ACLED)")
    if (actor1, actor2, assoc1) == (event.actor1, event.actor2, list(event.assoc_actor_1)):
        return event
    changed = replace(event, actor1=actor1, actor2=actor2, assoc_actor_1=tuple(assoc1),
                      interaction=interaction(actor1, actor2),
                      civilian_targeting=bool(actor2 is not None and actor2.type == ActorType.CIVILIANS),
                      reasons=tuple(r for r in event.reasons if not r.startswith(_fields(reasons))) + tuple(reasons))
    return replace(changed, notes=compose_notes(changed))


def _fields(reasons: list[str]) -> tuple[str, ...]:
    """The fields ("actor1:", "actor2:") whose earlier reasons the new ones replace."""
    return tuple({r.split(" ", 1)[0] for r in reasons})


def _civilians_out(event: Event, civilians: Actor, actor2: Actor | None,
                   assoc1: list[Actor]) -> tuple[Actor | None, Actor | None, list[Actor]]:
    """Civilians out of actor1: an armed associate of actor1 takes the place; else, in one-sided violence, an armed
    actor2 does (the parse read "civilians were shelled by X" the wrong way round). The civilians become actor2
    when it is free (or freed); in a battle they are dropped, as ACLED codes no civilians there."""
    armed = [a for a in assoc1 if a.type != ActorType.CIVILIANS]
    if armed:
        actor1, assoc1 = armed[0], [a for a in assoc1 if a is not armed[0]]
    elif actor2 is not None and actor2.type != ActorType.CIVILIANS and event.event_type != "Battles":
        actor1, actor2 = actor2, None
    else:
        actor1 = None
    if actor2 is None and event.event_type != "Battles":
        actor2 = civilians
    return actor1, actor2, assoc1


def _gendarmes_as_police(actor: Actor | None, conventions: Conventions) -> Actor | None:
    """A military named from gendarmes, in a country whose gendarmerie ACLED codes as police: its police."""
    if actor is None or actor.country_code not in conventions.gendarmerie_police \
            or not actor.name.startswith("Military Forces of ") or not conventions.gendarmes.search(actor.mention):
        return actor
    return replace(actor, name="Police Forces of " + actor.name.removeprefix("Military Forces of "), sector="COP")


def _replaceable(actor: Actor | None) -> bool:
    """An actor1 that a named attacker overrides: none, civilians, or an unidentified group set by convention."""
    return actor is None or actor.type == ActorType.CIVILIANS or actor.name.startswith("Unidentified Armed Group")


def _same_state(actor: Actor | None, code: str) -> bool:
    return actor is not None and actor.type in (ActorType.STATE, ActorType.EXTERNAL) and actor.country_code == code


def _unidentified(code: str) -> Actor:
    return Actor(f"Unidentified Armed Group ({load_countries()[code].name})", ActorType.POLITICAL_MILITIA, code, "",
                 "UAF", "")


def state_military(code: str, event: Event, day: dt.date | None) -> Actor:
    """``code``'s military, External/Other forces outside its own country, with ACLED's period for ``day``."""
    country = load_countries()[code]
    place = event.place
    foreign = place is not None and bool(place.country_code) and place.country_code != code
    actor = Actor(format_template("Military Forces of {the_country}", country),
                  ActorType.EXTERNAL if foreign else ActorType.STATE, code, "", "MIL", "")
    return dated(actor, day)


def kb_actor(kb_id: str, event: Event, day: dt.date | None) -> Actor | None:
    """The knowledge base's actor ``kb_id`` as named on ``day`` for ``event`` (an umbrella, a front's side); a
    coalition on its leader's soil is that state's forces (``as_external``)."""
    entry = next((e for e in shipped_entries() if e.id == kb_id), None)
    return dated(as_external(actor_from_entry(entry, "", on=day), event.place), day) if entry is not None else None


def trigger_sentence(doc, event: Event) -> tuple[str, int, int, int]:  # type: ignore[no-untyped-def]
    """The sentence holding the event's trigger, the trigger's offset in it, the sentence's index and its first
    character; ("", 0, -1, 0) without a parse."""
    start = min((ev.start for ev in event.evidence if ev.field == "trigger"), default=None)
    if start is None or doc.nlp is None:
        return "", 0, -1, 0
    for index, sent in enumerate(doc.sentences()):
        if sent.start_char <= start < sent.end_char:
            return doc.text[sent.start_char:sent.end_char], start - sent.start_char, index, sent.start_char
    return "", 0, -1, 0


def _agent_by(doc, event: Event, conventions: Conventions, index: int, start: int,  # type: ignore[no-untyped-def]
              day: dt.date | None) -> Actor | None:
    """The armed actor named right after "fired by", "planted by" ... in the trigger's sentence, named as the event
    names its sides (a generic side takes the place's country); None when there is none."""
    if index < 0:
        return None
    for m in doc.actors_in_sentence(index):
        if m.actor.type in (ActorType.CIVILIANS, None) or not conventions.agent_by.search(doc.text[start:m.start]):
            continue
        actor = localise(m, event.place, doc.country_focus)
        return dated(as_external(actor, event.place), day) if actor is not None else None
    return None


def attacker_state(sentence: str, offset: int, conventions: Conventions, country: str) -> str:
    """The ISO2 code of the state whose adjective (or a home government's word, meaning ``country``) stands before a
    weapon or attack noun in ``sentence``, the reading nearest the trigger at ``offset``; for an umbrella word
    ("coalition"), ``UMBRELLA`` and the knowledge-base id of the umbrella acting in ``country``; an epithet alone
    ("the occupiers" in Ukraine) counts as its state's adjective there; "" when none."""
    words = [(m.start(), m.group()) for m in _WORD.finditer(sentence)]
    found: list[tuple[int, str]] = []
    for i, (start, word) in enumerate(words):
        bare = word.rstrip(_STRIP)
        epithet = conventions.epithets.get(bare.lower(), {}).get(country, "")
        if epithet:  # "the occupiers shelled ...": the word alone names the attacker
            found.append((abs(start - offset), epithet))
            continue
        if bare.lower() in conventions.home_words:
            code = country
        elif bare.lower() in conventions.umbrellas:
            entry = conventions.umbrellas[bare.lower()].get(country, "")
            code = UMBRELLA + entry if entry else ""
        elif bare[:1].isupper() and bare == word:
            code = country_of_word(bare)
        else:
            continue
        if not code:
            continue
        for j in range(i + 1, min(len(words), i + 2 + conventions.max_between)):
            text = words[j][1]
            bare_j = text.rstrip(_STRIP).lower()
            pair = f"{bare_j} {words[j + 1][1].rstrip(_STRIP).lower()}" if j + 1 < len(words) else ""
            if bare_j in conventions.nouns or pair in conventions.nouns:
                found.append((abs(words[j][0] - offset), code))
                break
            if bare_j in conventions.stop_words or text != text.rstrip(_STRIP) or country_of_word(text.rstrip(_STRIP)):
                break  # "Russian strikes on Ukrainian cities", "Syrian, Russian": the phrase ends here
    return min(found)[1] if found else ""


def unnamed_victims(event: Event, sentence: str, conventions: Conventions) -> bool:
    """Whether ACLED would code the event's unnamed target as civilians."""
    if event.sub_event_type in conventions.always_civilian:
        return True
    if event.sub_event_type not in conventions.cue_civilian or not conventions.victims.search(sentence):
        return False
    return not conventions.armed.search(sentence) or bool(re.search(r"\bcivilians?\b", sentence, re.I))
