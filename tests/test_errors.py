from __future__ import annotations

import builtins
import inspect
import re

import pytest

from conflictlens import errors
from conflictlens.errors import ConflictLensError

ERROR_CLASSES = [
    obj for _, obj in inspect.getmembers(errors, inspect.isclass)
    if issubclass(obj, BaseException) and obj.__module__ == errors.__name__
]


def test_module_defines_the_expected_classes():
    names = {cls.__name__ for cls in ERROR_CLASSES}
    assert {"ConflictLensError", "ConfigError", "DataFileError", "InputError", "ModelError", "PipelineError",
            "StageError", "ResourceError"} <= names


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_error_subclasses_root(cls):
    assert issubclass(cls, ConflictLensError)
    with pytest.raises(ConflictLensError):
        raise cls("boom")


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_str_includes_doc_id_and_stage(cls):
    err = cls("something broke", doc_id="doc-17", stage="places")
    assert str(err) == "doc-17: stage places: something broke"
    assert err.doc_id == "doc-17" and err.stage == "places" and err.message == "something broke"


def test_str_without_context_is_the_message():
    assert str(ConflictLensError("plain")) == "plain"
    assert str(errors.InputError("empty", doc_id="a.txt")) == "a.txt: empty"


def test_docstring_hierarchy_names_every_class():
    doc = errors.__doc__ or ""
    for cls in ERROR_CLASSES:
        assert re.search(rf"\b{cls.__name__}\b", doc), f"{cls.__name__} missing from the errors.py hierarchy"


def test_docstring_hierarchy_bases_are_true():
    # Lines like "├── ConfigError (ValueError)" promise a second, built-in base class.
    pairs = re.findall(r"(\w+Error) \((\w+)\)", errors.__doc__ or "")
    assert len(pairs) == len(ERROR_CLASSES) - 1
    for name, base in pairs:
        assert issubclass(getattr(errors, name), getattr(builtins, base))
