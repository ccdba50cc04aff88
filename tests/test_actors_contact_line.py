"""ACLED's sides for a monitor's fire counts on a front line (``actors/contact_line.py``). Sentences written for
these tests."""

from __future__ import annotations

import pytest

from conflictlens.actors.contact_line import load_fronts

pytestmark = pytest.mark.model


def _events(pipeline, text: str, published: str):
    return [e for e in pipeline.extract(text, published=published) if e.event_type]


def test_the_fronts_file_loads():  # a place listed for both sides is refused when loading
    [ukraine] = load_fronts()
    assert ukraine.country == "UA" and ukraine.start.year == 2015
    assert {"avdiivka": "government", "horlivka": "other"}.items() <= ukraine.held.items()


def test_explosions_a_monitor_counts_at_a_government_held_town_are_the_other_sides_shelling(shipped_pipeline):
    [event] = _events(shipped_pipeline, "On 3 June 2018, the SMM recorded 14 explosions near Avdiivka.", "2018-06-03")
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    assert event.actor1.name == "NAF: United Armed Forces of Novorossiya"
    assert any("monitor" in r for r in event.reasons)


def test_a_place_neither_side_is_listed_for_gets_no_side_but_a_reason(shipped_pipeline):
    [event] = _events(shipped_pipeline, "On 3 June 2018, the OSCE SMM recorded 5 explosions near Zaitseve.", "2018-06-03")
    assert event.actor1 is None or event.actor1.name.startswith("Unidentified")
    assert any("not listed" in r for r in event.reasons)


def test_outside_the_period_the_convention_does_not_apply(shipped_pipeline):
    events = _events(shipped_pipeline, "On 3 June 2023, the SMM recorded 14 explosions near Avdiivka.", "2023-06-03")
    assert all(e.actor1 is None or e.actor1.name != "NAF: United Armed Forces of Novorossiya" for e in events)
