"""Generic actor classes ("the army", "civilians", "opposition rebels") and the names of state forces.

``actors/data/_generic.yaml`` gives each class its head words, describing words and ACLED name template;
``actors/data/_state_aliases.yaml`` maps names of state forces ("FAMa", "Tatmadaw") to their country.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..geo.names import name_key
from ..geo.supplements import Country, people_lists
from ..model import Actor, ActorType
from .kb import load_lexicon


@dataclass(frozen=True)
class GenericClass:
    name: str
    template: str
    type: ActorType
    sector: str
    heads: frozenset[str]
    qualifiers: frozenset[str]
    needs_qualifier: frozenset[str]
    facilities: frozenset[str] = frozenset()
    facility_qualifiers: frozenset[str] = frozenset()
    qualifier_required: bool = False
    people: tuple[tuple[str, str], ...] = ()  # (lower-cased, as written) names that fill "{people}" in the template
    # Only a state's adjective ("Israeli strikes", "US raids") names the country, never its name ("Nigeria Labour
    # Congress strike"): the class's heads are attack nouns, and a country's name before them is seldom its forces.
    demonym_only: bool = False
    excluded: frozenset[str] = frozenset()  # words that make the phrase something else ("a general strike")
    excluded_countries: frozenset[str] = frozenset()  # adjectives that stand for no state's forces here
    weapons: frozenset[str] = frozenset()  # heads a unit word does not qualify ("artillery shells")
    # Heads that stand alone when the article names no armed group at all ("Militants shot dead ..."): nobody
    # else can be meant, so ACLED's unidentified group is.
    bare_if_unnamed: frozenset[str] = frozenset()

    def named_template(self, words: set[str]) -> str:
        """The template with "{people}" filled by the first of the class's names among ``words``."""
        if not self.people:
            return self.template
        return self.template.replace("{people}", next((n for low, n in self.people if low in words), "?"))

    def actor(self, country: Country, mention: str) -> Actor:
        return Actor(format_template(self.template, country), self.type, country.code, "", self.sector, mention)


#: The country of a generic actor whose phrase, report and named actors give none ("the army fought jihadist
#: fighters near a hamlet"): the mention still marks an armed side for event typing, and assembly names
#: it after the event's place, or leaves it out. Never a guessed country.
UNPLACED = Country("", "?", None)


def is_unplaced(actor: Actor) -> bool:
    """A generic actor still waiting for the country of its event's place ("Military Forces of ?")."""
    return not actor.country_code and "?" in actor.name


def format_template(template: str, country: Country) -> str:
    """ "Military Forces of {the_country}" -> "Military Forces of the Democratic Republic of Congo"."""
    the_country = f"the {country.name}" if country.article else country.name
    return template.replace("{country}", country.name).replace("{the_country}", the_country)


def load_generic_classes() -> tuple[list[GenericClass], frozenset[str]]:
    raw = load_lexicon("_generic.yaml")
    lists = people_lists()
    classes = []
    for name, spec in raw.items():
        if name == "anaphoric":
            continue
        # "qualifiers_from: ethnic": the describing words are a list of geo/data/peoples.yaml, which fill "{people}"
        people = tuple((n.lower(), n) for n in lists.get(spec.get("qualifiers_from", ""), ()))
        qualifiers = frozenset(spec.get("qualifiers", ())) | {low for low, _ in people}
        heads = frozenset(spec.get("heads", ()))
        # "all_need_qualifier": every head needs a describing word (the list is not written twice)
        needs = heads if spec.get("all_need_qualifier") else frozenset(spec.get("needs_qualifier", ()))
        classes.append(GenericClass(name, spec["template"], ActorType.from_name(spec["type"]), spec.get("sector", ""),
                                    heads, qualifiers, needs, frozenset(spec.get("facilities", ())),
                                    frozenset(spec.get("facility_qualifiers", ())),
                                    bool(spec.get("qualifier_required", False)), people,
                                    demonym_only=bool(spec.get("demonym_only", False)),
                                    excluded=frozenset(spec.get("excluded", ())),
                                    excluded_countries=frozenset(spec.get("excluded_countries", ())),
                                    bare_if_unnamed=frozenset(spec.get("bare_if_unnamed", ())),
                                    weapons=frozenset(spec.get("weapons", ()))))
    return classes, frozenset(raw.get("anaphoric", {}).get("heads", ()))


def state_alias_keys() -> frozenset[str]:
    """Name keys of state-force names ("FAMa", "Tatmadaw"): actor names that must not be read as places."""
    names = [n for group in load_lexicon("_state_aliases.yaml").values() for n in (group or {})]
    return frozenset(name_key(n) for n in names)


def load_state_aliases(classes: list[GenericClass]) -> dict[str, tuple[GenericClass, str]]:
    """Names of state forces ("FAMa", "Syrian Arab Army") -> (class, ISO2). Short acronyms keep their case."""
    by_name = {c.name: c for c in classes}
    table: dict[str, tuple[GenericClass, str]] = {}
    for class_name, names in load_lexicon("_state_aliases.yaml").items():
        for name, code in (names or {}).items():
            key = name if len(name) <= 5 else name_key(name)
            table[key] = (by_name[class_name], str(code))
    return table


def hyphen_words(tokens) -> set[str]:  # type: ignore[no-untyped-def]
    """Lower-case words of a phrase, with hyphenated compounds the parser split rejoined: "pro-regime" is one
    describing word, not "pro" and "regime"."""
    tokens = list(tokens)
    words = {t.lower_ for t in tokens}
    for i in range(1, len(tokens) - 1):
        if tokens[i].text == "-" and not tokens[i].whitespace_ and not tokens[i - 1].whitespace_:
            words.add(f"{tokens[i - 1].lower_}-{tokens[i + 1].lower_}")
    return words
