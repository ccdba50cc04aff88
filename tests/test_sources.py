"""Source chains: publisher -> relayed outlet -> cited source, kept through a report."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

TEXT = (
    "Clashes in Marib\n\n"
    "Reuters quoted local officials as saying that fighting continued near Marib.\n\n"
    "Local sources said Houthi fighters attacked army positions near Marib on Monday, killing two soldiers.\n"
)


def test_a_relayed_outlet_stays_in_the_chain(pipeline):
    events = pipeline.extract(TEXT, published="2024-03-12", publisher="Example Daily")
    attack = next(e for e in events if e.event_type == "Battles")
    assert attack.source.chain[0] == "Example Daily"
    assert "Reuters" in attack.source.chain
    assert attack.source.chain[-1] == "Local sources"
    assert "International" in attack.source.source_scale
