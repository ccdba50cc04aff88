"""The event–place attachment (``events/attach.py``): which place in reach of an event is where it happened.

Sentences written for these tests. The pipeline runs up to the events stage, so what is checked is the place
chosen for each candidate, before the verifier decides which candidates are coded.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from conflictlens.errors import ResourceError
from conflictlens.events import attach
from conflictlens.model import Article, How

PUBLISHED = dt.date(2019, 7, 5)


def _places(pipeline, text: str) -> list[tuple[str, str | None, How]]:
    doc = pipeline.run(Article(text=text, published=PUBLISHED), until="events")
    return [(m.sub_event_type, m.place.text if m.place else None, m.place_how) for m in doc.event_mentions if m.event_type]


def test_shipped_model_loads_with_the_code_features():
    model = attach.default_model()
    assert model is not None
    assert model.weights.shape == (len(attach.FEATURES),)
    assert model.meta["cv_top1"] > model.meta["rule_top1"]  # shipped only because it beat the rules


def test_model_with_other_features_is_refused(tmp_path):
    path = tmp_path / "m.npz"
    np.savez(path, features=np.array(["rule", "in_clause"]), weights=np.zeros(2), mean=np.zeros(2), scale=np.ones(2),
             meta=np.array("{}"))
    with pytest.raises(ResourceError, match="features"):
        attach.load_model(str(path))


def test_fronted_place_phrase_is_the_event_place(shipped_pipeline):
    found = _places(shipped_pipeline, "On Tuesday, in Maarrat al-Numan, warplanes struck a crowded market, "
                                      "killing four civilians, according to rescuers in Idlib.")
    assert found and all(place == "Maarrat al-Numan" for _, place, _ in found)


def test_place_of_the_attribution_is_never_chosen(shipped_pipeline):
    # The shelled village is not in the gazetteer: the monitor's base must not stand in for it.
    found = _places(shipped_pipeline, "A monitor based in Beirut said regime helicopters dropped barrel bombs on "
                                      "the village of Umm Jalal on Friday.")
    assert found and all(place != "Beirut" for _, place, _ in found)


def test_reporter_place_after_the_event_is_not_taken(shipped_pipeline):
    found = _places(shipped_pipeline, "Jihadists stormed an army post in Saraqib overnight, killing three soldiers, "
                                      "officials in Damascus said.")
    assert found and all(place == "Saraqib" for _, place, _ in found)


def test_dateline_only_when_nothing_else(shipped_pipeline):
    found = _places(shipped_pipeline, "DAMASCUS, July 4 (Levant Wire) - Gunmen shot dead two policemen at a checkpoint "
                                      "at dawn, the interior ministry said.")
    assert found and found[0][1] == "DAMASCUS" and found[0][2] == How.CONTEXT
    found = _places(shipped_pipeline, "DAMASCUS, July 4 (Levant Wire) - Gunmen shot dead two policemen at a checkpoint "
                                      "in Douma at dawn, the interior ministry said.")
    assert found and all(place == "Douma" for _, place, _ in found)


def test_rules_alone_keep_their_choice(pipeline):
    # learned = false: the rules' place, as before the ranker (here the clause's first place-like phrase).
    found = _places(pipeline, "Jihadists stormed an army post in Saraqib overnight, killing three soldiers, "
                              "officials in Damascus said.")
    assert found and found[0][1] == "Saraqib"


def test_features_row_per_candidate(shipped_pipeline):
    text = ("Rebels shelled army posts near Suqaylabiyah on Monday, a commander in Hama said. "
            "Soldiers returned fire, killing two fighters.")
    doc = shipped_pipeline.run(Article(text=text, published=PUBLISHED), until="events")
    mention = next(m for m in doc.event_mentions if m.site is not None and m.sent == 1)
    cands = attach.candidates(doc, mention.site)
    rows = attach.features(doc, mention.site, cands)
    assert rows.shape == (len(cands), len(attach.FEATURES))
    # The previous sentence's place is in reach; the commander's place in its attribution is not.
    assert "Suqaylabiyah" in [p.text for p in cands] and "Hama" not in [p.text for p in cands]


@pytest.mark.parametrize("attribution", ["a commander told reporters in Damascus",
                                         "according to security sources in Damascus"])
def test_attribution_place_left_empty_rather_than_taken(shipped_pipeline, pipeline, attribution):
    text = f"Jihadists stormed an army post overnight, killing three soldiers, {attribution}."
    # The rules alone take the sentence's only place, the source's city ...
    assert [place for _, place, _ in _places(pipeline, text)] == ["Damascus"]
    # ... the learned engine leaves the event without a place instead.
    found = _places(shipped_pipeline, text)
    assert found and all(place is None for _, place, _ in found)


def test_place_before_the_trigger_when_the_rules_find_none(shipped_pipeline, pipeline):
    text = "Kafr Nabudah, in the north of Hama province, saw regime troops and rebels fight on Monday."
    # Two places before the trigger, none in its clause: out of the rules' reach ...
    assert [place for _, place, _ in _places(pipeline, text)] == [None]
    # ... the ranker takes the town of the event's own sentence, not the province.
    assert [place for _, place, _ in _places(shipped_pipeline, text)] == ["Kafr Nabudah"]
