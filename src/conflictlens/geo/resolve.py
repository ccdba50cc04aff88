"""Resolving place candidates against the gazetteer, ACLED's way.

* The article's country focus (country names, demonyms, unambiguous places) steers ambiguous names.
* Exact transliteration keys first, then the loose skeleton key verified by fuzzy similarity, then fuzzy
  search within the focus countries.
* "Southern Idlib" -> the southern part of the governorate, geo_precision 3; "X east of Y" / "X near Y" with
  X unknown -> coded at Y with geo_precision 2, X kept as the location name; an unknown place named with a
  place cue ("the village of X") stays, without coordinates and with a reason. Never a country centroid.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from rapidfuzz import fuzz

from ..document import PlaceMention
from ..model import Place
from . import admin2
from .candidates import (
    DEMONYM_LABELS,
    Candidate,
    find_candidates,
    relation_after,
    split_compound,
    whole_name,
)
from .confidence import ResolutionEvidence, place_confidence
from .counties import COUNTY_WORDS, county_place, county_states, state_cues
from .focus import WEAK_LABELS, country_focus, is_acronym, primary_key
from .fuzzy import FuzzyNames
from .gazetteer import ADMIN1, ADMIN2, COUNTRY, POPULATED, REGION, GazEntry, Gazetteer
from .geometry import haversine_km, median_point
from .names import name_key, skeleton
from .ranker import PlaceRanker, RankContext, default_ranker, features
from .relative import directional_point, place_relatives
from .supplements import Country, abbreviations, country_of_word, is_country_name, peoples

NOT_PLACES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "god", "allah",
    "internal", "arabic", "english", "islamic", "muslim", "christian", "army", "police", "president", "minister",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
    "northwest", "southeast", "southwest", "today", "yesterday", "tonight", "local", "state", "government",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    # Seats of government that stand for the government ("the White House said"): GeoNames also lists a White
    # House, Tennessee, which placed a coalition strike in Syria in the United States.
    "white house", "kremlin", "pentagon", "elysee", "downing street", "whitehall", "quai dorsay", "blue house",
    "zhongnanhai", "foggy bottom",
}
FUZZY_MIN = 86
MIN_PLACE_CONFIDENCE = 0.25  # below this calibrated probability a reading is left unplaced (no effect on dev acc@161)
FALLBACK_FOCUS_CONFIDENCE = 0.3  # "Sihal" read as Shali, Russia (0.16) must not make a Syrian note Russian
WEAK_MIN_POPULATION = 10_000  # a name only capitalised or filed as an organisation is at least a town this big
ELSEWHERE_TOWN_MAX = 100_000  # a town below this, in a country only its name points to, needs a place cue
OUTSIDE_SURE = 0.9  # a reading in a country nothing else in the article supports needs at least this confidence
STREET_WORDS = {"lane", "street", "st", "road", "rd", "avenue", "ave", "boulevard", "drive", "way", "square", "stadium",
                "park", "bridge", "hall", "court"}
# Suffixes that name an admin-2 unit ("Bastar district", "Maru LGA"): the unit is looked up as "<name> <suffix>".
DISTRICT_SUFFIXES = frozenset({"district", "lga", "raion", "rayon", "cercle"})
PLACE_CUES = {"town", "village", "city", "area", "near", "district", "province", "region", "in", "at", "from", "to",
              "around", "outside", "into", "towards", "toward", "across", "verb",
              "east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest"}

_TYPE_WORD_AFTER = re.compile(
    r"\s+(?:town|towns|village|villages|area|areas|camp|township|district|neighbou?rhood)\b", re.I)


def _people_word(cand: Candidate, text: str) -> bool:
    """ "a Fulani hamlet", "Arab militiamen", "a predominantly Kurdish town": a people's name with no cue before it
    (no preposition, type word or verb) and no suffix is no place — a type word after it is its noun, not a cue —
    and must not vote for the country GeoNames files a same-named hamlet under; "in Naga" stays a place."""
    if cand.suffix or cand.text.lower() not in peoples():
        return False
    return not cand.cue or bool(_TYPE_WORD_AFTER.match(text, cand.end))


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer, countries: dict[str, Country], skip_keys: frozenset[str] = frozenset(),
                 ranker: PlaceRanker | None = None, actor_country: Callable[[str], str] | None = None):
        self._fuzzy = FuzzyNames(gazetteer)
        self.ranker = ranker or default_ranker()
        self.gazetteer = gazetteer
        self.countries = countries
        self.skip_keys = skip_keys  # name keys of known actors ("Tahrir al-Sham" is not a place)
        # The home country of a known local actor ("HTS": Syria), or "": the article's groups say where it is.
        self.actor_country = actor_country

    # -- lookup -------------------------------------------------------------------------------------------
    def lookup(self, text: str, focus: list[str], *, fuzzy: bool = True) -> tuple[list[GazEntry], str]:
        """Gazetteer entries for a name and how they were found ("exact", "variant", "fuzzy").

        ``fuzzy=False`` skips the (costly) spelling search over whole countries, for names nothing marks as places.
        """
        abbreviation = abbreviations().get(text.strip()) or abbreviations().get(text.replace(" ", ""))  # "W. Va."
        if abbreviation is not None:
            country, full = abbreviation
            hits = [e for e in self.gazetteer.by_key(name_key(full)) if e.country_code == country and e.kind == ADMIN1]
            if hits:
                return hits, "exact"
        key = name_key(text)
        if not key:
            return [], ""
        entries = self.gazetteer.by_key(key)
        if entries and (not focus or any(e.country_code == focus[0] for e in entries)):
            return entries, "exact"
        if entries and any(primary_key(e.name) == key for e in entries):
            return entries, "exact"  # "Cannes" is Cannes: no spelling neighbour in the focus country (Conyers) competes
        if entries:
            # "Taiz" is an exact alternate name of a town in Iran, and a spelling of Ta'izz in the Yemen the
            # article is about: let the spelling variant in the focus country compete.
            near = [e for e in self.gazetteer.by_skeleton(skeleton(key)) if e.country_code == focus[0]
                    and fuzz.ratio(name_key(e.name), key) >= 70]
            return entries + near, "exact"
        variants = [
            e for e in self.gazetteer.by_skeleton(skeleton(key))
            if (not focus or e.country_code in focus) and fuzz.ratio(name_key(e.name), key) >= 70
        ] if len(key) >= 4 else []  # "SA" has no spelling variants worth the name
        if variants:
            return variants, "variant"
        if len(key) < 5 or not fuzzy:
            return [], ""  # "Pa.", "NSW": too short for spelling variants to mean anything
        for code in focus[:2]:
            hits = self._fuzzy.closest(code, key, FUZZY_MIN, 5)
            if hits:
                return hits, "fuzzy"
        return [], ""

    # -- choice ---------------------------------------------------------------------------------------------
    def _rank(self, entries: list[GazEntry], cand: Candidate, how: str, ctx: RankContext) -> np.ndarray:
        """The learned ranker's score of each reading (see :mod:`.ranker`)."""
        exact = frozenset(self.gazetteer.by_key(name_key(cand.text))) if how == "exact" else None
        if exact is not None and not exact.intersection(entries):
            exact = None  # found through an abbreviation ("W. Va."): every reading is the name itself
        return self.ranker.scores(features(entries, cand, how, ctx, exact))

    def _best(self, entries: list[GazEntry], cand: Candidate, how: str, ctx: RankContext) -> GazEntry:
        return entries[int(np.argmax(self._rank(entries, cand, how, ctx)))]

    @staticmethod
    def _implausible(entry: GazEntry, focus: list[str], text: str, voters: dict[str, set[str]]) -> bool:
        """A small place far from the article's countries is more likely a word that happens to be a name
        ("FAMa" -> Fama, Brazil) than a place the report is about; and a place outside the main country that
        answers to the name only by a foreign or former name ("Samar" for Samara, in a Philippine report) is more
        likely a place the gazetteer lacks."""
        if entry.kind != POPULATED or not focus:
            return False
        if entry.country_code not in focus[:3] and entry.population < 100_000:
            return True
        # Only the name itself voted for that country ("Samar" put Russia in a Philippine report's focus).
        others = voters.get(entry.country_code, set()) - {name_key(text)}
        return entry.country_code != focus[0] and primary_key(entry.name) != primary_key(text) and not others

    def _choose(self, entries: list[GazEntry], cand: Candidate, how: str,
                ctx: RankContext) -> tuple[GazEntry, ResolutionEvidence]:
        """The best-ranked entry, and the evidence its confidence is computed from."""
        focus = ctx.focus
        scores = self._rank(entries, cand, how, ctx)
        scored = [(float(scores[i]), int(i)) for i in np.argsort(-scores, kind="stable")]
        best = entries[scored[0][1]]
        if best.kind == COUNTRY and focus:
            # "Georgia" in a report about the United States is the state, not the country.
            state = next((e for e in entries if e.kind == ADMIN1 and e.country_code == focus[0]), None)
            if state is not None:
                scored.insert(0, (scored[0][0], entries.index(state)))
                best = state
        rivals = [(s, entries[i]) for s, i in scored[1:] if _far_apart(best, entries[i])]
        distinct = {(round(e.latitude or 0.0, 1), round(e.longitude or 0.0, 1), e.kind) for _, e in rivals}
        evidence = ResolutionEvidence(
            how=how, margin=scored[0][0] - rivals[0][0] if rivals else 5.0, alternatives=len(distinct), kind=best.kind,
            # a country only this name voted for is outside the focus, as far as the confidence goes
            focus_rank=focus.index(best.country_code) if best.country_code in focus
            and ctx.voters.get(best.country_code, frozenset()) - {name_key(cand.text)} else -1, population=best.population,
            place_label=cand.label in ("GPE", "LOC", "FAC"), cue=bool(cand.cue),
            alternate=how == "exact" and primary_key(best.name) != primary_key(cand.text),
            elsewhere=best.kind != COUNTRY and _elsewhere(best.country_code, name_key(cand.text), ctx.placed),
        )
        return best, evidence

    def _actor_countries(self, candidates: list[Candidate]) -> dict[str, str]:
        """Name key -> home country of the known local actors among the candidates."""
        if self.actor_country is None:
            return {}
        found = {}
        for cand in candidates:
            key = name_key(cand.text)
            if key in self.skip_keys and key not in found:
                code = self.actor_country(cand.text)
                if code and code in self.countries:
                    found[key] = code
        return found

    @staticmethod
    def _supported(place: Place, cand: Candidate, how: str, placed: dict[str, frozenset[str]],
                   towns: dict[str, frozenset[str]], focus: list[str], population: int = 0) -> bool:
        """Whether a reading's country has evidence besides the name itself. A country only the name points to
        is enough when the article points nowhere else ("Paris" alone); it is not when other names place the
        article in another country (a village of an Idlib report is no Moroccan town of a similar name) or the
        name was found only by a fuzzy spelling search, unless the reading is near certain. A spelling match
        (not the name itself) outside the article's main country needs a town or province read in that country:
        the country's name is not enough (a Syrian report that names Britain for a monitor's base does not make
        a village of a similar spelling an English town)."""
        if place.kind == COUNTRY:
            return True
        key = name_key(cand.text)
        if place.kind == POPULATED and 0 < population < ELSEWHERE_TOWN_MAX and not _has_cue(cand) \
                and _elsewhere(place.country_code, key, placed):
            # A small town only its own name places in a country, in a report whose other names lie in another,
            # with no place cue ("Hirak activists" in an Algerian report): a word that happens to be a town's
            # name, however sure the reading of the name alone.
            return False
        if place.confidence >= OUTSIDE_SURE:
            return True
        if how != "exact" and focus and place.country_code != focus[0]:
            return bool(towns.get(place.country_code, frozenset()) - {key})
        if placed.get(place.country_code, frozenset()) - {key}:
            return True  # another name of the article was read in that country
        return not _elsewhere(place.country_code, key, placed) and how != "fuzzy"

    def _place(self, entry: GazEntry, cand: Candidate, evidence: ResolutionEvidence) -> Place:
        country = self.countries.get(entry.country_code)
        base = Place(
            name=cand.text, location=entry.name, geonameid=entry.geonameid, latitude=entry.latitude,
            longitude=entry.longitude, country=country.name if country else "", country_code=entry.country_code,
            iso=country.iso if country else None,
            admin1=entry.admin1 or self.gazetteer.admin1_name(entry.country_code, entry.admin1_code),
            kind=entry.kind, confidence=place_confidence(evidence),
        )
        if entry.kind == COUNTRY:
            return replace(base, latitude=None, longitude=None, geo_precision=None,
                           reason="only a country is named; events are never placed at a country centroid")
        if entry.kind == REGION:
            if not entry.country_code:
                return replace(base, latitude=None, longitude=None, geo_precision=None,
                               reason=f"{entry.name} spans several countries; events are never placed at its centre")
            return replace(base, admin1="", geo_precision=3, reason=f"{entry.name}: a region, coded at its centre")
        if entry.kind == ADMIN1:
            base = replace(base, admin1=entry.name, geo_precision=3)
            if cand.direction:
                point = directional_point(self.gazetteer, entry, cand.direction)
                label = f"{cand.direction.capitalize()} {entry.name}"
                if point:
                    return replace(base, location=label, latitude=point[0], longitude=point[1],
                                   reason=f"{label}: mean of the populated places in that part of {entry.name}")
                return replace(base, location=label, reason=f"{label}: coded at the seat of {entry.name}")
            return base
        if entry.kind == ADMIN2 and entry.source == admin2.SOURCE:
            return _admin2_place(base, entry)
        if entry.kind in ("admin2", "admin3"):  # imported districts: a part of a region
            return replace(base, geo_precision=3 if entry.kind == "admin2" else 2)
        precision = 2 if cand.cue in ("near", "area") or cand.direction else 1
        return replace(base, geo_precision=precision)

    def resolve_name(self, text: str, focus: list[str], *, cue: str = "", centre: tuple[float, float] | None = None,
                     admin1s: frozenset[tuple[str, str]] = frozenset(), within_focus: bool = False,
                     context: RankContext | None = None) -> Place | None:
        """Resolve one name in the context of an article (country focus, centre, named provinces, or the whole
        ``context`` the places stage found); no implausibility filter: the caller says it is a place.
        ``within_focus`` refuses answers outside the focus countries (a Syrian village name is never an
        Indonesian town)."""
        cand = Candidate(0, len(text), text, 0, cue=cue)
        entries, how = self.lookup(text, focus)
        if within_focus:
            entries = [e for e in entries if e.country_code in focus]
        if not entries:
            return None
        if context is None:
            # The caller's focus, as if the article's places had voted for it.
            context = RankContext(tuple(focus), {code: {"\0caller": 1.0 / (1 + rank)} for rank, code in enumerate(focus)},
                                  {code: frozenset({"\0caller"}) for code in focus}, centre, admin1s)
        else:
            context = replace(context, focus=tuple(focus), centre=centre or context.centre,
                              admin1s=admin1s or context.admin1s)
        best, evidence = self._choose(entries, cand, how, context)
        return self._place(best, cand, evidence)

    def admin2_units(self, cand: Candidate, focus: list[str]) -> list[GazEntry]:
        """The admin-2 units a name with a district suffix names ("Bastar district", "Maru LGA"), or []; a
        spelling variant ("Harim district" for Harem District) only in the article's main countries."""
        if cand.suffix not in DISTRICT_SUFFIXES:
            return []
        key = name_key(f"{cand.text} {cand.suffix}")
        units = [e for e in self.gazetteer.by_key(key) if e.kind == ADMIN2]
        if units or len(cand.text) < 4:
            return units
        return [e for e in self.gazetteer.by_skeleton(skeleton(key)) if e.kind == ADMIN2 and e.country_code in focus[:2]]

    def _county(self, cand: Candidate, states: frozenset[str], towns: list[GazEntry], cued: dict[str, float],
                state_points: dict, centre: tuple[float, float] | None) -> tuple[Place, ResolutionEvidence] | None:
        """A US county or parish, coded in the state the article points to (see :mod:`.counties`)."""
        found = county_place(cand.text, towns, states, cued, state_points, centre)
        if found is None:
            return None
        state, (lat, lon), how = found
        country = self.countries.get("US")
        admin1 = self.gazetteer.admin1_name("US", state)
        evidence = ResolutionEvidence(how="exact", margin=2.0 if cued.get(state) or len(states) == 1 else 0.5,
                                      alternatives=len(states) - 1, kind="admin2", focus_rank=0, population=0,
                                      place_label=cand.label in ("GPE", "LOC", "FAC"), cue=True)
        label = f"{cand.text} {'Parish' if cand.suffix == 'parish' else 'County'}"
        place = Place(name=cand.text, location=label, latitude=lat, longitude=lon, country=country.name if country else "",
                      country_code="US", iso=country.iso if country else None, admin1=admin1, admin2=label,
                      geo_precision=3, kind="admin2", confidence=place_confidence(evidence),
                      reason=f"{label} is not in the gazetteer; coded at {how}")
        return place, evidence

    def _contain(self, candidates: list[Candidate], chosen: dict, looked: dict, ctx: RankContext, text: str) -> set[str]:
        """ "Sahab front in northern Hama countryside": a name the text puts inside a province or country is looked
        for there only (not Sahab in Jordan); not found there, it is coded at that unit by relative.py.
        Returns the name keys whose reading moved to another country."""
        by_start = {c.start: i for i, c in enumerate(candidates)}
        moved: set[str] = set()
        for index, (cand, best, how) in list(chosen.items()):
            relation, anchor_start = relation_after(text, cand.end)
            if best is None or relation != "in" or anchor_start < 0:
                continue
            anchor_index = by_start.get(anchor_start)
            if anchor_index is None:
                anchor_index = next((i for i, c in enumerate(candidates) if anchor_start <= c.start <= anchor_start + 12), None)
            unit = chosen.get(anchor_index, (None, None, ""))[1] if anchor_index is not None else None
            if unit is None or unit.kind not in (ADMIN1, COUNTRY, REGION) or not unit.country_code:
                continue
            if best.kind == ADMIN2 and unit.kind == ADMIN1 and best.country_code == unit.country_code:
                # "Bhadrak district of Odisha": the district of that name in that province
                inside = [e for e in looked[index][0] if e.kind == ADMIN2 and e.country_code == unit.country_code
                          and e.admin1_code == unit.admin1_code]
                if inside and best not in inside:
                    looked[index] = (inside, how)
                    chosen[index] = (cand, self._best(inside, cand, how, ctx), how)
                continue
            if best.country_code == unit.country_code:
                continue
            inside = [e for e in looked[index][0] if e.country_code == unit.country_code]
            looked[index] = (inside, how)
            chosen[index] = (cand, self._best(inside, cand, how, ctx) if inside else None, how)
            moved.add(name_key(cand.text))
        return moved

    # -- whole document ---------------------------------------------------------------------------------------
    def resolve(self, doc, trace: list | None = None) -> tuple[list[PlaceMention], list[str], RankContext]:
        """The document's place mentions, its country focus, and its context (focus votes, centre of its places,
        named provinces). ``trace``, when given, receives (candidate, readings, how, context) for every name whose
        reading the ranker chose last (the ranker's training rows)."""
        text = doc.text
        doc_nlp = doc.nlp
        def known(name: str) -> bool:
            return bool(self.gazetteer.by_key(name_key(name)))

        candidates = [part for c in find_candidates(doc_nlp)
                      if name_key(c.text) not in NOT_PLACES and not _people_word(c, text)
                      for part in split_compound(whole_name(c, text, known), known)]
        if doc.dateline and not any(c.start == doc.dateline[2] for c in candidates):
            # The parser often reads "IMPHAL, Sep 12" as a date: the dateline's place is a candidate regardless.
            start, end = doc.dateline[2], doc.dateline[3]
            candidates.insert(0, Candidate(start, end, text[start:end], doc.sentence_index(start), cue="dateline", label="GPE"))
        focus, voters, votes = country_focus(self.gazetteer, candidates, doc.dateline)
        actors = self._actor_countries(candidates)
        if actors:
            for key, code in actors.items():
                voters.setdefault(code, set()).add(key)
                votes.setdefault(code, {})[key] = 1.0  # as much as a country's name
            totals = Counter({code: sum(names.values()) for code, names in votes.items()})
            focus = [code for code, _ in totals.most_common()]
        frozen_voters = {code: frozenset(keys) for code, keys in voters.items()}
        first = RankContext(tuple(focus), votes, frozen_voters)
        # Names the text marks as places somewhere (a place label or cue): elsewhere they need no cue of their own.
        confirmed = {name_key(c.text) for c in candidates if c.label in ("GPE", "LOC", "FAC") or _has_cue(c)}
        chosen: dict[int, tuple[Candidate, GazEntry | None, str]] = {}
        looked: dict[int, tuple[list[GazEntry], str]] = {}
        points = []
        counties: dict[int, frozenset[str]] = {}
        for index, cand in enumerate(candidates):
            if country_of_word(cand.text) and cand.label in DEMONYM_LABELS and not is_country_name(cand.text):
                continue  # a demonym sets country context but is not a place; "Cameroon" tagged ORG is one
            if is_acronym(cand.text) and cand.text not in abbreviations():
                continue  # "ADF", "UN": acronyms of groups and bodies, not the airports GeoNames lists under them
            is_actor = name_key(cand.text) in self.skip_keys
            if is_actor and cand.cue not in ("town", "village", "city", "area", "near"):
                continue
            # A fuzzy spelling match is only worth seeking for a name the parser or a cue marks as a place: on a
            # person's or group's name it would more likely be wrong (and it is the slowest lookup).
            may_fuzz = cand.label in ("GPE", "LOC", "FAC") or bool(cand.cue)
            entries, how = self.lookup(cand.text, focus, fuzzy=may_fuzz)
            units = self.admin2_units(cand, focus)
            if units:  # "Khyber district" is the district, not a town named Khyber
                entries, how = units, "exact"
            looked[index] = (entries, how)
            entries = _admissible(cand, entries, how, confirmed)
            states = county_states(cand.text) if cand.suffix in COUNTY_WORDS and (not focus or "US" in focus[:2]) else frozenset()
            if states:
                counties[index] = states  # "Henderson County": placed once the state is known
            if not entries:
                chosen[index] = (cand, None, "")
                continue
            best = self._best(entries, cand, how, first)
            if self._implausible(best, focus, cand.text, voters):
                chosen[index] = (cand, None, "")
                continue
            chosen[index] = (cand, best, how)
            if best.kind == POPULATED and best.country_code in focus[:1] and index not in counties:
                points.append((name_key(cand.text), best.latitude, best.longitude))
        moved = self._contain(candidates, chosen, looked, first, text)
        # A country only those names voted for is no longer part of the focus ("Sahab" voted for Jordan).
        focus = [code for code in focus if not moved or voters.get(code, set()) - moved]
        still_placed = {name_key(c.text) for c, b, _ in chosen.values() if b is not None}
        points = [p for p in points if p[0] in still_placed]
        centre = median_point([p[1:] for p in points])
        admin1s = frozenset((b.country_code, b.admin1_code) for _, b, _ in chosen.values()
                            if b is not None and b.kind == ADMIN1 and b.admin1_code)
        placed_by: dict[str, set[str]] = {code: set() for code in ()}
        for key, code in actors.items():
            placed_by.setdefault(code, set()).add(key)
        towns_by: dict[str, set[str]] = {}  # the same, without country names: what a spelling match needs
        for c, b, _ in chosen.values():
            if b is not None:
                placed_by.setdefault(b.country_code, set()).add(name_key(c.text))
                if b.kind != COUNTRY:
                    towns_by.setdefault(b.country_code, set()).add(name_key(c.text))
        placed = {code: frozenset(keys) for code, keys in placed_by.items()}
        towns = {code: frozenset(keys) for code, keys in towns_by.items()}
        cued, state_points = state_cues([(b, i in counties) for i, (_, b, _) in chosen.items() if b is not None],
                                        list(counties.values()))
        admin1s |= {("US", next(iter(states))) for states in counties.values() if len(states) == 1}  # "McMinn County"
        mentions: list[PlaceMention] = []
        rejected: dict[int, str] = {}  # start of a name -> why its reading was refused
        for index, (cand, best, how) in chosen.items():
            evidence = None
            county = self._county(cand, counties[index], looked[index][0], cued, state_points, centre) if index in counties else None
            if county is not None:
                mentions.append(PlaceMention(cand.start, cand.end, cand.text, cand.sent, county[0], cand.cue, county[1]))
                continue
            if best is not None:
                # The centre of the *other* places: a name's own first guess must not vote for itself
                # ("Alexandria" read as Virginia would pull a Louisiana story's centre towards Virginia).
                key = name_key(cand.text)
                own_centre = median_point([p[1:] for p in points if p[0] != key]) if best.kind == POPULATED else None
                entries, how = looked[index]
                entries = _admissible(cand, entries, how, confirmed)
                # Only a town's choice is revisited with the article's context; a province or country stays.
                ctx = RankContext(tuple(focus), votes, frozen_voters, own_centre,
                                  admin1s if best.kind == POPULATED else frozenset(), placed)
                if trace is not None:
                    trace.append((cand, entries, how, ctx))
                best, evidence = self._choose(entries, cand, how, ctx)
            if best is not None and how == "fuzzy" and relation_after(text, cand.end)[0]:
                best = None  # "Babupara locality of Jiribam": a spelling guess loses to the place the text gives
            place = self._place(best, cand, evidence) if best is not None and evidence is not None else None
            if place is not None and place.resolved and place.confidence < MIN_PLACE_CONFIDENCE:
                # Honest output: a reading we would bet against ("Murle", a people, as Muret in France) is no point.
                place = None
            elif place is not None and place.resolved and not self._supported(
                    place, cand, how, placed, towns, focus, evidence.population if evidence is not None else 0):
                # A place in a country nothing else in the article points to needs strong evidence; without it
                # the name is an unknown place (coded at its anchor if the text gives one).
                rejected[cand.start] = (f"{cand.text}: its best reading ({place.location}, {place.country}) lies in a "
                                        f"country nothing else in the article points to")
                place = None
            mentions.append(PlaceMention(cand.start, cand.end, cand.text, cand.sent, place, cand.cue, evidence))  # type: ignore[arg-type]
        mentions = place_relatives(mentions, text)
        for mention in mentions:
            why = rejected.get(mention.start)
            if why and mention.place is not None and mention.place.kind == "unresolved":
                mention.place = replace(mention.place, reason=why)
            elif why and mention.place is not None and mention.place.kind == "relative":
                mention.place = replace(mention.place, reason=f"{mention.place.reason}; {why}")
        if not focus:
            # Nothing voted (a terse report naming one place by a spelling the vote cannot see): the countries
            # of the places the resolver did place, most named first.
            counted = Counter(m.place.country_code for m in mentions if m.place is not None and m.place.resolved
                              and m.place.country_code and m.place.confidence >= FALLBACK_FOCUS_CONFIDENCE)
            focus = [code for code, _ in counted.most_common()]
        return mentions, focus, RankContext(tuple(focus), votes, frozen_voters, centre, admin1s, placed)


def _admin2_place(base: Place, entry: GazEntry) -> Place:
    """A built-in admin-2 unit: coded at its main town, precision 2 (ACLED's "small part of a region, coded to
    the nearby town"); a unit the gazetteer has no town for keeps no point."""
    within = base.admin1 or base.country
    base = replace(base, admin2=entry.name, geo_precision=2)
    if entry.latitude is None:
        return replace(base, geo_precision=None,
                       reason=f"{entry.name}: an admin-2 unit of {within} with no town in the gazetteer to code it at")
    return replace(base, reason=f"{entry.name}: an admin-2 unit of {within}, coded at its main town")


def _has_cue(cand: Candidate) -> bool:
    return bool(cand.cue or cand.suffix or cand.direction)


def _admissible(cand: Candidate, entries: list[GazEntry], how: str, confirmed: set[str]) -> list[GazEntry]:
    """The readings a name may take given what marks it as a place.

    "Kelly", "Brown": a surname without a place cue is a large place or a region, never a village. A name the
    parser files as an organisation or finds only capitalised ("House", "Meredith", "Notre Dame"), with no cue
    here or elsewhere in the article, is no spelling variant of a place and no small town.
    """
    if entries and cand.suffix in DISTRICT_SUFFIXES and all(e.kind == ADMIN2 for e in entries):
        return entries  # "Maru LGA": the suffix says it is a place, whatever the parser's label
    if how != "exact" and cand.text.split()[-1].lower() in STREET_WORDS:
        return []  # "Mill Lane" is a street the gazetteer lacks, not a spelling of Milan
    if cand.label == "PERSON" and cand.cue not in PLACE_CUES:
        return [e for e in entries if e.kind in (ADMIN1, COUNTRY) or e.population >= 100_000]
    if cand.label in WEAK_LABELS and not _has_cue(cand) and name_key(cand.text) not in confirmed:
        if how != "exact":
            return []
        return [e for e in entries if e.kind != POPULATED or e.population >= WEAK_MIN_POPULATION]
    return entries


def _elsewhere(country: str, key: str, placed) -> bool:  # type: ignore[no-untyped-def]
    """Whether at least two of the article's other names were read in one other country and none in this one
    (one name against one is no evidence either way: "Mosul ... Paris")."""
    return not placed.get(country, frozenset()) - {key} and any(len(keys - {key}) >= 2 for code, keys in placed.items()
                                                                  if code and code != country)


def _far_apart(a: GazEntry, b: GazEntry, km: float = 50.0) -> bool:
    if a.latitude is None or b.latitude is None:
        return a.kind != b.kind or a.country_code != b.country_code
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) > km  # type: ignore[arg-type]


