"""Distances and centres on the globe."""

from __future__ import annotations

import math


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def median_point(points: list[tuple[float | None, float | None]]) -> tuple[float, float] | None:
    clean = sorted((p for p in points if p[0] is not None and p[1] is not None))
    if not clean:
        return None
    lats = sorted(p[0] for p in clean)
    lons = sorted(p[1] for p in clean)
    return lats[len(lats) // 2], lons[len(lons) // 2]  # type: ignore[return-value]
