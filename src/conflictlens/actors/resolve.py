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
                   "the", "of", "and", "for", "national", "liberation", "al", "popular", "people", "s", "democratic",
                   # institutional, geographic and common words: they say what kind of body, or where, not which
                   "government", "ministry", "minister", "region", "regional", "east", "west", "north", "south",
                   "eastern", "western", "northern", "southern", "central", "near", "middle", "high", "commissioner",
                   "commission", "council", "committee", "office", "agency", "authority", "human", "rights",
                   "security", "united", "nations", "international", "union", "organization", "organisation",
                   "command", "general", "special", "republic", "federal", "local", "new", "free", "support",
                   "forces", "force", "military", "armed", "defence", "defense", "unit", "units", "units",
                   "coalition", "alliance", "council", "revolutionary", "resistance", "salvation", "in", "on", "to",
                   "anti", "pro", "led", "backed"}
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
        self.units = [u for u in load_lexicon("_state_units.yaml") or [] if isinstance(u, dict)]

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
            if named:
                continue
        return entry

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

    def _focus(self, doc) -> list[str]:
        """The countries the article's actors belong to, most likely first: the places stage's country focus
        (which a demonym alone can set: "amid Russian airstrikes"), the resolved places, and, weighing most, the
        local groups the article names ("HTS" is Syrian wherever "Sihal" may be)."""
        votes: dict[str, float] = {}

        def vote(code: str, weight: float) -> None:
            if code:
                votes[code] = votes.get(code, 0.0) + weight

        for rank, code in enumerate(doc.country_focus[:3]):
            vote(code, 1.5 / (rank + 1))
        for m in doc.place_mentions:  # confident readings only: "Rovers" is no Nigerian state in a football report
            if m.place is not None and m.place.country_code and m.place.confidence >= _SURE_PLACE:
                vote(m.place.country_code, 1.0)
        seen: set[str] = set()
        spans = [[t for t in ent if t.lower_ != "the" and not t.is_punct] for ent in doc.nlp.ents
                 if ent.label_ in ("ORG", "NORP", "PERSON", "GPE", "FAC", "PRODUCT", "LOC")]
        spans += [[t] for t in doc.nlp if t.text.isupper() and 2 <= len(t.text) <= 6 and not t.ent_type_]  # "HTS"
        for tokens in spans:
            text = doc.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1])] if tokens else ""
            entry = _kb_match(self.kb, text, fuzzy=False) if text and not country_of_word(text) else None
            if entry is not None and entry.country and entry.type != ActorType.EXTERNAL and entry.id not in seen:
                seen.add(entry.id)
                vote(entry.country, 2.0)
        return sorted(votes, key=lambda c: -votes[c])

    def _named(self, doc, focus: list[str] | None = None) -> list[ActorMention]:
        focus = doc.country_focus if focus is None else focus
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
                in_person = _in_person_name(doc.nlp, i)
                for j in range(min(sent.end, i + MAX_WINDOW), i, -1):
                    span = doc.nlp[i:j]
                    if span[-1].is_punct or span[-1].lower_ in ("'s", "’s", "'", "’") \
                            or any(t.is_space or t.text in _BREAKS for t in span):
                        continue  # a name never spans a comma, a bracket or a line break, nor ends in a possessive
                    state = self.state_alias(span.text)
                    if state is not None:
                        match = (span, state, How.KNOWLEDGE_BASE)
                        break
                    # A transliteration variant only for a span that is not part of a person's name ("Abu Omar
                    # al-Ansari" is no "Ansaru").
                    entry = _kb_match(self.kb, span.text, fuzzy=not in_person)
                    how = How.KNOWLEDGE_BASE
                    if entry is not None and _inside_person(doc.nlp, span):
                        entry = None  # "Badr" in "Badr al-Din Hassan" is a man's name
                    if entry is not None and _foreign_demonym_before(doc.nlp, i, sent, entry):
                        entry = None  # "the Syrian Arab Coalition" is another group than Yemen's "Arab Coalition"
                    if entry is None and span[-1].text[:1].isupper() and span[0].text[:1].isupper() \
                            and not _inside_longer_name(doc.nlp, i, j, sent):
                        words = len(name_key(span.text).split())
                        entry = self.partial(span.text) if (words > 1 or (span.text.lower().endswith("i") and len(span.text) > 6)) else None
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
                    if entry is not None and not self._fits_country(entry, span.text, how, focus):
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
        single_heads = {h for c in self.classes for h in c.heads if " " not in h}
        for head_tok, chunk in self._phrases(doc):
            if any(t.i in taken for t in chunk):
                continue
            if head_tok.dep_ == "compound" and head_tok.head.i > head_tok.i and head_tok.head.lower_ in single_heads:
                continue  # "regime" in "regime forces", "Military" in "the Military Police": the phrase's head decides
            head = head_tok.lower_
            lowered = hyphen_words(chunk)
            if head in self.anaphoric and chunk[0].lower_ in ("the", "these", "those"):
                continue  # "the assailants": a reference to a group already named, resolved below
            if _named_of(doc.nlp, head_tok):
                continue  # "the Army of the Victorious Sect" is a group's own name, not a state's army
            coalition_tok = next((t for t in chunk if t.lower_ == "coalition"), None)
            if coalition_tok is not None and not any(
                    t.text[:1].isupper() and t.i < coalition_tok.i and t.i != t.sent.start and t.pos_ != "DET" for t in chunk):
                # "Coalition military forces", "the coalition": the coalition the article names, if it names one
                # ("the Syrian Arab Coalition" is a name of its own).
                words = [t for t in chunk if t.pos_ != "DET"]
                entry = self.kb.match(doc.text[words[0].idx:words[-1].idx + len(words[-1])]) if words else None
                coalition = None
                if entry is not None:
                    coalition = ActorMention(chunk.start_char, chunk.end_char, chunk.text, doc.sentence_of(head_tok.i),
                                             actor_from_entry(entry, chunk.text, on=doc.article.published), How.KNOWLEDGE_BASE)
                coalition = coalition or self._coalition(doc)
                if head == "coalition" and head_tok.dep_ in ("compound", "amod", "nmod") and head_tok.head.i > head_tok.i:
                    chunk = doc.nlp[chunk.start:head_tok.head.i + 1]  # "Coalition military forces"
                if coalition is not None:
                    sent_index = doc.sentence_of(head_tok.i)
                    actor = Actor(**{**coalition.actor.__dict__, "mention": chunk.text})
                    mentions.append(ActorMention(chunk.start_char, chunk.end_char, chunk.text, sent_index, actor, How.CONTEXT, True))
                taken.update(t.i for t in chunk)
                continue
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
                needs = head in cls.needs_qualifier or any(" " in h and chunk.text.lower().endswith(h) for h in cls.needs_qualifier)
                if needs and not (lowered & cls.qualifiers or named_country or unit):
                    continue  # "forces", "missiles" alone say nothing about whose
                if head in cls.facilities and not (lowered & cls.facility_qualifiers or named_country):
                    continue
                sent_index = doc.sentence_of(head_tok.i)
                if not named_country and cls.type == ActorType.STATE and not lowered & _HOME_WORDS:
                    # "The Israeli military said troops had ...": the troops are the ones just named.
                    recent = [m for m in mentions if m.actor.type == ActorType.STATE and not m.template
                              and sent_index - 1 <= m.sent <= sent_index and m.actor.name.startswith(cls.template.split("{")[0])]
                    named_country = recent[-1].actor.country_code if recent else ""
                code = named_country or focus
                country = self.countries.get(code)
                if country is None:
                    continue
                owner = self._forces_of(head_tok) if cls.type == ActorType.STATE else None
                if owner is not None:  # "military forces of Artsakh"
                    mention = ActorMention(chunk.start_char, chunk.end_char, chunk.text, sent_index,
                                           actor_from_entry(owner, chunk.text, on=doc.article.published), How.KNOWLEDGE_BASE, True)
                    found.append((head_tok.i, mention))
                    break
                template = cls.template
                unit = self._unit(chunk.text.lower(), code) if cls.type == ActorType.STATE else None
                if unit is not None:  # "the Military Police" in Brazil: "Military Forces of Brazil (2019-) Military Police"
                    cls = next(c for c in self.classes if c.name == unit["class"])
                    template = f"{cls.template} {unit['unit']}"
                actor = cls.actor(country, chunk.text)
                actor = Actor(**{**actor.__dict__, "name": format_template(template, country)})
                mention = ActorMention(chunk.start_char, chunk.end_char, chunk.text, sent_index, actor, How.INFERRED, True)
                # Without a named country, the country is the event's: assembly re-codes it from the place.
                mention.template = "" if named_country else template
                words = [t for t in chunk if hyphen_words([t]) & cls.qualifiers or t.lower_ in cls.qualifiers]
                found.append((words[0].i if words else head_tok.i, mention))
                if not (coordinated and cls.qualifier_required) or len(found) == 2:
                    break
            if found:
                mentions.extend(m for _, m in sorted(found, key=lambda pair: pair[0]))
                taken.update(t.i for t in chunk)
        return mentions

    def _unit(self, text: str, code: str) -> dict | None:
        return next((u for u in self.units if u.get("phrase", "") in text and code in (u.get("countries") or ())), None)

    def _forces_of(self, head) -> KBEntry | None:  # type: ignore[no-untyped-def]
        """ "military forces of Artsakh": the knowledge base's state forces of a place that is no country."""
        for prep in head.rights:
            if prep.lower_ != "of":
                continue
            for obj in prep.rights:
                if obj.dep_ == "pobj" and obj.text[:1].isupper() and not country_of_word(obj.text):
                    name = " ".join(t.text for t in obj.subtree if t.lower_ != "the")
                    return self.kb.match(f"Military Forces of {name}", fuzzy=False) if hasattr(self.kb, "entries") else None
        return None

    def _coalition(self, doc) -> ActorMention | None:
        """The one coalition the article names ("Operation Inherent Resolve", "the Saudi-led coalition")."""
        found = {m.actor.kb_id: m for m in self._named_cache if m.actor.kb_id
                 and any("coalition" in name_key(n).split() or n.startswith("Operation ")
                         for n in self.kb.entries[m.actor.kb_id].all_names())  # type: ignore[attr-defined]
                 and m.actor.type == ActorType.EXTERNAL} if hasattr(self.kb, "entries") else {}
        return next(iter(found.values())) if len(found) == 1 else None

    @staticmethod
    def _antecedent(doc, named: list[ActorMention], sent_index: int, before: int) -> ActorMention | None:
        """The named non-state actor of the nearest sentence (this one or up to three back) that names one;
        None when that sentence names several (never guess between sides). Headlines do not count."""
        for back in range(sent_index, sent_index - 4, -1):
            here = {m.actor.name: m for m in named if m.sent == back and m.start < before
                    and (m.actor.type in NON_STATE_TYPES or (m.actor.kb_id and m.actor.sector in ("REB", "PRM")))
                    and not doc.in_headline(m.start)}
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
            if all(w in _GROUP_HEADS or w in _GENERIC_TOKENS for w in words):
                continue  # "Security Forces", "the Army": no name of a group
            if ent.start >= 2 and doc.nlp[ent.start - 1].lower_ in ("'s", "’s") and country_of_word(doc.nlp[ent.start - 2].text):
                continue  # "Iraq's Security Forces" are the state's
            if any(w in ("ministry", "council", "university", "committee", "agency", "party", "union", "bank") for w in words):
                continue  # institutions, not armed groups
            if (set(words) & STATE_UNIT_WORDS or any(_ordinal(t) for t in ent)) and not any(_named_of(doc.nlp, t) for t in ent):
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
        focus_list = self._focus(doc)
        named = self._parenthetical(doc, self._named(doc, focus_list))
        self._named_cache = named
        taken = {t.i for m in named for t in doc.nlp.char_span(m.start, m.end, alignment_mode="expand") or ()}
        named = named + self._unknown(doc, taken)
        self._named_cache = named
        focus = (focus_list or _fallback_focus(doc, named) or [""])[0]
        generic = self._generic(doc, taken, focus) + self._states_acting(doc, taken)
        taken |= {t.i for m in generic for t in doc.nlp.char_span(m.start, m.end, alignment_mode="expand") or ()}
        anaphoric = self._anaphoric(doc, named, taken) + self._pairs(doc, named, taken)
        return sorted(named + generic + anaphoric, key=lambda m: m.start)


STATE_UNIT_WORDS = {"infantry", "mechanized", "mechanised", "marine", "marines", "armored", "armoured", "airborne",
                    "artillery", "division", "regiment", "corps", "commando", "paratroop", "gendarmerie", "army"}


def _fallback_focus(doc, named: list[ActorMention]) -> list[str]:  # type: ignore[no-untyped-def]
    """When the places stage set no country focus: the countries of the named local actors (twice) and of the
    resolved places ("clashes with HTS in the town of Sihal" is about Syria, whatever else Sihal may be)."""
    counts: dict[str, int] = {}
    for m in doc.place_mentions:
        code = m.place.country_code if m.place is not None and m.place.confidence >= _SURE_PLACE else ""
        if code:
            counts[code] = counts.get(code, 0) + 1
    for m in named:
        if m.actor.country_code and m.actor.type != ActorType.EXTERNAL and not m.actor.unknown_to_kb:
            counts[m.actor.country_code] = counts.get(m.actor.country_code, 0) + 2
    return sorted(counts, key=lambda c: -counts[c])


def _named_of(nlp_doc, head) -> bool:  # type: ignore[no-untyped-def]
    """A capitalised head with "of" and a capitalised name that is no country: "Army of the Victorious Sect",
    "Army of Islam" (but not "Army of Iraq")."""
    if not head.text[:1].isupper():
        return False
    for prep in head.rights:
        if prep.lower_ == "of":
            objects = [t for t in prep.rights if t.dep_ == "pobj"]
            for obj in objects:
                words = [t for t in obj.subtree if t.text[:1].isupper()]
                if words and not any(country_of_word(t.text) for t in words):
                    return True
    return False


def _ordinal(tok) -> bool:  # type: ignore[no-untyped-def]
    return tok.text[:1].isdigit() and tok.text[-2:].lower() in ("st", "nd", "rd", "th")


def _is_place(doc, span) -> bool:  # type: ignore[no-untyped-def]
    return any(p.place is not None and p.start < span.end_char and span.start_char < p.end for p in doc.place_mentions)


def _inside_longer_name(nlp_doc, i: int, j: int, sent) -> bool:  # type: ignore[no-untyped-def]
    """ "Human Rights" inside "Northwest Human Rights Monitor" is part of another name, not a partial one; so is
    "UN High Commissioner" in "UN High Commissioner for Human Rights"."""
    before = nlp_doc[i - 1] if i > sent.start else None
    after = nlp_doc[j] if j < sent.end else None
    if after is not None and after.lower_ in ("of", "for") and j + 1 < sent.end:
        following = nlp_doc[j + 1]
        if following.lower_ == "the" and j + 2 < sent.end:
            following = nlp_doc[j + 2]
        if following.text[:1].isupper():
            return True
    return bool(before is not None and before.text[:1].isupper() and before.pos_ == "PROPN") or bool(
        after is not None and after.text[:1].isupper() and after.pos_ == "PROPN")


#: Region names that stand for one country in group names ("Islamic State of Iraq and the Levant", "al-Sham").
_REGION_WORDS = {"levant": "SY", "sham": "SY", "al-sham": "SY", "ash-sham": "SY"}
#: Words that make a state force the home government's ("regime helicopters", "government troops"), never the
#: foreign force named just before.
_HOME_WORDS = {"regime", "government", "pro-government", "pro-regime", "junta", "national", "state"}
_SURE_PLACE = 0.85
_BREAKS = {",", ";", "(", ")", "[", "]", ":", '"', "“", "”", "/"}


def _kb_match(kb: ActorKB, text: str, *, fuzzy: bool) -> KBEntry | None:
    try:
        return kb.match(text, fuzzy=fuzzy)  # type: ignore[call-arg]
    except TypeError:  # a user's knowledge base without the keyword
        return kb.match(text)


def _in_person_name(nlp_doc, i: int) -> bool:  # type: ignore[no-untyped-def]
    """Token ``i`` is inside a person's name: a PERSON entity, or right after a capitalised name word joined by
    "al-"/"bin"/"abu" ("Omar al-Ansari")."""
    if nlp_doc[i].ent_type_ == "PERSON":
        return True
    k = i - 1
    while k >= 0 and nlp_doc[k].lower_ in ("-", "al", "al-", "el", "el-", "bin", "ibn", "abu", "abou", "bint"):
        k -= 1
    return k < i - 1 and k >= 0 and nlp_doc[k].text[:1].isupper() and nlp_doc[k].pos_ == "PROPN" \
        and nlp_doc[k].ent_type_ in ("PERSON", "")


def _inside_person(nlp_doc, span) -> bool:  # type: ignore[no-untyped-def]
    """The span is a part (not the whole) of a PERSON entity."""
    for ent in nlp_doc.ents:
        if ent.label_ == "PERSON" and ent.start <= span.start and span.end <= ent.end and (ent.end - ent.start) > len(span):
            return True
    return False


def _foreign_demonym_before(nlp_doc, i: int, sent, entry) -> bool:  # type: ignore[no-untyped-def]
    """A capitalised demonym of another country written as part of the name ("the Syrian Arab Coalition",
    "Pakistani Taliban") makes it a different group than the knowledge-base entry of that country."""
    if i <= sent.start or not entry.country or isinstance(entry, Actor):
        return False
    before = nlp_doc[i - 1]
    if not before.text[:1].isupper() or before.dep_ not in ("amod", "compound") or before.head.i < i:
        return False
    code = country_of_word(before.text)
    return bool(code) and code != entry.country


def _unsuffix(word: str) -> str:
    """ "Turkistani" -> "turkistan": a long word's adjective -i names the same thing."""
    return word[:-1] if word.endswith("i") and len(word) > 6 else word


def _distinctive(word: str) -> bool:
    return word not in _GENERIC_TOKENS and len(word) > 2 and not country_of_word(word)


def _token_index(kb: ActorKB) -> dict[str, set]:
    """Word -> (entry id, words of one of its names): a partial name must fit within one name of the entry."""
    index: dict[str, set] = {}
    for entry in getattr(kb, "entries", {}).values():
        for name in entry.all_names():
            words = frozenset(_unsuffix(w) for w in name_key(name).split())
            for word in words:
                index.setdefault(word, set()).add((entry.id, words))
    return index
