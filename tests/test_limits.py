from __future__ import annotations

import signal
import threading
import time

import pytest

from conflictlens.errors import ConfigError, InputError, LimitError
from conflictlens.limits import Deadline, check_entities, check_shape


def test_run_of_one_character_is_refused_with_its_offset():
    with pytest.raises(LimitError, match=r"run of 600 '\(' characters at offset 6 \(over max_char_run = 500\)") as e:
        check_shape("Hello " + "(" * 600 + " end", max_run=500, doc_id="d1")
    assert e.value.doc_id == "d1" and isinstance(e.value, InputError)


def test_ordinary_text_and_whitespace_runs_pass():
    check_shape("Gunmen attacked a checkpoint. " * 100 + "\n" * 2000 + " " * 2000, max_run=500)
    check_shape("=" * 500, max_run=500)  # exactly at the limit
    check_shape("!" * 5000, max_run=0)  # 0 turns the check off


def test_entity_count_guard():
    check_entities(20_000, max_entities=20_000)
    check_entities(10**6, max_entities=0)
    with pytest.raises(LimitError, match="20,001 named entities"):
        check_entities(20_001, max_entities=20_000)


def test_deadline_interrupts_a_slow_document():
    started = time.perf_counter()
    with pytest.raises(LimitError, match=r"took more than 0.2 s of CPU \(time_budget\)"):
        with Deadline(0.2, "slow"):
            while True:
                sum(range(1000))
    assert time.perf_counter() - started < 5
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0  # the alarm is cleared
    assert signal.getsignal(signal.SIGPROF) == signal.SIG_DFL


def test_deadline_outside_the_main_thread_checks_between_stages():
    errors = []

    def work():
        with Deadline(0.05, "t") as deadline:
            until = time.process_time() + 0.1  # no alarm in a thread: the check afterwards fails the document
            while time.process_time() < until:
                sum(range(100))
            try:
                deadline.check()
            except LimitError as e:
                errors.append(e)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert len(errors) == 1 and errors[0].doc_id == "t"


def test_deadline_leaves_a_callers_alarm_alone():
    previous = signal.signal(signal.SIGPROF, lambda *a: None)
    try:
        signal.setitimer(signal.ITIMER_PROF, 30)
        with Deadline(0.01):
            pass
        assert signal.getitimer(signal.ITIMER_PROF)[0] > 0
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def test_limits_are_settings(default_settings):
    assert default_settings.time_budget == 30.0 and default_settings.max_char_run == 500
    assert default_settings.with_overrides(time_budget="0").time_budget == 0.0
    with pytest.raises(ConfigError):
        default_settings.with_overrides(max_entities=-1)


@pytest.fixture
def slow_stage(monkeypatch):
    """A private registry with a stage that spins for as long as the article's text says."""
    from conflictlens import registry
    from conflictlens.registry import register_stage, registered_stages

    registered_stages()
    monkeypatch.setattr(registry, "_STAGES", dict(registry._STAGES))

    @register_stage("fake_slow", assigns=("text",))
    def fake_slow(resources):
        def run(doc):
            until = time.process_time() + float(doc.article.text)
            while time.process_time() < until:
                sum(range(100))
            doc.text = doc.article.text
            return doc
        return run


def test_a_document_over_its_budget_fails_alone_and_the_batch_goes_on(default_settings, slow_stage):
    from conflictlens.actors.kb import MemoryKB
    from conflictlens.geo.gazetteer import MemoryGazetteer
    from conflictlens.model import Article
    from conflictlens.pipeline import Pipeline
    from conflictlens.resources import Resources

    settings = default_settings.with_overrides(stages=["fake_slow"], time_budget=0.3)
    resources = Resources(settings=settings, gazetteer_override=MemoryGazetteer(), kb_override=MemoryKB())
    pipeline = Pipeline(settings, resources=resources)
    outcomes = list(pipeline.pipe([Article(text="0.01", id="quick"), Article(text="30", id="stuck"),
                                   Article(text="0.01", id="next")]))
    assert [o.error is None for o in outcomes] == [True, False, True]
    error = outcomes[1].error
    assert isinstance(error, LimitError) and error.doc_id == "stuck" and error.stage == "fake_slow"
    assert str(error) == "stuck: stage fake_slow: took more than 0.3 s of CPU (time_budget); stopped"
