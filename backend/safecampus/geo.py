"""Distances on the earth and the on-campus test."""

from __future__ import annotations

import math

EARTH_RADIUS_M = 6_371_000


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def off_campus(lat: float, lon: float, accuracy_m: float | None, campus_lat: float | None,
               campus_lon: float | None, radius_m: int | None) -> tuple[bool, float | None]:
    """(off campus?, distance). A fix counts as off campus only when even its accuracy circle
    does not reach the campus circle; a campus without coordinates cannot be judged."""
    if campus_lat is None or campus_lon is None or radius_m is None:
        return False, None
    distance = distance_m(lat, lon, campus_lat, campus_lon)
    return distance > radius_m + (accuracy_m or 0), round(distance, 1)
