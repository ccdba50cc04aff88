"""Geoparsing on its own: the places of a text, or coordinates for names someone else found.

Used by the geoparsing benchmarks and by users who only want places. Events never use this module's
country points: an event is never placed at a country centroid.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..model import Article, Place
from ..pipeline import Pipeline
from .embedded import extra_mentions
from .gazetteer import POPULATED, REGION
from .resolve import PlaceResolver
from .supplements import country_of_word, region_adjectives


def places_of(pipeline: Pipeline, text: str, *, embedded: bool = False) -> list:
    """Every place mention the pipeline recognises in ``text`` (runs the stages up to "places").

    With ``embedded`` also the names events never use but geoparsing corpora count as toponyms: nationalities
    ("Russian troops": Russia) and places inside longer names ("Ohio" in "Ohio Supreme Court"), with cue
    "demonym" or "embedded"."""
    doc = pipeline.run(Article(text=text), until="places")
    if not embedded:
        return doc.place_mentions
    resolver = PlaceResolver(pipeline.resources.gazetteer, pipeline.resources.countries)
    return sorted(doc.place_mentions + extra_mentions(doc, resolver), key=lambda m: m.start)


def geocode_spans(pipeline: Pipeline, text: str, spans: list[tuple[int, int]], *, country_points: bool = True) -> list[Place | None]:
    """Coordinates for given toponym spans of ``text``: the pipeline's own reading where it found the span,
    else the name resolved in the article's country focus. With ``country_points`` a country or region with
    no point gets the mean position of its populated places (for evaluation against gazetteer points)."""
    doc = pipeline.run(Article(text=text), until="places")
    resolver = PlaceResolver(pipeline.resources.gazetteer, pipeline.resources.countries)
    focus = doc.country_focus
    context = doc.place_context  # the article's context, as the places stage found it
    centre, admin1s = (context.centre, context.admin1s) if context is not None else (None, frozenset())
    results: list[Place | None] = []
    for start, end in spans:
        # The pipeline's own reading of the span, unless its mention reaches well beyond the span ("US" inside
        # "US Special Forces" is the country, not the unit's position).
        found = next((m.place for m in doc.place_mentions
                      if m.place is not None and m.place.resolved and m.start < end and start < m.end
                      and (min(end, m.end) - max(start, m.start)) * 2 >= m.end - m.start), None)
        name = text[start:end]
        region = region_adjectives().get(name.strip())
        place = found or resolver.resolve_name(region or name, focus, centre=centre, admin1s=admin1s, context=context)
        demonym = country_of_word(name.strip())
        if demonym and country_points and (place is None or (place.kind == POPULATED and place.country_code != demonym)):
            # "Kenyan", "Spanish" named as a place: the country, not Kenyon (Minnesota) or Spanish (Ontario).
            country = pipeline.resources.countries.get(demonym)
            place = Place(name=name, location=country.name, country=country.name, country_code=demonym, kind="country",
                          confidence=0.95) if country else place  # 98.6 % of such spans right on the geoparsing dev split
        if place is not None and not place.resolved and country_points:
            point = _region_point(resolver, region or name, focus) if place.kind == REGION else (
                country_point(pipeline, place.country_code) if place.country_code else None)
            if point is not None:
                place = replace(place, latitude=point[0], longitude=point[1], reason="the country's or region's centre point")
        results.append(place)
    return results


def _region_point(resolver: PlaceResolver, name: str, focus: list[str]) -> tuple[float, float] | None:
    entries, _ = resolver.lookup(name, focus, fuzzy=False)
    region = next((e for e in entries if e.kind == REGION and e.latitude is not None), None)
    return (region.latitude, region.longitude) if region else None  # type: ignore[return-value]


def country_point(pipeline: Pipeline, country_code: str) -> tuple[float, float] | None:
    """The country's centre point from our data file, else the mean position of its populated places."""
    country = pipeline.resources.countries.get(country_code)
    if country is not None and country.lat is not None and country.lon is not None:
        return country.lat, country.lon
    return _country_mean(pipeline.resources.gazetteer, country_code)


@lru_cache(maxsize=512)
def _country_mean(gazetteer, country_code: str) -> tuple[float, float] | None:  # type: ignore[no-untyped-def]
    points = {(e.latitude, e.longitude) for _, e in gazetteer.names_in(country_code)
              if e.kind == POPULATED and e.latitude is not None}
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
