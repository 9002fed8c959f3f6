"""A hypothesis strategy for "today" that favours the days where date arithmetic breaks.

Uniformly drawn dates almost never land on 31 December or 29 February, which is where
"the last 12 months", quarter windows and due dates have gone wrong before; this strategy picks
those days most of the time and an ordinary day otherwise.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

JAKARTA = ZoneInfo("Asia/Jakarta")
YEARS = st.integers(min_value=2024, max_value=2032)
LEAP_YEARS = st.sampled_from([2024, 2028, 2032])


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@st.composite
def _month_ends(draw: st.DrawFn) -> date:
    return _month_end(draw(YEARS), draw(st.integers(min_value=1, max_value=12)))


@st.composite
def _quarter_ends(draw: st.DrawFn) -> date:
    return _month_end(draw(YEARS), draw(st.sampled_from([3, 6, 9, 12])))


@st.composite
def _year_turns(draw: st.DrawFn) -> date:
    year = draw(YEARS)
    return draw(st.sampled_from([date(year, 12, 31), date(year + 1, 1, 1), date(year, 12, 1)]))


@st.composite
def _months_firsts(draw: st.DrawFn) -> date:
    return date(draw(YEARS), draw(st.integers(min_value=1, max_value=12)), 1)


def awkward_dates() -> st.SearchStrategy[date]:
    """Year ends, month ends and firsts, 29 February, quarter ends, and now and then any day."""
    return st.one_of(
        _year_turns(),
        _month_ends(),
        _quarter_ends(),
        _months_firsts(),
        LEAP_YEARS.map(lambda year: date(year, 2, 29)),
        st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31)),
    )


def jakarta_moment(day: date, at: time = time(10, 0)) -> datetime:
    """A moment on ``day`` as Sinergi's users see it (Asia/Jakarta), for time_machine."""
    return datetime.combine(day, at, tzinfo=JAKARTA)
