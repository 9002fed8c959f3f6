"""Buyer ↔ product suggestions (pure numpy; documented in docs/kube.md "Suggestions").

A product suits a buyer when its category is one the buyer buys and it is near. The cost of
suggesting product ``p`` to a buyer is::

    mismatch · [p's category not among the buyer's categories] + distance_km(buyer, p)

with the distance between region centroids (great circle). The cheapest ``limit`` products
are suggested, ties broken by product order; products with an unknown location rank after all
located ones of the same category match. A buyer with no categories matches every category.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sinergi.kube.engines.matching import haversine_km

MISMATCH_KM = 1_000.0  # a category mismatch weighs like 1,000 km
UNKNOWN_KM = 5_000.0  # farther than anywhere in Indonesia


@dataclass(frozen=True)
class Suggestion:
    index: int  # position in the candidate sequences
    category_match: bool
    distance_km: float | None
    cost: float


def suggest(
    *,
    buyer_categories: Sequence[str],
    buyer_lat: float | None,
    buyer_lng: float | None,
    categories: Sequence[str],
    lats: Sequence[float | None],
    lngs: Sequence[float | None],
    limit: int = 10,
) -> list[Suggestion]:
    """The ``limit`` best candidates for one buyer, best first, with their reasons."""
    count = len(categories)
    if count == 0 or limit <= 0:
        return []
    wanted = set(buyer_categories)
    match = np.array([not wanted or c in wanted for c in categories], dtype=bool)
    lat = np.array([np.nan if v is None else v for v in lats], dtype=float)
    lng = np.array([np.nan if v is None else v for v in lngs], dtype=float)
    if buyer_lat is None or buyer_lng is None:
        distance = np.full(count, np.nan)
    else:
        distance = haversine_km(np.full(count, buyer_lat), np.full(count, buyer_lng), lat, lng)
    cost = np.where(match, 0.0, MISMATCH_KM) + np.where(np.isnan(distance), UNKNOWN_KM, distance)
    order = np.argsort(cost, kind="stable")[:limit]
    return [
        Suggestion(
            index=int(i),
            category_match=bool(match[i]),
            distance_km=None if np.isnan(distance[i]) else round(float(distance[i]), 1),
            cost=round(float(cost[i]), 1),
        )
        for i in order
    ]
