"""The built-in stages. Each is registered with what it requires and assigns on the :class:`Doc`."""

from __future__ import annotations

from .actors.framing import find_framing, load_framing_lexicon
from .actors.generic import state_alias_keys
from .actors.kb import kb_match
from .actors.resolve import ActorResolver
from .document import Doc
from .errors import InputError
from .model import ActorType
from .geo.resolve import PlaceResolver
from .limits import check_entities, check_shape
from .registry import register_stage
from .resources import Resources
from .text import check_english, find_dateline, normalize_text, paragraphs


@register_stage("normalize", assigns=("text", "paragraphs", "dateline"))
def normalize_stage(resources: Resources):
    """Same-length text normalisation, paragraph spans, length and language checks."""
    settings = resources.settings

    def normalize(doc: Doc) -> Doc:
        text = doc.article.text
        if not text.strip():
            raise InputError("document is empty", doc_id=doc.id)
        if len(text) > settings.max_chars:
            raise InputError(f"document has {len(text):,} characters, over the {settings.max_chars:,} limit", doc_id=doc.id)
        check_shape(text, max_run=settings.max_char_run, doc_id=doc.id)
        if settings.language_check:
            check_english(text, doc.id)
        doc.text = normalize_text(text)
        doc.paragraphs = paragraphs(doc.text)
        doc.dateline = find_dateline(doc.text, doc.paragraphs)
        return doc

    return normalize


@register_stage("parse", requires=("text",), assigns=("nlp",))
def parse_stage(resources: Resources):
    """spaCy parse: tokens, sentences, dependencies, named entities. Sentences never cross line breaks."""
    nlp = resources.nlp
    max_entities = resources.settings.max_entities

    def parse(doc: Doc) -> Doc:
        parsed = nlp.make_doc(doc.text)
        if doc.dateline is not None:
            # "QUETTA, Pakistan, Nov 20 (Agency) - Gunmen stopped a bus": the dateline is not the subject of
            # the first sentence, so the parser starts a sentence after it.
            for token in parsed:
                if token.idx >= doc.dateline[1]:
                    token.is_sent_start = True
                    if token.i + 1 < len(parsed) and not parsed[token.i + 1].is_space:
                        # "BOGOTA, Sept 17 - Two Colombian soldiers ...": the parser, handed a forced start, split
                        # the first word off as a sentence of its own (and with it the toll)
                        parsed[token.i + 1].is_sent_start = False
                    break
        for _, component in nlp.pipeline:
            parsed = component(parsed)
        check_entities(len(parsed.ents), max_entities=max_entities, doc_id=doc.id)
        doc.nlp = parsed
        return doc

    return parse


def places_resolver(resources: Resources) -> PlaceResolver:
    """The place resolver of the places stage: known actors are no places, and a local group's home country
    counts as evidence of where the article is."""
    kb = resources.actor_kb

    def actor_country(name: str) -> str:
        entry = kb_match(kb, name, fuzzy=False)
        return entry.country if entry is not None and entry.type != ActorType.EXTERNAL else ""

    return PlaceResolver(resources.gazetteer, resources.countries, kb.alias_keys() | state_alias_keys(),
                         actor_country=actor_country)


@register_stage("places", requires=("nlp", "dateline"), assigns=("place_mentions", "country_focus", "place_context"))
def places_stage(resources: Resources):
    """Place candidates resolved against the gazetteer; relative and regional places; the country focus."""
    resolver = places_resolver(resources)

    def places(doc: Doc) -> Doc:
        doc.place_mentions, doc.country_focus, doc.place_context = resolver.resolve(doc)
        return doc

    return places


@register_stage("actors", requires=("nlp", "country_focus"), assigns=("actor_mentions", "framing"))
def actors_stage(resources: Resources):
    """Named, generic and descriptive actor mentions normalised to canonical names; the outlet's labels."""
    resolver = ActorResolver(resources.actor_kb, resources.countries)
    lexicon = load_framing_lexicon()

    def actors(doc: Doc) -> Doc:
        doc.actor_mentions = resolver.resolve(doc)
        doc.framing = find_framing(doc, doc.actor_mentions, lexicon)
        return doc

    return actors


# The later stages live in their own modules; importing them registers them.
from . import dates as _dates  # noqa: E402,F401
from . import sources as _sources  # noqa: E402,F401
from .events import stage as _events  # noqa: E402,F401
from . import fatalities as _fatalities  # noqa: E402,F401
from . import assemble as _assemble  # noqa: E402,F401
