"""Reads for the etalase (needs catalogue)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from sinergi.partners.selectors import region_within_q
from sinergi.synergy.models import EtalaseNeed, NeedAdoption


@dataclass(frozen=True)
class NeedFilters:
    region: str | None = None  # within this region's subtree
    target_group: str | None = None
    status: str | None = None
    query: str | None = None


def _related(needs: QuerySet[EtalaseNeed]) -> QuerySet[EtalaseNeed]:
    adoptions = NeedAdoption.objects.select_related("organisation", "intervention").order_by(
        "adopted_at", "pk"
    )
    return needs.select_related("region", "published_by").prefetch_related(
        Prefetch("adoptions", queryset=adoptions)
    )


def need_list(*, filters: NeedFilters) -> QuerySet[EtalaseNeed]:
    needs = EtalaseNeed.objects.all()
    if filters.region:
        needs = needs.filter(region_within_q("region__code", filters.region))
    if filters.target_group:
        needs = needs.filter(target_group=filters.target_group)
    if filters.status:
        needs = needs.filter(status=filters.status)
    if filters.query:
        needs = needs.filter(
            Q(title__icontains=filters.query) | Q(description__icontains=filters.query)
        )
    return _related(needs)


def need_get(*, need_id: int) -> EtalaseNeed | None:
    return _related(EtalaseNeed.objects.filter(pk=need_id)).first()
