"""The allocation engine without a database: hand-computed and independently formulated
optima, every constraint respected, greedy never better, infeasibility explained."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import linprog  # type: ignore[import-untyped]

from sinergi.synergy.engines import allocation as engine
from sinergi.synergy.engines.allocation import Bounds, Cell, Funder, Issue, Problem

COSTS = {"LUT": 2.0, "FM": 1.0, "PD": 4.0}


def _problem(seed: int, *, bounds: tuple[Bounds, ...] = ()) -> Problem:
    rng = np.random.default_rng(seed)
    regions = ["32.01", "32.02", "33.01", "33.02"]
    cells = tuple(
        Cell(r, g, float(rng.integers(0, 60)), float(rng.uniform(0.1, 1.0)))
        for r, g in itertools.product(regions, sorted(COSTS))
    )
    funders = tuple(
        Funder(
            i + 1,
            float(rng.integers(10, 120)),
            frozenset(rng.choice(sorted(COSTS), size=int(rng.integers(1, 4)), replace=False)),
            None if i % 3 == 0 else (("32",) if i % 3 == 1 else ("33.01", "32.02")),
        )
        for i in range(4)
    )
    return Problem(cells, funders, COSTS, bounds)


def _independent_optimum(problem: Problem) -> float:
    """The same plan formulated in money per (funder, cell) over a dense matrix, every cell
    listed for every funder (forbidden pairs fixed at zero), solved by interior point."""
    n_f, n_c = len(problem.funders), len(problem.cells)
    cost = np.array([problem.unit_costs[c.group] for c in problem.cells])
    weight = np.array([c.weight for c in problem.cells])
    objective = -np.tile(weight / cost, n_f)  # x[f, c] is money, people = x / cost
    rows, rhs = [], []
    for f, funder in enumerate(problem.funders):
        row = np.zeros(n_f * n_c)
        row[f * n_c : (f + 1) * n_c] = 1
        rows.append(row)
        rhs.append(funder.budget)
    for c, cell in enumerate(problem.cells):
        row = np.zeros(n_f * n_c)
        row[c::n_c] = 1 / cost[c]
        rows.append(row)
        rhs.append(cell.gap)
    for bound in problem.bounds:
        inside = np.array([c.region.startswith(bound.region) for c in problem.cells], dtype=float)
        if bound.maximum is not None:
            rows.append(np.tile(inside, n_f))
            rhs.append(bound.maximum)
        if bound.minimum:
            rows.append(-np.tile(inside, n_f))
            rhs.append(-bound.minimum)
    limits = []
    for funder in problem.funders:
        for cell in problem.cells:
            allowed = cell.group in funder.groups and (
                funder.regions is None
                or any(cell.region.startswith(root) for root in funder.regions)
            )
            limits.append((0, None if allowed else 0))
    result = linprog(objective, A_ub=np.array(rows), b_ub=rhs, bounds=limits, method="highs-ipm")
    assert result.status == 0
    return float(-result.fun)


def _assert_respects(problem: Problem, allocation: engine.Allocation) -> None:
    spend = allocation.spend()
    per_funder = np.bincount(allocation.pairs.funder, weights=spend, minlength=len(problem.funders))
    for funder, spent in zip(problem.funders, per_funder, strict=True):
        assert spent <= funder.budget + 1e-6
    per_cell = np.bincount(
        allocation.pairs.cell, weights=allocation.people, minlength=len(problem.cells)
    )
    for cell, people in zip(problem.cells, per_cell, strict=True):
        assert people <= cell.gap + 1e-6
    for p in np.flatnonzero(allocation.people > 1e-9):
        funder = problem.funders[allocation.pairs.funder[p]]
        cell = problem.cells[allocation.pairs.cell[p]]
        assert cell.group in funder.groups
        assert funder.regions is None or any(
            cell.region == r or cell.region.startswith(r + ".") for r in funder.regions
        )
    for bound in problem.bounds:
        inside = np.array(
            [problem.cells[c].region.startswith(bound.region) for c in allocation.pairs.cell]
        )
        placed = float(spend[inside].sum()) if len(inside) else 0.0
        assert placed >= bound.minimum - 1e-6
        if bound.maximum is not None:
            assert placed <= bound.maximum + 1e-6


def test_it_finds_the_hand_computed_optimum() -> None:
    # One funder with 100: LUT in 32.01 gives 1.0/2 per rupiah, FM in 32.02 0.8/1, PD 0.9/4.
    # Best: FM 50 people (50), then LUT 25 people (50) → weighted 0.8*50 + 1.0*25 = 65.
    problem = Problem(
        cells=(
            Cell("32.01", "LUT", 100, 1.0),
            Cell("32.02", "FM", 50, 0.8),
            Cell("32.03", "PD", 100, 0.9),
        ),
        funders=(Funder(1, 100.0, frozenset(COSTS), None),),
        unit_costs=COSTS,
    )
    allocation = engine.allocate(problem)
    metrics = engine.measure(problem, allocation)
    assert metrics.weighted == pytest.approx(65.0)
    assert metrics.people == pytest.approx(75.0)
    assert metrics.regions == 2
    assert metrics.spend == pytest.approx(100.0)


@pytest.mark.parametrize("seed", range(12))
def test_it_equals_an_independent_formulation_and_respects_every_constraint(seed: int) -> None:
    problem = _problem(seed)
    allocation = engine.allocate(problem)
    metrics = engine.measure(problem, allocation)
    assert metrics.weighted == pytest.approx(_independent_optimum(problem), rel=1e-6, abs=1e-6)
    _assert_respects(problem, allocation)
    greedy = engine.greedy(problem)
    _assert_respects(problem, greedy)
    assert metrics.weighted >= engine.measure(problem, greedy).weighted - 1e-6


@pytest.mark.parametrize("seed", range(6))
def test_regional_bounds_hold_for_plan_and_greedy(seed: int) -> None:
    bounds = (Bounds("33", minimum=20.0, maximum=60.0), Bounds("32.01", maximum=15.0))
    problem = _problem(seed, bounds=bounds)
    try:
        allocation = engine.allocate(problem)
    except engine.Infeasible as error:
        assert error.explanation.regions
        return
    _assert_respects(problem, allocation)
    assert engine.measure(problem, allocation).weighted == pytest.approx(
        _independent_optimum(problem), rel=1e-6, abs=1e-6
    )
    greedy = engine.greedy(problem)
    assert (
        engine.measure(problem, allocation).weighted
        >= engine.measure(problem, greedy).weighted - 1e-6
    )


def test_a_brute_force_over_splits_matches_on_a_tiny_instance() -> None:
    # Two funders, two cells: enumerate funder 1's money for cell A in steps of 1.
    problem = Problem(
        cells=(Cell("32.01", "FM", 30, 1.0), Cell("33.01", "FM", 30, 0.5)),
        funders=(
            Funder(1, 40.0, frozenset({"FM"}), None),
            Funder(2, 25.0, frozenset({"FM"}), ("32",)),
        ),
        unit_costs=COSTS,
    )
    best = 0.0
    for a1 in range(41):
        a2 = min(25.0, 30 - min(a1, 30))  # funder 2 may only fund A: fill what is left
        cell_a = min(a1 + a2, 30)
        cell_b = min(40 - a1, 30)
        best = max(best, cell_a * 1.0 + cell_b * 0.5)
    allocation = engine.allocate(problem)
    assert engine.measure(problem, allocation).weighted == pytest.approx(best)


def test_current_pattern_follows_shares_within_gaps() -> None:
    problem = Problem(
        cells=(Cell("32.01", "FM", 10, 1.0), Cell("32.02", "FM", 100, 0.5)),
        funders=(Funder(7, 40.0, frozenset({"FM"}), None),),
        unit_costs=COSTS,
        current={7: {0: 0.5, 1: 0.5}},
    )
    metrics = engine.measure(problem, engine.current(problem))
    assert metrics.people == pytest.approx(30.0)  # 10 capped by the gap, 20 in the second
    assert metrics.regions == 2


@pytest.mark.parametrize(
    ("problem", "issue"),
    [
        (
            Problem(
                (Cell("32.01", "FM", 0, 1.0),), (Funder(1, 10.0, frozenset({"FM"}), None),), COSTS
            ),
            Issue.NO_CELLS,
        ),
        (
            Problem(
                (Cell("32.01", "FM", 5, 1.0),), (Funder(1, 0.0, frozenset({"FM"}), None),), COSTS
            ),
            Issue.NO_BUDGET,
        ),
        (
            Problem(
                (Cell("32.01", "FM", 5, 1.0),), (Funder(1, 9.0, frozenset({"LUT"}), None),), COSTS
            ),
            Issue.NO_PAIRS,
        ),
        (
            Problem(
                (Cell("32.01", "KAT", 5, 1.0),), (Funder(1, 9.0, frozenset({"KAT"}), None),), COSTS
            ),
            Issue.MISSING_COST,
        ),
        (
            Problem(
                (Cell("32.01", "FM", 5, 1.0),),
                (Funder(1, 9.0, frozenset({"FM"}), None),),
                COSTS,
                (Bounds("32.01", 5.0, 2.0),),
            ),
            Issue.MIN_ABOVE_MAX,
        ),
        (
            Problem(
                (Cell("32.01", "FM", 5, 1.0),),
                (Funder(1, 9.0, frozenset({"FM"}), None),),
                COSTS,
                (Bounds("32.01", 8.0),),
            ),
            Issue.MIN_ABOVE_FUNDABLE,
        ),
        (
            Problem(
                (Cell("32.01", "FM", 50, 1.0), Cell("33.01", "FM", 50, 1.0)),
                (Funder(1, 30.0, frozenset({"FM"}), None),),
                COSTS,
                (Bounds("32.01", 20.0), Bounds("33.01", 20.0)),
            ),
            Issue.MINS_ABOVE_BUDGET,
        ),
        (
            Problem(
                (Cell("32.01", "FM", 50, 1.0), Cell("33.01", "FM", 50, 1.0)),
                (
                    Funder(1, 30.0, frozenset({"FM"}), None),
                    Funder(2, 30.0, frozenset({"FM"}), ("34",)),
                ),
                COSTS,
                (Bounds("32.01", 20.0), Bounds("33.01", 20.0)),
            ),
            Issue.MINS_JOINTLY,
        ),
    ],
)
def test_infeasible_or_empty_input_is_explained(problem: Problem, issue: Issue) -> None:
    with pytest.raises(engine.Infeasible) as caught:
        engine.allocate(problem)
    assert caught.value.explanation.issue == issue
