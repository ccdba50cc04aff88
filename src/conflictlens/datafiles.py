"""Reading our YAML data files fast and safely.

PyYAML's pure-Python safe loader takes over a second for the actor knowledge base alone; the C loader
(libyaml, shipped in PyYAML's wheels) is about ten times faster and just as safe. Callers keep their own
error messages: a ``yaml.YAMLError`` passes through.
"""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> object:
    """The data of one YAML document, with only plain types (the safe loader; C-accelerated when available)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
