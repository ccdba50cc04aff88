from __future__ import annotations

import subprocess
import sys

import pytest

import conflictlens

EXPECTED_ALL = [
    "Actor",
    "ActorType",
    "Article",
    "ConflictLensError",
    "Event",
    "Evidence",
    "How",
    "Modality",
    "Pipeline",
    "Place",
    "SourceClaim",
    "__version__",
    "extract",
]


def test_all_is_pinned():
    assert conflictlens.__all__ == EXPECTED_ALL


def test_every_public_name_resolves():
    for name in conflictlens.__all__:
        assert getattr(conflictlens, name) is not None


def test_unknown_attribute_raises():
    with pytest.raises(AttributeError):
        conflictlens.NoSuchThing  # noqa: B018


def test_import_does_not_load_spacy():
    code = "import sys, conflictlens; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.model
@pytest.mark.parametrize("text", [123, None, ["Gunmen attacked."], b"Gunmen attacked."])
def test_wrong_types_are_input_errors_not_stage_errors(pipeline, text):
    from conflictlens.errors import InputError
    from conflictlens.model import Article

    with pytest.raises(InputError):
        pipeline.extract(text)
    with pytest.raises(InputError):
        pipeline.run(Article(text=text))  # type: ignore[arg-type]


@pytest.mark.model
def test_lone_surrogates_do_not_crash_the_api(pipeline):
    import json

    events = pipeline.extract("Gunmen attacked a checkpoint near Idlib on Monday, killing three soldiers. \ud800",
                              published="2024-03-01", publisher="Out\udffflet")
    for event in events:
        json.dumps(event.source.chain, ensure_ascii=False).encode("utf-8")
