"""The month and quarter helpers hold on every day: property tests over dates that favour the
days where window arithmetic usually breaks (year ends, month ends, 29 February, quarter ends),
plus the named cases from issue 12."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.core.calendar import (
    add_months,
    last_months,
    month_start,
    months_between,
    quarter_bounds,
    quarter_of,
    quarters_before,
    window_start,
)
from tests.dates import awkward_dates

# The helpers are pure and fast; a few hundred examples per property still run in well under
# a second each.
PROPERTY = settings(max_examples=300, deadline=None)


def _months_apart(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


@PROPERTY
@given(day=awkward_dates(), count=st.integers(min_value=1, max_value=36))
def test_last_months_is_count_consecutive_months_ending_with_this_month(
    day: date, count: int
) -> None:
    months = last_months(day, count)

    assert len(months) == count
    assert months[-1] == date(day.year, day.month, 1)
    assert all(month.day == 1 for month in months)
    assert all(_months_apart(a, b) == 1 for a, b in itertools.pairwise(months))
    assert months[0] == window_start(day, count)


@PROPERTY
@given(day=awkward_dates(), count=st.integers(min_value=-400, max_value=400))
def test_add_months_round_trips(day: date, count: int) -> None:
    moved = add_months(day, count)

    assert moved.day == 1
    assert _months_apart(month_start(day), moved) == count
    assert add_months(moved, -count) == month_start(day)


@PROPERTY
@given(start=awkward_dates(), end=awkward_dates())
def test_months_between_has_one_entry_per_month_inclusive(start: date, end: date) -> None:
    months = months_between(start, end)

    if month_start(end) < month_start(start):
        assert months == []
    else:
        assert len(months) == _months_apart(start, end) + 1
        assert months[0] == month_start(start)
        assert months[-1] == month_start(end)
        assert len(set(months)) == len(months)


@PROPERTY
@given(day=awkward_dates())
def test_a_day_lies_within_its_quarters_bounds(day: date) -> None:
    first, last = quarter_bounds(quarter_of(day))

    assert first <= day <= last
    assert first.day == 1
    assert first.month in (1, 4, 7, 10)
    # The last day really is the last: the next day starts the next quarter.
    assert quarter_of(last + timedelta(days=1)) != quarter_of(day)
    assert quarter_of(first - timedelta(days=1)) != quarter_of(day)


@PROPERTY
@given(day=awkward_dates(), count=st.integers(min_value=1, max_value=12))
def test_quarters_before_are_consecutive_and_all_ended(day: date, count: int) -> None:
    quarters = quarters_before(day, count)

    assert len(quarters) == count
    bounds = [quarter_bounds(quarter) for quarter in quarters]
    assert all(end < day for _, end in bounds)
    # The newest one is the quarter just before today's: nothing that has ended is skipped.
    assert bounds[-1][1] + timedelta(days=1) == quarter_bounds(quarter_of(day))[0]
    assert all(
        previous_end + timedelta(days=1) == next_start
        for (_, previous_end), (next_start, _) in itertools.pairwise(bounds)
    )


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (date(2026, 12, 2), date(2026, 1, 1), date(2026, 12, 1)),
        (date(2026, 12, 31), date(2026, 1, 1), date(2026, 12, 1)),
        (date(2027, 1, 1), date(2026, 2, 1), date(2027, 1, 1)),
        (date(2028, 2, 29), date(2027, 3, 1), date(2028, 2, 1)),
        (date(2026, 3, 31), date(2025, 4, 1), date(2026, 3, 1)),
        (date(2026, 6, 30), date(2025, 7, 1), date(2026, 6, 1)),
    ],
)
def test_last_twelve_months_on_named_days(today: date, first: date, last: date) -> None:
    months = last_months(today)

    assert (months[0], months[-1], len(months)) == (first, last, 12)


@pytest.mark.parametrize(
    ("today", "quarter", "previous"),
    [
        (date(2026, 12, 2), "2026-Q4", ["2026-Q2", "2026-Q3"]),
        (date(2026, 12, 31), "2026-Q4", ["2026-Q2", "2026-Q3"]),
        (date(2027, 1, 1), "2027-Q1", ["2026-Q3", "2026-Q4"]),
        (date(2028, 2, 29), "2028-Q1", ["2027-Q3", "2027-Q4"]),
        # The last day of a quarter: that quarter has not ended yet.
        (date(2026, 3, 31), "2026-Q1", ["2025-Q3", "2025-Q4"]),
        (date(2026, 6, 30), "2026-Q2", ["2025-Q4", "2026-Q1"]),
    ],
)
def test_quarters_on_named_days(today: date, quarter: str, previous: list[str]) -> None:
    assert quarter_of(today) == quarter
    assert quarters_before(today, 2) == previous


def test_quarter_bounds_of_a_leap_first_quarter() -> None:
    assert quarter_bounds("2028-Q1") == (date(2028, 1, 1), date(2028, 3, 31))
    assert quarter_bounds("2026-Q4") == (date(2026, 10, 1), date(2026, 12, 31))


def test_add_months_across_year_ends() -> None:
    assert add_months(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert add_months(date(2027, 1, 1), -1) == date(2026, 12, 1)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 1)
    assert months_between(date(2026, 11, 30), date(2027, 2, 1)) == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
        date(2027, 2, 1),
    ]
