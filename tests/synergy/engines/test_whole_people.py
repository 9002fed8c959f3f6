"""Whole people from the LP's fractions: largest remainder, parts add up to the rounded total."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinergi.synergy.engines.allocation import whole_people


def test_largest_remainders_get_the_missing_people() -> None:
    # 2,083.3 + 1,416.4 + 500.3 = 4,000.0: floors give 3,999, the largest remainder (.4) gets one.
    assert whole_people([2083.3, 1416.4, 500.3]) == [2083, 1417, 500]
    assert whole_people([0.5, 0.5]) == [1, 0]  # a tie goes to the earlier row
    assert whole_people([2.9999999999, 1.0000000001]) == [3, 1]  # float noise is not a person
    assert whole_people([]) == []
    assert whole_people([0.2, 0.2]) == [0, 0]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e7, allow_nan=False), max_size=40))
def test_parts_are_whole_close_and_add_up(values: list[float]) -> None:
    whole = whole_people(values)
    assert all(isinstance(v, int) for v in whole)
    assert abs(sum(whole) - math.fsum(values)) <= 0.5 + 1e-6  # the total, rounded
    assert all(abs(w - v) < 1 + 1e-6 for w, v in zip(whole, values, strict=True))
