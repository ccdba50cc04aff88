"""Stable content-hash identifiers, so re-running an article gives the same ids."""

from __future__ import annotations

import hashlib

_SEP = "\x1f"


def make_id(prefix: str, *parts: object, length: int = 16) -> str:
    """Return ``prefix-<hex>`` hashed from the parts; ``None`` parts hash as empty strings.

    The same parts always give the same id, across runs and machines (sha1 of UTF-8 text; a lone surrogate hashes as
    its own code point instead of failing).
    """
    text = _SEP.join("" if p is None else str(p) for p in parts)
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]
    return f"{prefix}-{digest}"
