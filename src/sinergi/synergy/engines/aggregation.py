"""Aggregation across levels: unmet need and over-coverage summed from the finest level with
need figures, never need - reached at the level itself (docs/methods/coverage.md, "Aggregation
across levels"). Pure numpy, no Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sinergi.synergy.engines.arrays import LEVELS, Tree, sum_children
from sinergi.synergy.engines.coverage import Coverage


@dataclass(frozen=True)
class Rollup:
    """Unmet need and over-coverage of every region of one level in one year, (groups, n).

    ``gap`` and ``over_covered`` are sums over the *finest complete level* below each region:
    a region whose children all have need figures (themselves or below them) sums its
    children; otherwise it uses its own figure when its need is known; otherwise it sums the
    children that have figures and counts the rest in ``unknown`` (regions without need
    figures, which contribute nothing). NaN where no need figure is known at all. ``need`` is
    the need those sums are counted against (the same sum of need figures): it differs from
    the region's own need figure where the levels' sources disagree."""

    gap: np.ndarray
    over_covered: np.ndarray
    unknown: np.ndarray
    need: np.ndarray


def government_down(
    tree: Tree, frac: Mapping[int, np.ndarray], government: Mapping[int, np.ndarray]
) -> dict[int, np.ndarray]:
    """Government figures carried down to the levels below where they are missing there: what
    a region's programmes reach beyond the sum of its children's figures is apportioned to the
    children as partners' figures are (need fractions). Without it a PKH figure known only
    per regency would vanish from a gap summed over districts."""
    out = {1: np.asarray(government[1], dtype=float)}
    for level in LEVELS[1:]:
        own = np.asarray(government[level], dtype=float)
        parents = np.maximum(tree.parents[level], 0)
        rest = np.maximum(out[level - 1] - sum_children(tree, level - 1, own), 0.0)
        out[level] = own + rest[..., parents] * frac[level]
    return out


def rollup(
    tree: Tree, need: Mapping[int, np.ndarray], reached: Mapping[int, np.ndarray], level: int
) -> Rollup:
    """The gap and over-coverage of the regions of ``level`` from per-level need and reached
    arrays shaped (..., n_level) for every level (reached at a level above sums the levels
    below, as ``compute`` keeps it). Pure arithmetic over the tree; see ``Rollup``."""
    finest = LEVELS[-1]
    n3, r3 = need[finest], reached[finest]
    known = ~np.isnan(n3)
    gap_ = np.where(known, np.maximum(np.nan_to_num(n3) - r3, 0.0), 0.0)
    over = np.where(known, np.maximum(r3 - np.nan_to_num(n3), 0.0), 0.0)
    unknown = (~known).astype(float)
    counted = np.where(known, n3, 0.0)
    complete, seen = known, known
    for lv in range(finest - 1, level - 1, -1):
        starts, ends = tree.child_ranges(lv)
        has = ends > starts
        n_complete = sum_children(tree, lv, complete.astype(float))
        all_complete = has & (n_complete >= (ends - starts))
        own = ~np.isnan(need[lv])
        # Children when they say more (all complete), or when the region itself says nothing.
        below = all_complete | (~own & has)
        own_gap = np.maximum(np.nan_to_num(need[lv]) - reached[lv], 0.0)
        own_over = np.maximum(reached[lv] - np.nan_to_num(need[lv]), 0.0)
        sum_unknown = sum_children(tree, lv, unknown)
        gap_ = np.where(below, sum_children(tree, lv, gap_), np.where(own, own_gap, 0.0))
        over = np.where(below, sum_children(tree, lv, over), np.where(own, own_over, 0.0))
        unknown = np.where(below, sum_unknown, np.where(own, 0.0, 1.0))
        counted = np.where(
            below, sum_children(tree, lv, counted), np.where(own, np.nan_to_num(need[lv]), 0.0)
        )
        seen = own | (sum_children(tree, lv, seen.astype(float)) > 0)
        complete = all_complete | own
    return Rollup(
        gap=np.where(seen, gap_, np.nan),
        over_covered=np.where(seen, over, np.nan),
        unknown=unknown.astype(np.int64),
        need=np.where(seen, counted, np.nan),
    )


def level_rollup(
    coverage: Coverage,
    *,
    level: int,
    year: int,
    groups: np.ndarray | None = None,
    combined: bool = False,
) -> Rollup:
    """``rollup`` of one level and year of a coverage table (all groups, or ``groups``);
    ``combined`` counts government programmes beside partners. Computed on demand from the
    current arrays, so it stays right after ``apply_change``."""
    g = np.arange(len(coverage.inputs.groups)) if groups is None else np.asarray(groups)
    levels = coverage.levels
    need = {lv: levels[lv].need[g, year] for lv in LEVELS}
    reached = {lv: levels[lv].reached[g, year] for lv in LEVELS}
    if combined:
        frac = {lv: f[g, year] for lv, f in coverage.fractions.items()}
        gov = government_down(
            coverage.inputs.tree, frac, {lv: levels[lv].government[g, year] for lv in LEVELS}
        )
        reached = {lv: reached[lv] + gov[lv] for lv in LEVELS}
    return rollup(coverage.inputs.tree, need, reached, level)
