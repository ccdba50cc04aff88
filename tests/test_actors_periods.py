"""ACLED's regime periods of state forces (actors/periods.py, actors/data/_state_periods.yaml)."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictlens.actors.periods import dated, dated_name, load_periods, name_as_of, parse_periods, period_on
from conflictlens.errors import DataFileError
from conflictlens.model import Actor, ActorType

D = dt.date


@pytest.mark.parametrize(
    "name, day, expected",
    [
        ("Military Forces of Syria", D(2019, 8, 5), "Military Forces of Syria (2000-2024)"),
        ("Military Forces of Syria", D(2025, 1, 10), "Military Forces of Syria (2024-)"),
        ("Police Forces of Nigeria", D(2020, 5, 1), "Police Forces of Nigeria (2015-2023)"),
        ("Police Forces of Nigeria", D(2023, 5, 29), "Police Forces of Nigeria (2023-)"),  # the first day is the new one's
        ("Military Forces of Mali", D(2024, 9, 8), "Military Forces of Mali (2021-)"),
        ("Military Forces of the Democratic Republic of Congo", D(2020, 1, 1),
         "Military Forces of the Democratic Republic of Congo (2019-)"),
        ("Military Forces of Syria (2000-2024)", D(2025, 1, 10), "Military Forces of Syria (2000-2024)"),  # already dated
        ("Military Forces of Iraq (Kurdistan Region)", D(2020, 1, 1), "Military Forces of Iraq (Kurdistan Region)"),
        ("Military Forces of Syria", None, "Military Forces of Syria"),  # no date, no period
        ("Military Forces of Syria", D(1990, 1, 1), "Military Forces of Syria"),  # before the known periods
        ("Houthis", D(2020, 1, 1), "Houthis"),
        ("Civilians (Syria)", D(2020, 1, 1), "Civilians (Syria)"),
    ],
)
def test_dated_name(name, day, expected):
    assert dated_name(name, day) == expected


def test_dated_keeps_the_rest_of_the_actor():
    army = Actor("Military Forces of Ukraine", ActorType.STATE, "UA", sector="MIL", mention="Ukrainian troops")
    named = dated(army, D(2024, 3, 1))
    assert named.name == "Military Forces of Ukraine (2019-)"
    assert (named.type, named.country_code, named.mention) == (ActorType.STATE, "UA", "Ukrainian troops")
    rebels = Actor("Al Shabaab", ActorType.REBEL, "SO")
    assert dated(rebels, D(2024, 3, 1)) is rebels


def test_name_as_of_reopens_periods_that_ended_later():
    assert name_as_of("Military Forces of Syria (2000-2024)", D(2023, 6, 2)) == "Military Forces of Syria (2000-)"
    assert name_as_of("Military Forces of Syria (2000-2024)", D(2025, 1, 1)) == "Military Forces of Syria (2000-2024)"
    assert name_as_of("Military Forces of Iraq (2018-2020)", D(2020, 5, 1)) == "Military Forces of Iraq (2018-)"
    assert name_as_of("Military Forces of Iraq (2018-2020)", D(2020, 5, 16)) == "Military Forces of Iraq (2018-2020)"
    assert name_as_of("Houthis", D(2020, 1, 1)) == "Houthis"


def test_shipped_periods_are_consistent():
    periods = load_periods()
    assert {"SY", "IQ", "YE", "ML", "BF", "NG", "SO", "CD", "MM", "UA", "US"} <= set(periods)
    for code, rows in periods.items():
        assert rows[-1].end is None, f"{code}: the government in power has an open period"
        for before, after in zip(rows, rows[1:]):
            assert before.end is not None and before.end <= after.start
    assert period_on("US", D(2021, 1, 20)).suffix == "2021-2025"
    assert period_on("US", D(2021, 1, 19)).suffix == "2017-2021"


@pytest.mark.parametrize(
    "raw",
    [
        {"SY": [{"from": "2000-07-17", "suffix": "2001-"}]},  # start year differs from the suffix
        {"SY": [{"from": "2000-07-17", "to": "2024-12-08", "suffix": "2000-"}]},  # closed period written open
        {"SY": [{"from": "2000-07-17", "suffix": "2000-"}, {"from": "2024-12-08", "suffix": "2024-"}]},  # overlap
        {"SY": [{"from": "not a date", "suffix": "2000-"}]},
        {"SY": [{"suffix": "2000-"}]},
        {"SY": []},
    ],
)
def test_bad_period_data_is_refused(raw):
    with pytest.raises(DataFileError):
        parse_periods(raw)


def test_units_and_government_names_after_the_period():
    from conflictlens.actors.periods import dated_name
    assert dated_name("Military Forces of Brazil Military Police", D(2020, 5, 1)) == "Military Forces of Brazil (2019-2022) Military Police"
    assert dated_name("Military Forces of Libya", D(2020, 5, 1)) == "Military Forces of Libya (2016-2021) Government of National Accord"
    assert dated_name("Military Forces of Libya", D(2022, 5, 1)) == "Military Forces of Libya (2021-)"
    assert dated_name("Military Forces of Yemen (2016-) Supreme Political Council", D(2020, 5, 1)) == \
        "Military Forces of Yemen (2016-) Supreme Political Council"
