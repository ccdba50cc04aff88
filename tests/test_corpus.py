"""Every article of our training corpus is valid (corpus/README.md), and the held-out fold is stable."""

from __future__ import annotations

from collections import Counter

import pytest

from conflictlens.learn.corpus import default_dir, fold_of, load_corpus, problems

pytestmark = pytest.mark.skipif(not default_dir().is_dir(), reason="no corpus/ in this checkout")


@pytest.fixture(scope="module")
def articles():
    return load_corpus()


def test_every_article_is_valid(articles):
    from conflictlens.actors.kb import load_kb
    from conflictlens.ontology import acled_subtypes

    known = {e.name for e in load_kb(()).entries.values()}
    found = [f"{a.batch}/{a.id}: {p}" for a in articles for p in problems(a, set(acled_subtypes()), known)]
    assert not found, "\n".join(found[:30])


def test_ids_are_unique(articles):
    repeated = [i for i, n in Counter(a.id for a in articles).items() if n > 1]
    assert not repeated


def test_heldout_fold_is_fixed_and_about_a_fifth(articles):
    assert fold_of("mena-0001") == fold_of("mena-0001")
    share = sum(a.heldout for a in articles) / len(articles)
    assert 0.1 < share < 0.3


def test_corpus_has_hard_negatives(articles):
    assert sum(not a.events for a in articles) / len(articles) >= 0.2
