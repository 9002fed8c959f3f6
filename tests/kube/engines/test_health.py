"""The business-health score against figures computed by hand (docs/methods/kube-health.md)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from sinergi.kube.engines.health import (
    HealthInput,
    MonthFigures,
    band_of,
    health_score,
    profitability,
    revenue_trend,
    savings_iks,
)


def _months(
    revenues: Sequence[float], costs: float = 0, savings: float = 0, iks: float = 0
) -> list[MonthFigures]:
    return [MonthFigures(revenue=r, costs=costs, savings=savings, iks=iks) for r in revenues]


def test_revenue_trend_compares_the_last_three_months_with_the_three_before() -> None:
    # prior 3 months: 100 + 100 + 100 = 300; recent: 150 + 150 + 150 = 450
    # (450 - 300) / 450 = 1/3 -> 0.5 + 0.5 / 3 = 0.6667
    months = _months([0] * 6 + [100, 100, 100, 150, 150, 150])
    assert revenue_trend(months) == pytest.approx(0.5 + 0.5 / 3)
    # falling from 300 to 0: (0 - 300) / 300 = -1 -> 0
    assert revenue_trend(_months([0] * 6 + [100] * 3 + [0] * 3)) == 0.0
    # steady: 0.5; nothing at all: 0
    assert revenue_trend(_months([100] * 12)) == 0.5
    assert revenue_trend(_months([0] * 12)) == 0.0


def test_profitability_reaches_one_at_a_thirty_percent_margin() -> None:
    # revenue 1000, costs 850 each month: margin 0.15 -> 0.15 / 0.30 = 0.5
    assert profitability(_months([1000] * 12, costs=850)) == pytest.approx(0.5)
    assert profitability(_months([1000] * 12, costs=500)) == 1.0
    assert profitability(_months([1000] * 12, costs=1200)) == 0.0
    assert profitability(_months([0] * 12, costs=100)) == 0.0


def test_savings_and_iks_regularity_counts_months() -> None:
    months = [
        MonthFigures(revenue=0, costs=0, savings=10 if i < 9 else 0, iks=5 if i < 3 else 0)
        for i in range(12)
    ]
    # savings in 9 months, IKS in 3: (9 + 3) / 24 = 0.5
    assert savings_iks(months) == 0.5
    assert savings_iks([]) == 0.0


def test_the_weighted_score_of_a_worked_example() -> None:
    # profitability 0.5, savings/IKS (12 + 4) / 24 = 2/3,
    # market links 2 / 3, mentoring 3 / 6 = 0.5
    months = [
        MonthFigures(
            revenue=1000 if i < 9 else 2000,
            costs=850 if i < 9 else 1700,
            savings=50,
            iks=20 if i % 3 == 0 else 0,
        )
        for i in range(12)
    ]
    # prior (months 7..9): 3 x 1000 = 3000; recent: 6000 -> (6000 - 3000) / 6000 = 0.5
    # -> trend 0.75. Margin: revenue 9000 + 6000 = 15000, profit 1350 + 900 = 2250 -> 0.15 -> 0.5
    result = health_score(HealthInput(months=months, buyers=2, sessions_6m=3))
    expected = 100 * (0.25 * 0.75 + 0.25 * 0.5 + 0.20 * (2 / 3) + 0.15 * (2 / 3) + 0.15 * 0.5)
    assert result.score == round(expected, 1) == 62.1
    assert result.band == "fair"
    assert result.components == {
        "revenue_trend": 0.75,
        "profitability": 0.5,
        "savings_iks": 0.667,
        "market_links": 0.667,
        "mentoring": 0.5,
    }


def test_a_group_with_nothing_recorded_scores_zero_and_caps_apply() -> None:
    empty = health_score(HealthInput(months=_months([0] * 12), buyers=0, sessions_6m=0))
    assert (empty.score, empty.band) == (0.0, "weak")
    full = health_score(
        HealthInput(
            months=_months([0] * 6 + [100] * 6, costs=10, savings=1, iks=1),
            buyers=10,
            sessions_6m=20,
        )
    )
    # trend: prior 300, recent 300 -> 0.5; everything else 1 -> 100 - 0.25 * 50 = 87.5
    assert full.score == 87.5
    assert full.band == "healthy"


def test_bands() -> None:
    assert [band_of(s) for s in (0, 39.9, 40, 69.9, 70, 100)] == [
        "weak",
        "weak",
        "fair",
        "fair",
        "healthy",
        "healthy",
    ]
