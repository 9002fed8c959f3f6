"""Optimal capacitated mentor matching (pure numpy/scipy; documented in
docs/methods/kube-matching.md).

Each group needing a mentor gets at most one mentor; mentor ``m`` takes at most
``capacity[m]`` more groups. The cost of giving group ``g`` to mentor ``m`` as the mentor's
``k``-th new group (k = 0, 1, …) is::

    category_mismatch · [m lacks g's category]
  + per_km · great-circle distance between their centroids (km)
  + load · (load[m] + k) / (load[m] + capacity[m])

The load term grows with every slot a mentor fills, so work spreads over mentors. A group
left without a mentor costs ``unassigned``. The problem is solved exactly as a minimum-weight
full bipartite matching (``scipy.sparse.csgraph``): rows are groups; columns are the mentors'
capacity slots plus one private "unassigned" column per group, so a full matching of the rows
always exists. Arcs are built with vectorised numpy calls only, never a per-arc Python loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# scipy ships no type information, and pyproject's mypy overrides are not ours to change.
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
from scipy.sparse.csgraph import (  # type: ignore[import-untyped]
    min_weight_full_bipartite_matching,
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Weights:
    category_mismatch: float = 50.0
    per_km: float = 1.0
    load: float = 20.0
    unassigned: float = 1_000.0


@dataclass(frozen=True)
class Problem:
    """Groups ``g`` and mentors ``m`` as parallel arrays, plus the candidate arcs."""

    group_category: IntArray  # (G,) category index
    group_lat: FloatArray  # (G,)
    group_lng: FloatArray
    mentor_expertise: BoolArray  # (M, C): may mentor category c
    mentor_lat: FloatArray  # (M,)
    mentor_lng: FloatArray
    mentor_capacity: IntArray  # (M,) free slots
    mentor_load: IntArray  # (M,) groups already held
    arc_group: IntArray  # (A,) candidate pairs; duplicates are not allowed
    arc_mentor: IntArray  # (A,)


@dataclass(frozen=True)
class Solution:
    mentor_of: IntArray  # (G,) mentor index, or -1 when unassigned
    cost: FloatArray  # (G,) cost paid for the group (slot cost, or ``unassigned``)
    category_match: BoolArray  # (G,) for assigned groups
    distance_km: FloatArray  # (G,) NaN when unassigned
    slot: IntArray  # (G,) k: the mentor's k-th new group; -1 when unassigned
    total_cost: float


def haversine_km(
    lat1: FloatArray, lng1: FloatArray, lat2: FloatArray, lng2: FloatArray
) -> FloatArray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lng2) - np.radians(lng1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def arcs_by_area(
    group_area: IntArray, reach_mentor: IntArray, reach_area: IntArray
) -> tuple[IntArray, IntArray]:
    """Candidate arcs: every group in an area joined to every mentor that reaches the area.

    ``reach_mentor[i]`` reaches area ``reach_area[i]`` (pairs must be unique). Vectorised: sort
    groups by area, then repeat each reach pair once per group of its area.
    """
    order = np.argsort(group_area, kind="stable")
    sorted_area = group_area[order]
    start = np.searchsorted(sorted_area, reach_area, side="left")
    stop = np.searchsorted(sorted_area, reach_area, side="right")
    counts = stop - start
    total = int(counts.sum())
    arc_mentor = np.repeat(reach_mentor, counts)
    # Position within each run: global index minus the run's offset.
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    within = np.arange(total, dtype=np.int64) - offsets
    arc_group = order[np.repeat(start, counts) + within]
    return arc_group.astype(np.int64), arc_mentor.astype(np.int64)


def arc_costs(problem: Problem, weights: Weights) -> tuple[FloatArray, BoolArray, FloatArray]:
    """Slot-independent part of each arc's cost, whether categories match, and the distance."""
    g, m = problem.arc_group, problem.arc_mentor
    match = problem.mentor_expertise[m, problem.group_category[g]]
    distance = haversine_km(
        problem.group_lat[g], problem.group_lng[g], problem.mentor_lat[m], problem.mentor_lng[m]
    )
    base = weights.category_mismatch * (~match) + weights.per_km * distance
    return base, match, distance


def solve(problem: Problem, weights: Weights | None = None) -> Solution:
    """The optimal assignment (minimum total cost over all groups)."""
    weights = weights or Weights()
    groups = len(problem.group_category)
    capacity = np.maximum(problem.mentor_capacity.astype(np.int64), 0)
    load = problem.mentor_load.astype(np.float64)
    base, match, distance = arc_costs(problem, weights)

    # Columns: slot s of mentor m is column slot_start[m] + s; then one column per group.
    slot_start = np.cumsum(capacity) - capacity
    slots = int(capacity.sum())
    slot_mentor = np.repeat(np.arange(len(capacity)), capacity)
    slot_k = np.arange(slots, dtype=np.int64) - np.repeat(slot_start, capacity)
    slot_cost = (
        weights.load
        * (load[slot_mentor] + slot_k)
        / np.maximum(load[slot_mentor] + capacity[slot_mentor], 1)
    )

    per_arc = capacity[problem.arc_mentor]
    arc_index = np.repeat(np.arange(len(base)), per_arc)
    k = np.arange(len(arc_index), dtype=np.int64) - np.repeat(np.cumsum(per_arc) - per_arc, per_arc)
    columns = slot_start[problem.arc_mentor][arc_index] + k
    edge_cost = base[arc_index] + slot_cost[columns]
    rows = problem.arc_group[arc_index]

    # Every group also has its own "unassigned" column. All weights get +1: csgraph treats
    # a stored zero as an edge, but a constant per row cannot change the optimum anyway.
    all_rows = np.concatenate([rows, np.arange(groups)])
    all_cols = np.concatenate([columns, slots + np.arange(groups)])
    all_cost = np.concatenate([edge_cost, np.full(groups, weights.unassigned)]) + 1.0
    if groups == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Solution(empty, np.zeros(0), np.zeros(0, bool), np.zeros(0), empty, 0.0)
    graph = csr_matrix((all_cost, (all_rows, all_cols)), shape=(groups, slots + groups))
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)

    chosen = np.full(groups, -1, dtype=np.int64)
    chosen[row_ind] = col_ind
    assigned = chosen < slots
    mentor_of = np.full(groups, -1, dtype=np.int64)
    mentor_of[assigned] = slot_mentor[chosen[assigned]]
    cost = np.full(groups, weights.unassigned)
    match_out = np.zeros(groups, dtype=bool)
    distance_out = np.full(groups, np.nan)
    slot_out = np.full(groups, -1, dtype=np.int64)
    if assigned.any():
        # Look the chosen arcs up by (group, mentor) key: arcs are unique per pair.
        key = problem.arc_group * np.int64(len(capacity)) + problem.arc_mentor
        order = np.argsort(key)
        g_idx = np.flatnonzero(assigned)
        wanted = g_idx * np.int64(len(capacity)) + mentor_of[g_idx]
        arc_of = order[np.searchsorted(key[order], wanted)]
        slot_out[g_idx] = chosen[g_idx] - slot_start[mentor_of[g_idx]]
        cost[g_idx] = base[arc_of] + slot_cost[chosen[g_idx]]
        match_out[g_idx] = match[arc_of]
        distance_out[g_idx] = distance[arc_of]
    return Solution(mentor_of, cost, match_out, distance_out, slot_out, float(cost.sum()))
