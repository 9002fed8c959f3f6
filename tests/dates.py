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
FIRST_YEAR, LAST_YEAR = 2024, 2032


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def awkward_dates(
    first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR
) -> st.SearchStrategy[date]:
    """Year ends, month ends and firsts, 29 February, quarter ends, and now and then any day,
    from 1 January ``first_year`` to 31 December ``last_year``."""
    years = st.integers(min_value=first_year, max_value=last_year)
    months = st.integers(min_value=1, max_value=12)
    leap_years = [year for year in range(first_year, last_year + 1) if calendar.isleap(year)]
    year_turns = years.flatmap(
        lambda year: st.sampled_from(
            [date(year, 12, 1), date(year, 12, 31)]
            + ([date(year + 1, 1, 1)] if year < last_year else [])
        )
    )
    return st.one_of(
        year_turns,
        st.builds(_month_end, years, months),
        st.builds(_month_end, years, st.sampled_from([3, 6, 9, 12])),
        st.builds(date, years, months, st.just(1)),
        st.sampled_from(leap_years).map(lambda year: date(year, 2, 29)),
        st.dates(min_value=date(first_year, 1, 1), max_value=date(last_year, 12, 31)),
    )


def jakarta_moment(day: date, at: time = time(10, 0)) -> datetime:
    """A moment on ``day`` as Sinergi's users see it (Asia/Jakarta), for time_machine."""
    return datetime.combine(day, at, tzinfo=JAKARTA)
