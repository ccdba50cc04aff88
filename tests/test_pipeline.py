from __future__ import annotations

import datetime as dt
import json

import pytest

from conflictlens import registry
from conflictlens.actors.kb import MemoryKB
from conflictlens.document import Doc
from conflictlens.errors import InputError, PipelineError, StageError
from conflictlens.geo.gazetteer import MemoryGazetteer
from conflictlens.model import Article
from conflictlens.pipeline import Outcome, Pipeline, check_order
from conflictlens.registry import StageSpec, get_stage, register_stage, registered_stages
from conflictlens.resources import Resources

DEFAULT_STAGES = ("normalize", "parse", "places", "actors", "dates", "sources", "events", "fatalities", "assemble")
ENGLISH = "Gunmen attacked a checkpoint near Idlib on Monday, killing three soldiers, the army said in a statement."


def _no_model(text):  # pragma: no cover - a stage calling the model here is the failure
    raise AssertionError("the spaCy model must not be used by these tests")


def make_pipeline(settings, stages, tmp_path=None, **kwargs) -> Pipeline:
    settings = settings.with_overrides(stages=stages, **kwargs)
    resources = Resources(settings=settings, nlp_override=_no_model, gazetteer_override=MemoryGazetteer(),
                          kb_override=MemoryKB())
    return Pipeline(settings, resources=resources, dump_dir=tmp_path)


@pytest.fixture
def fake_stages(monkeypatch, make_event):
    """A private copy of the registry with a few fake stages; the real registry is untouched afterwards."""
    registered_stages()  # load the built-ins into the real registry before copying it
    monkeypatch.setattr(registry, "_STAGES", dict(registry._STAGES))
    seen: list[str] = []

    @register_stage("fake_source", assigns=("text",))
    def fake_source(resources):
        """Copies the article text."""
        def run(doc: Doc) -> Doc:
            doc.text = doc.article.text
            return doc
        return run

    @register_stage("fake_events", requires=("text",), assigns=("events",))
    def fake_events(resources):
        def run(doc: Doc) -> Doc:
            seen.append(doc.id)
            doc.events = [make_event(doc_id=doc.id, event_date=doc.article.published)]
            return doc
        return run

    @register_stage("fake_needs_nlp", requires=("nlp",), assigns=("dates",))
    def fake_needs_nlp(resources):
        return lambda doc: doc

    @register_stage("fake_boom", requires=("text",))
    def fake_boom(resources):
        def run(doc: Doc) -> Doc:
            raise ValueError("bad value in stage")
        return run

    @register_stage("fake_input_error")
    def fake_input_error(resources):
        def run(doc: Doc) -> Doc:
            raise InputError("refused")
        return run

    @register_stage("fake_not_a_doc")
    def fake_not_a_doc(resources):
        return lambda doc: "oops"

    return seen


def test_check_order_accepts_satisfied_requirements(fake_stages):
    check_order([get_stage("fake_source"), get_stage("fake_events")])


def test_check_order_refuses_missing_requirement(fake_stages):
    with pytest.raises(PipelineError, match="fake_events.*text"):
        check_order([get_stage("fake_events"), get_stage("fake_source")])
    with pytest.raises(PipelineError, match="nlp"):
        check_order([get_stage("fake_source"), get_stage("fake_needs_nlp")])


def test_check_order_on_plain_specs():
    a = StageSpec("a", lambda r: None, (), ("x",), "")
    b = StageSpec("b", lambda r: None, ("x", "article"), ("y",), "")
    check_order([a, b])
    with pytest.raises(PipelineError, match="'b' requires x"):
        check_order([b, a])


def test_pipeline_refuses_misordered_stages(fake_stages, default_settings):
    with pytest.raises(PipelineError):
        make_pipeline(default_settings, ("fake_events",))


def test_unknown_stage_is_pipeline_error(default_settings):
    with pytest.raises(PipelineError, match="no_such_stage"):
        get_stage("no_such_stage")
    with pytest.raises(PipelineError):
        make_pipeline(default_settings, ("normalize", "no_such_stage"))


def test_registering_a_name_twice_is_refused(fake_stages):
    with pytest.raises(PipelineError, match="registered twice"):
        register_stage("fake_source")(lambda resources: (lambda doc: doc))


def test_fake_registry_does_not_leak():
    assert not any(name.startswith("fake_") for name in registered_stages())


def test_default_stages_are_registered_and_ordered(default_settings):
    stages = registered_stages()
    assert default_settings.stages == DEFAULT_STAGES
    for name in DEFAULT_STAGES:
        assert name in stages
        assert stages[name].doc, f"stage {name} has no docstring"
    check_order([stages[name] for name in DEFAULT_STAGES])
    with pytest.raises(PipelineError):
        check_order([stages[name] for name in reversed(DEFAULT_STAGES)])


def test_normalize_only_pipeline_runs_and_dumps(default_settings, tmp_path):
    pipeline = make_pipeline(default_settings, ("normalize",), tmp_path)
    assert pipeline.stage_names == ["normalize"]
    article = Article(text="Headline\u2019s here\n\n" + ENGLISH)
    doc = pipeline.run(article)
    assert doc.text == "Headline's here\n\n" + ENGLISH
    assert doc.paragraphs == [(0, 15), (17, len(doc.text))]
    assert doc.assigned == {"text", "paragraphs", "dateline"}
    files = sorted(p.name for p in (tmp_path / article.id).iterdir())
    assert files == ["01-normalize.json"]
    payload = json.loads((tmp_path / article.id / "01-normalize.json").read_text(encoding="utf-8"))
    assert payload == {"text": doc.text, "paragraphs": [[0, 15], [17, len(doc.text)]], "dateline": None}


def test_dump_writes_one_file_per_stage(fake_stages, default_settings, tmp_path):
    pipeline = make_pipeline(default_settings, ("normalize", "fake_events"), tmp_path)
    article = Article(text=ENGLISH, published=dt.date(2019, 8, 6))
    pipeline.run(article)
    folder = tmp_path / article.id
    assert sorted(p.name for p in folder.iterdir()) == ["01-normalize.json", "02-fake_events.json"]
    events = json.loads((folder / "02-fake_events.json").read_text(encoding="utf-8"))["events"]
    assert events[0]["doc_id"] == article.id and events[0]["event_date"] == "2019-08-06"


def test_no_dump_without_dump_dir(default_settings, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_pipeline(default_settings, ("normalize",)).run(Article(text=ENGLISH))
    assert list(tmp_path.iterdir()) == []


def test_extract_parses_published_and_returns_events(fake_stages, default_settings):
    pipeline = make_pipeline(default_settings, ("normalize", "fake_events"))
    [event] = pipeline.extract(ENGLISH, published="2019-08-06", publisher="Example News")
    assert event.event_date == dt.date(2019, 8, 6)
    assert event.doc_id == Article(text=ENGLISH).id


def test_stage_value_error_becomes_stage_error(fake_stages, default_settings):
    pipeline = make_pipeline(default_settings, ("normalize", "fake_boom"))
    article = Article(text=ENGLISH, id="doc-17")
    with pytest.raises(StageError) as info:
        pipeline.run(article)
    err = info.value
    assert err.doc_id == "doc-17" and err.stage == "fake_boom"
    assert str(err) == "doc-17: stage fake_boom: ValueError: bad value in stage"
    assert isinstance(err.__cause__, ValueError)


def test_conflictlens_error_gets_doc_id_and_stage(fake_stages, default_settings):
    pipeline = make_pipeline(default_settings, ("fake_input_error",))
    with pytest.raises(InputError) as info:
        pipeline.run(Article(text=ENGLISH, id="doc-9"))
    assert (info.value.doc_id, info.value.stage) == ("doc-9", "fake_input_error")


def test_stage_must_return_a_doc(fake_stages, default_settings):
    pipeline = make_pipeline(default_settings, ("fake_not_a_doc",))
    with pytest.raises(PipelineError, match="fake_not_a_doc"):
        pipeline.run(Article(text=ENGLISH))


def test_normalize_refuses_empty_long_and_foreign_text(default_settings):
    pipeline = make_pipeline(default_settings, ("normalize",), max_chars=200)
    with pytest.raises(InputError, match="empty"):
        pipeline.run(Article(text="  \n "))
    with pytest.raises(InputError, match="limit"):
        pipeline.run(Article(text=ENGLISH * 3))
    french = "Des hommes armés ont attaqué un poste de contrôle près d'Idleb lundi, tuant trois soldats."
    with pytest.raises(InputError, match="English") as info:
        pipeline.run(Article(text=french, id="fr-1"))
    assert (info.value.doc_id, info.value.stage) == ("fr-1", "normalize")
    lenient = make_pipeline(default_settings, ("normalize",), language_check=False)
    assert lenient.run(Article(text=french)).text == french


def test_pipe_goes_on_after_a_failing_article(fake_stages, default_settings, tmp_path):
    seen = fake_stages
    pipeline = make_pipeline(default_settings, ("normalize", "fake_events"), tmp_path)
    empty = Article(text="", id="empty-doc")
    good = Article(text=ENGLISH, id="good-doc")
    outcomes = list(pipeline.pipe([empty, good]))
    assert all(isinstance(o, Outcome) for o in outcomes)
    first, second = outcomes
    assert first.article is empty and first.events == []
    assert isinstance(first.error, InputError)
    assert (first.error.doc_id, first.error.stage) == ("empty-doc", "normalize")
    assert second.error is None
    assert [e.doc_id for e in second.events] == ["good-doc"]
    assert seen == ["good-doc"]
    assert (tmp_path / "good-doc" / "02-fake_events.json").is_file()


def test_pipe_goes_on_after_a_stage_bug(fake_stages, default_settings):
    pipeline = make_pipeline(default_settings, ("normalize", "fake_boom"))
    outcomes = list(pipeline.pipe([Article(text=ENGLISH, id="a"), Article(text=ENGLISH, id="b")]))
    assert [type(o.error) for o in outcomes] == [StageError, StageError]
    assert [o.error.doc_id for o in outcomes] == ["a", "b"]


def test_the_first_word_after_a_dateline_stays_in_its_sentence(pipeline):
    from conflictlens.model import Article

    doc = pipeline.run(Article(text="QUITO, March 4 — Three police officers were killed on Monday.", published="2024-03-05"),
                       until="parse")
    assert any(s.text.startswith("Three police officers were killed") for s in doc.nlp.sents)
