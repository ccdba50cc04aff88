"""The events stage: event mentions found, typed and given arguments, clause by clause."""

from __future__ import annotations

from ..document import Doc
from ..registry import register_stage
from ..resources import Resources
from .detect import detect


@register_stage("events", requires=("nlp", "place_mentions", "actor_mentions", "dates"), assigns=("event_mentions",))
def events_stage(resources: Resources):
    """Trigger lexicon + dependency arguments + modality, and the learned sentence typer for sentences the rules
    left untyped -> event candidates (not yet verified or aggregated)."""

    def events(doc: Doc) -> Doc:
        doc.event_mentions = detect(doc, resources.sentence_typer)
        return doc

    return events
