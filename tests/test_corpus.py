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


def test_every_written_sentence_has_a_label_the_typer_knows():
    from conflictlens.learn.corpus import load_sentences
    from conflictlens.learn.sentence_model import NON_EVENTS
    from conflictlens.ontology import acled_subtypes

    allowed = set(acled_subtypes()) | set(NON_EVENTS)
    sentences = load_sentences()
    bad = [(sid, label) for sid, text, label in sentences if label not in allowed or len(text.split()) < 4]
    assert not bad, bad[:20]
    assert len({sid for sid, _, _ in sentences}) == len(sentences)


def test_a_written_sentence_becomes_a_one_sentence_input_with_its_gold():
    from conflictlens.learn.train import sentence_variant

    event = sentence_variant("t-0001", "Gunmen abducted six traders on the road to Gusau on Monday.",
                             "Abduction/forced disappearance")
    assert event.text.startswith("Gunmen") and event.events[0].evidence == (event.text,) and not event.mentions
    plain = sentence_variant("t-0002", "Traders said the road to Gusau had been quiet for a month.", "none")
    assert not plain.events and plain.mentions == ((plain.text, "none"),)
