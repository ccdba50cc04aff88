"""The learned place ranker: which gazetteer reading of a name the text means.

Every reading of a name (every gazetteer entry that answers to it) becomes a feature vector — how the name
matched, the kind and size of the place, the article's country focus and how strongly the article votes for
that country, the distance to the article's other places, the parser's label, cue words and the rivals that
share the name — and a conditional logit model scores it; the resolver takes the best score. The weights live
in ``geo/data/place_ranker.json``, fitted by ``bench/train_places.py --write`` on places we labelled ourselves
(``bench/data/labelled_places.yaml``), never on the evaluation corpora. Inference is a matrix product (numpy).

Self-contained on purpose (features, model file, fitting): the learning package of the event engine is
separate and this module must not depend on it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from ..errors import DataFileError
from .candidates import Candidate
from .focus import WEAK_LABELS, primary_key
from .gazetteer import ADMIN1, COUNTRY, POPULATED, REGION, GazEntry
from .geometry import haversine_km
from .names import name_key

FEATURES = (
    "primary_name", "alternate_name", "spelling_variant", "fuzzy",
    "populated", "admin1", "admin2", "region", "country",
    "log_population", "population_gap", "biggest",
    "main_country", "near_focus_country", "far_focus_country", "focus_share", "only_own_vote",
    "province_named", "has_centre", "centre_distance", "centre_km_capped", "within_50km_of_centre",
    "town_cue_populated", "town_cue_area", "area_cue_area", "area_cue_populated",
    "place_label_populated", "weak_label_log_population", "person_label_populated",
    "dateline_main_country", "same_country_namesakes", "town_of_same_named_province",
)
# The prior the fit shrinks towards (the hand weights of the voting the ranker replaced): where our labelled
# places say little (a country against a town named after it), the old judgement stands.
PRIOR = {
    "primary_name": 1.0, "spelling_variant": 0.3, "admin1": 2.85, "admin2": 1.5, "region": 7.0, "country": 6.0,
    "log_population": 0.5, "main_country": 4.0, "near_focus_country": 2.5, "far_focus_country": 2.5,
    "province_named": 1.5, "centre_distance": 0.0, "centre_km_capped": -1.0, "within_50km_of_centre": 0.3, "town_cue_populated": 2.0,
    "town_cue_area": -3.0, "area_cue_area": 3.0, "town_of_same_named_province": 0.3,
}
_AREA_CUES = ("province", "region")
_AREA_SUFFIXES = ("province", "governorate", "region", "state", "oblast", "countryside")
_TOWN_CUES = ("town", "village", "city")


@dataclass(frozen=True)
class RankContext:
    """What the article says about where it is: country focus (most salient first), the focus votes of each
    country by name key, the names that voted for each country, the centre of its confident places and the
    (country, admin-1) units it names."""

    focus: tuple[str, ...] = ()
    votes: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    voters: Mapping[str, frozenset[str]] = field(default_factory=dict)
    centre: tuple[float, float] | None = None
    admin1s: frozenset[tuple[str, str]] = frozenset()
    placed: Mapping[str, frozenset[str]] = field(default_factory=dict)  # country -> names first read there


def features(entries: list[GazEntry], cand: Candidate, how: str, ctx: RankContext,
             exact: frozenset[GazEntry] | None = None) -> np.ndarray:
    """One row of :data:`FEATURES` per entry. ``exact`` are the entries whose name key equals the name's (the
    others in an "exact" lookup are spelling neighbours in the focus country)."""
    key = name_key(cand.text)
    own_key = primary_key(cand.text)
    wants_area = bool(cand.direction) or cand.suffix in _AREA_SUFFIXES or cand.cue in _AREA_CUES
    wants_town = cand.cue in _TOWN_CUES or cand.suffix == "city"
    weak = cand.label in WEAK_LABELS
    place_label = cand.label in ("GPE", "LOC", "FAC")
    pops = [math.log10(e.population + 1) for e in entries if e.kind == POPULATED]
    top = max(pops, default=0.0)
    per_country: dict[str, int] = {}
    for e in entries:
        per_country[e.country_code] = per_country.get(e.country_code, 0) + 1
    focus = ctx.focus
    # Each country's share of the votes the *other* names cast: a name must not vote for its own reading.
    others_votes = {code: sum(v for k, v in names.items() if k != key) for code, names in ctx.votes.items()}
    total = sum(others_votes.values()) or 1.0
    rows = np.zeros((len(entries), len(FEATURES)))
    for i, e in enumerate(entries):
        populated = e.kind == POPULATED
        area = e.kind in (ADMIN1, REGION, "admin2", "admin3")
        log_pop = math.log10(e.population + 1) if e.kind in (POPULATED, "admin2", "admin3") else 0.0
        primary = primary_key(e.name) == own_key
        spelled = how != "exact" or (exact is not None and e not in exact)
        rank = focus.index(e.country_code) if e.country_code in focus else -1
        others = ctx.voters.get(e.country_code, frozenset()) - {key}
        distance = capped = near = 0.0
        has_centre = 0.0
        if ctx.centre is not None and e.latitude is not None and e.kind not in (COUNTRY, REGION):
            km = haversine_km(ctx.centre[0], ctx.centre[1], e.latitude, e.longitude)  # type: ignore[arg-type]
            has_centre, distance, near = 1.0, math.log1p(km) / math.log(20040.0), float(km <= 50.0)
            capped = min(1.5, km / 300.0)  # the article's places lie near each other, within a region's width
        rows[i] = (
            float(how == "exact" and not spelled and primary), float(how == "exact" and not spelled and not primary),
            float(spelled and how != "fuzzy"), float(how == "fuzzy"),
            float(populated), float(e.kind == ADMIN1), float(e.kind in ("admin2", "admin3")), float(e.kind == REGION),
            float(e.kind == COUNTRY),
            log_pop, (log_pop - top) if populated else 0.0, float(populated and log_pop == top and top > 0),
            float(rank == 0), float(rank in (1, 2)), float(rank > 2), others_votes.get(e.country_code, 0.0) / total,
            float(rank >= 0 and not others),
            float(populated and (e.country_code, e.admin1_code) in ctx.admin1s),
            has_centre, distance, capped, near,
            float(wants_town and populated), float(wants_town and area), float(wants_area and area),
            float(wants_area and populated),
            float(place_label and populated), log_pop if weak else 0.0, float(cand.label == "PERSON" and populated),
            float(cand.cue == "dateline" and rank == 0), math.log1p(per_country[e.country_code] - 1),
            float(populated and bool(e.admin1) and primary_key(e.admin1) == own_key),  # Najran city in Najran province
        )
    return rows


@dataclass(frozen=True)
class PlaceRanker:
    """Linear scores over :data:`FEATURES`; the reading with the highest score wins."""

    weights: np.ndarray
    fitted_on: str = ""

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return rows @ self.weights


@lru_cache(maxsize=1)
def default_ranker() -> PlaceRanker:
    """The shipped ranker (``geo/data/place_ranker.json``)."""
    resource = resources.files("conflictlens.geo").joinpath("data", "place_ranker.json")
    try:
        data = json.loads(resource.read_text(encoding="utf-8"))
        weights = data["weights"]
        if list(weights) != list(FEATURES):
            raise DataFileError(f"geo/data/place_ranker.json: features {list(weights)} != {list(FEATURES)}; retrain it")
        return PlaceRanker(np.array([float(weights[n]) for n in FEATURES]), str(data.get("fitted_on", "")))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise DataFileError(f"geo/data/place_ranker.json: {e!r}") from e


def fit_ranker(groups: list[tuple[np.ndarray, np.ndarray]], *, l2: float = 1.0, iterations: int = 100,
               prior: np.ndarray | None = None) -> np.ndarray:
    """Weights of a conditional logit shrunk towards ``prior`` (default :data:`PRIOR`): for each name, (feature
    rows of its readings, 0/1 for readings that are right). Maximises the log of the probability mass on the
    right readings minus l2/2 * |w - prior|^2, by Newton's method (on the readings' covariance) with step halving."""
    dim = groups[0][0].shape[1]
    prior = np.array([PRIOR.get(name, 0.0) for name in FEATURES]) if prior is None else prior
    w = prior.copy()

    def objective(w: np.ndarray) -> float:
        total = 0.5 * l2 * float((w - prior) @ (w - prior))
        for x, y in groups:
            s = x @ w
            m = s.max()
            total -= math.log(float(np.exp(s[y > 0] - m).sum())) - math.log(float(np.exp(s - m).sum()))
        return total

    current = objective(w)
    for _ in range(iterations):
        gradient = l2 * (w - prior)
        hessian = np.eye(dim) * l2
        for x, y in groups:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = p * (y > 0)
            q /= q.sum()
            mean_p, mean_q = p @ x, q @ x
            gradient += mean_p - mean_q
            hessian += (x.T * p) @ x - np.outer(mean_p, mean_p)  # the readings' covariance: positive definite
        step = np.linalg.solve(hessian + 1e-6 * np.eye(dim), gradient)
        scale = 1.0
        while scale > 1e-4:
            trial = w - scale * step
            value = objective(trial)
            if value <= current:
                break
            scale /= 2
        else:
            break
        w, improvement, current = trial, current - value, value
        if improvement < 1e-7:
            break
    return w
