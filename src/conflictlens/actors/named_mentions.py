"""Named actors: spans of the text that are a knowledge-base name, a state force's name, or part of a KB name.

Evidence, strongest first: a knowledge-base name or alias, or a named state force ("FAMa"); a partial name (two of
the three words of a group's full name) that fits exactly one entry. An alias the article defines in parentheses
("X (also known as Y)") is then read as X.
"""

from __future__ import annotations

import re

from ..document import ActorMention
from ..geo.names import name_key
from ..geo.supplements import Country, country_of_word
from ..model import Actor, How
from .generic import GenericClass
from .kb import ActorKB, KBEntry, actor_from_entry, kb_match
from .spans import foreign_demonym_before, in_person_name, inside_longer_name, inside_person, is_place

#: The longest name, in tokens, tried at each capitalised word.
MAX_WINDOW = 8
#: Knowledge-base answers remembered per finder before the memo is cleared.
MEMO_SIZE = 50_000
#: Words that say what kind of body, or where, not which: a partial name needs a word outside this set.
GENERIC_NAME_WORDS = {"party", "front", "army", "islamic", "state", "group", "movement", "forces", "brigade",
                      "brigades", "the", "of", "and", "for", "national", "liberation", "al", "popular", "people", "s",
                      "democratic",
                      # institutional, geographic and common words: they say what kind of body, or where, not which
                      "government", "ministry", "minister", "region", "regional", "east", "west", "north", "south",
                      "eastern", "western", "northern", "southern", "central", "near", "middle", "high",
                      "commissioner", "commission", "council", "committee", "office", "agency", "authority", "human",
                      "rights", "security", "united", "nations", "international", "union", "organization",
                      "organisation", "command", "general", "special", "republic", "federal", "local", "new", "free",
                      "support", "force", "military", "armed", "defence", "defense", "unit", "units",
                      "coalition", "alliance", "revolutionary", "resistance", "salvation", "in",
                      "on", "to", "anti", "pro", "led", "backed"}
_LINK_WORDS = {"linked", "affiliated", "backed", "allied", "aligned", "inspired", "led", "supported", "sponsored", "leaning"}
_BREAKS = {",", ";", "(", ")", "[", "]", ":", '"', "“", "”", "/"}
#: Region names that stand for one country in group names ("Islamic State of Iraq and the Levant", "al-Sham").
_REGION_WORDS = {"levant": "SY", "sham": "SY", "al-sham": "SY", "ash-sham": "SY"}


class NamedMentionFinder:
    """Finds the named actors of an article, left to right, longest name first at each word."""

    def __init__(self, kb: ActorKB, countries: dict[str, Country],
                 state_aliases: dict[str, tuple[GenericClass, str]], anaphoric: frozenset[str]):
        self.kb = kb
        self.countries = countries
        self.state_aliases = state_aliases
        self.anaphoric = anaphoric
        self._token_index = _token_index(kb)
        # The same window texts recur within and across articles; the knowledge base does not change, so its
        # answers are remembered (bounded: cleared when full).
        self._memo: dict[tuple[str, str], object] = {}

    def _remember(self, kind: str, text: str, compute):  # type: ignore[no-untyped-def]
        key = (kind, text)
        if key in self._memo:
            return self._memo[key]
        if len(self._memo) >= MEMO_SIZE:
            self._memo.clear()
        value = self._memo[key] = compute(text)
        return value

    def state_alias(self, text: str) -> Actor | None:
        """A named state force ("FAMa", "the Syrian Arab Army") as its ACLED state actor."""
        return self._remember("state", text, self._state_alias)

    def _state_alias(self, text: str) -> Actor | None:
        hit = self.state_aliases.get(text) or self.state_aliases.get(name_key(text))
        if hit is None or hit[1] not in self.countries:
            return None
        cls, code = hit
        return cls.actor(self.countries[code], text)

    def partial(self, text: str) -> KBEntry | None:
        """:meth:`_partial`, remembered."""
        return self._remember("partial", text, self._partial)

    def _kb_match(self, text: str, fuzzy: bool) -> KBEntry | None:
        return self._remember("fuzzy" if fuzzy else "exact", text, lambda t: kb_match(self.kb, t, fuzzy=fuzzy))

    def _partial(self, text: str) -> KBEntry | None:
        """The one entry with a name that contains every word of ``text`` ("Turkistan Party" for "Turkistan
        Islamic Party"). ``text`` needs a distinctive word (not a generic or institutional word, a demonym or a
        country: "the Government of Iraq", "Near East" and "Iraqi Ministry" name no group), and the words of the
        name it leaves out must be generic ("Kurdistan Region" is not "Kurdistan Region Peshmerga") unless it
        gives two distinctive words."""
        words = [_unsuffix(w) for w in name_key(text).split()]
        distinctive = {w for w in words if _distinctive(w)}
        if not distinctive:
            return None
        candidates = set.intersection(*(self._token_index.get(w, set()) for w in words))
        found = set()
        for entry_id, name_words in candidates:
            left_out = {w for w in name_words - set(words) if _distinctive(w)}
            if not left_out or len(distinctive) >= 2:
                found.add(entry_id)
        if len(found) != 1:
            return None
        return self.kb.entries[next(iter(found))]  # type: ignore[attr-defined]

    def find(self, doc, focus: list[str]) -> list[ActorMention]:  # type: ignore[no-untyped-def]
        """Every named actor of the article; ``focus`` (countries, most likely first) picks branches and vets
        guesses."""
        mentions: list[ActorMention] = []
        taken: set[int] = set()
        # Token attributes read once: each window below used to create spaCy Token objects for every token it
        # covers (about 36 per capitalised word), the larger part of this stage's time.
        texts, lowers, starts, punct, next_break = _token_table(doc.nlp)
        text = doc.nlp.text  # once: spaCy rebuilds it from the tokens on every access
        for sent_index, sent in enumerate(doc.nlp.sents):
            i = sent.start
            while i < sent.end:
                word = texts[i]
                if i >= 2 and texts[i - 1] == "-" and lowers[i - 2] == "anti":
                    i += 1  # "anti-Houthi forces" are the Houthis' enemies, not the Houthis
                    continue
                if i in taken or not (word[:1].isupper() or lowers[i].startswith(("al-", "el-"))
                                      or (word[:1].isdigit() and word[-2:] in ("st", "nd", "rd", "th"))):
                    i += 1
                    continue
                match = None
                in_person = in_person_name(doc.nlp, i)
                for j in range(min(sent.end, i + MAX_WINDOW), i, -1):
                    last = j - 1
                    if punct[last] or lowers[last] in ("'s", "’s", "'", "’") or next_break[i] < j:
                        continue  # a name never spans a comma, a bracket or a line break, nor ends in a possessive
                    span = doc.nlp[i:j]
                    span_text = text[starts[i]:starts[last] + len(texts[last])]  # == span.text
                    state = self.state_alias(span_text)
                    if state is not None:
                        match = (span, state, How.KNOWLEDGE_BASE)
                        break
                    # A transliteration variant only for a span that is not part of a person's name ("Abu Omar
                    # al-Ansari" is no "Ansaru").
                    entry = self._kb_match(span_text, not in_person)
                    how = How.KNOWLEDGE_BASE
                    if entry is not None and inside_person(doc.nlp, span):
                        entry = None  # "Badr" in "Badr al-Din Hassan" is a man's name
                    if entry is not None and foreign_demonym_before(doc.nlp, i, sent, entry):
                        entry = None  # "the Syrian Arab Coalition" is another group than Yemen's "Arab Coalition"
                    if entry is None and texts[last][:1].isupper() and word[:1].isupper() \
                            and not inside_longer_name(doc.nlp, i, j, sent):
                        words = len(name_key(span_text).split())
                        entry = self.partial(span_text) if (words > 1 or (span_text.lower().endswith("i") and len(span_text) > 6)) else None
                        how = How.INFERRED
                    if entry is not None and j < sent.end and texts[j] == "-" and j + 1 < len(texts) \
                            and lowers[j + 1] in _LINK_WORDS:
                        # "al-Qaeda-linked JNIM": JNIM is the actor; "Islamic State-linked insurgents": the
                        # insurgents are the linked group's local arm, coded under its name as ACLED does.
                        following = doc.nlp[j + 2] if j + 2 < len(doc.nlp) else None
                        if following is None or following.text[:1].isupper() or following.lower_ not in self.anaphoric:
                            entry = None
                    if how == How.INFERRED and entry is not None and is_place(doc, span):
                        entry = None  # "Cabo Delgado" is where a group operates, not the group
                    if entry is not None and not self._fits_country(entry, span_text, how, focus):
                        entry = None
                    if entry is not None:
                        match = (span, entry, how)
                        break
                if match is None:
                    i += 1
                    continue
                span, entry, how = match
                if not isinstance(entry, Actor):
                    entry = self._branch(entry, focus, span.text)
                actor = entry if isinstance(entry, Actor) else actor_from_entry(entry, span.text, on=doc.article.published)
                mentions.append(ActorMention(span.start_char, span.end_char, span.text, sent_index, actor, how))
                taken.update(range(span.start, span.end))
                i = span.end
        return mentions

    def _branch(self, entry: KBEntry, focus: list[str], mention: str = "") -> KBEntry:
        """A global movement named in a country report is its branch there, when the knowledge base has one:
        "Islamic State" in a Mozambican report is "Islamic State (Mozambique)". A country the name itself gives
        wins over the report's focus: "Islamic State of Iraq and the Levant" is never the Philippine branch."""
        named = []
        for word in re.findall(r"[A-Za-z][\w'’.-]*", mention):
            code = country_of_word(word) or _REGION_WORDS.get(word.lower(), "")
            if code and code not in named:
                named.append(code)
        if named:
            order = [c for c in focus if c in named] + named
        else:
            order = focus[:1]
        for code in order:
            if code not in self.countries:
                continue
            branch = self.kb.match(f"{entry.name} ({self.countries[code].name})")
            if branch is not None and branch.id != entry.id:
                return branch
        return entry

    @staticmethod
    def _fits_country(entry: KBEntry, text: str, how: How, focus: list[str]) -> bool:
        """A guessed match (partial name) or a bare acronym must belong to a country the article is about:
        "SNA" in a Somali report is not the Syrian National Army; Libya's "Government of National Unity" is
        not Myanmar's National Unity Government."""
        guessed = how == How.INFERRED or (text.isupper() and len(text) <= 5)
        return not (guessed and entry.country and focus and entry.country not in focus[:3])


def apply_parenthetical_aliases(doc, mentions: list[ActorMention]) -> list[ActorMention]:  # type: ignore[no-untyped-def]
    """Names in parentheses right after a named actor are that actor's names in this article: each such mention
    is re-pointed, in place, at the outer actor. Returns ``mentions``."""
    text = doc.text
    by_start = sorted(mentions, key=lambda m: m.start)
    for outer in by_start:
        match = re.match(r"\s*\(([^()]{2,160})\)", text[outer.end:])
        if not match:
            continue
        inner_start, inner_end = outer.end + match.start(1), outer.end + match.end(1)
        for m in mentions:
            if inner_start <= m.start and m.end <= inner_end and m.actor.kb_id != outer.actor.kb_id:
                m.actor = outer.actor.__class__(**{**outer.actor.__dict__, "mention": m.text})
                m.how = How.CONTEXT
    return mentions


def _token_table(parsed) -> tuple[list[str], list[str], list[int], list[bool], list[int]]:  # type: ignore[no-untyped-def]
    """Per token: text, lowercase, start offset, punctuation flag, and the index of the first token at or after it
    that no name may span (a space token or a break like a comma); ``len(parsed)`` when there is none."""
    texts, lowers, starts, punct, breaks = [], [], [], [], []
    for tok in parsed:
        texts.append(tok.text)
        lowers.append(tok.lower_)
        starts.append(tok.idx)
        punct.append(tok.is_punct)
        breaks.append(tok.is_space or tok.text in _BREAKS)
    next_break = [len(texts)] * (len(texts) + 1)
    for k in range(len(texts) - 1, -1, -1):
        next_break[k] = k if breaks[k] else next_break[k + 1]
    return texts, lowers, starts, punct, next_break


def _unsuffix(word: str) -> str:
    """ "Turkistani" -> "turkistan": a long word's adjective -i names the same thing."""
    return word[:-1] if word.endswith("i") and len(word) > 6 else word


def _distinctive(word: str) -> bool:
    return word not in GENERIC_NAME_WORDS and len(word) > 2 and not country_of_word(word)


def _token_index(kb: ActorKB) -> dict[str, set]:
    """Word -> (entry id, words of one of its names): a partial name must fit within one name of the entry."""
    index: dict[str, set] = {}
    for entry in getattr(kb, "entries", {}).values():
        for name in entry.all_names():
            words = frozenset(_unsuffix(w) for w in name_key(name).split())
            for word in words:
                index.setdefault(word, set()).add((entry.id, words))
    return index
