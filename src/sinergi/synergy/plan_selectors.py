"""Reads for recommendations and the allocation plan: weights, unit costs, pledges, scenarios."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from sinergi.core.taxonomy import PPKS
from sinergi.synergy.defaults import DEFAULT_UNIT_COSTS
from sinergi.synergy.engines.recommend import Weights
from sinergi.synergy.models import PlanScenario, Pledge, RecommendationWeights, UnitCost


def recommendation_weights() -> Weights:
    """The weights in force: the admin's row, or the documented defaults."""
    row = RecommendationWeights.objects.order_by("pk").first()
    if row is None:
        return Weights()
    return Weights(
        need=row.need,
        gap_exponent=row.gap_exponent,
        footprint=row.footprint,
        proximity=row.proximity,
        crowding=row.crowding,
        half_distance_km=row.half_distance_km,
        unfocused=row.unfocused,
    )


@dataclass(frozen=True)
class CostRow:
    target_group: str
    cost_idr: int
    basis: str
    is_default: bool


def unit_cost_list() -> list[CostRow]:
    """Every target group's unit cost: the admin's figure where set, else the default."""
    stored = {row.target_group: row for row in UnitCost.objects.all()}
    rows = []
    for group in PPKS:
        row = stored.get(group.key)
        if row is not None:
            rows.append(CostRow(group.key, row.cost_idr, row.basis, False))
        else:
            cost, basis = DEFAULT_UNIT_COSTS[group.key]
            rows.append(CostRow(group.key, cost, str(basis), True))
    return rows


def pledge_list(*, year: int) -> QuerySet[Pledge]:
    return (
        Pledge.objects.filter(year=year)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def scenario_list() -> QuerySet[PlanScenario]:
    return PlanScenario.objects.select_related("created_by")


def scenario_get(*, scenario_id: int) -> PlanScenario | None:
    return PlanScenario.objects.select_related("created_by").filter(pk=scenario_id).first()
