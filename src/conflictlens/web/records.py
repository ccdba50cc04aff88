"""The store's JSON records read back as the flat record every page, the API and the exports show."""

from __future__ import annotations

import json
from typing import Any

from ..serialize import event_to_record
from ..store.codec import event_from_json
from ..store.review import Review, reviewed_event


def flat_record(event_json: str, sources_json: str = "[]", corroboration: int = 1,
                review: Review | None = None) -> dict[str, Any]:
    """The flat record (:func:`serialize.event_to_record`) of a stored event, with its sources and corroboration;
    with a ``review``, the reviewed values (:func:`conflictlens.store.review.reviewed_event`) and a ``review``
    field saying the state and which fields a person set."""
    event = event_from_json(event_json)
    record = event_to_record(reviewed_event(event, review.overrides) if review else event)
    record["sources"] = json.loads(sources_json or "[]")
    record["corroboration"] = corroboration
    if review is not None:
        record["review"] = review.summary()
    return record


def reviewed_record(row: Any) -> dict[str, Any]:
    """The reviewed flat record of a row with the ``events`` columns record, sources, corroboration and the
    ``web_review_state`` columns status, overrides, merged_into (``None`` when the event has no review)."""
    return flat_record(row.record, row.sources, row.corroboration,
                       Review.from_row(row.status, row.overrides, row.merged_into))
