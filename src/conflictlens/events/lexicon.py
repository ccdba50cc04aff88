"""The events lexicon (``events/data/lexicon.yaml``): trigger lemmas by class, cue phrases, phrasal triggers, the
classifier's evidence words and named lemma sets, loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from ..datafiles import parse_yaml
from ..errors import DataFileError


@dataclass(frozen=True)
class Lexicon:
    classes: dict[str, str]  # lemma -> class (first class listed wins)
    all_classes: dict[str, tuple[str, ...]]
    ambiguous: frozenset[str]
    cues: dict[str, re.Pattern[str]]
    phrasal: dict[str, str]  # "go off" -> "explode": a verb and its particle standing for a trigger lemma
    evidence: dict[str, re.Pattern[str]]  # sub-event type -> words a sentence needs before the classifier may say it
    verb_only: frozenset[str] = frozenset()  # triggers only as verbs ("stationed", not "police station")
    gathering: frozenset[str] = frozenset()  # "gathered" ...
    protest_purpose: frozenset[str] = frozenset()  # ... "to denounce": a protest
    word_sets: dict[str, frozenset[str]] = field(default_factory=dict)  # named lemma sets (``word_sets`` in the file)


def _cue_pattern(phrases: list[str]) -> re.Pattern[str]:
    """Whole words or phrases, with an optional plural ending ("mine" finds "mines", not "minister"); a phrase
    ending in "*" is a stem ("commemorat*" finds "commemorating")."""
    def one(phrase: str) -> str:
        if phrase.endswith("*"):
            return re.escape(phrase[:-1])
        return re.escape(phrase) + r"(?:s|es)?(?![\w])"
    return re.compile(r"(?<![\w-])(?:" + "|".join(one(p) for p in sorted(phrases, key=len, reverse=True)) + r")", re.I)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    text = resources.files("conflictlens.events").joinpath("data", "lexicon.yaml").read_text(encoding="utf-8")
    try:
        raw = parse_yaml(text)
    except yaml.YAMLError as e:
        raise DataFileError(f"events/data/lexicon.yaml: {e}") from e
    all_classes: dict[str, list[str]] = {}
    for cls, lemmas in raw["triggers"].items():
        for lemma in lemmas:
            all_classes.setdefault(lemma, []).append(cls)
    cues = {name: _cue_pattern(phrases) for name, phrases in raw["cues"].items()}
    evidence = {}
    for sub_type, phrases in (raw.get("classifier_evidence") or {}).items():
        try:  # "@chemical" stands for the phrases of the cue "chemical"
            words = [w for p in phrases for w in (raw["cues"][p[1:]] if p.startswith("@") else [p])]
        except KeyError as e:
            raise DataFileError(f"events/data/lexicon.yaml: classifier_evidence of {sub_type}: no cue {e}") from e
        evidence[sub_type] = _cue_pattern(words)
    return Lexicon({k: v[0] for k, v in all_classes.items()}, {k: tuple(v) for k, v in all_classes.items()},
                   frozenset(raw["ambiguous"]), cues, dict(raw.get("phrasal") or {}), evidence,
                   frozenset(raw.get("verb_only") or ()), frozenset(raw.get("gathering") or ()),
                   frozenset(raw.get("protest_purpose") or ()),
                   {name: frozenset(words) for name, words in (raw.get("word_sets") or {}).items()})
