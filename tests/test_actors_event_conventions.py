"""ACLED's actor conventions applied to finished events (``actors/conventions.py``): civilians never actor1 of
violence, an attacker named by its state's adjective, unnamed victims as civilians of the event's country. All
sentences are written for these tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from helpers import top_event

from conflictlens.actors.conventions import apply_conventions, attacker_state, load_conventions, unnamed_victims
from conflictlens.model import Actor, ActorType, Article


@dataclass
class _NoParseDoc:
    """A document with no parse: the conventions then work from the event's own fields."""

    country_focus: list[str] = field(default_factory=list)
    nlp: None = None
    article: Article = field(default_factory=lambda: Article(id="d", text="", published=dt.date(2019, 8, 5)))


CIVILIANS = Actor("Civilians (Syria)", ActorType.CIVILIANS, "SY", sector="CVL")
GROUP = Actor("Hayat Tahrir al-Sham", ActorType.REBEL, "SY", sector="REB")


@pytest.mark.parametrize("sentence, trigger, country, expected", [
    ("A Russian missile attack destroyed a school in the town overnight.", "attack", "UA", "RU"),
    ("An Israeli drone strike hit a motorbike on the coast road.", "strike", "LB", "IL"),
    ("Turkish warplanes bombed hills near the border on Friday.", "bombed", "IQ", "TR"),
    ("Residents blamed the raid on the Jordanian air force.", "raid", "SY", "JO"),
    ("Junta jets bombed a monastery outside the town.", "bombed", "MM", "MM"),
    ("A coalition air strike hit a truck on the main road.", "strike", "YE", "kb:operation_restoring_hope"),
    ("A coalition air strike hit a truck on the main road.", "strike", "MM", ""),
    ("In the evening the occupiers shelled the outskirts of the village.", "shelled", "UA", "RU"),
    ("In the evening the occupiers shelled the outskirts of the village.", "shelled", "IQ", ""),
    ("Enemy artillery targeted the edge of two border towns.", "targeted", "LB", "IL"),
    # the adjective describes the target or the place, not the attacker
    ("Shells fell on Ukrainian positions near the river.", "Shells", "UA", ""),
    ("Rockets hit a Syrian village at dawn.", "hit", "SY", ""),
    ("Strikes hit Russian-held areas of the city.", "Strikes", "UA", ""),
    ("An unknown drone struck a car near the town.", "struck", "SY", ""),
])
def test_attacker_named_by_adjective(sentence, trigger, country, expected):
    assert attacker_state(sentence, sentence.index(trigger), load_conventions(), country) == expected


def test_nearest_adjective_to_the_trigger_wins():
    sentence = "After Ukrainian drone attacks on a refinery, a Russian missile struck a market in the city."
    assert attacker_state(sentence, sentence.index("struck"), load_conventions(), "UA") == "RU"
    assert attacker_state(sentence, sentence.index("attacks"), load_conventions(), "UA") == "UA"


@pytest.mark.parametrize("sub_type, sentence, expected", [
    ("Arrests", "Police detained four men at a roadblock.", True),
    ("Looting/property destruction", "Fighters looted stores in the market.", True),
    ("Shelling/artillery/missile attack", "A mortar round hit a house, injuring a woman.", True),
    ("Shelling/artillery/missile attack", "Mortar rounds hit an army post overnight.", False),
    ("Shelling/artillery/missile attack", "Shelling was heard east of the town.", False),
    ("Armed clash", "Two people were killed in the fighting.", False),
])
def test_unnamed_victims(make_event, sub_type, sentence, expected):
    event = make_event(sub_event_type=sub_type, actor2=None)
    assert unnamed_victims(event, sentence, load_conventions()) is expected


def test_civilians_never_actor1_of_one_sided_violence(make_event):
    event = make_event(event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
                       actor1=CIVILIANS, actor2=GROUP)
    (out,) = apply_conventions(_NoParseDoc(), [event])
    assert (out.actor1, out.actor2) == (GROUP, CIVILIANS)
    assert out.civilian_targeting and out.interaction == 27


def test_civilians_out_of_actor1_leave_an_unidentified_group(make_event):
    event = make_event(event_type="Violence against civilians", sub_event_type="Attack", actor1=CIVILIANS,
                       actor2=None)
    (out,) = apply_conventions(_NoParseDoc(), [event])
    assert out.actor1.name == "Unidentified Armed Group (Syria)"
    assert out.actor2 == CIVILIANS
    assert any(r.startswith("actor1: civilians are never") for r in out.reasons)


def test_civilians_are_dropped_from_a_battle_and_an_associate_takes_actor1(make_event):
    ally = Actor("Syrian National Army", ActorType.REBEL, "SY", sector="REB")
    army = Actor("Military Forces of Syria (2000-2024)", ActorType.STATE, "SY", sector="MIL")
    event = make_event(actor1=CIVILIANS, assoc_actor_1=(ally,), actor2=army)
    (out,) = apply_conventions(_NoParseDoc(), [event])
    assert (out.actor1, out.actor2, out.assoc_actor_1) == (ally, army, ())


def test_events_the_conventions_do_not_touch_are_returned_unchanged(make_event):
    event = make_event()
    assert apply_conventions(_NoParseDoc(), [event])[0] is event


@pytest.mark.model
def test_adjective_attacker_in_the_pipeline(shipped_pipeline):
    e = top_event(shipped_pipeline, "KHARKIV, March 3 - A Russian missile attack hit an apartment block in Kharkiv "
                                    "on Sunday, killing three people, the regional governor said.", "2024-03-04")
    assert e.actor1 is not None and e.actor1.name == "Military Forces of Russia (2000-)"
    assert e.actor1.type == ActorType.EXTERNAL
    assert e.actor2 is not None and e.actor2.name == "Civilians (Ukraine)"


@pytest.mark.model
def test_unnamed_coalition_is_the_umbrella_acting_there(shipped_pipeline):
    e = top_event(shipped_pipeline, "HAJJAH, Yemen - A coalition air strike hit a car on a road in Hajjah province on "
                                    "Tuesday, killing two men, residents said.", "2019-03-13")
    assert e.actor1 is not None and e.actor1.name == "Operation Restoring Hope"


@pytest.mark.model
def test_unnamed_arrestees_are_civilians(shipped_pipeline):
    e = top_event(shipped_pipeline, "KANO, May 6 - Police arrested nine young men in a night raid on a market in Kano "
                                    "on Tuesday, a police spokesman said.", "2024-05-08")
    assert e.sub_event_type == "Arrests"
    assert e.actor2 is not None and e.actor2.name == "Civilians (Nigeria)"


@pytest.mark.model
def test_doer_named_after_fired_by(shipped_pipeline):
    e = top_event(shipped_pipeline, "OMDURMAN, Sudan - Soldiers said on Sunday that mortar shells fired by the Rapid "
                                    "Support Forces had hit a crowded market in Omdurman, killing three traders.",
                  "2024-02-12")
    assert e.event_type == "Explosions/Remote violence"
    assert e.actor1 is not None and e.actor1.name == "RSF: Rapid Support Forces"


@pytest.mark.parametrize("before, expected", [
    ("Artillery shells fired by the ", True),
    ("a mine went off planted by the mercenaries of ", True),
    ("A small drone launched by ", True),
    ("Shells fired at positions held by ", False),
    ("Residents fled after shells were fired; the governor, speaking to reporters, blamed ", False),
])
def test_agent_by_phrase(before, expected):
    assert bool(load_conventions().agent_by.search(before)) is expected
