"""The store's JSON records read back as the flat record every page, the API and the exports show."""

from __future__ import annotations

import json
from typing import Any

from ..serialize import event_to_record
from ..store.codec import event_from_json


def flat_record(event_json: str, sources_json: str = "[]", corroboration: int = 1) -> dict[str, Any]:
    """The flat record (:func:`serialize.event_to_record`) of a stored event, with its sources and corroboration."""
    record = event_to_record(event_from_json(event_json))
    record["sources"] = json.loads(sources_json or "[]")
    record["corroboration"] = corroboration
    return record
