"""The indicator library in the API (mounted on the interventions router): anyone lists the
library, a signed-in member also sees their organisations' own indicators; national admins
add library indicators and change them (the code never changes: spreadsheets and reports
name it). An organisation's own indicators are made from its interventions' pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from sinergi.core.access import principal_for
from sinergi.core.problems import ApiError
from sinergi.core.schemas import Problem
from sinergi.interventions import presenters
from sinergi.interventions.access import get_indicator_for_user
from sinergi.interventions.indicator_services import indicator_update
from sinergi.interventions.schemas import (
    IndicatorCreateIn,
    IndicatorFiltersIn,
    IndicatorOut,
    IndicatorPage,
    IndicatorUpdateIn,
)
from sinergi.interventions.selectors import IndicatorFilters, indicator_list
from sinergi.interventions.services import indicator_create
from sinergi.partners.api_common import PUBLIC_ERRORS, SIGNED_IN, SIGNED_IN_ERRORS, actor, allowed
from sinergi.partners.schemas import ObjectId

router = Router(tags=["interventions"])
WRITE_ERRORS: dict[int, type[Problem]] = {**SIGNED_IN_ERRORS}


@router.get(
    "/indicators",
    response={200: IndicatorPage, **PUBLIC_ERRORS},
    summary="The indicator library (per function and programme, with SDG tags) and your "
    "organisations' own indicators",
)
def indicator_directory(request: HttpRequest, filters: Query[IndicatorFiltersIn]) -> IndicatorPage:
    found = indicator_list(
        organisation_ids=principal_for(request.user).organisation_ids(),
        filters=IndicatorFilters(
            function=filters.function, programme=filters.programme, q=filters.q
        ),
    )
    page = found[filters.offset : filters.offset + filters.limit]
    return IndicatorPage(
        items=[presenters.indicator_out(i) for i in page],
        count=found.count(),
        limit=filters.limit,
        offset=filters.offset,
    )


@router.post(
    "/indicators",
    response={201: IndicatorOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Add an indicator to the library (national admins)",
)
def indicator_create_endpoint(
    request: HttpRequest, payload: IndicatorCreateIn
) -> Status[IndicatorOut]:
    if not principal_for(request.user).is_national_admin:
        raise ApiError(403, _("Only national admins change the indicator library."))
    made = indicator_create(actor=actor(request), **payload.dict())
    return Status(201, presenters.indicator_out(made))


@router.patch(
    "/indicators/{indicator_id}",
    response={200: IndicatorOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Change a library indicator's name, unit, tags or counts_reached (national admins)",
)
def indicator_update_endpoint(
    request: HttpRequest, indicator_id: ObjectId, payload: IndicatorUpdateIn
) -> IndicatorOut:
    indicator = allowed(lambda: get_indicator_for_user(request.user, indicator_id, write=True))
    changes = payload.dict(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise ApiError(422, _("This field cannot be empty."), field=[name])
    changed = indicator_update(actor=actor(request), indicator=indicator, changes=changes)
    return presenters.indicator_out(changed)
