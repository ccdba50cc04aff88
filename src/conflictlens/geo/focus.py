"""The article's country focus: which countries its places and country words point to, most salient first.

The focus steers every ambiguous name (a "Tripoli" in a report about Lebanon is Lebanon's). Votes come from
place names whose biggest bearer clearly dominates, country names, and, weakly, demonyms and provinces named
without a cue.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from .candidates import DEMONYM_LABELS, Candidate
from .gazetteer import ADMIN1, COUNTRY, POPULATED, REGION, GazEntry, Gazetteer
from .names import name_key
from .supplements import country_of_word

DOMINANCE = 10  # a name votes for a country when its biggest bearer there outweighs the others tenfold (dev-tuned)
# Labels the small English model gives places it does not recognise as such ("Kramatorsk" PRODUCT,
# "Bamenda" ORG): such a span is a place only on the gazetteer's and the context's word.
WEAK_LABELS = ("CAP", "ORG", "PERSON", "PRODUCT", "EVENT", "WORK_OF_ART")


def country_focus(gazetteer: Gazetteer, candidates: list[Candidate],
                  dateline: tuple[int, int, int, int] | None = None) -> tuple[list[str], dict[str, set[str]], dict[str, dict[str, float]]]:
    """Countries the article is about, most salient first.

    Places weigh more than country names, and country names more than demonyms: a report on Kharkiv that
    names Russia ten times is still about Ukraine. A dateline place weighs most. Also returns, per country,
    the name keys that voted for it (a name alone must not make its own country plausible), and each country's
    votes by name key (how strongly the article is about it, without the name being resolved).
    """
    votes: Counter[str] = Counter()
    voters: dict[str, set[str]] = {}
    by_name: dict[str, Counter[str]] = {}  # country -> name key -> votes

    def vote(code: str, amount: float) -> None:
        votes[code] += amount
        by_name.setdefault(code, Counter())[name_key(cand.text)] += amount
    for cand in candidates:
        if is_acronym(cand.text):
            continue
        if cand.label in WEAK_LABELS and not (cand.cue or cand.suffix or cand.direction):
            # No place cue and not tagged a place: "the Tribune" votes for no country. A province's own name
            # ("Idleb" tagged PERSON) is weak evidence, enough for a terse note that names nothing else.
            area = names_area(gazetteer, cand.text)
            if area:
                vote(area, 0.5)
                voters.setdefault(area, set()).add(name_key(cand.text))
            continue
        code = country_of_word(cand.text)
        if code and cand.label in DEMONYM_LABELS:
            vote(code, 0.5)
            voters.setdefault(code, set()).add(name_key(cand.text))
            continue
        entries = gazetteer.by_key(name_key(cand.text))
        kinds = {e.kind for e in entries}
        if COUNTRY in kinds:
            code = next(e.country_code for e in entries if e.kind == COUNTRY)
            vote(code, 1)
            voters.setdefault(code, set()).add(name_key(cand.text))
        elif entries:
            best = dominant(entries)
            if best is None:
                continue  # "Bor" is a town in South Sudan and in Russia: no evidence either way
            in_dateline = dateline is not None and dateline[2] <= cand.start < dateline[3]
            voters.setdefault(best.country_code, set()).add(name_key(cand.text))
            if in_dateline:
                vote(best.country_code, 3)
            elif best.population > 20000 or best.kind in (ADMIN1, REGION):
                vote(best.country_code, 2)
            else:
                vote(best.country_code, 1)  # a small town, but the only place of that name
    return [code for code, _ in votes.most_common()], voters, {code: dict(names) for code, names in by_name.items()}


def names_area(gazetteer: Gazetteer, text: str) -> str:
    """The country of the province or state this is the primary name of, or ""."""
    key = name_key(text)
    return next((e.country_code for e in gazetteer.by_key(key) if e.kind == ADMIN1 and primary_key(e.name) == key), "")


def is_acronym(text: str) -> bool:
    return text.isupper() and len(text) <= 4 and not country_of_word(text)


def dominant(entries: list[GazEntry]) -> GazEntry | None:
    """The entry a name most likely means when nothing else is known, or None when the name is shared by
    places in several countries of similar weight."""
    best_by_country: dict[str, GazEntry] = {}
    for e in entries:
        if e.kind not in (POPULATED, ADMIN1, REGION) or not e.country_code:
            continue
        prior = best_by_country.get(e.country_code)
        if prior is None or (is_area(e), e.population) > (is_area(prior), prior.population):
            best_by_country[e.country_code] = e
    ranked = sorted(best_by_country.values(), key=lambda e: (is_area(e), e.population), reverse=True)
    if not ranked:
        return None
    if len(ranked) == 1 or is_area(ranked[0]) and not is_area(ranked[1]):
        return ranked[0]
    return ranked[0] if ranked[0].population >= DOMINANCE * max(1, ranked[1].population) else None


@lru_cache(maxsize=65536)
def primary_key(name: str) -> str:
    return name_key(name)


def is_area(entry: GazEntry) -> bool:
    return entry.kind in (ADMIN1, REGION)
