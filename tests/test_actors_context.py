"""Generic actors whose country the report does not give, foreign forces beside an unnamed regime, units carried
across sentences, "of <country>" phrases, umbrella groups, ACLED's unidentified armed group and the order of sides."""

from __future__ import annotations

import pytest
from helpers import top_event

pytestmark = pytest.mark.model


def _top(pipeline, text, published="2019-12-24"):
    return top_event(pipeline, text, published)


def _names(event):
    return (event.actor1.name if event.actor1 else None, event.actor2.name if event.actor2 else None)


def test_regime_without_any_country_is_still_an_armed_side_but_never_guessed(pipeline):
    # No place or actor says which country: the sides make the event a clash, and no country is invented.
    e = _top(pipeline, "Regime and loyalist militia forces fought Islamist faction fighters near the village of Sihal "
                       "on 7 December 2019.")
    assert e.sub_event_type == "Armed clash"
    assert not any("?" in (n or "") for n in _names(e))
    assert all(a is None or a.name == "Militia (Pro-Government)" for a in (e.actor1, e.actor2))


def test_foreign_air_force_does_not_make_the_regime_its_own(pipeline):
    e = _top(pipeline, "On 3 December 2019, regime forces fought HTS fighters near Abu Dali. Amid Russian air raids "
                       "and shelling by both sides, 9 regime fighters were killed.")
    assert _names(e) == ("Military Forces of Syria (2000-2024)", "HTS: Hayat Tahrir al Sham")


def test_forces_of_a_country_named_after_of(pipeline):
    e = _top(pipeline, "On the night of 7 May 2020, military forces of Armenia opened fire on military forces of "
                       "Azerbaijan with unspecified weapons close to Ashagi Askipara, Gazakh.", "2020-05-08")
    assert e.actor1.name.startswith("Military Forces of Armenia")
    assert e.actor2.name.startswith("Military Forces of Azerbaijan")


def test_police_after_a_named_unit_are_that_unit(pipeline):
    from conflictlens.pipeline import make_article

    doc = pipeline.run(make_article("On 5 May 2020, the Military Police conducted an operation in Cuiaba, Mato "
                                    "Grosso. During it, police officers and drug traffickers exchanged fire.",
                                    published="2020-05-06"), until="actors")
    names = {m.text: m.actor.name for m in doc.actor_mentions}
    assert names["police officers"] == "Military Forces of Brazil Military Police"
    assert names["drug traffickers"] == "Unidentified Gang (Brazil)"


def test_umbrella_named_after_generic_factions_is_the_side(pipeline):
    e = _top(pipeline, "On 19 June 2019, fighting took place near Tell Sakhr in Hama between regime troops, backed "
                       "by pro-regime militiamen, and rebel and Islamist factions under the banner of Al-Fath "
                       "Al-Mubeen Operation Room.")
    assert _names(e) == ("Military Forces of Syria (2000-2024)", "Al Fath Al Mubeen Operation Room")


def test_allies_after_supported_by_stay_on_the_first_side(pipeline):
    e = _top(pipeline, "On 28 August 2019, fighting took place in Hbeit in Idleb between regime troops, backed by "
                       "pro-regime militiamen and Russian ground forces, and rebel factions.")
    assert e.actor2.name == "Opposition Rebels (Syria)"


def test_against_inside_between(pipeline):
    e = _top(pipeline, "On 8 May 2019, heavy fighting was reported between regime and pro-regime militia fighters "
                       "against JTW near Tell Othman in the north of Hama.")
    assert _names(e) == ("Military Forces of Syria (2000-2024)", "JTW: National Liberation Front")


def test_unnamed_bomber_is_acleds_unidentified_armed_group(pipeline):
    e = _top(pipeline, "On 27 April 2020, an unidentified IED attached to the car of a local NGO official exploded in "
                       "Samawah city, damaging only the car.", "2020-04-29")
    assert e.actor1.name == "Unidentified Armed Group (Iraq)"
    assert any("unidentified armed group" in r for r in e.reasons)


def test_home_state_first_when_nobody_is_said_to_have_begun(pipeline):
    e = _top(pipeline, "On 24 April 2019, Islamist faction fighters clashed with regime forces in Idleb.")
    assert e.actor1.name.startswith("Military Forces of Syria")
    e = _top(pipeline, "On 30 April 2020, 11 Taliban militants were killed during clashes with Afghan forces "
                       "following attacks by Taliban in Nusay district, Badakhshan.", "2020-04-30")
    assert e.actor1.name == "Taliban"


def test_snipers_and_regime_fighters(pipeline):
    e = _top(pipeline, "On 15 June 2019, an opposition sniper killed a regime fighter on the Kafr Hud front in the "
                       "north of Hama province.")
    assert {e.actor1.name, e.actor2.name} == {"Opposition Rebels (Syria)", "Military Forces of Syria (2000-2024)"}
