"""The no-double-counting rule, on plain codes (docs/methods/interventions-counting.md)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sinergi.interventions import counting

# A province with a regency and one of its districts, and another province.
FIGURES = {"32": 1000, "32.73": 300, "32.73.01": 50, "35": 200}


def test_finer_locations_are_a_breakdown_of_the_wider_one() -> None:
    # 32 already includes 32.73 and 32.73.01: only 32 and 35 count.
    assert counting.total(FIGURES) == 1200


def test_a_regions_figure_uses_the_outermost_locations_inside_it() -> None:
    assert counting.total_within(FIGURES, "32.73") == 300
    assert counting.total_within(FIGURES, "32.73.01") == 50
    # A wider location says nothing about how many people in one of its regencies.
    assert counting.total_within(FIGURES, "32.04") == 0
    assert counting.total_within(FIGURES, "32") == 1000


def test_sibling_codes_are_not_nested() -> None:
    # 32.7 is not an ancestor of 32.73 although it is a string prefix.
    assert counting.outermost(["32.7", "32.73"]) == ["32.7", "32.73"]


def test_a_breakdown_may_not_exceed_its_total() -> None:
    assert counting.nesting_excess({"32": 100, "32.73": 60, "32.04": 50}) == {"32": 110}
    assert counting.nesting_excess({"32": 100, "32.73": 60, "32.73.01": 60}) == {}


def test_split_shares_add_up_and_follow_the_weights() -> None:
    assert counting.split(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert counting.split(100, {"a": 3, "b": 1}) == {"a": 75, "b": 25}
    assert counting.split(7, {"a": 0, "b": 0}) == {"a": 4, "b": 3}


@given(
    st.integers(min_value=0, max_value=10**6),
    st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 1000), min_size=1),
)
def test_split_never_loses_or_invents_people(amount: int, weights: dict[str, int]) -> None:
    assert sum(counting.split(amount, weights).values()) == amount


# Codes from a small tree, with string-prefix traps (32.7 / 32.73, 3 / 32).
CODES = st.sampled_from(
    ["3", "32", "32.7", "32.7.01", "32.73", "32.73.01", "32.73.01.2001", "32.73.02", "35"]
)


@given(st.lists(CODES, max_size=8))
def test_outermost_keeps_exactly_the_codes_inside_no_other(codes: list[str]) -> None:
    # The definition, checked pair by pair.
    expected = sorted(
        {c for c in codes if not any(o != c and counting.within(c, o) for o in codes)}
    )
    assert counting.outermost(codes) == expected
