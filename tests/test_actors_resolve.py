"""Actor resolution and role rules over whole sentences (the spaCy pipeline): generic sides named together,
"anti-X" modifiers, agents of noun triggers and of "when" clauses, allies inside "between", dated state forces."""

from __future__ import annotations

import pytest
from helpers import top_event

pytestmark = pytest.mark.model


def _top(pipeline, text, published="2019-12-24"):
    return top_event(pipeline, text, published)


def test_one_phrase_naming_two_generic_sides(pipeline):
    e = _top(pipeline, "On 21 December 2019, fighting took place in Jarjanaz in Idlib between regime troops, backed by "
                       "pro-regime militiamen, and rebel and Islamist factions.")
    assert e.actor1.name == "Military Forces of Syria (2000-2024)"
    assert [a.name for a in e.assoc_actor_1] == ["Militia (Pro-Government)"]  # allies share a side
    assert e.actor2.name == "Opposition Rebels (Syria)"  # the first of the two sides the phrase names


def test_between_and_against(pipeline):
    e = _top(pipeline, "On 20 December 2019, fighting took place near Talmenes in Idlib between regime and pro-regime "
                       "militia fighters against opposition rebels.")
    assert (e.actor1.name, e.actor2.name) == ("Military Forces of Syria (2000-2024)", "Opposition Rebels (Syria)")


def test_anti_x_forces_are_not_x(pipeline):
    e = _top(pipeline, "On 6 May 2020, anti-Houthi forces attacked Houthi fighters in Durayhimi in Hodeidah.", "2020-05-06")
    assert e.actor1 is None or e.actor1.name != "Houthis"
    assert e.actor2 is not None and e.actor2.kb_id == "houthis"


def test_agent_of_a_noun_trigger_and_unknown_party(pipeline):
    e = _top(pipeline, "On 7 May 2020, intense artillery fire by an unknown party hit the outskirts of Tripoli.", "2020-05-08")
    assert e.actor1.name == "Unidentified Armed Group (Libya)"


def test_doer_of_a_when_clause(pipeline):
    e = _top(pipeline, "Nine soldiers were killed on 2 May 2020 when a Taliban suicide bomber attacked an army post in "
                       "Gereshk district, Helmand.", "2020-05-03")
    assert e.actor1.name == "Taliban"
    assert e.actor2.name == "Military Forces of Afghanistan (2014-2021)"


def test_unnamed_gang(pipeline):
    e = _top(pipeline, "On 9 May 2020, gang members shot dead a shopkeeper in Celaya, Guanajuato.", "2020-05-09")
    assert e.actor1.name == "Unidentified Gang (Mexico)"


def test_crowd_without_a_resolved_place_takes_the_report_country(pipeline):
    e = _top(pipeline, "Street vendors in Brazil blocked roads on Monday to protest against their relocation.", "2020-05-07")
    assert e.event_type == "Protests" and e.actor1.name == "Protesters (Brazil)"


def test_demonym_does_not_set_the_generic_country(pipeline):
    e = _top(pipeline, "Regime forces took the village of Tell Mannas in Idleb on 20 December 2019 after fighting between "
                       "regime forces, backed by Quds Brigade and pro-regime militias, and rebel factions and HTS. "
                       "Russian and regime warplanes carried out airstrikes during the fighting.")
    assert e.actor1.name.startswith("Military Forces of Syria")


def test_capture_takes_the_losing_side_from_the_clashes(pipeline):
    e = _top(pipeline, "On 16 August 2019, regime forces seized Sukayk in the south of Idleb province after fighting "
                       "against opposition and Islamist factions.")
    assert e.sub_event_type == "Government regains territory"
    assert (e.actor1.name, e.actor2.name) == ("Military Forces of Syria (2000-2024)", "Opposition Rebels (Syria)")


def test_clashed_with_without_a_parsed_subject(pipeline):
    e = _top(pipeline, "Regime and loyalist militia forces intermittently clashed with HTS fighters around Kabani on "
                       "24 November 2019.")
    assert e.actor1.name == "Military Forces of Syria (2000-2024)" and e.actor2.kb_id == "hts"


def test_factions_named_as_acled_names_them(pipeline):
    e = _top(pipeline, "On 30 April 2020, LNA and GNA forces reportedly fought near Gharyan. No casualties were reported.", "2020-05-01")
    assert {e.actor1.name, e.actor2.name} == {"Military Forces of Libya (2016-2021) Government of National Accord",
                                             "Military Forces of Libya (2014-) Haftar Faction"}
    e = _top(pipeline, "On the night of 7 May 2020, military forces of Artsakh fired on military forces of Azerbaijan with "
                       "unspecified weapons close to Fuzuli.", "2020-05-08")
    assert e.actor1.kb_id == "artsakh_forces" and e.actor2.name.startswith("Military Forces of Azerbaijan")


def test_named_units_of_state_forces(pipeline):
    e = _top(pipeline, "The Military Police killed a suspect in an operation in Campinas, Sao Paulo, on 6 May 2020.", "2020-05-07")
    assert e.actor1.name == "Military Forces of Brazil (2019-2022) Military Police"


def test_armed_men_named_by_their_people_or_clan_are_acleds_ethnic_or_clan_militia(pipeline):
    e = _top(pipeline, "Armed Pokot raiders attacked a village near Kapedo in Turkana County on Sunday, killing four "
                       "herders, police said.",
             "2021-05-03")
    assert (e.actor1.name, e.actor2.name) == ("Pokot Ethnic Militia (Kenya)", "Civilians (Kenya)")
    e = _top(pipeline, "Marehan militia fighters clashed with Al Shabaab near Beled Hawo on Tuesday.", "2021-05-05")
    assert "Marehan Clan Militia (Somalia)" in (e.actor1.name, e.actor2.name)
    e = _top(pipeline, "Gunmen attacked the village of Rafin Kada in Wukari on Monday, killing seven people.", "2021-05-05")
    assert e.actor1.name == "Unidentified Armed Group (Nigeria)"  # no people named: no ethnic militia


def _mentions(pipeline, text, published="2024-05-10"):
    from conflictlens.model import Article

    doc = pipeline.run(Article(text=text, published=published), until="actors")
    return {m.text: m.actor.name for m in doc.actor_mentions}


@pytest.mark.parametrize("text, phrase, name", [
    ("Israeli strikes hit the outskirts of Rafah on Monday.", "Israeli strikes", "Military Forces of Israel"),
    ("A Russian missile attack damaged a factory in Zaporizhzhia.", "A Russian missile attack", "Military Forces of Russia"),
    ("US raids on Hodeidah port were reported overnight.", "US raids", "Military Forces of the United States"),
    ("A farmer was wounded by Turkish fire near Kobani.", "Turkish fire", "Military Forces of Turkey"),
])
def test_a_states_adjective_before_an_attack_noun_names_its_forces(pipeline, text, phrase, name):
    assert _mentions(pipeline, text)[phrase] == name


@pytest.mark.parametrize("text", [
    "The Nigeria Labour Congress strike shut banks in Lagos on Monday.",
    "A Nigerian general strike closed markets in Kano.",
    "Kenyan doctors' strike enters its third week.",
    "An Israeli settler attack on a village near Nablus wounded four people.",  # settlers, not the state
    "Palestinian rocket fire set off sirens in Sderot.",  # armed groups, not a state's forces
])
def test_strikes_of_labour_and_attacks_of_non_state_doers_are_no_state_forces(pipeline, text):
    assert not any(name.startswith("Military Forces") for name in _mentions(pipeline, text).values())


def test_bare_militants_are_the_unidentified_group_only_when_no_group_is_named(pipeline):
    assert _mentions(pipeline, "Militants ambushed a police van near Bannu on Friday.")["Militants"] \
        == "Unidentified Armed Group (Pakistan)"
    named = _mentions(pipeline, "The Pakistani Taliban said they attacked a checkpoint near Bannu. "
                                "The militants then withdrew into the hills.")
    assert named.get("The militants", "") != "Unidentified Armed Group (Pakistan)"


def test_party_militants_and_a_compound_doer_keep_their_reading(pipeline):
    assert not any(name.startswith("Unidentified") for name in _mentions(
        pipeline, "Opposition militants marched through Lubumbashi on Saturday.").values())
    assert _mentions(pipeline, "Army shelling hit a market in Idlib on Monday.")["Army"].startswith("Military Forces of Syria")


def test_a_single_police_officer_is_the_police(pipeline):
    assert _mentions(pipeline, "Gunmen shot a policeman outside a bank in Enugu.")["a policeman"] \
        == "Police Forces of Nigeria"


def test_the_doer_named_in_a_passives_cause(pipeline):
    from conflictlens.model import Article
    from conflictlens.assemble import candidates

    doc = pipeline.run(Article(text="At least 12 people were killed in an Israeli strike on a house in Deir al-Balah.",
                               published="2024-05-10"), until="fatalities")
    events = [e for _, e in candidates(doc) if e.event_type]
    assert events and all(e.actor1 is not None and e.actor1.name.startswith("Military Forces of Israel") for e in events)
    assert any(e.sub_event_type == "Air/drone strike" and e.fatalities == 12 for e in events)


def test_those_who_ran_into_a_bomb_are_its_victims(pipeline):
    from conflictlens.model import Article
    from conflictlens.assemble import candidates

    for text in ("Three policemen were killed when their patrol car hit a roadside bomb near Gao.",
                 "A policeman stepped on a landmine near Gao on Monday and was killed.",
                 "Three policemen were killed in a militant attack on a checkpoint near Gao."):
        doc = pipeline.run(Article(text=text, published="2024-05-10"), until="fatalities")
        events = [e for _, e in candidates(doc) if e.event_type]
        assert events and all(e.actor1 is None or not e.actor1.name.startswith("Police") for e in events), text
        assert any(e.actor2 is not None and e.actor2.name.startswith("Police Forces of Mali") for e in events), text
