from __future__ import annotations

import datetime as dt

import pytest

from conflictlens.dates import find_dates, resolve_phrase

TUESDAY = dt.date(2019, 8, 6)


def resolve(text: str, published: dt.date | None):
    """(matched phrase, kind, date, precision) of the first date phrase in ``text``."""
    found = find_dates(text, 0, len(text))
    assert found, f"no date phrase found in {text!r}"
    start, end, match, kind = found[0]
    date, precision = resolve_phrase(match, kind, published)
    return text[start:end], kind, date, precision


def test_published_fixture_is_a_tuesday():
    assert TUESDAY.weekday() == 1


def test_weekday_resolves_to_previous_day_of_that_name():
    phrase, kind, date, precision = resolve("The army shelled the town on Monday.", TUESDAY)
    assert (phrase, kind) == ("on Monday", "weekday")
    assert (date, precision) == (dt.date(2019, 8, 5), 1)


def test_weekday_same_as_publication_day_is_that_day():
    assert resolve("Clashes erupted on Tuesday night.", TUESDAY)[2] == TUESDAY


def test_weekday_wraps_back_across_the_week():
    assert resolve("Rebels attacked on Wednesday.", TUESDAY)[2] == dt.date(2019, 7, 31)


def test_yesterday_is_the_day_before():
    _, kind, date, precision = resolve("Gunmen killed two people yesterday.", TUESDAY)
    assert (kind, date, precision) == ("rel", dt.date(2019, 8, 5), 1)


@pytest.mark.parametrize("word", ["last night", "overnight"])
def test_night_phrases_are_the_day_before(word):
    assert resolve(f"Drones struck {word}.", TUESDAY)[2] == dt.date(2019, 8, 5)


def test_today_is_publication_day():
    assert resolve("Protesters gathered today.", TUESDAY)[2:] == (TUESDAY, 1)


def test_in_recent_days_has_week_precision():
    phrase, kind, date, precision = resolve("Fighting in recent days killed 20 people.", TUESDAY)
    assert phrase.lower() == "in recent days"
    assert (kind, precision) == ("week", 2)
    assert date == TUESDAY


def test_earlier_this_month_has_month_precision():
    _, kind, date, precision = resolve("Earlier this month, militants raided a village.", TUESDAY)
    assert (kind, precision) == ("month", 3)
    assert date == TUESDAY


def test_explicit_day_month_year_is_exact():
    phrase, kind, date, precision = resolve("On 14 March 2024 the army shelled the town.", TUESDAY)
    assert (phrase, kind, date, precision) == ("14 March 2024", "dmy", dt.date(2024, 3, 14), 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks collapsed on 2024-03-14.", dt.date(2024, 3, 14)),
        ("Talks collapsed on March 14th, 2024.", dt.date(2024, 3, 14)),
        ("Talks collapsed on the 3rd of Sept. 2019.", dt.date(2019, 9, 3)),
        ("Talks collapsed on Feb 29 2024.", dt.date(2024, 2, 29)),
    ],
)
def test_explicit_date_forms(text, expected):
    assert resolve(text, None)[2:] == (expected, 1)


def test_month_day_without_year_takes_this_year_when_past():
    assert resolve("The attack on March 14 killed five.", dt.date(2024, 3, 20))[2:] == (dt.date(2024, 3, 14), 1)


def test_month_day_without_year_takes_last_year_when_future():
    assert resolve("The attack on March 14 killed five.", dt.date(2024, 1, 5))[2:] == (dt.date(2023, 3, 14), 1)


def test_impossible_date_resolves_to_nothing():
    assert resolve("It happened on February 30, 2024.", TUESDAY)[2:] == (None, None)


@pytest.mark.parametrize(
    ("text", "precision"),
    [("Militants attacked on Monday.", 1), ("Militants attacked yesterday.", 1), ("Militants attacked on March 14.", 1),
     ("Militants attacked in recent days.", 2), ("Militants attacked earlier this month.", 3)],
)
def test_without_publication_date_relative_phrases_stay_unresolved(text, precision):
    # Never today's date: without a publication date there is nothing to count back from.
    _, _, date, got_precision = resolve(text, None)
    assert date is None
    assert date != dt.date.today()
    assert got_precision == precision


def test_find_dates_respects_span_and_orders_matches():
    text = "Yesterday rebels attacked; on 14 March 2024 the army replied on Monday."
    found = find_dates(text, 0, len(text))
    assert [text[s:e] for s, e, _, _ in found] == ["Yesterday", "14 March 2024", "on Monday"]
    inner = find_dates(text, 27, 45)
    assert [text[s:e] for s, e, _, _ in inner] == ["14 March 2024"]


def test_no_date_phrases():
    text = "The mayor opened a new bridge."
    assert find_dates(text, 0, len(text)) == []


def test_monday_inside_a_word_is_not_a_date():
    text = "Mondayville residents protested."
    assert find_dates(text, 0, len(text)) == []


def test_the_date_of_the_saying_is_not_the_events(pipeline):
    import datetime as dt

    from conflictlens.model import Article

    doc = pipeline.run(Article(text="The army said on Friday it carried out an air strike near Jilib on Wednesday.",
                               published="2024-05-24"), until="dates")
    assert doc.dates[0].date == dt.date(2024, 5, 22)
