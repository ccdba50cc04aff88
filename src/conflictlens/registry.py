"""Registries for stages and resources. Built-in stages register exactly like third-party ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import PipelineError

if TYPE_CHECKING:
    from .document import Doc

StageFn = Callable[["Doc"], "Doc"]


@dataclass(frozen=True)
class StageSpec:
    """A registered stage factory with what it needs and what it fills in on the :class:`Doc`."""

    name: str
    factory: Callable[..., StageFn]  # called with the Resources; returns the (doc) -> doc callable
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    doc: str


_STAGES: dict[str, StageSpec] = {}


def register_stage(
    name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()
) -> Callable[[Callable[..., StageFn]], Callable[..., StageFn]]:
    """Register a stage factory under ``name``.

    The factory receives the pipeline's :class:`~conflictlens.resources.Resources` and returns the stage
    function. ``requires``/``assigns`` name :class:`Doc` attributes; the pipeline checks the order.
    """

    def decorate(factory: Callable[..., StageFn]) -> Callable[..., StageFn]:
        if name in _STAGES and _STAGES[name].factory is not factory:
            raise PipelineError(f"stage {name!r} is registered twice")
        _STAGES[name] = StageSpec(name, factory, tuple(requires), tuple(assigns), (factory.__doc__ or "").strip())
        return factory

    return decorate


def get_stage(name: str) -> StageSpec:
    _load_builtins()
    try:
        return _STAGES[name]
    except KeyError as e:
        known = ", ".join(sorted(_STAGES))
        raise PipelineError(f"unknown stage {name!r}; registered: {known}") from e


def registered_stages() -> dict[str, StageSpec]:
    _load_builtins()
    return dict(_STAGES)


def _load_builtins() -> Any:
    # Importing the stage modules runs their @register_stage decorators; done lazily so that
    # importing conflictlens stays cheap and free of side effects.
    from . import stages  # noqa: F401
