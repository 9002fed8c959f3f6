"""Admin for synergy records (national admins): recommendation weights and unit costs are
edited here, through services (audit log); scenarios and the etalase are read-only records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sinergi.core.models import User
from sinergi.synergy.models import (
    EtalaseNeed,
    PlanScenario,
    Pledge,
    RecommendationWeights,
    UnitCost,
)
from sinergi.synergy.plan_services import WEIGHT_FIELDS, recommendation_weights_set, unit_cost_set


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(RecommendationWeights)
class RecommendationWeightsAdmin(admin.ModelAdmin[RecommendationWeights]):
    list_display = (
        "need",
        "footprint",
        "proximity",
        "crowding",
        "half_distance_km",
        "unfocused",
        "updated_at",
    )
    fields = WEIGHT_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not RecommendationWeights.objects.exists()

    def save_model(
        self, request: HttpRequest, obj: RecommendationWeights, form: Any, change: bool
    ) -> None:
        saved = recommendation_weights_set(
            actor=_user(request), values={name: getattr(obj, name) for name in WEIGHT_FIELDS}
        )
        obj.pk = saved.pk


@admin.register(UnitCost)
class UnitCostAdmin(admin.ModelAdmin[UnitCost]):
    list_display = ("target_group", "cost_idr", "basis", "updated_at")
    fields = ("target_group", "cost_idr", "basis")

    def save_model(self, request: HttpRequest, obj: UnitCost, form: Any, change: bool) -> None:
        saved = unit_cost_set(
            actor=_user(request),
            target_group=obj.target_group,
            cost_idr=obj.cost_idr,
            basis=obj.basis,
        )
        obj.pk = saved.pk


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "year", "amount_idr", "updated_at")
    list_filter = ("year",)


@admin.register(PlanScenario)
class PlanScenarioAdmin(ReadOnlyAdmin):
    list_display = ("name", "year", "created_by", "created_at")


@admin.register(EtalaseNeed)
class EtalaseNeedAdmin(ReadOnlyAdmin):
    list_display = ("title", "region", "target_group", "people", "status", "published_at")
    list_filter = ("status", "target_group")
