"""A kept event takes the death figure of a rejected restatement of it (``aggregation.with_tolls_of``)."""

from __future__ import annotations

import datetime as dt

from conflictlens.aggregation import with_tolls_of


def test_a_restatements_figure_goes_to_the_event_it_restates(make_event):
    kept = make_event(fatalities=0, fatalities_phrase="", evidence=())
    restated = make_event(event_id="r", fatalities=4, fatalities_phrase="killed four", confidence=0.2)
    [event] = with_tolls_of([kept], [restated])
    assert event.fatalities == 4 and event.fatalities_phrase == "killed four"
    assert [e.text for e in event.evidence if e.field == "fatalities"] == ["at least 9 killed"]
    assert "4 fatalities" in event.notes


def test_a_figure_of_another_day_or_a_lower_one_stays_out(make_event):
    kept = make_event(fatalities=9)
    other_day = make_event(event_id="r1", fatalities=30, event_date=dt.date(2019, 8, 1))
    lower = make_event(event_id="r2", fatalities=2)
    assert with_tolls_of([kept], [other_day, lower]) == [kept]


def test_a_figure_that_fits_two_kept_events_goes_to_neither(make_event):
    first, second = make_event(event_id="a", fatalities=0), make_event(event_id="b", fatalities=0, trigger="fighting")
    restated = make_event(event_id="r", fatalities=5)
    assert with_tolls_of([first, second], [restated]) == [first, second]
