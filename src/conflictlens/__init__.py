"""conflictlens: conflict news in, coded events out — who did what to whom, where, when, per whom.

>>> import conflictlens
>>> events = conflictlens.extract("...", published="2019-08-06")   # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

from .errors import ConflictLensError  # noqa: E402
from .model import Actor, ActorType, Article, Event, Evidence, How, Modality, Place, SourceClaim  # noqa: E402

__all__ = [
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

_default_pipeline: Any = None


def __getattr__(name: str) -> Any:
    # Pipeline pulls in spaCy; import it on first use so `import conflictlens` stays light.
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


def extract(text: str, *, published: Any = None, publisher: str | None = None, title: str | None = None) -> list[Event]:
    """Events of one article. Loads the model and resources on the first call, reuses them afterwards."""
    global _default_pipeline
    if _default_pipeline is None:
        from .pipeline import Pipeline

        _default_pipeline = Pipeline()
    return _default_pipeline.extract(text, published=published, publisher=publisher, title=title)
