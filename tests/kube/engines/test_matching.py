"""The matching engine against brute force on small instances (no database)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from sinergi.kube.engines.matching import Problem, Weights, arcs_by_area, solve

W = Weights(category_mismatch=50.0, per_km=1.0, load=20.0, unassigned=1_000.0)


def _km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    # Independent great-circle formula (spherical law of cosines).
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lng2 - lng1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))


def _random_problem(rng: np.random.Generator) -> Problem:
    groups, mentors, categories = int(rng.integers(1, 6)), int(rng.integers(1, 4)), 3
    pairs = [(g, m) for g in range(groups) for m in range(mentors) if rng.random() < 0.7]
    arc_g = np.array([p[0] for p in pairs], dtype=np.int64)
    arc_m = np.array([p[1] for p in pairs], dtype=np.int64)
    return Problem(
        group_category=rng.integers(0, categories, groups).astype(np.int64),
        group_lat=rng.uniform(-7.5, -6.0, groups),
        group_lng=rng.uniform(106.0, 108.0, groups),
        mentor_expertise=rng.random((mentors, categories)) < 0.5,
        mentor_lat=rng.uniform(-7.5, -6.0, mentors),
        mentor_lng=rng.uniform(106.0, 108.0, mentors),
        mentor_capacity=rng.integers(0, 3, mentors).astype(np.int64),
        mentor_load=rng.integers(0, 3, mentors).astype(np.int64),
        arc_group=arc_g,
        arc_mentor=arc_m,
    )


def _brute_force(p: Problem) -> float:
    groups, mentors = len(p.group_category), len(p.mentor_lat)
    allowed = {(int(g), int(m)) for g, m in zip(p.arc_group, p.arc_mentor, strict=True)}
    best = math.inf
    for choice in itertools.product(range(-1, mentors), repeat=groups):
        if any(m >= 0 and (g, m) not in allowed for g, m in enumerate(choice)):
            continue
        counts = [choice.count(m) for m in range(mentors)]
        if any(counts[m] > p.mentor_capacity[m] for m in range(mentors)):
            continue
        total = 0.0
        for g, m in enumerate(choice):
            if m < 0:
                total += W.unassigned
                continue
            mismatch = not p.mentor_expertise[m, p.group_category[g]]
            km = _km(p.group_lat[g], p.group_lng[g], p.mentor_lat[m], p.mentor_lng[m])
            total += W.category_mismatch * mismatch + W.per_km * km
        for m in range(mentors):
            held, cap = int(p.mentor_load[m]), int(p.mentor_capacity[m])
            total += sum(W.load * (held + k) / max(held + cap, 1) for k in range(counts[m]))
        best = min(best, total)
    return best


@pytest.mark.parametrize("seed", range(60))
def test_optimal_against_brute_force(seed: int) -> None:
    problem = _random_problem(np.random.default_rng(seed))
    solution = solve(problem, W)
    assert solution.total_cost == pytest.approx(_brute_force(problem), rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("seed", range(20))
def test_capacities_respected_and_reasons_present(seed: int) -> None:
    problem = _random_problem(np.random.default_rng(100 + seed))
    solution = solve(problem, W)
    counts = np.bincount(
        solution.mentor_of[solution.mentor_of >= 0], minlength=len(problem.mentor_lat)
    )
    assert (counts <= problem.mentor_capacity).all()
    allowed = set(zip(problem.arc_group.tolist(), problem.arc_mentor.tolist(), strict=True))
    for g, m in enumerate(solution.mentor_of.tolist()):
        if m < 0:
            assert math.isnan(solution.distance_km[g]) and solution.cost[g] == W.unassigned
            continue
        assert (g, m) in allowed
        km = _km(
            problem.group_lat[g], problem.group_lng[g], problem.mentor_lat[m], problem.mentor_lng[m]
        )
        assert solution.distance_km[g] == pytest.approx(km, abs=1e-6)
        assert solution.category_match[g] == problem.mentor_expertise[m, problem.group_category[g]]


def test_prefers_matching_category_and_spreads_load() -> None:
    # Two identical groups at one point, two mentors at the same point; mentor 0 knows the
    # category, mentor 1 does not. Load cost cannot beat a 50-point category mismatch.
    problem = Problem(
        group_category=np.array([0, 0]),
        group_lat=np.array([-6.9, -6.9]),
        group_lng=np.array([107.6, 107.6]),
        mentor_expertise=np.array([[True], [False]]),
        mentor_lat=np.array([-6.9, -6.9]),
        mentor_lng=np.array([107.6, 107.6]),
        mentor_capacity=np.array([2, 2]),
        mentor_load=np.array([0, 0]),
        arc_group=np.array([0, 0, 1, 1]),
        arc_mentor=np.array([0, 1, 0, 1]),
    )
    assert solve(problem, W).mentor_of.tolist() == [0, 0]
    # With an equal footing on category, load balancing spreads the two groups.
    balanced = Problem(**{**problem.__dict__, "mentor_expertise": np.array([[True], [True]])})
    assert sorted(solve(balanced, W).mentor_of.tolist()) == [0, 1]


def test_no_arcs_or_no_capacity_leaves_groups_unassigned() -> None:
    problem = Problem(
        group_category=np.array([0]),
        group_lat=np.array([0.0]),
        group_lng=np.array([0.0]),
        mentor_expertise=np.array([[True]]),
        mentor_lat=np.array([0.0]),
        mentor_lng=np.array([0.0]),
        mentor_capacity=np.array([0]),
        mentor_load=np.array([3]),
        arc_group=np.array([0]),
        arc_mentor=np.array([0]),
    )
    assert solve(problem, W).mentor_of.tolist() == [-1]


def test_arcs_by_area_joins_groups_to_mentors_reaching_their_area() -> None:
    group_area = np.array([2, 0, 2, 1, 5])
    reach_mentor = np.array([0, 0, 1, 2])
    reach_area = np.array([2, 1, 2, 7])
    g, m = arcs_by_area(group_area, reach_mentor, reach_area)
    expected = {(0, 0), (2, 0), (3, 0), (0, 1), (2, 1)}
    assert set(zip(g.tolist(), m.tolist(), strict=True)) == expected
    assert len(g) == len(expected)
