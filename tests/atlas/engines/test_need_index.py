"""The need index on a hand-computed example (no database)."""

from __future__ import annotations

import numpy as np
import pytest

from sinergi.atlas.engines.need_index import Component, compute, normalise, ranks

NAN = float("nan")


def example() -> list[Component]:
    # Worked by hand in docs/methods/need-index.md:
    #   P0 10/20/30 (worse)    → 0, 50, 100
    #   IPM 70/60/80 (better)  → (80-70)/20 = 50, 100, 0
    #   TPT 5/-/9 (worse)      → 0, -, 100
    return [
        Component("poverty_rate", "higher_worse", 0.5, np.array([10.0, 20.0, 30.0])),
        Component("hdi", "higher_better", 0.3, np.array([70.0, 60.0, 80.0])),
        Component("open_unemployment", "higher_worse", 0.2, np.array([5.0, NAN, 9.0])),
    ]


def test_it_matches_the_hand_computed_example() -> None:
    result = compute(example(), size=3)
    # A: (0.5*0 + 0.3*50 + 0.2*0) / 1.0 = 15
    # B: (0.5*50 + 0.3*100) / 0.8 = 68.75 (TPT missing: weights renormalised)
    # C: (0.5*100 + 0.3*0 + 0.2*100) / 1.0 = 70
    assert result.scores == pytest.approx([15.0, 68.75, 70.0])
    assert result.coverage == pytest.approx([1.0, 0.8, 1.0])
    assert result.normalised["hdi"] == pytest.approx([50.0, 100.0, 0.0])


def test_a_region_with_too_little_of_the_weight_gets_no_index() -> None:
    # Against a total weight of 1.5 (say, a configured component without data this year),
    # A carries 1.0 / 1.5 = 0.67 >= 0.6 but B only 0.8 / 1.5 = 0.53 < 0.6.
    result = compute(example(), size=3, total_weight=1.5)
    assert np.isnan(result.scores[1])
    assert result.scores[0] == pytest.approx(15.0)


def test_a_component_without_spread_is_left_out() -> None:
    flat = Component("gini", "higher_worse", 1.0, np.array([0.4, 0.4, 0.4]))
    result = compute([*example(), flat], size=3)
    assert "gini" not in result.used
    assert result.scores == pytest.approx([15.0, 68.75, 70.0])


def test_direction_turns_better_into_need() -> None:
    assert normalise(np.array([60.0, 80.0]), "higher_better") == pytest.approx([100.0, 0.0])
    assert normalise(np.array([60.0, 80.0]), "higher_worse") == pytest.approx([0.0, 100.0])
    with pytest.raises(ValueError, match="direction"):
        normalise(np.array([1.0, 2.0]), "neutral")


def test_ranks_put_the_highest_need_first_and_share_ties() -> None:
    scores = np.array([50.0, 70.0, 70.0, NAN, 10.0])
    assert ranks(scores).tolist() == [3, 1, 1, 0, 4]


def test_ranks_within_parent_are_per_group() -> None:
    scores = np.array([15.0, 68.75, 70.0])
    assert ranks(scores, np.array([0, 0, 1])).tolist() == [2, 1, 1]
