"""One event per place of a list (``events/coordination.py``) and the split of a shared total (``fatalities.py``).

Sentences written for these tests. The pipeline runs up to the fatalities stage, so what is checked is the
candidates and their figures, before the verifier decides which are coded.
"""

from __future__ import annotations

import datetime as dt

from conflictlens.model import Article

PUBLISHED = dt.date(2021, 3, 9)


def _candidates(pipeline, text: str) -> list[tuple[str | None, int]]:
    doc = pipeline.run(Article(text=text, published=PUBLISHED), until="fatalities")
    return [(m.place.text if m.place else None, m.fatalities or 0) for m in doc.event_mentions if m.event_type]


def test_each_place_of_a_list_is_an_event_and_the_total_is_split(pipeline):
    found = _candidates(pipeline, "Government forces shelled Khan Shaykhun, Saraqib and Sarmin on Monday, killing ten civilians.")
    places = [p for p, _ in found]
    assert {"Khan Shaykhun", "Saraqib", "Sarmin"} <= set(places)
    assert sorted(n for _, n in found if n) == [3, 3, 4]  # 10 over three places; the remainder to the first named


def test_a_town_and_its_province_are_one_address(pipeline):
    found = _candidates(pipeline, "Gunmen attacked a market in Magumeri, Borno State, on Sunday, killing four traders.")
    assert [p for p, _ in found] == ["Magumeri"]


def test_a_road_between_two_towns_is_one_event(pipeline):
    found = _candidates(pipeline, "A roadside bomb hit an army truck on the road between Kati and Kolokani on Friday.")
    assert len(found) == 1


def test_the_list_goes_on_past_a_village_the_gazetteer_lacks(pipeline):
    found = _candidates(pipeline, "Government forces clashed with rebels in Palmyra, Qaryat Zzbb and Homs on Sunday.")
    assert {"Palmyra", "Homs"} <= {p for p, _ in found}


def test_the_event_place_may_be_the_last_of_its_list(pipeline):
    # the clause's place is read at the end of the list; the places before it are events too
    found = _candidates(pipeline, "Russian forces shelled Kherson city, Beryslav and Antonivka on Tuesday, killing four people.")
    assert {"Kherson", "Beryslav", "Antonivka"} <= {p for p, _ in found}
    assert sorted(n for _, n in found if n) == [1, 1, 2]
