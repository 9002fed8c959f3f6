"""Business-health score of a KUBE group (pure; the formula is docs/methods/kube-health.md).

Five components, each between 0 and 1, weighted into a score from 0 to 100:

========================  ======  ====================================================
component                 weight  value
========================  ======  ====================================================
revenue trend             0.25    0.5 + 0.5·clamp((R3 - P3) / max(R3, P3), -1, 1);
                                  0 when both are 0 (R3: revenue of the last 3 months,
                                  P3: of the 3 months before)
profitability             0.25    clamp(margin / 0.30, 0, 1), margin = Σprofit / Σrevenue
                                  over the window (0 without revenue)
savings & IKS regularity  0.20    (months with savings > 0 + months with IKS > 0) / (2·W)
market links              0.15    min(distinct buyers with an order delivered in the
                                  window or confirmed and awaiting delivery / 3, 1)
mentoring frequency       0.15    min(sessions in the last 6 months / 6, 1)
========================  ======  ====================================================

W is the window length (12 months). Bands: below 40 "weak", 40 to below 70 "fair", 70 and
above "healthy".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WINDOW_MONTHS = 12
TARGET_MARGIN = 0.30
TARGET_BUYERS = 3
TARGET_SESSIONS = 6  # in the last six months: one a month
WEIGHTS: dict[str, float] = {
    "revenue_trend": 0.25,
    "profitability": 0.25,
    "savings_iks": 0.20,
    "market_links": 0.15,
    "mentoring": 0.15,
}


@dataclass(frozen=True)
class MonthFigures:
    revenue: float
    costs: float
    savings: float
    iks: float

    @property
    def profit(self) -> float:
        return self.revenue - self.costs


@dataclass(frozen=True)
class HealthInput:
    months: Sequence[MonthFigures]  # the window, oldest first; months without a ledger are 0
    buyers: int
    sessions_6m: int


@dataclass(frozen=True)
class HealthScore:
    score: float  # 0..100, one decimal
    band: str  # weak | fair | healthy
    components: dict[str, float]  # each 0..1, three decimals


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def revenue_trend(months: Sequence[MonthFigures]) -> float:
    recent = sum(m.revenue for m in months[-3:])
    prior = sum(m.revenue for m in months[-6:-3])
    top = max(recent, prior)
    if top <= 0:
        return 0.0
    return 0.5 + 0.5 * _clamp((recent - prior) / top, -1.0, 1.0)


def profitability(months: Sequence[MonthFigures]) -> float:
    revenue = sum(m.revenue for m in months)
    if revenue <= 0:
        return 0.0
    margin = sum(m.profit for m in months) / revenue
    return _clamp(margin / TARGET_MARGIN)


def savings_iks(months: Sequence[MonthFigures]) -> float:
    if not months:
        return 0.0
    regular = sum(1 for m in months if m.savings > 0) + sum(1 for m in months if m.iks > 0)
    return regular / (2 * len(months))


def band_of(score: float) -> str:
    if score >= 70:
        return "healthy"
    if score >= 40:
        return "fair"
    return "weak"


def health_score(data: HealthInput) -> HealthScore:
    components = {
        "revenue_trend": revenue_trend(data.months),
        "profitability": profitability(data.months),
        "savings_iks": savings_iks(data.months),
        "market_links": _clamp(data.buyers / TARGET_BUYERS),
        "mentoring": _clamp(data.sessions_6m / TARGET_SESSIONS),
    }
    score = round(100 * sum(WEIGHTS[k] * v for k, v in components.items()), 1)
    return HealthScore(
        score=score,
        band=band_of(score),
        components={k: round(v, 3) for k, v in components.items()},
    )
