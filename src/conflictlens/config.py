"""Settings declared once in ``defaults.toml`` and overridable from a file, the environment or the CLI."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

ENV_PREFIX = "CONFLICTLENS_"
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


@dataclass(frozen=True)
class Settings:
    model: str
    stages: tuple[str, ...]
    actor_files: tuple[str, ...]
    place_files: tuple[str, ...]
    cache_dir: str
    max_chars: int
    min_confidence: float
    keep_non_factual: bool
    language_check: bool
    learned: bool
    event_threshold: float
    db: str
    dedup_distance_km: float
    dedup_date_days: int
    dedup_min_score: float
    dedup_background_days: int
    time_budget: float
    max_char_run: int
    max_entities: int

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with the given settings changed (``None`` values are ignored)."""
        return _coerce(replace(self, **{k: v for k, v in values.items() if v is not None}))


def _read_defaults() -> dict[str, Any]:
    text = resources.files("conflictlens").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def setting_help() -> dict[str, str]:
    """Help line of every setting, from ``defaults.toml``."""
    return dict(_read_defaults()["help"])


def _coerce(settings: Settings) -> Settings:
    values = {}
    for f in fields(Settings):
        value = getattr(settings, f.name)
        try:
            if f.name in ("stages", "actor_files", "place_files"):
                if isinstance(value, str):
                    value = [v for v in value.split(",") if v.strip()]
                value = tuple(str(v).strip() for v in value)
            elif f.name in ("max_chars", "dedup_date_days", "dedup_background_days", "max_char_run", "max_entities"):
                if isinstance(value, float) and not value.is_integer():
                    raise ValueError("not a whole number")
                value = int(value)
            elif f.name in ("min_confidence", "event_threshold", "dedup_distance_km", "dedup_min_score", "time_budget"):
                value = float(value)
            elif f.name in ("keep_non_factual", "language_check", "learned"):
                if isinstance(value, str):
                    word = value.strip().lower()
                    if word not in _TRUE | _FALSE:
                        raise ValueError("not a boolean (use true/false)")
                    value = word in _TRUE
                elif not isinstance(value, bool):
                    raise ValueError("not a boolean (use true/false)")
            else:
                value = str(value)
        except (TypeError, ValueError) as e:
            raise ConfigError(f"setting {f.name!r} has an invalid value {value!r}") from e
        values[f.name] = value
    if values["max_chars"] <= 0:
        raise ConfigError("setting 'max_chars' must be positive")
    for name in ("min_confidence", "event_threshold"):
        if not 0.0 <= values[name] <= 1.0:
            raise ConfigError(f"setting {name!r} must be between 0 and 1")
    if values["dedup_distance_km"] <= 0 or values["dedup_date_days"] < 0 or values["dedup_background_days"] < 0:
        raise ConfigError("settings 'dedup_distance_km' must be positive, 'dedup_date_days' and 'dedup_background_days' not negative")
    if not 0.0 <= values["dedup_min_score"] <= 1.0:
        raise ConfigError("setting 'dedup_min_score' must be between 0 and 1")
    for name in ("time_budget", "max_char_run", "max_entities"):
        if values[name] < 0:
            raise ConfigError(f"setting {name!r} must be 0 (off) or positive")
    return Settings(**values)


def load_settings(path: str | Path | None = None, *, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then the TOML file at ``path`` (its ``[settings]`` table), then ``CONFLICTLENS_*`` variables."""
    values: dict[str, Any] = dict(_read_defaults()["settings"])
    if path is not None:
        try:
            user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"cannot read configuration {path}: {e}") from e
        table = user.get("settings", user)
        unknown = set(table) - set(values)
        if unknown:
            raise ConfigError(f"unknown setting(s) in {path}: {', '.join(sorted(unknown))}")
        values.update(table)
    env = os.environ if environ is None else environ
    for name in list(values):
        key = ENV_PREFIX + name.upper()
        if key in env:
            values[name] = env[key]
    return _coerce(Settings(**values))
