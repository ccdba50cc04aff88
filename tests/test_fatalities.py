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
