"""ACLED and PLOVER vocabularies, loaded from data files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ..errors import DataFileError
from ..datafiles import parse_yaml

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "REJECT", "ACCUSE",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class SubType:
    event_type: str
    name: str
    disorder: str
    plover: str
    mode: str
    priority: int  # 0 = highest, ACLED's order


@lru_cache(maxsize=1)
def acled_subtypes() -> dict[str, SubType]:
    """Sub-event type name -> :class:`SubType`, in ACLED's priority order."""
    text = resources.files("conflictlens.ontology").joinpath("data", "acled.yaml").read_text(encoding="utf-8")
    try:
        raw = parse_yaml(text)
    except yaml.YAMLError as e:
        raise DataFileError(f"ontology/data/acled.yaml: {e}") from e
    result: dict[str, SubType] = {}
    for event_type, spec in raw.items():
        for name, sub in spec["sub_types"].items():
            result[name] = SubType(event_type, name, sub.get("disorder", spec["disorder"]), sub["plover"], sub["mode"], len(result))
    return result

