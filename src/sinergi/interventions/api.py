"""Interventions, their results and progress reports (``/api/v1/interventions``,
``/api/v1/intervention-reports``, ``/api/v1/indicators``).

Lists and public interventions need no account; internal ones are 404 to those who may not
see them. Writes need a session. Edits carry the ``version`` the client read: a stale one is a
409 problem, never a silent overwrite; so is any change to an approved (locked) report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from sinergi.core.access import principal_for
from sinergi.core.problems import ApiError, problem_response
from sinergi.core.schemas import FieldError, Problem
from sinergi.core.tabular import ImportRejected, UnreadableFile
from sinergi.interventions import presenters
from sinergi.interventions.access import (
    EDITING_ROLES,
    get_intervention_for_user,
    get_report_for_user,
    visible_interventions_q,
)
from sinergi.interventions.evidence_api import router as evidence_router
from sinergi.interventions.export_api import router as export_router
from sinergi.interventions.indicator_api import router as indicator_router
from sinergi.interventions.report_services import (
    ValueEntry,
    report_approve,
    report_create,
    report_reopen,
    report_return,
    report_submit,
    report_update,
)
from sinergi.interventions.schemas import (
    ImportReportOut,
    InterventionCreateIn,
    InterventionDetailOut,
    InterventionFieldsIn,
    InterventionFiltersIn,
    InterventionPage,
    InterventionUpdateIn,
    ReportIn,
    ReportOut,
    ReportUpdateIn,
    ResultOut,
    ReviewIn,
    TrackIn,
)
from sinergi.interventions.selectors import (
    COUNT_CAP,
    InterventionFilters,
    count_capped,
    indicator_get,
    intervention_get,
    intervention_list,
    intervention_page,
    intervention_results,
    report_get,
    report_list,
    review_queue,
)
from sinergi.interventions.services import (
    InterventionData,
    LocationEntry,
    Locked,
    StaleVersion,
    intervention_create,
    intervention_indicator_set,
    intervention_update,
)
from sinergi.interventions.spreadsheet import interventions_import
from sinergi.partners.access import get_agreement_for_user, get_organisation_for_user
from sinergi.partners.api_common import PUBLIC_ERRORS, SIGNED_IN, actor
from sinergi.partners.schemas import ObjectId
from sinergi.regions.codes import InvalidCodeError, normalise_code

router = Router(tags=["interventions"])
router.add_router("", export_router)
router.add_router("", evidence_router)
router.add_router("", indicator_router)
T = TypeVar("T")
WRITE_ERRORS: dict[int, type[Problem]] = {
    401: Problem,
    403: Problem,
    409: Problem,
    **PUBLIC_ERRORS,
}


def _allowed(call: Callable[[], T]) -> T:
    """Run a write; refusals, stale versions and locked reports become problems."""
    try:
        return call()
    except PermissionDenied as error:
        raise ApiError(403, str(error)) from error
    except StaleVersion as error:
        raise ApiError(
            409,
            _("Someone changed this since you read it (now version %(version)s); reload.")
            % {"version": error.current},
            field=["version"],
        ) from error
    except Locked as error:
        raise ApiError(409, str(error)) from error


def _data(payload: InterventionFieldsIn) -> InterventionData:
    try:
        locations = [
            LocationEntry(normalise_code(loc.region), loc.targeted, loc.reached)
            for loc in payload.locations
        ]
    except InvalidCodeError as error:
        raise ApiError(422, _("Not a Kemendagri region code."), field=["locations"]) from error
    return InterventionData(
        ref=payload.ref,
        title=payload.title,
        function=payload.function,
        description=payload.description,
        programme=payload.programme,
        status=payload.status,
        start_date=payload.start_date,
        end_date=payload.end_date,
        budget_idr=payload.budget_idr,
        spend_idr=payload.spend_idr,
        unit=payload.unit,
        location_mode=payload.location_mode,
        targeted=payload.targeted,
        reached=payload.reached,
        breakdown={
            str(figure): {str(k): v for k, v in parts.items()}
            for figure, parts in payload.breakdown.items()
        },
        target_groups=list(payload.target_groups),
        locations=locations,
        parties=[(party.organisation, party.role) for party in payload.parties],
        agreement_id=payload.agreement,
        visibility=payload.visibility,
    )


def _check_links(request: HttpRequest, payload: InterventionFieldsIn) -> None:
    """Partner organisations and the agreement must exist and be visible to the user."""
    try:
        for party in payload.parties:
            get_organisation_for_user(request.user, party.organisation)
    except Http404 as error:
        raise ApiError(422, str(error), field=["parties"]) from error
    if payload.agreement is not None:
        try:
            get_agreement_for_user(request.user, payload.agreement)
        except Http404 as error:
            raise ApiError(422, str(error), field=["agreement"]) from error


def _detail(request: HttpRequest, intervention_id: int) -> InterventionDetailOut:
    fresh = intervention_get(intervention_id=intervention_id)
    if fresh is None:
        raise Http404(_("No intervention has this number."))
    return presenters.intervention_detail_out(fresh, principal_for(request.user))


@router.get(
    "/interventions",
    response={200: InterventionPage, **PUBLIC_ERRORS},
    summary="Interventions (5W) you may see, filtered by function, programme, target group, "
    "organisation, region, status and period",
)
def intervention_directory(
    request: HttpRequest, filters: Query[InterventionFiltersIn]
) -> InterventionPage:
    region = None
    if filters.region:
        try:
            region = normalise_code(filters.region)
        except InvalidCodeError as error:
            raise ApiError(422, _("Not a Kemendagri region code."), field=["region"]) from error
    found = intervention_list(
        visible=visible_interventions_q(principal_for(request.user)),
        filters=InterventionFilters(
            function=filters.function,
            programme=filters.programme,
            target_group=filters.target_group,
            organisation=filters.organisation,
            region=region,
            status=filters.status,
            active_on_or_after=filters.active_from,
            active_until=filters.active_until,
            q=filters.q,
        ),
    )
    page = intervention_page(found, offset=filters.offset, limit=filters.limit)
    counted = count_capped(found)
    return InterventionPage(
        items=[presenters.intervention_out(i) for i in page],
        count=min(counted, COUNT_CAP),
        count_capped=counted > COUNT_CAP,
        limit=filters.limit,
        offset=filters.offset,
    )


@router.post(
    "/interventions",
    response={201: InterventionDetailOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Record an intervention for an organisation you edit for",
)
def intervention_create_endpoint(
    request: HttpRequest, payload: InterventionCreateIn
) -> Status[InterventionDetailOut]:
    organisation = get_organisation_for_user(request.user, payload.organisation)
    principal = principal_for(request.user)
    if not principal.is_national_admin and organisation.pk not in principal.organisation_ids(
        EDITING_ROLES
    ):
        raise ApiError(
            403,
            _("Only the organisation's partner admins and editors record its interventions."),
            field=["organisation"],
        )
    _check_links(request, payload)
    made = intervention_create(actor=actor(request), organisation=organisation, data=_data(payload))
    return Status(201, _detail(request, made.pk))


# Registered before the /interventions/{intervention_id} routes, which would match "import".
@router.post(
    "/interventions/import",
    response={200: ImportReportOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Upload the 3W spreadsheet (CSV or XLSX) for an organisation; all or nothing",
)
def intervention_import(
    request: HttpRequest,
    organisation: ObjectId,
    file: File[UploadedFile],
    dry_run: bool = False,
) -> ImportReportOut | HttpResponse:
    """Rows match on the organisation's ``ref``. Every bad cell is listed in the problem's
    ``errors`` as ``loc = [row, column]``."""
    owner = get_organisation_for_user(request.user, organisation)
    principal = principal_for(request.user)
    if not principal.is_national_admin and owner.pk not in principal.organisation_ids(
        EDITING_ROLES
    ):
        raise ApiError(403, _("You may not change this organisation's interventions."))
    try:
        report = interventions_import(
            file=file,
            filename=file.name or "",
            actor=actor(request),
            organisation=owner,
            dry_run=dry_run,
        )
    except UnreadableFile as error:
        raise ApiError(422, str(error), field=["file"]) from error
    except ImportRejected as rejected:
        errors = [
            FieldError(
                loc=[e.row, e.column], msg=f"{e.reason} ({e.value})" if e.value else e.reason
            )
            for e in rejected.errors[:1000]
        ]
        detail = _("%(count)s error(s); nothing was imported.") % {"count": len(rejected.errors)}
        return problem_response(422, detail, errors)
    return presenters.import_report_out(report)


@router.get(
    "/interventions/{intervention_id}",
    response={200: InterventionDetailOut, **PUBLIC_ERRORS},
    summary="One intervention, with its locations, partners and your rights on it",
)
def intervention_detail(request: HttpRequest, intervention_id: ObjectId) -> InterventionDetailOut:
    return _detail(request, get_intervention_for_user(request.user, intervention_id).pk)


@router.put(
    "/interventions/{intervention_id}",
    response={200: InterventionDetailOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Replace an intervention's fields; a stale version is a 409",
)
def intervention_update_endpoint(
    request: HttpRequest, intervention_id: ObjectId, payload: InterventionUpdateIn
) -> InterventionDetailOut:
    intervention = _allowed(
        lambda: get_intervention_for_user(request.user, intervention_id, write=True)
    )
    _check_links(request, payload)
    _allowed(
        lambda: intervention_update(
            actor=actor(request),
            intervention=intervention,
            data=_data(payload),
            version=payload.version,
        )
    )
    return _detail(request, intervention.pk)


@router.get(
    "/interventions/{intervention_id}/results",
    response={200: list[ResultOut], **PUBLIC_ERRORS},
    summary="Tracked indicators with targets, values per period and approved totals",
)
def intervention_results_endpoint(
    request: HttpRequest, intervention_id: ObjectId
) -> list[ResultOut]:
    intervention = get_intervention_for_user(request.user, intervention_id)
    return [presenters.result_out(r) for r in intervention_results(intervention=intervention)]


@router.post(
    "/interventions/{intervention_id}/indicators",
    response={200: list[ResultOut], **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Track an indicator (library or the organisation's own) with baseline and targets",
)
def intervention_track(
    request: HttpRequest, intervention_id: ObjectId, payload: TrackIn
) -> list[ResultOut]:
    intervention = _allowed(
        lambda: get_intervention_for_user(request.user, intervention_id, write=True)
    )
    indicator = indicator_get(indicator_id=payload.indicator)
    if indicator is None:
        raise ApiError(422, _("No indicator has this number."), field=["indicator"])
    intervention_indicator_set(
        actor=actor(request),
        intervention=intervention,
        indicator=indicator,
        baseline=payload.baseline,
        target=payload.target,
        targets=payload.targets,
    )
    return [presenters.result_out(r) for r in intervention_results(intervention=intervention)]


@router.get(
    "/interventions/{intervention_id}/reports",
    response={200: list[ReportOut], **PUBLIC_ERRORS},
    summary="An intervention's progress reports, one per period",
)
def intervention_reports(request: HttpRequest, intervention_id: ObjectId) -> list[ReportOut]:
    intervention = get_intervention_for_user(request.user, intervention_id)
    reports = report_list(intervention=intervention).prefetch_related(
        "values__indicator__indicator"
    )
    return [presenters.report_out(r) for r in reports]


@router.post(
    "/interventions/{intervention_id}/reports",
    response={201: ReportOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Start a draft progress report for a period",
)
def intervention_report_create(
    request: HttpRequest, intervention_id: ObjectId, payload: ReportIn
) -> Status[ReportOut]:
    intervention = _allowed(
        lambda: get_intervention_for_user(request.user, intervention_id, write=True)
    )
    report = report_create(actor=actor(request), intervention=intervention, period=payload.period)
    return Status(201, _report(report.pk))


def _report(report_id: int) -> ReportOut:
    report = report_get(report_id=report_id)
    if report is None:
        raise Http404(_("No report has this number."))
    return presenters.report_out(report)


@router.get(
    "/intervention-reports/queue",
    response={200: list[ReportOut], **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Submitted reports waiting for your review (coordinators: your regions)",
)
def report_queue(request: HttpRequest) -> list[ReportOut]:
    principal = principal_for(request.user)
    regions = None if principal.is_national_admin else principal.coordinated_regions()
    reports = review_queue(regions=regions).prefetch_related("values__indicator__indicator")
    return [presenters.report_out(r) for r in reports]


@router.get(
    "/intervention-reports/{report_id}",
    response={200: ReportOut, **PUBLIC_ERRORS},
    summary="One progress report",
)
def report_detail(request: HttpRequest, report_id: ObjectId) -> ReportOut:
    return _report(get_report_for_user(request.user, report_id).pk)


@router.put(
    "/intervention-reports/{report_id}",
    response={200: ReportOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Change a draft or returned report's values and narrative; stale version is 409",
)
def report_update_endpoint(
    request: HttpRequest, report_id: ObjectId, payload: ReportUpdateIn
) -> ReportOut:
    report = _allowed(lambda: get_report_for_user(request.user, report_id, write=True))
    values = {
        v.indicator: ValueEntry(v.value, {str(k): n for k, n in v.breakdown.items()})
        for v in payload.values
    }
    _allowed(
        lambda: report_update(
            actor=actor(request),
            report=report,
            narrative=payload.narrative,
            values=values,
            version=payload.version,
        )
    )
    return _report(report.pk)


@router.post(
    "/intervention-reports/{report_id}/submit",
    response={200: ReportOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Submit a report for review",
)
def report_submit_endpoint(request: HttpRequest, report_id: ObjectId) -> ReportOut:
    report = _allowed(lambda: get_report_for_user(request.user, report_id, write=True))
    _allowed(lambda: report_submit(actor=actor(request), report=report))
    return _report(report.pk)


@router.post(
    "/intervention-reports/{report_id}/approve",
    response={200: ReportOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Approve a submitted report (locks the period)",
)
def report_approve_endpoint(request: HttpRequest, report_id: ObjectId) -> ReportOut:
    report = _allowed(lambda: get_report_for_user(request.user, report_id, review=True))
    _allowed(lambda: report_approve(actor=actor(request), report=report))
    return _report(report.pk)


@router.post(
    "/intervention-reports/{report_id}/return",
    response={200: ReportOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Return a submitted report to the organisation with a comment",
)
def report_return_endpoint(
    request: HttpRequest, report_id: ObjectId, payload: ReviewIn
) -> ReportOut:
    report = _allowed(lambda: get_report_for_user(request.user, report_id, review=True))
    _allowed(lambda: report_return(actor=actor(request), report=report, comment=payload.comment))
    return _report(report.pk)


@router.post(
    "/intervention-reports/{report_id}/reopen",
    response={200: ReportOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Reopen an approved report (audited; the comment says why)",
)
def report_reopen_endpoint(
    request: HttpRequest, report_id: ObjectId, payload: ReviewIn
) -> ReportOut:
    report = _allowed(lambda: get_report_for_user(request.user, report_id, review=True))
    _allowed(lambda: report_reopen(actor=actor(request), report=report, reason=payload.comment))
    return _report(report.pk)
