"""The external resources a pipeline uses, loaded once and shared by its stages.

Each resource sits behind a small protocol (gazetteer: :class:`~conflictlens.geo.gazetteer.Gazetteer`,
actor knowledge base: :class:`~conflictlens.actors.kb.ActorKB`); tests pass fakes through the constructor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from .config import Settings, load_settings


@dataclass
class Resources:
    settings: Settings = field(default_factory=load_settings)
    nlp_override: Any = None
    gazetteer_override: Any = None
    kb_override: Any = None
    encoder_override: Any = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Resources:
        return cls(settings=settings)

    @property
    def cache_dir(self) -> Path:
        return Path(self.settings.cache_dir or user_cache_dir("conflictlens"))

    @cached_property
    def nlp(self) -> Any:
        if self.nlp_override is not None:
            return self.nlp_override
        from .nlp import load_model

        return load_model(self.settings.model)

    @cached_property
    def countries(self) -> dict:
        from .geo.supplements import load_countries

        return load_countries()

    @cached_property
    def gazetteer(self) -> Any:
        if self.gazetteer_override is not None:
            return self.gazetteer_override
        from .geo.store import open_gazetteer

        return open_gazetteer(self.cache_dir, self.settings.place_files)

    @cached_property
    def actor_kb(self) -> Any:
        if self.kb_override is not None:
            return self.kb_override
        from .actors.kb import load_kb

        return load_kb(self.settings.actor_files)

    @cached_property
    def encoder(self) -> Any:
        """The sentence encoder (MiniLM on onnxruntime, one thread), loaded at its first sentence."""
        if self.encoder_override is not None:
            return self.encoder_override
        from .learn.encoder import OnnxMiniLM

        return OnnxMiniLM()

    @cached_property
    def sentence_typer(self) -> Any:
        """The learned sentence typer, or None when ``learned`` is off or its model file is not installed."""
        from .learn.linear import LinearModel, packaged
        from .learn.sentence_model import SentenceTyper

        path = packaged("sentence_model.npz") if self.settings.learned else None
        return SentenceTyper(LinearModel.load(path), self.encoder) if path is not None else None

    @cached_property
    def verifier(self) -> Any:
        """The learned event verifier, or None (no typer, or no model file)."""
        from .learn.linear import LinearModel, packaged
        from .learn.verifier import Verifier

        path = packaged("verifier.npz") if self.sentence_typer is not None else None
        return Verifier(LinearModel.load(path), self.sentence_typer) if path is not None else None
