"""Roll counts up the region hierarchy. Pure functions over numpy arrays, no Django.

Rule: a region without a figure of its own gets the sum of the regions directly below it, but
only when *every* one of them has a figure (stored or itself rolled up). A sum over some
children would understate the count and look like a real figure. Only additive indicators
(counts) roll up; a rate or index never does, and callers must not pass one here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

LEVELS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Hierarchy:
    """Region codes per level (sorted) and, per level, each region's parent position in the
    level above (-1 for provinces)."""

    codes: Mapping[int, np.ndarray]
    parents: Mapping[int, np.ndarray]

    def positions(self, level: int, codes: Iterable[str]) -> np.ndarray:
        """Positions of ``codes`` in the level's code array; -1 where a code is unknown."""
        wanted = np.asarray(list(codes), dtype=str)
        known = self.codes[level]
        if not len(wanted) or not len(known):
            return np.full(len(wanted), -1, dtype=np.int64)
        found = np.searchsorted(known, wanted)
        found = np.minimum(found, len(known) - 1)
        return np.where(known[found] == wanted, found, -1).astype(np.int64)


def build_hierarchy(rows: Iterable[tuple[str, int]]) -> Hierarchy:
    """``rows`` are (code, level) pairs of the whole registry, in any order."""
    by_level: dict[int, list[str]] = {level: [] for level in LEVELS}
    for code, level in rows:
        by_level[level].append(code)
    codes = {level: np.array(sorted(items), dtype=str) for level, items in by_level.items()}
    parents: dict[int, np.ndarray] = {1: np.full(len(codes[1]), -1, dtype=np.int64)}
    for level in LEVELS[1:]:
        own = codes[level]
        parent_codes = np.array([code.rsplit(".", 1)[0] for code in own], dtype=str)
        above = codes[level - 1]
        found = np.searchsorted(above, parent_codes) if len(above) else np.zeros(0, np.int64)
        if len(own) and len(above):
            found = np.minimum(found, len(above) - 1)
            parents[level] = np.where(above[found] == parent_codes, found, -1).astype(np.int64)
        else:
            parents[level] = np.full(len(own), -1, dtype=np.int64)
    return Hierarchy(codes=codes, parents=parents)


@dataclass(frozen=True)
class LevelValues:
    """Values aligned to ``Hierarchy.codes[level]``: NaN where there is no figure."""

    values: np.ndarray
    rolled_up: np.ndarray  # bool: the figure is a sum of the level below


def aligned(
    hierarchy: Hierarchy, level: int, codes: Iterable[str], values: Iterable[float]
) -> np.ndarray:
    """Scatter (code, value) pairs onto the level's positions (NaN elsewhere)."""
    out = np.full(len(hierarchy.codes[level]), np.nan)
    positions = hierarchy.positions(level, codes)
    vals = np.asarray(list(values), dtype=float)
    known = positions >= 0
    out[positions[known]] = vals[known]
    return out


def roll_up(hierarchy: Hierarchy, stored: Mapping[int, np.ndarray]) -> dict[int, LevelValues]:
    """Complete every level from the levels below it.

    ``stored`` maps a level to its own figures aligned with ``hierarchy.codes[level]`` (NaN =
    none); missing levels count as all-NaN. Returns every level's values and which of them
    were rolled up.
    """
    result: dict[int, LevelValues] = {}
    below: np.ndarray | None = None
    for level in reversed(LEVELS):
        size = len(hierarchy.codes[level])
        own = stored.get(level)
        values = np.full(size, np.nan) if own is None else np.asarray(own, dtype=float).copy()
        rolled = np.zeros(size, dtype=bool)
        if below is not None and level + 1 in hierarchy.parents and size:
            parent = hierarchy.parents[level + 1]
            valid = parent >= 0
            idx = parent[valid]
            child = below[valid]
            missing = np.isnan(child)
            sums = np.bincount(idx, weights=np.where(missing, 0.0, child), minlength=size)
            gaps = np.bincount(idx, weights=missing.astype(float), minlength=size)
            counts = np.bincount(idx, minlength=size)
            complete = (counts > 0) & (gaps == 0)
            fill = np.isnan(values) & complete
            values[fill] = sums[fill]
            rolled = fill
        result[level] = LevelValues(values=values, rolled_up=rolled)
        below = values
    return result
