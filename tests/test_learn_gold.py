"""Reading corpus gold: sentence labels and one-to-one matching of found events."""

from __future__ import annotations

import datetime as dt

from conflictlens.learn.corpus import Article, GoldEvent
from conflictlens.learn.gold import match_events, sentence_labels

TEXT = ("Troops fought rebels near the river town on Monday. The army said two soldiers died in the fighting. "
        "In 2015 the town was shelled for weeks. The rebels vowed to attack again.")


def _article() -> Article:
    clash = GoldEvent("Armed clash", "A", "B", "", "", "the river town", "", "X", dt.date(2020, 1, 6), 2,
                      ("Troops fought rebels near the river town on Monday", "two soldiers died in the fighting"))
    return Article("t-1", "test", "wire", "XX", dt.date(2020, 1, 7), "P", "T", TEXT, (clash,),
                   (("In 2015 the town was shelled for weeks.", "background"),
                    ("The rebels vowed to attack again.", "plan")))


def _sentences() -> list[tuple[int, int]]:
    spans, start = [], 0
    for part in TEXT.split(". "):
        end = start + len(part) + 1
        spans.append((start, min(end, len(TEXT))))
        start = end + 1
    return spans


def test_sentence_labels_follow_events_then_mentions():
    assert sentence_labels(_article(), _sentences()) == ["Armed clash", "Armed clash", "background", "irrealis"]


def test_restatement_of_a_matched_event_is_not_a_second_match():
    a = _article()
    s = _sentences()
    found = [("Battles", TEXT.index("fought"), s[0]), ("Battles", TEXT.index("died"), s[1]),
             ("Explosions/Remote violence", TEXT.index("shelled"), s[2])]
    assert match_events(a, found) == [0, None, None]


def test_a_wrong_event_type_does_not_match():
    s = _sentences()
    assert match_events(_article(), [("Protests", TEXT.index("fought"), s[0])]) == [None]
