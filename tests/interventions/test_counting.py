"""The no-double-counting rule, on plain codes (docs/methods/interventions-counting.md)."""

from __future__ import annotations

from hypothesis import assume, given
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


# ``apportion``: an approved total over an intervention's locations, weighed by the declared
# (reached, targeted) figures. Every expected share below is worked out by hand.


def test_apportion_follows_the_declared_reach_of_the_outermost_locations() -> None:
    # Declared 30 and 10 reached: 100 approved people go 3 : 1.
    declared = {"32.73": (30, 100), "35.78": (10, 200)}
    assert counting.apportion(100, declared) == {"32.73": 75, "35.78": 25}


def test_apportion_falls_back_on_the_targets_when_no_reach_is_declared() -> None:
    # Targets 300 : 100 of 10 people: 7.5 and 2.5, floored to 7 and 2; the remainders tie
    # (0.5 each) and the one left over goes to the first code.
    declared = {"32.73": (0, 300), "35.78": (0, 100)}
    assert counting.apportion(10, declared) == {"32.73": 8, "35.78": 2}


def test_apportion_shares_equally_when_nothing_is_declared() -> None:
    declared = {"32.73": (0, 0), "35.78": (0, 0), "64.71": (0, 0)}
    assert counting.apportion(10, declared) == {"32.73": 4, "35.78": 3, "64.71": 3}


def test_a_nested_breakdown_gets_its_part_of_its_outer_share_and_never_adds() -> None:
    # 32 and 35 declare 100 and 50: 30 people go 20 and 10. Inside 32, 32.73 declared 40 of
    # its 100 (8 of the 20) and 32.73.01 declared 10 of 100 (2 of the 20).
    declared = {"32": (100, 0), "32.73": (40, 0), "32.73.01": (10, 0), "35": (50, 0)}
    shares = counting.apportion(30, declared)
    assert shares == {"32": 20, "32.73": 8, "32.73.01": 2, "35": 10}
    assert counting.total(shares) == 30
    assert counting.total_within(shares, "32.73") == 8


def test_a_breakdown_larger_than_its_outer_location_gets_no_more_than_it() -> None:
    # 32.73 declares more than the province around it: it gets the whole outer share, 7.
    shares = counting.apportion(7, {"32": (50, 0), "32.73": (80, 0)})
    assert shares == {"32": 7, "32.73": 7}


def test_apportion_of_nothing() -> None:
    assert counting.apportion(50, {}) == {}
    assert counting.apportion(0, {"32.73": (10, 20)}) == {"32.73": 0}


@given(
    st.integers(min_value=0, max_value=10**6),
    st.dictionaries(CODES, st.tuples(st.integers(0, 1000), st.integers(0, 1000)), min_size=1),
)
def test_apportioned_shares_add_up_to_the_approved_total_exactly(
    amount: int, declared: dict[str, tuple[int, int]]
) -> None:
    # Stored figures never have a breakdown larger than its location (the services refuse it).
    for figure in (0, 1):
        assume(not counting.nesting_excess({c: f[figure] for c, f in declared.items()}))
    shares = counting.apportion(amount, declared)
    assert set(shares) == set(declared)
    assert sum(shares[code] for code in counting.outermost(declared)) == amount
    assert counting.total(shares) == amount
    # A breakdown never holds more than the location it lies in.
    for code, share in shares.items():
        for outer in declared:
            if outer != code and counting.within(code, outer):
                assert share <= shares[outer]
