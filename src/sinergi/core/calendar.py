"""Months and quarters as Sinergi counts them: pure date arithmetic, no Django.

Every "last 12 months" chart, ledger window, reporting quarter and due date goes through these
helpers, so that a window always holds exactly the months it names on any day of the year
(December included: "the last 12 months" on 2 December 2026 is 2026-01 … 2026-12, never
2025-12 … 2026-12). A month is named by its first day; a quarter by ``YYYY-Qn``.
"""

from __future__ import annotations

from datetime import date, timedelta


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    """The first day of the month ``count`` months after ``month``'s (before, when negative)."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """First days of every month from ``start``'s to ``end``'s, inclusive (empty if reversed)."""
    first, last = month_start(start), month_start(end)
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [add_months(first, offset) for offset in range(max(count, 0))]


def last_months(today: date, count: int = 12) -> list[date]:
    """The ``count`` months ending with ``today``'s month, oldest first (always ``count``)."""
    last = month_start(today)
    return [add_months(last, offset) for offset in range(1 - count, 1)]


def window_start(today: date, count: int = 12) -> date:
    """The first day of the oldest month in ``last_months(today, count)``."""
    return add_months(month_start(today), 1 - count)


def quarter_of(day: date) -> str:
    """``YYYY-Qn`` of the quarter ``day`` falls in."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(period: str) -> tuple[date, date]:
    """First and last day of a ``YYYY-Qn`` period."""
    year, quarter = int(period[:4]), int(period[-1])
    start = date(year, quarter * 3 - 2, 1)
    return start, add_months(start, 3) - timedelta(days=1)


def quarters_before(today: date, count: int) -> list[str]:
    """The ``count`` most recent quarters that have ended by ``today``, oldest first."""
    current = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    return [quarter_of(add_months(current, -3 * offset)) for offset in range(count, 0, -1)]
