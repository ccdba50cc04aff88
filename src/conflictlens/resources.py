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
