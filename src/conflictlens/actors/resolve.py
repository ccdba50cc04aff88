"""Finding and normalising actor mentions in an article.

Order of evidence, strongest first: a knowledge-base name or alias; an alias the article itself defines in
parentheses ("X (also known as Y)"); a partial name (two of the three words of a group's full name) that fits
exactly one entry; a generic phrase with a country ("the Syrian army", "government troops",
"civilians") built into ACLED's names; a descriptive reference ("the militants") resolved to the one named
non-state actor in the preceding sentences, or left out when it could be more than one.

Each kind of evidence has its own module; this one runs them in that order, each on the tokens the stronger ones
left free:

- ``named_mentions``: knowledge-base names, state forces' names, partial names, parenthetical aliases;
- ``unknown_groups``: armed groups the knowledge base lacks;
- ``focus``: the countries the article's actors belong to (the country of a generic actor);
- ``generic_mentions``: generic phrases, coalitions, countries acting as their forces;
- ``anaphora``: "the militants", "the two sides".
"""

from __future__ import annotations

from ..document import ActorMention
from ..geo.supplements import Country
from .anaphora import descriptive_mentions, pair_mentions
from .focus import actor_country_focus, fallback_focus
from .generic import load_generic_classes, load_state_aliases
from .generic_mentions import GenericMentionFinder
from .kb import ActorKB, load_lexicon
from .named_mentions import NamedMentionFinder, apply_parenthetical_aliases
from .unknown_groups import unknown_group_mentions


class ActorResolver:
    """The actor mentions of an article, from the knowledge base and the lexicons in ``actors/data``."""

    def __init__(self, kb: ActorKB, countries: dict[str, Country]):
        self.kb = kb
        self.countries = countries
        classes, self.anaphoric = load_generic_classes()
        self.framing_words = frozenset(w for words in load_lexicon("_framing.yaml").values() for w in words)
        self.named = NamedMentionFinder(kb, countries, load_state_aliases(classes), self.anaphoric)
        self.generic = GenericMentionFinder(kb, countries, classes, self.anaphoric)

    def resolve(self, doc) -> list[ActorMention]:  # type: ignore[no-untyped-def]
        """Every actor mention of ``doc``, in text order."""
        focus_list = actor_country_focus(doc, self.kb)
        named = apply_parenthetical_aliases(doc, self.named.find(doc, focus_list))
        taken = _token_indices(doc, named)
        named = named + unknown_group_mentions(doc, taken, self.framing_words)
        focus = (focus_list or fallback_focus(doc, named) or [""])[0]
        generic = self.generic.find(doc, taken, focus, named) + self.generic.states_acting(doc, taken)
        taken |= _token_indices(doc, generic)
        anaphoric = descriptive_mentions(doc, named, taken, self.anaphoric) + pair_mentions(doc, named, taken)
        return sorted(named + generic + anaphoric, key=lambda m: m.start)


def _token_indices(doc, mentions: list[ActorMention]) -> set[int]:  # type: ignore[no-untyped-def]
    """The parse's token indices the mentions cover: later, weaker evidence must not claim them again."""
    return {t.i for m in mentions for t in doc.nlp.char_span(m.start, m.end, alignment_mode="expand") or ()}
