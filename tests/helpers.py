"""Helpers shared by the whole-sentence tests (pytest puts this folder on sys.path)."""

from __future__ import annotations


def top_event(pipeline, text: str, published: str):
    """The most confident ACLED-typed event of a text; fails the test when there is none."""
    events = [e for e in pipeline.extract(text, published=published) if e.event_type]
    assert events, text
    return max(events, key=lambda e: e.confidence)
