"""The etalase, a catalogue of verified needs (``/api/v1/synergy/etalase…``). Coordinators
publish needs for regions they coordinate; partners browse, filter and adopt one for their own
organisation, which makes it a planned intervention linked to the need."""

from __future__ import annotations

import mimetypes

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile

from sinergi.core.access import principal_for
from sinergi.partners.api_common import SIGNED_IN, SIGNED_IN_ERRORS, actor, region_filter
from sinergi.partners.schemas import ObjectId
from sinergi.synergy.access import (
    get_adopting_organisation_for_user,
    get_need_for_user,
    may_publish,
)
from sinergi.synergy.etalase_selectors import NeedFilters, need_list
from sinergi.synergy.etalase_services import (
    AdoptionData,
    NeedData,
    need_adopt,
    need_publish,
    need_withdraw,
)
from sinergi.synergy.models import EtalaseNeed
from sinergi.synergy.plan_schemas import (
    AdoptionIn,
    AdoptionOut,
    NeedFiltersIn,
    NeedIn,
    NeedOut,
    NeedPage,
)

router = Router(tags=["synergy"])


def need_out(need: EtalaseNeed) -> NeedOut:
    return NeedOut(
        id=need.pk,
        region=need.region_id,
        region_name=need.region.name,
        target_group=need.target_group,
        title=need.title,
        description=need.description,
        people=need.people,
        budget_idr=need.budget_idr,
        status=need.status,  # type: ignore[arg-type]
        adopted_people=need.adopted_people,
        has_evidence=bool(need.evidence),
        published_at=need.published_at,
        adoptions=[
            AdoptionOut(
                organisation_id=a.organisation_id,
                organisation=a.organisation.name,
                intervention_id=a.intervention_id,
                people=a.people,
                adopted_at=a.adopted_at,
            )
            for a in need.adoptions.all()
        ],
    )


@router.get(
    "/synergy/etalase",
    response={200: NeedPage, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Published needs, newest first, filtered by region, target group, status or text",
)
def needs(request: HttpRequest, filters: Query[NeedFiltersIn]) -> NeedPage:
    region = region_filter(filters.region) if filters.region else None
    found = need_list(
        filters=NeedFilters(
            region=region, target_group=filters.target_group, status=filters.status, query=filters.q
        )
    )
    page = found[filters.offset : filters.offset + filters.limit]
    return NeedPage(
        items=[need_out(n) for n in page],
        count=found.count(),
        limit=filters.limit,
        offset=filters.offset,
    )


@router.post(
    "/synergy/etalase",
    response={201: NeedOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Publish a verified need (coordinators, in their regions; evidence optional)",
)
def need_create(
    request: HttpRequest, payload: Form[NeedIn], evidence: File[UploadedFile | None] = None
) -> Status[NeedOut]:
    region = region_filter(payload.region)
    if not may_publish(principal_for(request.user), region):
        raise Http404(_("You coordinate no region that holds this one."))
    data = NeedData(
        region=region,
        target_group=payload.target_group,
        title=payload.title,
        people=payload.people,
        budget_idr=payload.budget_idr,
        description=payload.description,
    )
    try:
        need = need_publish(
            actor=actor(request),
            data=data,
            evidence=evidence,
            evidence_name=(evidence.name or "") if evidence else "",
        )
    except PermissionDenied as error:
        raise Http404(str(error)) from error
    return Status(201, need_out(get_need_for_user(request.user, need.pk)))


@router.get(
    "/synergy/etalase/{need_id}",
    response={200: NeedOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="One published need with its adoptions",
)
def need_detail(request: HttpRequest, need_id: ObjectId) -> NeedOut:
    return need_out(get_need_for_user(request.user, need_id))


@router.delete(
    "/synergy/etalase/{need_id}",
    response={204: None, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Withdraw a need nobody has adopted (its region's coordinators)",
)
def need_delete(request: HttpRequest, need_id: ObjectId) -> Status[None]:
    need = get_need_for_user(request.user, need_id, write=True)
    need_withdraw(actor=actor(request), need=need)
    return Status(204, None)


@router.post(
    "/synergy/etalase/{need_id}/adoptions",
    response={201: NeedOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Adopt (part of) a need for your organisation: it becomes a planned intervention",
)
def need_adoption(request: HttpRequest, need_id: ObjectId, payload: AdoptionIn) -> Status[NeedOut]:
    need = get_need_for_user(request.user, need_id)
    organisation = get_adopting_organisation_for_user(request.user, payload.organisation_id)
    data = AdoptionData(
        people=payload.people,
        function=payload.function,
        budget_idr=payload.budget_idr,
        start_date=payload.start_date,
        end_date=payload.end_date,
    )
    need_adopt(actor=actor(request), need=need, organisation=organisation, data=data)
    return Status(201, need_out(get_need_for_user(request.user, need_id)))


@router.get(
    "/synergy/etalase/{need_id}/evidence",
    response={200: None, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="The need's evidence file (PDF or image)",
)
def need_evidence(request: HttpRequest, need_id: ObjectId) -> FileResponse:
    need = get_need_for_user(request.user, need_id)
    if not need.evidence:
        raise Http404(_("This need has no evidence file."))
    content_type = mimetypes.guess_type(need.evidence.name or "")[0] or "application/octet-stream"
    return FileResponse(
        need.evidence.open("rb"),
        as_attachment=True,
        filename=need.evidence_name,
        content_type=content_type,
    )
