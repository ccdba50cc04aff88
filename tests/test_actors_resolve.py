"""Actor resolution and role rules over whole sentences (the spaCy pipeline): generic sides named together,
"anti-X" modifiers, agents of noun triggers and of "when" clauses, allies inside "between", dated state forces."""

from __future__ import annotations

import pytest
from helpers import top_event

pytestmark = pytest.mark.model


def _top(pipeline, text, published="2019-12-24"):
    return top_event(pipeline, text, published)


def test_one_phrase_naming_two_generic_sides(pipeline):
    e = _top(pipeline, "On 23 December 2019, clashes took place between regime forces, supported by pro-regime militias, "
                       "and rebel and Islamist factions in Maarrat al-Numan in Idlib.")
    assert e.actor1.name == "Military Forces of Syria (2000-2024)"
    assert [a.name for a in e.assoc_actor_1] == ["Militia (Pro-Government)"]  # allies share a side
    assert e.actor2.name == "Opposition Rebels (Syria)"  # the first of the two sides the phrase names


def test_between_and_against(pipeline):
    e = _top(pipeline, "On 27 December 2019, clashes took place between regime and pro-regime militia forces against "
                       "opposition rebels in Kafr Nabl in Idlib.")
    assert (e.actor1.name, e.actor2.name) == ("Military Forces of Syria (2000-2024)", "Opposition Rebels (Syria)")


def test_anti_x_forces_are_not_x(pipeline):
    e = _top(pipeline, "On 6 May 2020, anti-Houthi forces attacked Houthi fighters in Durayhimi in Hodeidah.", "2020-05-06")
    assert e.actor1 is None or e.actor1.name != "Houthis"
    assert e.actor2 is not None and e.actor2.kb_id == "houthis"


def test_agent_of_a_noun_trigger_and_unknown_party(pipeline):
    e = _top(pipeline, "On 8 May 2020, heavy artillery fire by an unknown party was reported in Tripoli.", "2020-05-08")
    assert e.actor1.name == "Unidentified Armed Group (Libya)"


def test_doer_of_a_when_clause(pipeline):
    e = _top(pipeline, "On 3 May 2020, 11 soldiers were killed when a Taliban suicide bomber drove into an army base "
                       "in Nahri Saraj district, Helmand.", "2020-05-03")
    assert e.actor1.name == "Taliban"
    assert e.actor2.name == "Military Forces of Afghanistan (2014-2021)"


def test_unnamed_gang(pipeline):
    e = _top(pipeline, "On 9 May 2020, gang members shot dead a shopkeeper in Celaya, Guanajuato.", "2020-05-09")
    assert e.actor1.name == "Unidentified Gang (Mexico)"


def test_crowd_without_a_resolved_place_takes_the_report_country(pipeline):
    e = _top(pipeline, "Street vendors in Brazil blocked roads on Monday to protest against their relocation.", "2020-05-07")
    assert e.event_type == "Protests" and e.actor1.name == "Protesters (Brazil)"


def test_demonym_does_not_set_the_generic_country(pipeline):
    e = _top(pipeline, "On 22 December 2019, regime forces captured Borj in Idleb following clashes between regime "
                       "forces, supported by pro-regime militias and Quds Brigade, and HTS and rebel factions. Clashes "
                       "were accompanied by airstrikes by regime and Russian warplanes.")
    assert e.actor1.name.startswith("Military Forces of Syria")


def test_capture_takes_the_losing_side_from_the_clashes(pipeline):
    e = _top(pipeline, "On 18 August 2019, regime forces captured Kafrtab in southern Idleb countryside following "
                       "clashes with opposition and Islamist factions.")
    assert e.sub_event_type == "Government regains territory"
    assert (e.actor1.name, e.actor2.name) == ("Military Forces of Syria (2000-2024)", "Opposition Rebels (Syria)")


def test_clashed_with_without_a_parsed_subject(pipeline):
    e = _top(pipeline, "On 26 November 2019, regime and loyalist militia forces clashed sporadically with HTS fighters "
                       "in the town of Sihal.")
    assert e.actor1.name == "Military Forces of Syria (2000-2024)" and e.actor2.kb_id == "hts"


def test_factions_named_as_acled_names_them(pipeline):
    e = _top(pipeline, "On 1 May 2020, GNA and LNA forces reportedly clashed in Surman. No casualties reported.", "2020-05-01")
    assert {e.actor1.name, e.actor2.name} == {"Military Forces of Libya (2016-2021) Government of National Accord",
                                             "Military Forces of Libya (2014-) Haftar Faction"}
    e = _top(pipeline, "On 8 May 2020, military forces of Artsakh fired with unspecified weapons on the positions of the "
                       "military forces of Azerbaijan near Terter.", "2020-05-08")
    assert e.actor1.kb_id == "artsakh_forces" and e.actor2.name.startswith("Military Forces of Azerbaijan")


def test_named_units_of_state_forces(pipeline):
    e = _top(pipeline, "On 7 May 2020, in Piracicaba, Sao Paulo, the Military Police shot dead a suspect during an "
                       "operation.", "2020-05-07")
    assert e.actor1.name == "Military Forces of Brazil (2019-2022) Military Police"
