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
