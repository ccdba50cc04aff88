"""Generic actors: phrases like "the Syrian army", "government troops", "civilians" built into ACLED's names.

The phrase's head word picks a generic class (``actors/data/_generic.yaml``); its country is the one the phrase
names, else the state force named just before, else the article's focus. A coalition, a possessive ("its air
defences") and "military forces of Artsakh" take a named actor instead; a country that does a military act
("drones that Russia launched") stands for its forces.
"""

from __future__ import annotations

import re

from ..document import ActorMention
from ..geo.names import name_key
from ..geo.supplements import Country, country_of_word, is_country_name
from ..model import Actor, ActorType, How
from .anaphora import names_armed_group, referring_mention
from .generic import UNPLACED, GenericClass, format_template, hyphen_words
from .kb import ActorKB, KBEntry, actor_from_entry, load_lexicon
from .spans import is_reporter, named_of, ordinal

#: Words that make a phrase a unit of a state's forces ("the 20th Infantry Battalion", "Marines").
STATE_UNIT_WORDS = {"infantry", "mechanized", "mechanised", "marine", "marines", "armored", "armoured", "airborne",
                    "artillery", "division", "regiment", "corps", "commando", "paratroop", "gendarmerie", "army"}
def _demonym(word: str) -> str:
    """The country of a state's adjective ("Israeli", or "US" in "US strikes"), or "" (a country's name is none)."""
    code = country_of_word(word)
    return code if code and (not is_country_name(word) or word.isupper()) else ""


#: Words of party politics: "militants" there are activists ("opposition militants marched"), not gunmen.
CIVIC = re.compile(r"\b(?:party|parties|opposition|rally|rallies|march(?:ed|es)?|protest\w*|demonstrat\w*|supporters|"
                   r"election\w*|campaign\w*|congress)\b", re.I)
#: Verbs whose subject, when it is a country, is that country's forces.
MILITARY_VERBS = {"launch", "attack", "fire", "strike", "shell", "bomb", "invade", "deploy", "bombard", "target", "shoot", "hit", "send"}
#: Words that make a state force the home government's ("regime helicopters", "government troops"), never the
#: foreign force named just before.
_HOME_WORDS = {"regime", "government", "pro-government", "pro-regime", "junta", "national", "state"}


class GenericMentionFinder:
    """Finds generic actor phrases and countries acting as their forces."""

    def __init__(self, kb: ActorKB, countries: dict[str, Country], classes: list[GenericClass],
                 anaphoric: frozenset[str]):
        self.kb = kb
        self.countries = countries
        self.classes = classes
        self.anaphoric = anaphoric
        self.units = [u for u in load_lexicon("_state_units.yaml") or [] if isinstance(u, dict)]
        # Per class, its head words and qualifier-needing words of several words, for one C-level endswith().
        self._multiword = [(tuple(h for h in c.heads if " " in h), tuple(h for h in c.needs_qualifier if " " in h))
                           for c in classes]
        # "the Pokot raiders" names its side; "the raiders" refers back to one already named
        self._people = frozenset(low for c in classes for low, _ in c.people)

    def find(self, doc, taken: set[int], focus: str, named: list[ActorMention]) -> list[ActorMention]:  # type: ignore[no-untyped-def]
        """The generic actors of phrases on no token in ``taken`` (which grows by the phrases used). ``focus`` is
        the country of a phrase that names none; ``named`` are the article's named actors (coalitions, owners)."""
        mentions = []
        # Heads whose phrase decides over a compound before it ("regime" in "regime forces"); not the attack nouns of
        # a state's adjective ("Army shelling", "Bandit attacks": the compound is the actor).
        single_heads = {h for c in self.classes if not c.demonym_only for h in c.heads if " " not in h}
        attack_heads = {h for c in self.classes if c.demonym_only for h in c.heads}
        unnamed = not any(names_armed_group(m) for m in named)
        bare_heads = {h for c in self.classes for h in c.bare_if_unnamed} if unnamed else set()
        for head_tok, chunk in self._phrases(doc):
            if any(t.i in taken for t in chunk):
                continue
            if head_tok.dep_ == "compound" and head_tok.head.i > head_tok.i and (
                    head_tok.head.lower_ in single_heads or (head_tok.head.lower_ in attack_heads and any(
                        _demonym(t.text) for t in head_tok.head.lefts))):
                # "regime" in "regime forces", "Military" in "the Military Police", "army" in "Israeli army
                # strikes": the phrase's head decides
                continue
            head = head_tok.lower_
            # "opposition militants marched", "militants of the ruling party": party activists, not gunmen
            bare = bare_heads if not CIVIC.search(head_tok.sent.text) else set()
            lowered = hyphen_words(chunk)
            capitalised = {t.lower_ for t in chunk if t.text[:1].isupper()}  # a people's name is written so
            if head in self.anaphoric and chunk[0].lower_ in ("the", "these", "those") and not capitalised & self._people \
                    and head not in bare:
                continue  # "the assailants": a reference to a group already named, resolved below
            if named_of(head_tok):
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
                coalition = coalition or self._coalition(named)
                if head == "coalition" and head_tok.dep_ in ("compound", "amod", "nmod") and head_tok.head.i > head_tok.i:
                    chunk = doc.nlp[chunk.start:head_tok.head.i + 1]  # "Coalition military forces"
                if coalition is not None:
                    mentions.append(referring_mention(chunk, doc.sentence_of(head_tok.i), coalition.actor))
                taken.update(t.i for t in chunk)
                continue
            if any(t.dep_ == "poss" and t.pos_ == "PRON" for t in chunk):
                # "the coalition said its air defences ...": the owner is the actor the sentence named before.
                sent_index = doc.sentence_of(head_tok.i)
                owner = [m for m in named if m.sent == sent_index and m.end <= chunk.start_char]
                state_heads = {h for c in self.classes if c.type == ActorType.STATE for h in c.heads}
                if owner and (head in state_heads or any(chunk.text.lower().endswith(h) for h in state_heads if " " in h)):
                    mentions.append(referring_mention(chunk, sent_index, owner[-1].actor))
                    taken.update(t.i for t in chunk)
                continue
            # "rebel and Islamist factions", "opposition and Islamist groups": one phrase naming two of ACLED's
            # generic sides; each describing word makes its own actor, in the order written.
            coordinated = any(t.dep_ == "cc" for t in chunk)
            found: list[tuple[int, ActorMention]] = []
            chunk_lower = chunk.text.lower()  # once per phrase, not once per class and head word
            for cls, (multi_heads, multi_needs) in zip(self.classes, self._multiword):
                heads_hit = head in cls.heads or chunk_lower.endswith(multi_heads)
                if not heads_hit:
                    continue
                of_countries = self._of_countries(head_tok)
                if cls.excluded & lowered:
                    continue  # "a general strike", "an Israeli settler attack": someone else's doing
                named_country = (self._demonym_of(chunk, head_tok, cls.excluded_countries) if cls.demonym_only
                                 else self._country_of(chunk) or (of_countries[0] if of_countries else ""))
                modifiers = hyphen_words(t for t in chunk if t.i != head_tok.i)
                unit = cls.type == ActorType.STATE and not cls.demonym_only and head not in cls.weapons and (
                    bool(modifiers & STATE_UNIT_WORDS) or any(ordinal(t) for t in chunk))  # "artillery fire" is nobody's
                if cls.qualifier_required and not lowered & cls.qualifiers:
                    continue
                if cls.people and not capitalised & cls.qualifiers:
                    continue  # "fur traders" are no Fur militia
                needs = head in cls.needs_qualifier or chunk_lower.endswith(multi_needs)
                if needs and not (lowered & cls.qualifiers or named_country or unit or head in cls.bare_if_unnamed & bare):
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
                country = self.countries.get(code) if code else None if is_reporter(head_tok) else UNPLACED
                if country is None:
                    continue
                owner = self._forces_of(head_tok) if cls.type == ActorType.STATE else None
                if owner is not None:  # "military forces of Artsakh"
                    mention = ActorMention(chunk.start_char, chunk.end_char, chunk.text, sent_index,
                                           actor_from_entry(owner, chunk.text, on=doc.article.published), How.KNOWLEDGE_BASE, True)
                    found.append((head_tok.i, mention))
                    break
                template = cls.named_template(lowered)
                unit = self._unit(chunk.text.lower(), code) if cls.type == ActorType.STATE else None
                if unit is None and cls.name == "police":
                    # "the Military Police carried out an operation ... A shoot-out between Police officers and ...":
                    # plain police after the one police unit the article named are that unit.
                    units = {self._unit(m.text.lower(), code)["unit"]: self._unit(m.text.lower(), code)  # type: ignore[index]
                             for m in mentions if self._unit(m.text.lower(), code) is not None and "police" in m.text.lower()}
                    unit = next(iter(units.values())) if len(units) == 1 else None
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
                for other in of_countries[1:] if of_countries and named_country == of_countries[0] else []:
                    # "military forces of India and Pakistan": each country's forces
                    twin = Actor(**{**actor.__dict__, "name": format_template(template, self.countries[other]),
                                    "country_code": other})
                    found.append((head_tok.i + 1, ActorMention(mention.start, mention.end, mention.text, sent_index, twin,
                                                               How.INFERRED, True)))
                if not (coordinated and cls.qualifier_required) or len(found) == 2:
                    break
            if found:
                mentions.extend(m for _, m in sorted(found, key=lambda pair: pair[0]))
                taken.update(t.i for t in chunk)
        return mentions

    def states_acting(self, doc, taken: set[int]) -> list[ActorMention]:  # type: ignore[no-untyped-def]
        """A country named as the doer of a military act ("drones that Russia launched") stands for its forces."""
        mentions = []
        military = next(c for c in self.classes if c.name == "military")
        for sent_index in range(len(doc.sentences())):
            for ent in doc.sentence_ents(sent_index):  # Span.ents scans the whole document per sentence
                if ent.label_ != "GPE" or any(t.i in taken for t in ent):
                    continue
                code = country_of_word(ent.text)
                root = ent.root
                if code and code in self.countries and root.dep_ == "nsubj" and root.head.lemma_.lower() in MILITARY_VERBS:
                    actor = military.actor(self.countries[code], ent.text)
                    mentions.append(ActorMention(ent.start_char, ent.end_char, ent.text, sent_index, actor, How.INFERRED, True))
        return mentions

    @staticmethod
    def _demonym_of(chunk, head, excluded: frozenset[str] = frozenset()) -> str:  # type: ignore[no-untyped-def]
        """The country of a state's adjective modifying ``head``, directly or through the words between ("Israeli",
        "US" in "US strikes", "Russian" in "a Russian missile attack"), or "": a country's name ("Nigeria Labour
        Congress") is no adjective, and ``excluded`` countries have no forces the adjective could stand for."""
        inside = {t.i for t in chunk}
        for tok in chunk:
            node = tok
            while node.i != head.i and node.dep_ in ("amod", "compound", "nmod") and node.head.i in inside:
                node = node.head
            if tok.i == head.i or node.i != head.i:
                continue
            code = _demonym(tok.text)
            if code and code not in excluded:
                return code
        return ""

    @staticmethod
    def _country_of(chunk) -> str:  # type: ignore[no-untyped-def]
        for tok in chunk:
            code = country_of_word(tok.text) or country_of_word(tok.text.rstrip("'s’"))
            if code:
                return code
        return ""

    def _of_countries(self, head) -> list[str]:  # type: ignore[no-untyped-def]
        """ "military forces of Armenia", "military forces of India and Pakistan": the countries after "of"."""
        for prep in head.rights:
            if prep.lower_ == "of":
                obj = next((t for t in prep.rights if t.dep_ == "pobj"), None)
                if obj is None or any(t.dep_ == "compound" for t in obj.lefts):
                    return []
                codes = [country_of_word(t.text) for t in (obj, *obj.conjuncts) if t.text[:1].isupper()]
                return [c for c in codes if c in self.countries] if all(codes) else []
        return []

    @staticmethod
    def _phrases(doc):  # type: ignore[no-untyped-def]
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

    def _unit(self, text: str, code: str) -> dict | None:
        return next((u for u in self.units if u.get("phrase", "") in text and code in (u.get("countries") or ())), None)

    def _forces_of(self, head) -> KBEntry | None:  # type: ignore[no-untyped-def]
        """ "military forces of Artsakh": the knowledge base's state forces of a place that is no country."""
        for prep in head.rights:
            if prep.lower_ != "of":
                continue
            for obj in prep.rights:
                if obj.dep_ == "pobj" and obj.text[:1].isupper() and not country_of_word(obj.text):
                    # the name alone, not a clause hanging on it ("Artsakh located at Goyarkh")
                    name = " ".join(t.text for t in obj.subtree if t.i <= obj.i and t.lower_ != "the")
                    return self.kb.match(f"Military Forces of {name}", fuzzy=False) if hasattr(self.kb, "entries") else None
        return None

    def _coalition(self, named: list[ActorMention]) -> ActorMention | None:
        """The one coalition the article names ("Operation Inherent Resolve", "the Saudi-led coalition")."""
        found = {m.actor.kb_id: m for m in named if m.actor.kb_id
                 and any("coalition" in name_key(n).split() or n.startswith("Operation ")
                         for n in self.kb.entries[m.actor.kb_id].all_names())  # type: ignore[attr-defined]
                 and m.actor.type == ActorType.EXTERNAL} if hasattr(self.kb, "entries") else {}
        return next(iter(found.values())) if len(found) == 1 else None
