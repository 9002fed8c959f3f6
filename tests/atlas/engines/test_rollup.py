"""Roll-up rules for counts (no database)."""

from __future__ import annotations

import numpy as np

from sinergi.atlas.engines.rollup import aligned, build_hierarchy, roll_up

NAN = float("nan")
TREE = build_hierarchy(
    [
        ("11", 1),
        ("11.01", 2),
        ("11.02", 2),
        ("11.01.01", 3),
        ("11.01.02", 3),
        ("11.02.01", 3),
    ]
)


def test_a_region_gets_the_sum_of_its_children_when_all_have_figures() -> None:
    districts = aligned(TREE, 3, ["11.01.01", "11.01.02"], [5, 7])
    result = roll_up(TREE, {3: districts})
    assert result[2].values[0] == 12
    assert result[2].rolled_up.tolist() == [True, False]


def test_no_sum_over_some_children_only() -> None:
    districts = aligned(TREE, 3, ["11.01.01", "11.01.02"], [5, 7])
    result = roll_up(TREE, {3: districts})
    assert np.isnan(result[2].values[1])  # 11.02's only district has no figure
    assert np.isnan(result[1].values[0])  # so the province is incomplete too


def test_stored_figures_win_and_feed_the_level_above() -> None:
    districts = aligned(TREE, 3, ["11.01.01", "11.01.02"], [5, 7])
    regencies = aligned(TREE, 2, ["11.01", "11.02"], [NAN, 4])
    regencies[0] = NAN
    stored = roll_up(TREE, {3: districts, 2: aligned(TREE, 2, ["11.02"], [4])})
    assert stored[2].values.tolist() == [12, 4]
    assert stored[2].rolled_up.tolist() == [True, False]
    assert stored[1].values.tolist() == [16]
    assert stored[1].rolled_up.tolist() == [True]


def test_an_own_figure_is_never_replaced_by_the_sum_below() -> None:
    districts = aligned(TREE, 3, ["11.01.01", "11.01.02", "11.02.01"], [5, 7, 1])
    province = aligned(TREE, 1, ["11"], [100])
    result = roll_up(TREE, {3: districts, 1: province})
    assert result[1].values.tolist() == [100]
    assert result[1].rolled_up.tolist() == [False]


def test_unknown_codes_are_ignored_when_aligning() -> None:
    values = aligned(TREE, 2, ["11.01", "99.99"], [3, 4])
    assert values[0] == 3
    assert np.isnan(values[1])
