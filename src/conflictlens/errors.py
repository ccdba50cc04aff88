"""The one exception root of conflictlens.

Hierarchy::

    ConflictLensError
    ├── ConfigError (ValueError)          a setting or configuration file is wrong
    ├── DataFileError (ValueError)        a shipped or user data file (YAML/CSV) is malformed
    ├── InputError (ValueError)           one input document cannot be read (empty, binary, bad JSON, too big...)
    │   └── LimitError (ValueError)       one document exceeds a per-document limit (time budget, input shape)
    ├── ModelError (RuntimeError)         the spaCy model cannot be loaded
    ├── PipelineError (RuntimeError)      stages are misconfigured (missing requirement, unknown name)
    ├── StageError (RuntimeError)         a stage failed on one document
    └── ResourceError (RuntimeError)      a gazetteer, knowledge base or store cannot be used

Every error can carry the id of the document and the stage it concerns, so a batch can report
"doc-17: stage places: ..." and go on with the next document.
"""

from __future__ import annotations


class ConflictLensError(Exception):
    """Root of every error raised on purpose by conflictlens."""

    def __init__(self, message: str, *, doc_id: str | None = None, stage: str | None = None):
        super().__init__(message)
        self.message = message
        self.doc_id = doc_id
        self.stage = stage

    def __str__(self) -> str:
        parts = []
        if self.doc_id:
            parts.append(self.doc_id)
        if self.stage:
            parts.append(f"stage {self.stage}")
        parts.append(self.message)
        return ": ".join(parts)


class ConfigError(ConflictLensError, ValueError):
    """A setting or configuration file is wrong."""


class DataFileError(ConflictLensError, ValueError):
    """A data file (actor knowledge base, gazetteer supplement, lexicon) is malformed."""


class InputError(ConflictLensError, ValueError):
    """One input document cannot be read or is not usable text."""


class LimitError(InputError):
    """One document exceeds a per-document limit: its time budget, a run of one character, too many names."""


class ModelError(ConflictLensError, RuntimeError):
    """The language model cannot be loaded."""


class PipelineError(ConflictLensError, RuntimeError):
    """The pipeline's stages do not fit together."""


class StageError(ConflictLensError, RuntimeError):
    """A stage failed on one document."""


class ResourceError(ConflictLensError, RuntimeError):
    """An external resource (gazetteer index, knowledge base, store) cannot be used."""
