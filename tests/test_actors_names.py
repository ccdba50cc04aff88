"""Named-actor matching rules over whole sentences (the spaCy pipeline): partial names need a distinctive word,
names never span punctuation or possessives, fuzzy matches respect words and people's names, a country in a
movement's name picks its branch, a foreign demonym makes another group, generic heads never beat a name."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictlens.actors.kb import KBEntry, MemoryKB
from conflictlens.model import ActorType, Article

pytestmark = pytest.mark.model


def _mentions(pipeline, text):
    doc = pipeline.run(Article(text=text, published=dt.date(2019, 6, 1)), until="actors")
    return {m.text: (m.actor.kb_id or m.actor.name, m.actor.unknown_to_kb) for m in doc.actor_mentions}


@pytest.mark.parametrize("text, phrase", [
    ("The UK and the Government of Iraq are committed to defeating these terrorists in Mosul.", "Government of Iraq"),
    ("Ahmed Murad, a director at the Iraqi Ministry of Culture, announced a project in Baghdad.", "Iraqi Ministry"),
    ("The UN High Commissioner for Human Rights said civilians were killed in Aleppo.", "UN High Commissioner"),
    ("Fighters in the Iraqi Kurdistan Region clashed with ISIL near Erbil.", "Kurdistan Region"),
])
def test_partial_names_need_a_distinctive_word(pipeline, text, phrase):
    found = _mentions(pipeline, text)
    assert not any(phrase in m and kb not in ("united_nations",) for m, (kb, _) in found.items()), found


def test_a_name_does_not_swallow_a_parenthesis(pipeline):
    found = _mentions(pipeline, "U.S. forces are advising Syrian Democratic Forces (SDF) fighters in Raqqa.")
    assert found["Syrian Democratic Forces"][0] == "sdf" and found["SDF"][0] == "sdf"


def test_possessive_is_not_part_of_the_key(pipeline):
    found = _mentions(pipeline, "He ran the logistics of AQI's effort in Iraq.")
    assert found.get("AQI", ("",))[0] == "is_iraq" and "AQI's" not in found


def test_fuzzy_matches_respect_words_punctuation_and_people(pipeline):
    found = _mentions(pipeline, "ISIL as part of its campaign attacked Tikrit. The group was founded by Sheikh Abu Omar "
                                "al-Ansari in Baghdad. Fighters destroyed the Tishrin Dam, Syria.")
    kb_ids = {kb for kb, _ in found.values()}
    assert not kb_ids & {"islah", "ansaru", "rsf"}, found


def test_fuzzy_match_needs_the_same_words():
    islah = KBEntry("islah", "Islah Party", ActorType.POLITICAL_MILITIA, "YE", aliases=("al-Islah party",))
    izza = KBEntry("izza", "Jaysh al-Izza", ActorType.REBEL, "SY")
    kb = MemoryKB([islah, izza])
    assert kb.match("ISIL as part") is None
    assert kb.match("Jaish al-Izzeh") is izza
    assert kb.match("Jaish al-Izzeh", fuzzy=False) is None
    assert kb.match("Islah Party's") is islah


def test_a_country_in_the_name_picks_the_branch(pipeline):
    found = _mentions(pipeline, "Philippine troops clashed in Marawi. Analysts compared it with the Islamic State of "
                                "Iraq and the Levant, which burned a pilot in Raqqa.")
    assert found["Islamic State of Iraq and the Levant"][0] in ("is_iraq", "is_syria", "islamic_state")


def test_foreign_demonym_makes_another_group(pipeline):
    found = _mentions(pipeline, "The SDF, which includes the Syrian Arab Coalition, has made progress in Raqqa.")
    assert all(kb != "operation_restoring_hope" for kb, _ in found.values()), found


def test_coalition_forces_are_the_named_coalition(pipeline):
    found = _mentions(pipeline, "On Jan. 10, Coalition military forces conducted 23 strikes against ISIL in Syria and "
                                "Iraq. The strikes were part of Operation Inherent Resolve.")
    coalition = [kb for m, (kb, _) in found.items() if m.startswith("Coalition")]
    assert coalition == ["global_coalition"]


def test_a_named_army_of_x_is_not_state_forces(pipeline):
    found = _mentions(pipeline, "The Army of the Victorious Sect was announced as one of its constituent groups in Baghdad.")
    assert all(not kb.startswith("Military Forces") for kb, _ in found.values()), found


def test_country_possessive_security_forces(pipeline):
    found = _mentions(pipeline, "This is the greatest challenge that Iraq's Security Forces have yet encountered in Mosul.")
    assert found["Iraq's Security Forces"][0] == "Military Forces of Iraq"


def test_named_commands_and_services_are_state_forces(pipeline):
    found = _mentions(pipeline, "Gen. Joseph Votel, commander of U.S. Central Command, said the Royal Navy and U.S. "
                                "service members in Syria would stay.")
    assert found["U.S. Central Command"][0] == "Military Forces of the United States"
    assert found["Royal Navy"][0] == "Military Forces of the United Kingdom"
    assert found["U.S. service members"][0] == "Military Forces of the United States"
