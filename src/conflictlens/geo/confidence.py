"""A calibrated confidence for a resolved place: the probability that the point is the place the text means.

The resolver records what it knew when it chose (:class:`ResolutionEvidence`): how the name matched, how far
ahead of the best rival reading the choice was, how many far-apart places share the name, the kind of place,
and whether it lies in the article's main country. A logistic model turns that into a probability. Its
weights live in ``geo/data/calibration.yaml`` and are fitted by ``bench/geo_calibration.py`` on places we
labelled ourselves (``bench/data/labelled_places.yaml``), never on the evaluation corpora; "right" means
within 25 km for a town and 161 km for a region, province or country.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ..errors import DataFileError
from ..datafiles import parse_yaml

# Feature names, in the order of the weight vector; the data file must list the same names.
FEATURES = (
    "bias", "exact", "variant", "fuzzy", "margin", "alternatives", "populated", "area", "country",
    "main_country", "other_focus_country", "log_population", "place_label", "cue", "alternate_name", "elsewhere",
)
# Used when the data file is absent (a source checkout before the first fit): a plain prior by match kind.
_FALLBACK = {"exact": 0.9, "variant": 0.75, "fuzzy": 0.6}


@dataclass(frozen=True)
class ResolutionEvidence:
    """What the resolver knew when it chose a gazetteer entry for a name."""

    how: str  # "exact", "variant", "fuzzy"
    margin: float  # score of the choice minus the best rival more than 50 km away (capped; 5.0 when none)
    alternatives: int  # how many other far-apart places answer to the name
    kind: str  # gazetteer kind of the choice
    focus_rank: int  # 0 = the article's main country, 1+ = another focus country, -1 = outside the focus
    population: int
    place_label: bool  # the parser tagged the span GPE/LOC/FAC
    cue: bool  # a place cue ("the town of", "in", "near") precedes it
    alternate: bool = False  # matched by a foreign or former name only, not the entry's own
    elsewhere: bool = False  # the article's other names point to other countries, none to this one

    def vector(self) -> list[float]:
        area = self.kind in ("admin1", "admin2", "admin3", "region")
        return [
            1.0, float(self.how == "exact"), float(self.how == "variant"), float(self.how == "fuzzy"),
            min(self.margin, 5.0), math.log1p(self.alternatives), float(self.kind == "populated_place"),
            float(area), float(self.kind == "country"), float(self.focus_rank == 0), float(self.focus_rank > 0),
            math.log10(self.population + 1), float(self.place_label), float(self.cue), float(self.alternate),
            float(self.elsewhere),
        ]


@dataclass(frozen=True)
class Calibration:
    weights: tuple[float, ...]
    fitted_on: str = ""

    def probability(self, evidence: ResolutionEvidence) -> float:
        return self.probability_of(evidence.vector())

    def probability_of(self, vector: list[float]) -> float:
        """The model's probability for a feature vector (in :data:`FEATURES` order)."""
        z = sum(w * x for w, x in zip(self.weights, vector))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def default_calibration() -> Calibration | None:
    """The shipped calibration, or None when its data file is absent."""
    resource = resources.files("conflictlens.geo").joinpath("data", "calibration.yaml")
    if not resource.is_file():
        return None
    try:
        data = parse_yaml(resource.read_text(encoding="utf-8")) or {}
        weights = data["weights"]
        if list(weights) != list(FEATURES):
            raise DataFileError(f"geo/data/calibration.yaml: features {list(weights)} != {list(FEATURES)}; refit it")
        return Calibration(tuple(float(weights[name]) for name in FEATURES), str(data.get("fitted_on", "")))
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as e:
        raise DataFileError(f"geo/data/calibration.yaml: {e!r}") from e


def place_confidence(evidence: ResolutionEvidence, calibration: Calibration | None = None) -> float:
    """Probability (two decimals) that the chosen point is the place meant."""
    calibration = calibration or default_calibration()
    if calibration is None:
        return _FALLBACK.get(evidence.how, 0.5)
    return round(calibration.probability(evidence), 2)


def fit_logistic(rows: list[list[float]], labels: list[int], *, l2: float = 1.0, iterations: int = 50) -> list[float]:
    """Weights of an L2-regularised logistic regression, by Newton's method (the bias is not penalised).

    Small and dependency-free on purpose: a few hundred labelled places and fifteen features.
    """
    import numpy as np  # numpy comes with spaCy; imported here because only fitting needs it

    x = np.asarray(rows, dtype=float)
    y = np.asarray(labels, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x.T * (p * (1 - p))) @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return [float(v) for v in w]
