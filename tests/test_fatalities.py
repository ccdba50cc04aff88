from __future__ import annotations

import pytest

from conflictlens.fatalities import fatality_phrases, to_number


def figures(text: str) -> list[int]:
    return [number for _, _, number, _ in fatality_phrases(text, 0, len(text))]


@pytest.mark.parametrize(
    ("phrase", "number"),
    [
        ("at least 9", 9),
        ("between 8 and 12", 8),
        ("8-12", 8),
        ("10 to 15", 10),
        ("dozens", 12),
        ("a dozen", 12),
        ("three", 3),
        ("hundreds", 100),
        ("scores", 20),
        ("1,200", 1200),
        ("more than 40", 40),
        ("some 40", 40),
        ("several", 10),
        ("none", 0),
        ("", 0),
    ],
)
def test_to_number(phrase, number):
    assert to_number(phrase) == number


def test_at_least_nine_killed():
    [(start, end, number, phrase)] = fatality_phrases("at least 9 killed", 0, 17)
    assert (start, end, number, phrase) == (0, 17, 9, "at least 9 killed")


def test_range_takes_lower_bound():
    assert figures("Between 8 and 12 fighters were killed in the clashes.") == [8]


def test_dozens_of_civilians():
    assert figures("Dozens of civilians were killed in the strike.") == [12]


def test_killing_three_people():
    text = "The drone hit a market, killing three people."
    [(start, end, number, phrase)] = fatality_phrases(text, 0, len(text))
    assert number == 3
    assert text[start:end] == phrase
    assert phrase.lower().startswith("killing three")


def test_wounded_are_never_counted():
    assert figures("15 wounded in the attack.") == []
    assert fatality_phrases("15 wounded in the attack.", 0, 25) == []
    assert figures("The blast killed 5 and wounded 15.") == [5]


def test_hundreds_died():
    assert figures("Hundreds died in the fighting.") == [100]


def test_no_figure_no_phrase():
    assert figures("Clashes broke out between the two groups.") == []


def test_span_limits_the_search():
    text = "Two soldiers were killed. Later, three civilians were killed."
    assert figures(text) == [2, 3]
    second = text.index("Later")
    assert [n for _, _, n, _ in fatality_phrases(text, second, len(text))] == [3]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("On 14 April 2021, police officers shot a street vendor dead.", [1]),  # the year is no toll
        ("Damascus, 12 March 2016 At least 22 people were killed in shelling", [22]),
        ("The war has killed more than 220,000 people since 2011.", []),  # a running total, not one event's toll
    ],
)
def test_years_and_running_totals_are_not_tolls(text, expected):
    assert [number for _, _, number, _ in fatality_phrases(text, 0, len(text))] == expected


def test_a_word_ending_in_a_is_not_the_figure_one():
    # "...Bida killed 9": the "a" ending a place name is no quantity
    assert figures("Rebels attacked the villages of Kalo and Bida killed 9 people on Friday.") == [9]


def test_active_killed_counts_its_object_not_its_subject():
    assert figures("A militia killed five villagers near the market.") == [5]
    assert figures("A militia killed 5 and wounded 20.") == [5]
    assert figures("Three gunmen killed a farmer.") == [1]
    assert figures("Four soldiers were killed five days ago.") == [4]
    assert figures("12 civilians killed in air strike") == [12]


@pytest.mark.parametrize("text", [
    "More than 200 people have died in air strikes on the province this year.",
    "Since January, 40 people have been killed in the district.",
    "The army said it had killed 20 militants in operations over the past month.",
    "The raid brings to 95 the number of people killed in the county since March.",
    "In the past month, 3 separate raids have killed 27 villagers.",  # a count of raids is no toll of its own
    "Bandits have killed 120 people so far this year in 14 attacks.",
])
def test_running_totals_are_not_an_events_toll(text):
    assert figures(text) == []


def test_a_record_is_still_the_events_toll():
    assert figures("Gunmen killed 12 people on Tuesday, the deadliest attack this year.") == [12]


def test_victims_joined_by_and_are_added():
    assert figures("Shells fell on the village, killing a woman and two children and wounding six others.") == [3]
    assert figures("The ambush killed 4 soldiers and 2 attackers.") == [6]
    assert figures("Gunmen killed three villagers and abducted 20.") == [3]


def test_headline_verbs_and_ways_of_killing():
    assert figures("Gunmen kill 3 displaced people at a camp") == [3]
    assert figures("Two men were beaten to death by a mob.") == [2]
    assert figures("The troops engaged the bandits, neutralising five of them.") == [5]


def test_the_figure_nearest_the_verb_counts():
    assert figures("A blast hit the mosque, as a result of which 7 worshippers were killed.") == [7]
    assert figures("Gunmen stopped a minibus and shot dead three passengers.") == [3]


def test_left_counts_only_the_dead():
    assert figures("The clashes left 15 people dead.") == [15]
    assert figures("The reporter was seized as he left a radio station.") == []


def test_a_subject_of_two_figures_counts_both():
    assert figures("In the fighting 24 militants and 20 soldiers were killed.") == [44]
    assert figures("Nine rebels and four soldiers died in the clashes.") == [13]
    assert figures("A soldier and two militants were killed near the post.") == [3]


def test_an_aside_between_the_figure_and_the_verb_counts_no_one_of_its_own():
    assert figures("Police said 30 people, including 7 children, were killed in the blast.") == [30]
    assert figures("At least 30 people, most of them women, were killed in the blast.") == [30]


def test_a_death_toll_that_has_risen():
    assert figures("The death toll from Friday's car bomb in the market has risen to 41, officials said.") == [41]
    assert figures("The death toll rose to 41 on Saturday.") == [41]
    assert figures("Police put the death toll at 16 earlier on Sunday.") == [16]


@pytest.mark.model
def test_a_toll_told_in_the_headline_and_again_in_the_body_is_counted_once(pipeline):
    text = ("Air strike kills 31 militants near Raqqa\n\nAt least 31 Islamic State militants were killed in an air strike "
            "near Raqqa on Sunday, the coalition said.")
    events = [e for e in pipeline.extract(text, published="2017-05-08") if e.sub_event_type == "Air/drone strike"]
    assert [e.fatalities for e in events] == [31]


def test_victims_of_a_comma_list_closed_by_and_are_added():
    assert figures("The attack killed two soldiers, a policeman and three civilians.") == [6]
    assert figures("Gunmen killed two soldiers, a spokesman said on Monday.") == [2]


def test_a_list_of_victims_before_the_verb_is_added():
    assert figures("Police said two soldiers, a policeman and three civilians were killed in the attack.") == [6]
    assert figures("At the base, which housed 200 troops, two soldiers and a civilian were killed.") == [3]


@pytest.mark.parametrize("text, expected", [
    ("Bandits killed 14 farmers in the district on Monday, bringing to 512 the number killed there this year.", [14]),
    ("Raiders shot dead 6 herders on Friday, raising the total for the month to 40.", [6]),
    ("Gunmen killed 9 people on Sunday; since March, 40 people have been killed in the county.", [9]),
])
def test_tally_words_belong_to_the_figure_nearest_them(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("A crowd beat to death a suspected thief at the market.", [1]),
    ("Youths beat a motorcyclist to death near the bridge.", [1]),
    ("Villagers hacked to death three suspected cattle rustlers.", [3]),
    ("A mob lynched two men accused of witchcraft.", [2]),  # the dead, not the mob
])
def test_active_ways_of_killing_count_their_object(text, expected):
    assert figures(text) == expected


def test_the_part_named_after_including_is_no_toll():
    assert figures("Over 130 people including 67 children were killed in the blast.") == [130]


@pytest.mark.parametrize("text, expected", [
    ("The monitor documented the death of 14 members of the security forces.", [14]),
    ("Troops raided the camp, killing and injuring many of them.", [10]),  # "many" = 10 (docs/schema.md)
    ("Mortars hit the market, killing and wounding dozens.", [12]),
    ("The blast killed 3 and injured 20 near the gate.", [3]),  # "and" is no "an"
    ("Security forces have killed more than 4,000 civilians since then, a monitor says.", []),
])
def test_more_ways_of_telling_a_toll(text, expected):
    assert figures(text) == expected


def test_a_toll_goes_to_the_event_whose_verb_governs_it(pipeline):
    from conflictlens.model import Article

    text = ("Gang members attacked the district of Bel Air overnight, killing at least 9 people and setting dozens of "
            "homes on fire, residents said.")
    doc = pipeline.run(Article(text=text, published="2024-05-21"), until="fatalities")
    attack = next(m for m in doc.event_mentions if m.trigger == "attacked")
    assert attack.fatalities == 9
    assert not any(m.trigger == "fire" for m in doc.event_mentions)  # set on fire: arson, no shooting
