"""Event typing rules (events/typing.py, crowd.py, gate.py, detect.py, modality.py) on sentences written for
these tests: each names the ACLED sub-event type an analyst would code, or none."""

from __future__ import annotations

import pytest

from conflictlens.events.typing import _cue_pattern, load_lexicon


def _types(pipeline, text: str) -> set[str]:
    return {e.sub_event_type for e in pipeline.extract(text, published="2024-05-20") if e.event_type}


def test_cues_match_whole_words_with_plurals():
    mine = _cue_pattern(["mine", "camp", "commemorat*"])
    assert mine.search("two mines exploded") and mine.search("a mine")
    assert not mine.search("the minister said") and not mine.search("a college campus")
    assert mine.search("commemorating the victims")


def test_phrasal_triggers_are_loaded():
    assert load_lexicon().phrasal["go off"] == "explode"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # Riots and protests (ACLED: violence by demonstrators makes a riot, whatever the police did).
        ("Protesters threw stones at police and torched two cars in Nairobi on Sunday, and police fired tear gas.",
         "Violent demonstration"),
        ("Clashes have broken out between police and demonstrators in Manama.", "Violent demonstration"),
        ("Thousands of people marched through Lagos on Saturday. Police later fired tear gas to disperse the crowd.",
         "Protest with intervention"),
        ("Police detained twelve people during a protest against fuel prices in Kampala on Monday.",
         "Protest with intervention"),
        ("Security forces opened fire on peaceful protesters in Basra on Friday, killing four.",
         "Excessive force against protesters"),
        ("Thousands of teachers took to the streets of Accra on Tuesday to demand higher pay.", "Peaceful protest"),
        # Property destruction and looting.
        ("Dozens of shops were looted and several set alight in Durban during the unrest on Tuesday night.",
         "Looting/property destruction"),
        # Remote violence named by its weapon, and the clause that only elaborates it.
        ("Militants carried out a grenade attack on a police vehicle in Pulwama on Monday, injuring five officers.",
         "Grenade"),
        ("A roadside mine went off under an army truck near Khost on Monday, wounding three soldiers.",
         "Remote explosive/landmine/IED"),
        ("Civilians in Douma were exposed to poisonous gas dropped on the town on Saturday, doctors said.",
         "Chemical weapon"),
        # Territory: the side is read from the subject; a place left without a fight changes hands peacefully.
        ("Army spokesman Captain Ali said that rebels have taken over four villages in Masisi territory.",
         "Non-state actor overtakes territory"),
        ("Al Shabaab fighters took control of Marka on Monday following the withdrawal of government forces.",
         "Non-violent transfer of territory"),
        # One-sided violence where no armed side is named is an Attack, not a battle.
        ("Gunmen opened fire on worshippers inside a mosque in Kano on Friday, killing six people.", "Attack"),
        ("The army killed and wounded dozens of militants in Hama province on Sunday.", "Armed clash"),
        # Agreements.
        ("The government and the rebels agreed on Sunday to resume peace talks in Oslo.", "Agreement"),
    ],
)
def test_sub_event_type(pipeline, text, expected):
    assert expected in _types(pipeline, text)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "A strong earthquake killed eight people and damaged hundreds of buildings in Java on Monday.",
        "A fire destroyed forty shops at the central market in Onitsha on Sunday night, officials said.",
        "Russia expelled three diplomats on Monday following the collapse of peace talks with the rebels.",
        "Demonstrators protested on Monday against the detention of their leader in Manama.",
    ],
)
def test_no_conflict_event_or_only_the_protest(pipeline, text):
    types = _types(pipeline, text)
    assert types <= {"Peaceful protest"}, types


@pytest.mark.model
def test_an_earlier_phase_is_background(pipeline):
    text = ("Syrian troops captured the village of Kafr Nabudah on Wednesday, extending a campaign that until "
            "then had relied largely on air strikes.")
    types = _types(pipeline, text)
    assert "Government regains territory" in types and "Air/drone strike" not in types


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # ACLED codes troop movements and reinforcements as a change to the group's activity (a relocation).
        ("The army sent reinforcements and tanks to the outskirts of Kidal on Monday, a military source said.",
         "Change to group/activity"),
        # An "after" clause is the news when the main clause reacts to it or it is dated just before.
        ("Police stepped up patrols in Johannesburg on Tuesday after dozens of shops were looted there the night before.",
         "Looting/property destruction"),
        ("A riot broke out in the town on Friday after an angry mob almost lynched two traders it accused of theft.", "Mob violence"),
        # A perfect tense with a "since" date tells what was done, not a background state.
        ("Turkish troops have established twelve new outposts in northern Iraq since March, the ministry said.",
         "Headquarters or base established"),
        ("The defence ministry said rebel fighters had gained ground in the eastern districts of the town.",
         "Non-state actor overtakes territory"),
        ("Iraqi forces freed several villages from Islamic State militants on Thursday, a security source said.",
         "Government regains territory"),
        # A prisoner exchange named as a modifier, and a collective surrender (ACLED: agreements).
        ("Red Cross staff supervised the exchange process of prisoners held by both sides outside Luhansk on Sunday.", "Agreement"),
        ("Forty rebel fighters surrendered to the army in Beni on Friday with their weapons, the military said.",
         "Agreement"),
        ("Forty rebel fighters surrendered to the army in Beni on Friday under the government's amnesty programme.",
         "Change to group/activity"),
        ("Four soldiers were wounded during a shoot-out between bandits and soldiers near Zurmi on Monday.",
         "Armed clash"),
    ],
)
def test_sub_event_type_more(pipeline, text, expected):
    assert expected in _types(pipeline, text)


@pytest.mark.model
def test_reinforcements_keep_plover_mobilize(pipeline):
    events = [e for e in pipeline.extract("The army sent reinforcements and tanks to the outskirts of Kidal on Monday.",
                                          published="2024-05-20") if e.event_type]
    assert [(e.sub_event_type, e.plover_event) for e in events] == [("Change to group/activity", "MOBILIZE")]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, absent",
    [
        # An attack cited as the reason for a diplomatic step is history, not a new event.
        ("Two diplomats were expelled on Monday after a nerve agent attack on a defector in London.", "Chemical weapon"),
        ("New sanctions target officials responsible for chemical weapons attacks against civilians, the minister said.",
         "Chemical weapon"),
        # The aim of an offensive is not its result.
        ("Militants launched an offensive to capture the town of Sirte on Monday, officials said.",
         "Non-state actor overtakes territory"),
        ("Police freed two hostages held by kidnappers in Kaduna on Monday.", "Government regains territory"),
        # The fighting that wins a place is the territorial event itself (one event per actors, place and day).
        ("Government troops recaptured the town of Marka on Sunday after fierce clashes with Al Shabaab fighters.",
         "Armed clash"),
    ],
)
def test_not_coded(pipeline, text, absent):
    assert absent not in _types(pipeline, text)


@pytest.mark.model
def test_a_capture_after_clashes_is_one_territorial_event(pipeline):
    text = "Government troops recaptured the town of Marka on Sunday after fierce clashes with Al Shabaab fighters."
    assert "Government regains territory" in _types(pipeline, text)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # Generic armed people count as armed even when the actors stage cannot name them (no country).
        ("Gunmen on motorcycles opened fire on traders at a cattle market, killing six.", "Attack"),
        ("Bandits stormed a hamlet at dawn and shot dead four herders.", "Attack"),
        # The weapon thrown decides, even during clashes.
        ("Dozens of grenades were thrown at the soldiers during the clashes, the army said.", "Grenade"),
        # Ordinary people fighting with crude weapons: mob violence.
        ("Two men died when youths from rival villages fought with machetes and clubs over grazing land.", "Mob violence"),
        # Torching is property destruction even when the property is not named.
        ("Witnesses say soldiers and allied militiamen carried out a campaign of torching across the district.",
         "Looting/property destruction"),
        ("A man wearing an explosive vest blew up at the gate of the police academy, killing eleven.", "Suicide bomb"),
        # People seized by armed men are abducted; a parse that hides the object still finds the weapons.
        ("Armed men seized two engineers from a construction site near the dam.", "Abduction/forced disappearance"),
        ("Soldiers uncovered a large quantity of explosives thought to belong to the insurgents.",
         "Disrupted weapons use"),
        ("Rebel fighters pulled out of the market town on Friday, handing it to government troops.",
         "Non-violent transfer of territory"),
        ("Hundreds of teachers assembled outside the ministry to demand better pay.", "Peaceful protest"),
    ],
)
def test_generalised_rules(pipeline, text, expected):
    assert expected in _types(pipeline, text)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, absent",
    [
        # An attack already known, as the object of a reaction or of a disputed responsibility, is not new.
        ("The interior minister condemned the car bomb attack and ordered an inquiry.", "Remote explosive/landmine/IED"),
        ("The group denied it was responsible for the rocket attack on the airport.", "Shelling/artillery/missile attack"),
        ("Ministers backed sanctions on judges responsible for jailing opposition leaders.", "Arrests"),
        # A pull-back to other positions is a movement, not a place handed over.
        ("Ukrainian troops pulled back to more defensible positions after days of assaults.",
         "Non-violent transfer of territory"),
        # A police station is no troop movement.
        ("Police at the central police station said the town was calm.", "Change to group/activity"),
    ],
)
def test_generalised_not_coded(pipeline, text, absent):
    assert absent not in _types(pipeline, text)


@pytest.mark.model
def test_notes_read_naturally(pipeline):
    (event,) = [e for e in pipeline.extract("The army sent reinforcements and tanks to the outskirts of Kidal on Monday.",
                                            published="2024-05-20") if e.event_type]
    assert "moved or reinforced forces" in event.notes and "changed group/activity" not in event.notes


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # Blasts and projectiles counted by monitors near the front line: indirect fire (ACLED: shelling).
        ("Monitors recorded 35 explosions involving unknown weapons close to Marinka on Monday.",
         "Shelling/artillery/missile attack"),
        ("Militants launched two rockets from the border area into the town on Sunday.", "Shelling/artillery/missile attack"),
        # People shot or attacked by unnamed armed men, no armed side among the victims: an Attack, not a battle.
        ("Two armed men attacked a man in the market of Veracruz on Tuesday. The victim died.", "Attack"),
        ("A gang of criminals shot two men in Culiacan on Monday. One of them died; the second was wounded.",
         "Attack"),
        # A causal "since" clause does not make a protest background.
        ("Parents protested in Asuncion on Monday to demand lower tuition, since classes were suspended.",
         "Peaceful protest"),
    ],
)
def test_terse_notes(pipeline, text, expected):
    assert expected in _types(pipeline, text)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, absent",
    [
        # A killing told in a relative clause is background, and a launched product or offensive is no shelling.
        ("Kisumu was hit hard by the violence in which more than 1,100 people were killed across the country.", "Attack"),
        ("The company launched a new phone in Nairobi on Monday.", "Shelling/artillery/missile attack"),
    ],
)
def test_terse_notes_not_coded(pipeline, text, absent):
    assert absent not in _types(pipeline, text)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # ACLED's conventions for lists of weapons fired: direct-fire weapons make a battle, heavy weapons alone shelling.
        ("On Monday near Pisky the rebels fired small arms, grenade launchers and heavy machine guns at army "
         "positions.", "Armed clash"),
        ("On Monday the army fired 152mm artillery and 120mm mortars at rebel positions outside Krasnohorivka.",
         "Shelling/artillery/missile attack"),
        ("Ceasefire monitors observed 30 shots involving small arms close to Zaitseve on Tuesday.", "Armed clash"),
        ("Ceasefire monitors observed 9 bursts of fire involving heavy machineguns close to Shyrokyne on Tuesday.",
         "Shelling/artillery/missile attack"),
        ("Residents reported that a shoot-out took place in the Grama neighbourhood of Nova Iguacu on Sunday.", "Armed clash"),
        ("Several explosions took place in Tabqa city on Friday. No casualties were reported.",
         "Remote explosive/landmine/IED"),
        # Civilians fighting the police or one another: riots, not battles.
        ("Some 150 stranded construction workers fought police officers and pelted stones at them on a highway in "
         "Punjab on Monday, demanding transport home.", "Violent demonstration"),
        ("On Tuesday a mob pelted police officers with stones in the town of Sirsa.", "Mob violence"),
        ("Members of two rival parties fought one another in Kibonobono during the election campaign on Sunday.",
         "Mob violence"),
        # Protests named without protest words, and arrests told in the next sentence.
        ("In Fortaleza, people did a motorcade in support of the president on Sunday.", "Peaceful protest"),
        ("Around 40 people protested in Gomel on Thursday against the arrest of a blogger. Around 20 of them were "
         "arrested by the police.", "Protest with intervention"),
        # Bodies and torture: one-sided violence.
        ("In Atenango del Rio, two men were found dead on Tuesday. The bodies presented signs of torture.", "Attack"),
        ("A prisoner died in the prison of Hauban on Friday. He had reportedly been tortured while in custody there.",
         "Attack"),
        # Patrols and fortifications: a change to the group's activity.
        ("Russian forces conducted a patrol in the Abu Rasin area on Thursday.", "Change to group/activity"),
        ("Government forces used military bulldozers to build fortifications to the east of the harbour on Monday.",
         "Change to group/activity"),
    ],
)
def test_acled_coding_conventions(pipeline, text, expected):
    assert expected in _types(pipeline, text)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Gunmen opened fire with rifles on villagers in Kaduna on Sunday, killing four.",  # no battle: an attack
        "The match was decided by a penalty shoot-out in Lagos on Sunday.",
        "The striker took three shots on goal in the second half of the match.",
    ],
)
def test_acled_conventions_leave_other_events_alone(pipeline, text):
    assert not _types(pipeline, text) & {"Armed clash", "Shelling/artillery/missile attack", "Change to group/activity"}


def _top(pipeline, text: str) -> str:
    events = [e for e in pipeline.extract(text, published="2024-05-20") if e.event_type]
    return max(events, key=lambda e: e.confidence).sub_event_type if events else ""


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # Two sides firing at each other with remote weapons is a battle (Battles rank above Explosions/Remote
        # violence); strikes that accompany a clash between the same sides fold into it.
        ("On Monday, an exchange of shelling took place between army troops and rebel fighters near Kafrun. "
         "No casualties were reported.", "Armed clash"),
        ("Army troops and rebel fighters exchanged rocket fire around the town of Kafrun on Monday.", "Armed clash"),
        ("On Monday, clashes took place between army troops and rebel fighters in Kafrun. The fighting came with "
         "shelling and airstrikes by army warplanes.", "Armed clash"),
        # State forces with their allied militias take a place: the government regains it.
        ("On Monday, regime and pro-regime militia forces captured the village of Kafrun following clashes with "
         "rebel fighters.", "Government regains territory"),
        ("Rebel fighters restored control over the town of Kafrun after clashing with army troops on "
         "Monday.", "Non-state actor overtakes territory"),
        # A counter-attack "to regain control" is an aim, not a capture.
        ("On Monday, clashes took place between army troops and rebel fighters in Kafrun following a counter-attack "
         "by rebel fighters to regain control of the area.", "Armed clash"),
    ],
)
def test_note_level_battle_conventions(pipeline, text, expected):
    assert _top(pipeline, text) == expected


@pytest.mark.model
def test_air_strike_on_civilians_is_not_folded_into_a_clash(pipeline):
    text = ("On Monday, rebels and Syrian army troops clashed near Kafr Nabudah in Hama. Russian warplanes carried out "
            "airstrikes on a market in Ariha, killing five civilians.")
    assert {"Armed clash", "Air/drone strike"} <= _types(pipeline, text)


def test_order_restored_at_the_scene_is_no_territory_won(pipeline):
    text = ("Gunmen stormed a police post in Damboa on Friday, and officers fought them for an hour before regaining "
            "control, a police spokesman said.")
    assert not _types(pipeline, text) & {"Government regains territory", "Non-state actor overtakes territory"}


def test_a_groups_claimed_toll_does_not_replace_the_reported_one(pipeline):
    text = ("A car bomb exploded outside an army barracks in Baidoa on Monday, killing 6 soldiers, a military "
            "spokesman said.\n\nAl Shabaab claimed responsibility for the attack, saying its fighters had killed 40 soldiers.")
    events = [e for e in pipeline.extract(text, published="2024-05-21") if e.event_type]
    assert events and max(e.fatalities for e in events) == 6


def test_strikes_told_as_a_battles_background_are_part_of_it(pipeline):
    text = "On 4 March 2020, regime forces captured Kafr Sajna in Idleb after clashes with rebels amid Russian airstrikes."
    types = {e.sub_event_type for e in pipeline.extract(text, published="2020-03-05") if e.event_type}
    assert "Air/drone strike" not in types


def test_the_other_sides_position_destroyed_is_a_battle(pipeline):
    text = "On 2 March 2024, army units destroyed a hideout of HTS fighters near Kafr Nabl in Idlib, killing five of them."
    assert "Armed clash" in _types(pipeline, text)


def test_the_side_a_source_blames_is_the_attacker(pipeline):
    text = ("At least 9 people were killed when shells landed on a market in Nyala on Monday, a medical source said. "
            "It blamed the RSF.")
    events = [e for e in pipeline.extract(text, published="2024-05-21") if e.event_type]
    assert events and events[0].actor1 is not None and events[0].actor1.name.startswith("RSF")
