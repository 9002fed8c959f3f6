"""The national allocation plan: a linear programme over (organisation, cell) pairs, a greedy
baseline and the current pattern, measured the same way (docs/methods/allocation.md).

Variables ``y[o, c]`` ≥ 0 are the people organisation *o* pays for in cell *c* = (region,
target group), for every pair *o* may fund (the group is allowed to it and the region lies in
its scope). With ``u_g`` the unit cost (million IDR per person) and ``w_c`` the cell's weight::

    maximise   Σ w_c · y[o, c]
    subject to Σ_c u_g · y[o, c] ≤ budget_o               (each organisation's pledge)
               Σ_o y[o, c]       ≤ gap_c                  (no one is covered twice)
               min_r ≤ Σ_{o, c ∈ r} u_g · y[o, c] ≤ max_r  (optional, per region, million IDR)

Only the regional minimums can make it infeasible (y = 0 satisfies everything else), so every
explanation names the regions whose minimums cannot be met, and why. The solver is scipy's
HiGHS on sparse matrices; no solver message ever reaches the user.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

# scipy ships no type information (as in kube/engines/matching.py).
from scipy import sparse  # type: ignore[import-untyped]
from scipy.optimize import linprog  # type: ignore[import-untyped]


@dataclass(frozen=True)
class Cell:
    region: str
    group: str
    gap: float  # unmet need, people
    weight: float  # from the need index, > 0


@dataclass(frozen=True)
class Funder:
    id: int
    budget: float  # million IDR
    groups: frozenset[str]  # allowed target groups
    regions: tuple[str, ...] | None  # scope roots (any level); None = nationwide


@dataclass(frozen=True)
class Bounds:
    region: str
    minimum: float = 0.0  # million IDR
    maximum: float | None = None


@dataclass(frozen=True)
class Problem:
    cells: tuple[Cell, ...]
    funders: tuple[Funder, ...]
    unit_costs: dict[str, float]  # million IDR per person, by target group
    bounds: tuple[Bounds, ...] = ()
    # Each funder's current spending shares over cells (cell index → share summing to ≤ 1).
    current: dict[int, dict[int, float]] = field(default_factory=dict)


class Issue(StrEnum):
    NO_CELLS = "no_cells"
    NO_BUDGET = "no_budget"
    NO_PAIRS = "no_pairs"
    MISSING_COST = "missing_cost"
    MIN_ABOVE_MAX = "min_above_max"
    MIN_ABOVE_FUNDABLE = "min_above_fundable"
    MINS_ABOVE_BUDGET = "mins_above_budget"
    MINS_JOINTLY = "mins_jointly"


@dataclass(frozen=True)
class Explanation:
    """Why there is no plan: the constraint at fault, with the figures to show."""

    issue: Issue
    regions: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    amount: float = 0.0  # million IDR: the minimum asked
    available: float = 0.0  # million IDR: what could reach it


class Infeasible(Exception):  # noqa: N818 - reads as the outcome
    def __init__(self, explanation: Explanation) -> None:
        super().__init__(explanation.issue.value)
        self.explanation = explanation


@dataclass(frozen=True)
class Pairs:
    funder: np.ndarray  # funder index per pair
    cell: np.ndarray  # cell index per pair
    cost: np.ndarray  # unit cost per pair


@dataclass(frozen=True)
class Allocation:
    pairs: Pairs
    people: np.ndarray  # people paid for per pair

    def spend(self) -> np.ndarray:
        return np.asarray(self.people * self.pairs.cost, dtype=float)


@dataclass(frozen=True)
class Metrics:
    people: float
    weighted: float
    regions: int
    spend: float  # million IDR


def _in_scope(region: str, roots: tuple[str, ...] | None) -> bool:
    if roots is None:
        return True
    return any(region == r or region.startswith(r + ".") for r in roots)


def _region_mask(regions: np.ndarray, roots: tuple[str, ...] | None) -> np.ndarray:
    """Which of the (unique) region codes lie in one of the scope roots."""
    if roots is None:
        return np.ones(len(regions), dtype=bool)
    mask = np.zeros(len(regions), dtype=bool)
    for root in roots:
        mask |= (regions == root) | np.char.startswith(regions, root + ".")
    return mask


def pairs_of(problem: Problem) -> Pairs:
    """Every (funder, cell) pair the funder may fund, cells grouped per funder."""
    codes = [c.region for c in problem.cells]
    regions, region_of = np.unique(np.array(codes, dtype=str), return_inverse=True)
    by_group: dict[str, list[int]] = {}
    for index, cell in enumerate(problem.cells):
        if cell.gap > 0:
            by_group.setdefault(cell.group, []).append(index)
    members_of = {g: np.array(m, dtype=np.int64) for g, m in by_group.items()}
    funders: list[np.ndarray] = []
    cells: list[np.ndarray] = []
    for f_index, funder in enumerate(problem.funders):
        if funder.budget <= 0:
            continue
        allowed = _region_mask(regions, funder.regions)
        for group in sorted(funder.groups):
            members = members_of.get(group)
            if members is None:
                continue
            members = members[allowed[region_of[members]]]
            if len(members):
                cells.append(members)
                funders.append(np.full(len(members), f_index, dtype=np.int64))
    chosen = np.concatenate(cells) if cells else np.zeros(0, dtype=np.int64)
    funder_index = np.concatenate(funders) if funders else np.zeros(0, dtype=np.int64)
    costs = np.array([problem.unit_costs.get(c.group, np.nan) for c in problem.cells], dtype=float)
    return Pairs(funder_index, chosen, costs[chosen] if len(chosen) else np.zeros(0))


def check(problem: Problem, pairs: Pairs) -> None:
    """Raise ``Infeasible`` with the constraint at fault before anything is solved."""
    missing = sorted({c.group for c in problem.cells if c.group not in problem.unit_costs})
    if missing:
        raise Infeasible(Explanation(Issue.MISSING_COST, groups=tuple(missing)))
    if not any(c.gap > 0 for c in problem.cells):
        raise Infeasible(Explanation(Issue.NO_CELLS))
    budget = sum(max(f.budget, 0.0) for f in problem.funders)
    if budget <= 0:
        raise Infeasible(Explanation(Issue.NO_BUDGET))
    if not len(pairs.cell):
        raise Infeasible(Explanation(Issue.NO_PAIRS))
    _check_bounds(problem, pairs, budget)


def _check_bounds(problem: Problem, pairs: Pairs, budget: float) -> None:
    regions = np.array([c.region for c in problem.cells], dtype=object)
    gap_cost = np.array([c.gap for c in problem.cells]) * np.nan_to_num(
        np.array([problem.unit_costs.get(c.group, 0.0) for c in problem.cells])
    )
    reachable = np.zeros(len(problem.cells), dtype=bool)
    reachable[pairs.cell] = True
    budgets = np.array([f.budget for f in problem.funders])
    wanted = 0.0
    for bound in problem.bounds:
        if bound.minimum <= 0:
            continue
        if bound.maximum is not None and bound.minimum > bound.maximum:
            raise Infeasible(Explanation(Issue.MIN_ABOVE_MAX, regions=(bound.region,)))
        inside = np.array([_in_scope(str(r), (bound.region,)) for r in regions], dtype=bool)
        fundable = float(gap_cost[inside & reachable].sum())
        funders = np.unique(pairs.funder[inside[pairs.cell]])
        fundable = min(fundable, float(budgets[funders].sum()))
        if bound.minimum > fundable + 1e-9:
            raise Infeasible(
                Explanation(
                    Issue.MIN_ABOVE_FUNDABLE,
                    regions=(bound.region,),
                    amount=bound.minimum,
                    available=fundable,
                )
            )
        wanted += bound.minimum
    if wanted > budget + 1e-9:
        named = tuple(b.region for b in problem.bounds if b.minimum > 0)
        raise Infeasible(
            Explanation(Issue.MINS_ABOVE_BUDGET, regions=named, amount=wanted, available=budget)
        )


def matrices(
    problem: Problem, pairs: Pairs
) -> tuple[np.ndarray, sparse.csr_array, np.ndarray, list[tuple[float, float]]]:
    """The LP in scipy's form: objective, A_ub, b_ub and variable bounds."""
    n = len(pairs.cell)
    weights = np.array([c.weight for c in problem.cells])
    gaps = np.array([c.gap for c in problem.cells])
    n_funders, n_cells = len(problem.funders), len(problem.cells)
    columns = np.arange(n)
    rows = [pairs.funder, n_funders + pairs.cell]
    cols = [columns, columns]
    values = [pairs.cost, np.ones(n)]
    b_ub = [np.array([f.budget for f in problem.funders]), gaps]
    next_row = n_funders + n_cells
    regions = np.array([c.region for c in problem.cells], dtype=object)[pairs.cell]
    for bound in problem.bounds:
        inside = np.flatnonzero([_in_scope(str(r), (bound.region,)) for r in regions])
        for sign, limit in (
            (1.0, bound.maximum),
            (-1.0, -bound.minimum if bound.minimum > 0 else None),
        ):
            if limit is None:
                continue
            rows.append(np.full(len(inside), next_row))
            cols.append(inside)
            values.append(sign * pairs.cost[inside])
            b_ub.append(np.array([limit]))
            next_row += 1
    all_rows, all_columns = np.concatenate(rows), np.concatenate(cols)
    a_ub = sparse.csr_array((np.concatenate(values), (all_rows, all_columns)), shape=(next_row, n))
    return -weights[pairs.cell], a_ub, np.concatenate(b_ub), [(0.0, float("inf"))]


def allocate(problem: Problem) -> Allocation:
    """The optimal allocation, or ``Infeasible`` naming the constraint at fault."""
    pairs = pairs_of(problem)
    check(problem, pairs)
    objective, a_ub, b_ub, bounds = matrices(problem, pairs)
    result = linprog(objective, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if result.status != 0 or result.x is None:
        named = tuple(b.region for b in problem.bounds if b.minimum > 0)
        raise Infeasible(Explanation(Issue.MINS_JOINTLY, regions=named))
    return Allocation(pairs, np.maximum(np.asarray(result.x, dtype=float), 0.0))


class _Filler:
    """Greedy state: what each funder, cell and capped region has left."""

    def __init__(self, problem: Problem, pairs: Pairs) -> None:
        self.pairs = pairs
        self.budgets = np.array([max(f.budget, 0.0) for f in problem.funders])
        self.gaps = np.array([c.gap for c in problem.cells])
        self.regions = [c.region for c in problem.cells]
        self.people = np.zeros(len(pairs.cell))
        self.caps = {b.region: b.maximum for b in problem.bounds if b.maximum is not None}
        self.spent = dict.fromkeys(self.caps, 0.0)

    def take(self, p: int, limit: float) -> float:
        """Fund pair ``p`` as far as its funder, cell, region caps and ``limit`` allow."""
        f, c, cost = self.pairs.funder[p], self.pairs.cell[p], self.pairs.cost[p]
        capped = [root for root in self.caps if _in_scope(self.regions[c], (root,))]
        room = min(self.budgets[f] / cost, self.gaps[c], limit / cost)
        for root in capped:
            room = min(room, (float(self.caps[root] or 0.0) - self.spent[root]) / cost)
        room = max(room, 0.0)
        self.people[p] += room
        self.budgets[f] -= room * cost
        self.gaps[c] -= room
        for root in capped:
            self.spent[root] += room * cost
        return float(room * cost)


def greedy(problem: Problem) -> Allocation:
    """The baseline a planner would do by hand: regional minimums first, then the pairs with
    the most weighted need per rupiah, each taking what its funder and cell have left."""
    pairs = pairs_of(problem)
    weights = np.array([c.weight for c in problem.cells])
    value = weights[pairs.cell] / pairs.cost if len(pairs.cell) else np.zeros(0)
    order = [int(p) for p in np.lexsort((np.arange(len(value)), -value))]
    filler = _Filler(problem, pairs)
    for bound in problem.bounds:
        still = bound.minimum
        for p in order:
            if still > 1e-9 and _in_scope(filler.regions[pairs.cell[p]], (bound.region,)):
                still -= filler.take(p, still)
    for p in order:
        filler.take(p, float("inf"))
    return Allocation(pairs, filler.people)


def current(problem: Problem) -> Allocation:
    """Each pledge spent the way its organisation spends today (shares of its current
    interventions' budgets by cell), capped by the cells' gaps in funder order."""
    pairs = pairs_of(problem)
    index = {
        (int(f), int(c)): p for p, (f, c) in enumerate(zip(pairs.funder, pairs.cell, strict=True))
    }
    gaps = np.array([c.gap for c in problem.cells])
    people = np.zeros(len(pairs.cell))
    for f_index, funder in enumerate(problem.funders):
        for cell, share in sorted(problem.current.get(funder.id, {}).items()):
            p = index.get((f_index, cell))
            if p is None or share <= 0:
                continue
            room = min(funder.budget * share / pairs.cost[p], gaps[cell])
            people[p] += max(room, 0.0)
            gaps[cell] -= max(room, 0.0)
    return Allocation(pairs, people)


def measure(problem: Problem, allocation: Allocation) -> Metrics:
    """People covered, weighted need covered, regions reached and money placed."""
    weights = np.array([c.weight for c in problem.cells])
    per_cell = np.bincount(
        allocation.pairs.cell, weights=allocation.people, minlength=len(problem.cells)
    )
    reached = {problem.cells[i].region for i in np.flatnonzero(per_cell > 1e-6)}
    return Metrics(
        people=float(per_cell.sum()),
        weighted=float((per_cell * weights).sum()),
        regions=len(reached),
        spend=float(allocation.spend().sum()),
    )


def whole_people(people: Sequence[float]) -> list[int]:
    """Fractional people (the LP's optimum) as whole people whose sum is the rounded total.

    Largest remainder (Hamilton): every part gets its floor, then the parts with the largest
    fractional remainders get one more person each until the parts add up to the total rounded
    half up. Ties go to the earlier part, so the result is deterministic. Nobody is shown as
    2,083.3 people, and a plan's rows always add up to the plan's total."""
    values = np.asarray(people, dtype=float)
    if values.size == 0:
        return []
    values = np.clip(values, 0.0, None)
    floors = np.floor(values + 1e-9)  # 2.9999999999 from float sums is 3, not 2
    total = int(np.floor(values.sum() + 0.5 + 1e-9))
    missing = max(total - int(floors.sum()), 0)
    remainders = values - floors
    # Stable sort: among equal remainders the earlier part comes first.
    order = np.argsort(-remainders, kind="stable")[:missing]
    whole = floors.astype(np.int64)
    whole[order] += 1
    return [int(v) for v in whole]
