"""The event verifier: features of real candidates, the model-file check, and resources that switch it off."""

from __future__ import annotations

import numpy as np
import pytest

from conflictlens.errors import ResourceError
from conflictlens.learn.encoder import DIM, HashingEncoder
from conflictlens.learn.linear import LinearModel
from conflictlens.learn.sentence_model import BUCKETS, SentenceTyper
from conflictlens.learn.verifier import Verifier, feature_names

CLASSES = ("Armed clash", "Attack", "background", "irrealis", "none")


def _typer() -> SentenceTyper:
    n = len(CLASSES)
    model = LinearModel(CLASSES, np.zeros((DIM, n), np.float32), np.zeros((BUCKETS, n), np.float32),
                        np.zeros(n, np.float32), np.zeros(DIM, np.float32), np.ones(DIM, np.float32))
    return SentenceTyper(model, HashingEncoder())


def _verifier(weights: np.ndarray, names: list[str] | None = None) -> Verifier:
    names = feature_names() if names is None else names
    model = LinearModel(("no", "yes"), weights.reshape(-1, 1).astype(np.float32), np.zeros((0, 1), np.float32),
                        np.zeros(1, np.float32), np.zeros(len(names), np.float32), np.ones(len(names), np.float32),
                        {"features": names, "threshold": 0.5})
    return Verifier(model, _typer())


def test_a_model_trained_on_other_features_is_refused():
    with pytest.raises(ResourceError):
        _verifier(np.zeros(3), ["a", "b", "c"])


@pytest.mark.model
def test_verifier_scores_every_candidate_of_a_real_document(pipeline):
    from conflictlens.assemble import candidates

    doc = pipeline.run(pipeline_article(), until="fatalities")
    built = candidates(doc)
    assert built
    names = feature_names()
    weights = np.zeros(len(names))
    weights[names.index("earlier_same_place")] = -20.0  # a verifier that distrusts repeats
    scores = _verifier(weights).score(doc, built)
    assert len(scores) == len(built) and all(0.0 <= s <= 1.0 for s in scores)
    first = min(range(len(built)), key=lambda i: built[i][0].trigger_start)
    assert scores[first] == pytest.approx(0.5)


@pytest.mark.model
def test_candidates_not_needed_get_zero_and_their_clauses_are_not_embedded(pipeline):
    from conflictlens.assemble import candidates
    from conflictlens.learn.verifier import clause_texts

    doc = pipeline.run(pipeline_article(), until="fatalities")
    built = candidates(doc)
    assert len(built) >= 2
    names = feature_names()
    weights = np.zeros(len(names))
    weights[names.index("clause_event")] = 3.0  # the clause's view moves the score
    full = _verifier(weights).score(doc, built)
    verifier = _verifier(weights)
    embedded: list[str] = []
    embed = verifier.typer.encoder.embed
    verifier.typer.encoder.embed = lambda texts: (embedded.extend(texts), embed(texts))[1]  # type: ignore[method-assign]
    needed = [i == 0 for i in range(len(built))]
    part = verifier.score(doc, built, needed=needed)
    assert part[0] == full[0] and all(p == 0.0 for p in part[1:])
    skipped = set(clause_texts(doc, built)[1:]) - {clause_texts(doc, built)[0]} - {s.text for s in doc.nlp.sents}
    assert skipped and not skipped & set(embedded)


@pytest.mark.model
def test_a_round_up_of_strikes_on_two_towns_is_not_a_restatement(pipeline):
    from conflictlens.assemble import candidates
    from conflictlens.learn.verifier import featurise
    from conflictlens.model import Article

    doc = pipeline.run(Article(text="Air strikes hit a market in Maiduguri on Monday, killing six people. Further air "
                                    "strikes hit a school in Damboa on Monday, killing two.", published="2021-03-02"),
                       until="fatalities")
    built = candidates(doc)
    strikes = sorted((c for c in featurise(doc, built, {}, ("none",)) if c.event.sub_event_type == "Air/drone strike"),
                     key=lambda c: c.mention.trigger_start)
    assert len(strikes) == 2
    names = feature_names()
    second = dict(zip(names, strikes[1].features))
    assert second["earlier_other_place"] > 0 and second["earlier_same_place"] == 0


def test_candidates_without_a_place_or_on_the_same_day_and_place_may_be_one_event():
    from datetime import date

    from conflictlens.learn.verifier import _same

    assert _same(None, ("maiduguri", date(2021, 3, 1)))
    assert _same(("maiduguri", date(2021, 3, 1)), ("maiduguri", None))
    assert not _same(("maiduguri", date(2021, 3, 1)), ("damboa", date(2021, 3, 1)))
    assert not _same(("maiduguri", date(2021, 3, 1)), ("maiduguri", date(2021, 3, 2)))


def test_only_two_placed_candidates_can_be_at_the_same_place():
    from datetime import date

    from conflictlens.learn.verifier import _placed_same

    assert _placed_same(("bama", date(2021, 3, 1)), ("bama", None))
    assert not _placed_same(None, ("bama", date(2021, 3, 1)))
    assert not _placed_same(None, None)


def pipeline_article():
    from conflictlens.model import Article

    return Article(text="Soldiers clashed with gunmen near Maiduguri on Monday, killing four. The fighting lasted "
                        "two hours, and troops later clashed with the gunmen again near the same village.",
                   published="2021-03-02")


def test_learned_off_gives_no_typer_and_no_verifier(default_settings):
    from conflictlens.resources import Resources

    resources = Resources(default_settings.with_overrides(learned=False))
    assert resources.sentence_typer is None and resources.verifier is None
