"""Recommendations (``/api/v1/synergy/recommendations/…``): for an organisation, the cells
where its passion meets the largest unmet need; for a regency, the organisations that fit its
largest gaps. Both ranked, each with its reasons in the reader's language."""

from __future__ import annotations

from dataclasses import asdict

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from sinergi.partners.access import get_organisation_for_user
from sinergi.partners.api_common import PUBLIC_ERRORS, region_filter
from sinergi.partners.schemas import ObjectId, RegionCode
from sinergi.regions.models import Region
from sinergi.synergy import recommendations
from sinergi.synergy.needs import regency_of
from sinergi.synergy.plan_schemas import RecommendationOut, RecommendationQuery

router = Router(tags=["synergy"])


def default_year(year: int | None) -> int:
    return year or timezone.localdate().year


def regency_for(code: str) -> Region:
    """The regency a region code names or lies in; a province or an unknown code is a 404."""
    regency = regency_of(region_filter(code))
    region = (
        Region.objects.filter(code=regency, retired_on__isnull=True).first() if regency else None
    )
    if region is None:
        raise Http404(_("No regency has this code."))
    return region


@router.get(
    "/synergy/recommendations/organisations/{organisation_id}",
    response={200: list[RecommendationOut], **PUBLIC_ERRORS},
    summary="Where an organisation's passion meets the largest unmet need, best first",
)
def recommendations_for_organisation(
    request: HttpRequest, organisation_id: ObjectId, query: Query[RecommendationQuery]
) -> list[RecommendationOut]:
    organisation = get_organisation_for_user(request.user, organisation_id)
    found = recommendations.for_organisation(
        organisation=organisation, year=default_year(query.year), limit=query.limit
    )
    return [RecommendationOut(**asdict(r)) for r in found]


@router.get(
    "/synergy/recommendations/regions/{code}",
    response={200: list[RecommendationOut], **PUBLIC_ERRORS},
    summary="The organisations whose passion and footprint fit a regency's largest gaps",
)
def recommendations_for_region(
    request: HttpRequest, code: RegionCode, query: Query[RecommendationQuery]
) -> list[RecommendationOut]:
    region = regency_for(code)
    found = recommendations.for_region(
        region=region.code, year=default_year(query.year), limit=query.limit
    )
    return [RecommendationOut(**asdict(r)) for r in found]
