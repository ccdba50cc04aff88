"""Finding and normalising actor mentions in an article.

Order of evidence, strongest first: a knowledge-base name or alias; an alias the article itself defines in
parentheses ("X (also known as Y)"); a partial name (two of the three words of a group's full name) that fits
exactly one entry; a generic phrase with a country ("the Syrian army", "government troops",
"civilians") built into ACLED's names; a descriptive reference ("the militants") resolved to the one named
non-state actor in the preceding sentences, or left out when it could be more than one.
"""

from __future__ import annotations

import datetime as dt

import re

from ..document import ActorMention
from ..geo.names import name_key
from ..geo.supplements import Country, country_of_word
from ..model import Actor, ActorType, How
from .generic import (  # noqa: F401  (format_template and state_alias_keys are imported from here by other modules)
    format_template, hyphen_words, load_generic_classes, load_state_aliases, state_alias_keys,
)
from .kb import ActorKB, KBEntry, load_lexicon

MAX_WINDOW = 8
_GENERIC_TOKENS = {"party", "front", "army", "islamic", "state", "group", "movement", "forces", "brigade", "brigades",
                   "the", "of", "and", "for", "national", "liberation", "al", "popular", "people", "s", "democratic"}
_GROUP_HEADS = {"brigade", "brigades", "front", "movement", "battalion", "battalions", "legion", "alliance",
                "organization", "organisation", "corps", "jaysh", "jaish", "jeish", "liwa", "harakat", "ansar",
                "katibat", "army", "militia", "council", "forces", "group"}
MILITARY_VERBS = {"launch", "attack", "fire", "strike", "shell", "bomb", "invade", "deploy", "bombard", "target", "shoot", "hit", "send"}
PAIR_HEADS = {"sides", "groups", "forces", "factions", "parties", "militias", "belligerents", "armies"}
_LINK_WORDS = {"linked", "affiliated", "backed", "allied", "aligned", "inspired", "led", "supported", "sponsored", "leaning"}
NON_STATE_TYPES = {ActorType.REBEL, ActorType.POLITICAL_MILITIA, ActorType.IDENTITY_MILITIA}


def actor_from_entry(entry: KBEntry, mention: str, *, on: dt.date | None = None) -> Actor:
    """The actor as named on the article's date (lineage), with its knowledge-base identity."""
    return Actor(entry.name_on(on), entry.type, entry.country, entry.id, entry.sector, mention)


class ActorResolver:
    def __init__(self, kb: ActorKB, countries: dict[str, Country]):
        self.kb = kb
        self.countries = countries
        self.classes, self.anaphoric = load_generic_classes()
        self.state_aliases = load_state_aliases(self.classes)
        self._named_cache: list[ActorMention] = []
        self.framing_words = frozenset(w for words in load_lexicon("_framing.yaml").values() for w in words)
        self._token_index = _token_index(kb)

    def _branch(self, entry: KBEntry, focus: list[str]) -> KBEntry:
        """A global movement named in a country report is its branch there, when the knowledge base has one:
        "Islamic State" in a Mozambican report is "Islamic State (Mozambique)"."""
        if not focus or focus[0] not in self.countries:
            return entry
        branch = self.kb.match(f"{entry.name} ({self.countries[focus[0]].name})")
        return branch if branch is not None and branch.id != entry.id else entry

    @staticmethod
    def _fits_country(entry: KBEntry, text: str, how: How, focus: list[str]) -> bool:
        """A guessed match (partial name) or a bare acronym must belong to a country the article is about:
        "SNA" in a Somali report is not the Syrian National Army; Libya's "Government of National Unity" is
        not Myanmar's National Unity Government."""
        guessed = how == How.INFERRED or (text.isupper() and len(text) <= 5)
        return not (guessed and entry.country and focus and entry.country not in focus[:3])

    def state_alias(self, text: str) -> Actor | None:
        """A named state force ("FAMa", "the Syrian Arab Army") as its ACLED state actor."""
        hit = self.state_aliases.get(text) or self.state_aliases.get(name_key(text))
        if hit is None or hit[1] not in self.countries:
            return None
        cls, code = hit
        return cls.actor(self.countries[code], text)

    # -- named actors ------------------------------------------------------------------------------------------
    def partial(self, text: str) -> KBEntry | None:
        """The one entry whose names contain every distinctive word of ``text`` ("Turkistan Party")."""
        words = [w[:-1] if w.endswith("i") and len(w) > 6 else w for w in name_key(text).split()]
        # Demonyms and country names ("Malian") say where, not who: they never identify a group alone.
        distinctive = [w for w in words if w not in _GENERIC_TOKENS and len(w) > 2 and not country_of_word(w)]
        if not distinctive:
            return None
        sets = [self._token_index.get(w, set()) for w in words]
        common = set.intersection(*sets) if sets else set()
        return next(iter(common)) if len(common) == 1 else None  # type: ignore[return-value]

    def _named(self, doc) -> list[ActorMention]:
        mentions: list[ActorMention] = []
        taken: set[int] = set()
        for sent_index, sent in enumerate(doc.nlp.sents):
            i = sent.start
            while i < sent.end:
                tok = doc.nlp[i]
                if tok.i >= 2 and doc.nlp[tok.i - 1].text == "-" and doc.nlp[tok.i - 2].lower_ == "anti":
                    i += 1  # "anti-Houthi forces" are the Houthis' enemies, not the Houthis
                    continue
                if tok.i in taken or not (tok.text[:1].isupper() or tok.lower_.startswith(("al-", "el-"))
                                          or (tok.text[:1].isdigit() and tok.text[-2:] in ("st", "nd", "rd", "th"))):
                    i += 1
                    continue
                match = None
                for j in range(min(sent.end, i + MAX_WINDOW), i, -1):
                    span = doc.nlp[i:j]
                    if span[-1].is_punct:
                        continue
                    state = self.state_alias(span.text)
                    if state is not None:
                        match = (span, state, How.KNOWLEDGE_BASE)
                        break
                    entry = self.kb.match(span.text)
                    how = How.KNOWLEDGE_BASE
                    if entry is None and span[-1].text[:1].isupper() and span[0].text[:1].isupper() \
                            and not _inside_longer_name(doc.nlp, i, j, sent):
                        words = len(name_key(span.text).split())
                        entry = self.partial(span.text) if (words > 1 or span.text.lower().endswith("i")) else None
                        how = How.INFERRED
                    if entry is not None and j < sent.end and doc.nlp[j].text == "-" and j + 1 < len(doc.nlp) \
                            and doc.nlp[j + 1].lower_ in _LINK_WORDS:
                        # "al-Qaeda-linked JNIM": JNIM is the actor; "Islamic State-linked insurgents": the
                        # insurgents are the linked group's local arm, coded under its name as ACLED does.
                        following = doc.nlp[j + 2] if j + 2 < len(doc.nlp) else None
                        if following is None or following.text[:1].isupper() or following.lower_ not in self.anaphoric:
                            entry = None
                    if how == How.INFERRED and entry is not None and _is_place(doc, span):
                        entry = None  # "Cabo Delgado" is where a group operates, not the group
                    if entry is not None and not self._fits_country(entry, span.text, how, doc.country_focus):
                        entry = None
                    if entry is not None:
                        match = (span, entry, how)
                        break
                if match is None:
                    i += 1
                    continue
                span, entry, how = match
                if not isinstance(entry, Actor):
                    entry = self._branch(entry, doc.country_focus)
                actor = entry if isinstance(entry, Actor) else actor_from_entry(entry, span.text, on=doc.article.published)
                mentions.append(ActorMention(span.start_char, span.end_char, span.text, sent_index, actor, how))
                taken.update(range(span.start, span.end))
                i = span.end
        return mentions

    def _parenthetical(self, doc, mentions: list[ActorMention]) -> list[ActorMention]:
        """Names in parentheses right after a named actor are that actor's names in this article."""
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

    # -- generic actors ----------------------------------------------------------------------------------------
    def _country_of(self, chunk, default: str) -> str:
        for tok in chunk:
            code = country_of_word(tok.text) or country_of_word(tok.text.rstrip("'s’"))
            if code:
                return code
        return default

    def _phrases(self, doc):
        """Noun phrases ending in each noun: the noun with its left modifiers ("the Syrian Army's")."""
        for tok in doc.nlp:
            if tok.pos_ not in ("NOUN", "PROPN"):
                continue
            lefts = [t for c in tok.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod") for t in c.subtree]
            start = min([t.i for t in lefts] + [tok.i])
            end = tok.i + 1
            if end < len(doc.nlp) and doc.nlp[end].lower_ in ("'s", "’s"):
                end += 1
            yield tok, doc.nlp[start:end]

    def _generic(self, doc, taken: set[int], focus: str) -> list[ActorMention]:
        mentions = []
        for head_tok, chunk in self._phrases(doc):
            if any(t.i in taken for t in chunk):
                continue
            head = head_tok.lower_
            lowered = hyphen_words(chunk)
            if head in self.anaphoric and chunk[0].lower_ in ("the", "these", "those"):
                continue  # "the assailants": a reference to a group already named, resolved below
            if any(t.dep_ == "poss" and t.pos_ == "PRON" for t in chunk):
                # "the coalition said its air defences ...": the owner is the actor the sentence named before.
                sent_index = doc.sentence_of(head_tok.i)
                owner = [m for m in self._named_cache if m.sent == sent_index and m.end <= chunk.start_char]
                state_heads = {h for c in self.classes if c.type == ActorType.STATE for h in c.heads}
                if owner and (head in state_heads or any(chunk.text.lower().endswith(h) for h in state_heads if " " in h)):
                    source = owner[-1]
                    mentions.append(ActorMention(chunk.start_char, chunk.end_char, chunk.text, sent_index,
                                                 Actor(**{**source.actor.__dict__, "mention": chunk.text}), How.CONTEXT, True))
                    taken.update(t.i for t in chunk)
                continue
            # "rebel and Islamist factions", "opposition and Islamist groups": one phrase naming two of ACLED's
            # generic sides; each describing word makes its own actor, in the order written.
            coordinated = any(t.dep_ == "cc" for t in chunk)
            found: list[tuple[int, ActorMention]] = []
            for cls in self.classes:
                heads_hit = head in cls.heads or any(" " in h and chunk.text.lower().endswith(h) for h in cls.heads)
                if not heads_hit:
                    continue
                named_country = self._country_of(chunk, "")
                modifiers = hyphen_words(t for t in chunk if t.i != head_tok.i)
                unit = cls.type == ActorType.STATE and (bool(modifiers & STATE_UNIT_WORDS) or any(_ordinal(t) for t in chunk))
                if cls.qualifier_required and not lowered & cls.qualifiers:
                    continue
                if head in cls.needs_qualifier and not (lowered & cls.qualifiers or named_country or unit):
                    continue  # "forces", "missiles" alone say nothing about whose
                if head in cls.facilities and not (lowered & cls.facility_qualifiers or named_country):
                    continue
                sent_index = doc.sentence_of(head_tok.i)
                if not named_country and cls.type == ActorType.STATE:
                    # "The Israeli military said troops had ...": the troops are the ones just named.
                    recent = [m for m in mentions if m.actor.type == ActorType.STATE and not m.template
                              and sent_index - 1 <= m.sent <= sent_index and m.actor.name.startswith(cls.template.split("{")[0])]
                    named_country = recent[-1].actor.country_code if recent else ""
                code = named_country or focus
                country = self.countries.get(code)
                if country is None:
                    continue
                mention = ActorMention(chunk.start_char, chunk.end_char, chunk.text, sent_index,
                                       cls.actor(country, chunk.text), How.INFERRED, True)
                # Without a named country, the country is the event's: assembly re-codes it from the place.
                mention.template = "" if named_country else cls.template
                words = [t for t in chunk if hyphen_words([t]) & cls.qualifiers or t.lower_ in cls.qualifiers]
                found.append((words[0].i if words else head_tok.i, mention))
                if not (coordinated and cls.qualifier_required) or len(found) == 2:
                    break
            if found:
                mentions.extend(m for _, m in sorted(found, key=lambda pair: pair[0]))
                taken.update(t.i for t in chunk)
        return mentions

    @staticmethod
    def _antecedent(doc, named: list[ActorMention], sent_index: int, before: int) -> ActorMention | None:
        """The named non-state actor of the nearest sentence (this one or up to three back) that names one;
        None when that sentence names several (never guess between sides). Headlines do not count."""
        for back in range(sent_index, sent_index - 4, -1):
            here = {m.actor.name: m for m in named if m.sent == back and m.start < before
                    and m.actor.type in NON_STATE_TYPES and not doc.in_headline(m.start)}
            if len(here) == 1:
                return next(iter(here.values()))
            if len(here) > 1:
                return None
        return None

    def _pairs(self, doc, named: list[ActorMention], taken: set[int]) -> list[ActorMention]:
        """ "the two sides", "both forces": the two armed actors the nearest earlier sentence names together."""
        mentions = []
        for chunk in doc.nlp.noun_chunks:
            if chunk.root.lower_ not in PAIR_HEADS or not any(t.lower_ in ("two", "both") for t in chunk):
                continue
            if any(t.i in taken for t in chunk):
                continue
            sent_index = doc.sentence_of(chunk.root.i)
            for back in range(sent_index, max(-1, sent_index - 4), -1):
                here = list({m.actor.name: m for m in named if m.sent == back and m.start < chunk.start_char
                             and not doc.in_headline(m.start)}.values())
                if len(here) == 2:
                    for source in here:
                        actor = Actor(**{**source.actor.__dict__, "mention": chunk.text})
                        mentions.append(ActorMention(chunk.start_char, chunk.end_char, chunk.text, sent_index, actor, How.CONTEXT, True))
                    break
                if len(here) > 2:
                    break
        return mentions

    def _anaphoric(self, doc, named: list[ActorMention], taken: set[int]) -> list[ActorMention]:
        """'the militants' -> the only named non-state actor of the last three sentences, if there is one."""
        mentions = []
        for chunk in doc.nlp.noun_chunks:
            if chunk.root.lower_ not in self.anaphoric or any(t.i in taken for t in chunk):
                continue
            if any(t.like_num or t.lower_ in ("two", "both", "other", "several", "some", "no", "any", "every", "each") for t in chunk):
                continue  # "the two groups", "other groups": more than one actor
            sent_index = doc.sentence_of(chunk.root.i)
            source = self._antecedent(doc, named, sent_index, chunk.start_char)
            if source is None:
                continue
            actor = Actor(**{**source.actor.__dict__, "mention": chunk.text})
            mentions.append(ActorMention(chunk.start_char, chunk.end_char, chunk.text, sent_index, actor, How.CONTEXT, True))
        return mentions

    def _states_acting(self, doc, taken: set[int]) -> list[ActorMention]:
        """A country named as the doer of a military act ("drones that Russia launched") stands for its forces."""
        mentions = []
        military = next(c for c in self.classes if c.name == "military")
        for sent_index, sent in enumerate(doc.nlp.sents):
            for ent in sent.ents:
                if ent.label_ != "GPE" or any(t.i in taken for t in ent):
                    continue
                code = country_of_word(ent.text)
                root = ent.root
                if code and code in self.countries and root.dep_ == "nsubj" and root.head.lemma_.lower() in MILITARY_VERBS:
                    actor = military.actor(self.countries[code], ent.text)
                    mentions.append(ActorMention(ent.start_char, ent.end_char, ent.text, sent_index, actor, How.INFERRED, True))
        return mentions

    def _unknown(self, doc, taken: set[int]) -> list[ActorMention]:
        """A named armed group the knowledge base lacks is still an actor: its own name, a type guessed from the
        name, flagged ``unknown_to_kb`` ("the Desert Hawks Brigade", "Liwa al-Quds" when not in the KB)."""
        mentions = []
        for ent in doc.nlp.ents:
            if ent.label_ not in ("ORG", "PERSON", "NORP", "FAC") or any(t.i in taken for t in ent):
                continue
            words = [t.lower_ for t in ent if not t.is_punct]
            if not words or not (set(words) & _GROUP_HEADS) or _is_place(doc, ent) or doc.in_headline(ent.start_char):
                continue
            if any(w in ("ministry", "council", "university", "committee", "agency", "party", "union", "bank") for w in words):
                continue  # institutions, not armed groups
            if set(words) & STATE_UNIT_WORDS or any(_ordinal(t) for t in ent):
                continue  # "the 20th Infantry Battalion", "the Army's 8th Division": units of a state's forces
            if any(country_of_word(t.text.rstrip("'s’")) for t in ent) or set(words) & self.framing_words:
                continue  # "the Syrian Army's" is a state force; "Communist Terrorist Group" is a label, not a name
            tokens = [t for t in ent if t.lower_ not in ("the",)]
            name = doc.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)] if tokens else ent.text
            kind = ActorType.POLITICAL_MILITIA if set(words) & {"militia", "militias", "council"} else ActorType.REBEL
            sent_index = doc.sentence_of(ent.root.i)
            actor = Actor(name, kind, "", "", "UAF", ent.text, unknown_to_kb=True)
            mentions.append(ActorMention(ent.start_char, ent.end_char, ent.text, sent_index, actor, How.INFERRED))
            taken.update(t.i for t in ent)
        return mentions

    def resolve(self, doc) -> list[ActorMention]:
        named = self._parenthetical(doc, self._named(doc))
        self._named_cache = named
        taken = {t.i for m in named for t in doc.nlp.char_span(m.start, m.end, alignment_mode="expand") or ()}
        named = named + self._unknown(doc, taken)
        self._named_cache = named
        focus = doc.country_focus[0] if doc.country_focus else ""
        generic = self._generic(doc, taken, focus) + self._states_acting(doc, taken)
        taken |= {t.i for m in generic for t in doc.nlp.char_span(m.start, m.end, alignment_mode="expand") or ()}
        anaphoric = self._anaphoric(doc, named, taken) + self._pairs(doc, named, taken)
        return sorted(named + generic + anaphoric, key=lambda m: m.start)


STATE_UNIT_WORDS = {"infantry", "mechanized", "mechanised", "marine", "marines", "armored", "armoured", "airborne",
                    "artillery", "division", "regiment", "corps", "commando", "paratroop", "gendarmerie", "army"}


def _ordinal(tok) -> bool:  # type: ignore[no-untyped-def]
    return tok.text[:1].isdigit() and tok.text[-2:].lower() in ("st", "nd", "rd", "th")


def _is_place(doc, span) -> bool:  # type: ignore[no-untyped-def]
    return any(p.place is not None and p.start < span.end_char and span.start_char < p.end for p in doc.place_mentions)


def _inside_longer_name(nlp_doc, i: int, j: int, sent) -> bool:  # type: ignore[no-untyped-def]
    """ "Human Rights" inside "Northwest Human Rights Monitor" is part of another name, not a partial one."""
    before = nlp_doc[i - 1] if i > sent.start else None
    after = nlp_doc[j] if j < sent.end else None
    return bool(before is not None and before.text[:1].isupper() and before.pos_ == "PROPN") or bool(
        after is not None and after.text[:1].isupper() and after.pos_ == "PROPN")


def _token_index(kb: ActorKB) -> dict[str, set]:
    index: dict[str, set] = {}
    for entry in getattr(kb, "entries", {}).values():
        for name in entry.all_names():
            for word in name_key(name).split():
                index.setdefault(word, set()).add(entry)
    return index
