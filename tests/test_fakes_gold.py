"""bench/data/fakes_gold.yaml (complete gold events for 120 FA-KES articles) and bench/fakes_full.py's matching."""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from fakes_full import match_article

from conflictlens.ontology import acled_subtypes

GOLD = ROOT / "bench" / "data" / "fakes_gold.yaml"
FAKES = ROOT.parent / "shared" / "data" / "fa-kes" / "fakes.csv"
KEYS = {"sub_event_type", "event_type", "actor1", "actor2", "location", "admin1", "country", "latitude", "longitude",
        "geo_precision", "event_date", "time_precision", "fatalities", "at"}


@pytest.fixture(scope="module")
def gold() -> dict:
    with GOLD.open(encoding="utf-8") as f:
        return {str(k): v for k, v in yaml.safe_load(f).items()}


def test_gold_shape(gold):
    assert sum(g["split"] == "dev" for g in gold.values()) == 60
    assert sum(g["split"] == "test" for g in gold.values()) == 60
    subtypes = acled_subtypes()
    for uid, g in gold.items():
        assert g["split"] == ("dev" if int(uid) % 10 < 3 else "test"), uid
        assert isinstance(g["published"], dt.date), uid
        for e in g.get("events") or []:
            assert set(e) <= KEYS, (uid, set(e) - KEYS)
            assert subtypes[e["sub_event_type"]].event_type == e["event_type"], uid
            assert e["actor1"] and e["location"] and e["country"], uid
            assert 0 <= (g["published"] - dt.date.fromisoformat(e["event_date"])).days <= 62, uid
            assert e["fatalities"] >= 0 and e["geo_precision"] in (1, 2, 3) and e["time_precision"] in (1, 2, 3)
            assert ("latitude" in e) == ("longitude" in e), uid


@pytest.mark.shared
@pytest.mark.skipif(not FAKES.exists(), reason="../shared/data/fa-kes absent")
def test_gold_offsets_and_no_quoted_text(gold):
    with FAKES.open(encoding="latin-1", newline="") as f:
        texts = {r["unit_id"]: r["article_content"] for r in csv.DictReader(f)}

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", text.lower())

    for uid, g in gold.items():
        text = texts[uid]
        article = " " + " ".join(words(text)) + " "
        note = words(g.get("note", ""))
        for i in range(len(note) - 7):  # no 8-word passage of the article in a coding note
            assert " " + " ".join(note[i:i + 8]) + " " not in article, uid
        for e in g.get("events") or []:
            assert 0 <= e["at"] < len(text), uid


def ev(t="Explosions/Remote violence", d="2016-08-01", loc="Aleppo", point=(36.20, 37.16)):
    record = {"event_type": t, "event_date": d, "location": loc}
    if point:
        record["latitude"], record["longitude"] = point
    return record


def test_match_article_rules():
    rules: dict[str, int] = {}
    # points within 25 km
    score, pairs, _, _ = match_article([ev()], [ev(point=(36.25, 37.20))], by_rule=rules)
    assert (score.tp, score.fp, score.fn) == (1, 0, 0) and rules == {"points": 1}
    # points too far apart never match, even with the same name
    score, *_ = match_article([ev()], [ev(point=(35.0, 36.0))])
    assert (score.tp, score.fp, score.fn) == (0, 1, 1)
    # a gold without a point: same normalised name first, then any place
    rules = {}
    score, pairs, _, _ = match_article([ev(loc="Kafr Zaytā", point=(35.37, 36.60)), ev(loc="Hama", point=(35.13, 36.75))],
                                       [ev(loc="Kafr Zayta", point=None)], by_rule=rules)
    assert pairs == [(0, 0)] and rules == {"names": 1} and score.fp == 1
    rules = {}
    score, *_ = match_article([ev(loc="Elsewhere")], [ev(loc="Somewhere", point=None)], by_rule=rules)
    assert score.tp == 1 and rules == {"no place": 1}
    # type and date still required
    score, *_ = match_article([ev(t="Battles"), ev(d="2016-08-04")], [ev()])
    assert (score.tp, score.fp, score.fn) == (0, 2, 1)
