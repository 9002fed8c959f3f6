"""Array plumbing shared by the coverage engines: the region tree, range and segment helpers,
and the presence stores. Pure numpy, no Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class Tree:
    """Region codes per analysis level (sorted, so a region's children are contiguous) and each
    region's parent position in the level above (-1 for provinces)."""

    codes: Mapping[int, np.ndarray]
    parents: Mapping[int, np.ndarray]

    def size(self, level: int) -> int:
        return len(self.codes[level])

    def ancestor(self, level: int, positions: np.ndarray, target: int) -> np.ndarray:
        """Positions of the ancestors at ``target`` (≤ ``level``) of regions at ``level``."""
        out = np.asarray(positions, dtype=np.int64)
        for lv in range(level, target, -1):
            out = np.where(out >= 0, self.parents[lv][np.maximum(out, 0)], -1)
        return out

    def child_ranges(self, level: int) -> tuple[np.ndarray, np.ndarray]:
        """For each region at ``level``, the [start, end) range of its children at level + 1."""
        parents = self.parents[level + 1]
        size = self.size(level)
        starts = np.searchsorted(parents, np.arange(size), side="left")
        ends = np.searchsorted(parents, np.arange(size), side="right")
        return starts.astype(np.int64), ends.astype(np.int64)


@dataclass
class Presence:
    """Which organisations are present in which cells of one level: sorted unique keys
    ``cell * organisations + org`` with the number of expanded rows behind each (0 once
    removed), plus pairs added since the build."""

    keys: np.ndarray
    counts: np.ndarray
    added: dict[int, int] = field(default_factory=dict)

    def count(self, key: int) -> int:
        at = int(np.searchsorted(self.keys, key))
        base = int(self.counts[at]) if at < len(self.keys) and self.keys[at] == key else 0
        return base + self.added.get(key, 0)


Keys = tuple[np.ndarray, np.ndarray]  # sorted unique presence keys and their row counts


@dataclass(frozen=True)
class PresenceKeys:
    """Presence keys of one level: direct (a location there or inside it) and any (direct, or
    a share apportioned there from a location above), each also from public rows only."""

    direct: Keys
    direct_public: Keys
    any: Keys
    any_public: Keys


def unique(keys: np.ndarray) -> Keys:
    found, counts = np.unique(keys, return_counts=True)
    return found.astype(np.int64), counts.astype(np.int64)


def segment_share(segment: np.ndarray, weight: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Each eligible row's share of its segment: weight ÷ the segment's weight, or equal
    shares where the segment has no weight. Ineligible rows get 0."""
    if not len(segment):
        return np.zeros(0)
    _, seg = np.unique(segment, return_inverse=True)
    w = np.where(eligible, weight, 0.0)
    total = np.bincount(seg, weights=w)
    count = np.bincount(seg, weights=eligible.astype(float))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total[seg] > 0, w / np.where(total[seg] > 0, total[seg], 1.0), 0.0)
        equal = np.where(count[seg] > 0, 1.0 / np.where(count[seg] > 0, count[seg], 1.0), 0.0)
    return np.where(eligible, np.where(total[seg] > 0, share, equal), 0.0)


def repeat_ranges(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row i, the values starts[i] .. starts[i] + counts[i] - 1; returns (row, value)."""
    rows = np.repeat(np.arange(len(counts)), counts)
    if not len(rows):
        return rows, rows
    offsets = np.cumsum(counts) - counts
    return rows, starts[rows] + np.arange(len(rows)) - offsets[rows]


def sum_children(tree: Tree, level: int, values: np.ndarray) -> np.ndarray:
    """Sum ``values`` (…, n_{level+1}) into their parents (…, n_level)."""
    starts, ends = tree.child_ranges(level)
    out = np.zeros((*values.shape[:-1], tree.size(level)))
    has = ends > starts
    if has.any() and values.shape[-1]:
        out[..., has] = np.add.reduceat(values, starts[has], axis=-1)[..., : int(has.sum())]
        # reduceat sums to the next start; the last parent with children takes the rest,
        # which is right because children are contiguous and every child has a parent.
    return out
