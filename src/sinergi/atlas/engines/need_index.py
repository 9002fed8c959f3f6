"""The composite need index and ranks. Pure functions over numpy arrays, no Django.

Method (docs/methods/need-index.md):

1. Each component is normalised across all regions of one level and period with min-max
   scaling to 0-100, turned so that 100 is always the *most* need: for a "higher is worse"
   indicator ``100 * (x - min) / (max - min)``, for "higher is better"
   ``100 * (max - x) / (max - min)``. A component with no spread (fewer than two distinct
   values) says nothing about relative need and is left out.
2. A region's index is the weighted mean of the normalised components it has. Weights are
   renormalised over those components, but only if they carry at least ``min_coverage`` of
   the total weight (by default the weight of the components in play; callers pass the
   weight of every configured component, so a component with no data that year, or no
   spread, counts as missing); otherwise the region gets no index.
3. Ranks: 1 is the highest need; ties share a rank (1, 2, 2, 4); regions without an index
   are unranked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

HIGHER_WORSE = "higher_worse"
HIGHER_BETTER = "higher_better"
DEFAULT_MIN_COVERAGE = 0.6


@dataclass(frozen=True)
class Component:
    key: str
    direction: str  # HIGHER_WORSE or HIGHER_BETTER
    weight: float
    values: np.ndarray  # one per region, NaN where missing


@dataclass(frozen=True)
class NeedIndex:
    scores: np.ndarray  # 0-100 per region, NaN where not computable
    coverage: np.ndarray  # share of the weight in play the region's components carry
    normalised: dict[str, np.ndarray]  # per component key, 0-100 (NaN where missing)
    used: tuple[str, ...]  # component keys that took part (had a spread and a weight > 0)


def normalise(values: np.ndarray, direction: str) -> np.ndarray | None:
    """0-100 where 100 is the most need; None when the values have no spread."""
    present = values[~np.isnan(values)]
    if present.size < 2:
        return None
    low, high = float(present.min()), float(present.max())
    if high == low:
        return None
    scaled = (values - low) / (high - low) * 100.0
    if direction == HIGHER_BETTER:
        scaled = 100.0 - scaled
    elif direction != HIGHER_WORSE:
        raise ValueError(f"a need-index component needs a direction, not {direction!r}")
    return scaled


def compute(
    components: Sequence[Component],
    *,
    size: int,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    total_weight: float | None = None,
) -> NeedIndex:
    """The index for ``size`` regions from ``components`` (each with ``size`` values)."""
    normalised: dict[str, np.ndarray] = {}
    weights: dict[str, float] = {}
    for component in components:
        if component.values.shape != (size,):
            raise ValueError(f"{component.key}: expected {size} values")
        if component.weight <= 0:
            continue
        scaled = normalise(component.values.astype(float), component.direction)
        if scaled is not None:
            normalised[component.key] = scaled
            weights[component.key] = component.weight
    total = sum(weights.values()) if total_weight is None else total_weight
    weighted = np.zeros(size)
    carried = np.zeros(size)
    for key, scaled in normalised.items():
        present = ~np.isnan(scaled)
        weighted[present] += weights[key] * scaled[present]
        carried[present] += weights[key]
    coverage = carried / total if total else np.zeros(size)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where((coverage >= min_coverage) & (carried > 0), weighted / carried, np.nan)
    return NeedIndex(
        scores=scores, coverage=coverage, normalised=normalised, used=tuple(normalised)
    )


def ranks(scores: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Competition ranks (1 = highest score) within each group; 0 where the score is NaN.

    ``groups`` gives each region's group (e.g. its parent's position); None ranks all
    together.
    """
    n = scores.shape[0]
    result = np.zeros(n, dtype=np.int64)
    group_ids = np.zeros(n, dtype=np.int64) if groups is None else np.asarray(groups)
    valid = ~np.isnan(scores)
    for group in np.unique(group_ids[valid]):
        members = np.flatnonzero(valid & (group_ids == group))
        values = scores[members]
        # rank = 1 + number of members with a strictly higher score
        ordered = np.sort(values)
        higher = values.size - np.searchsorted(ordered, values, side="right")
        result[members] = higher + 1
    return result
