"""Agreement, commitment, progress, document and alert endpoints (mounted by ``partners.api``).

Every agreement endpoint needs a session. An agreement the user may not see is a 404 for
everything under it; a change by someone who may see but not change it is a 403.
"""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile

from sinergi.core.access import principal_for
from sinergi.core.problems import ApiError
from sinergi.partners import presenters
from sinergi.partners.access import (
    agreement_rights,
    get_agreement_for_user,
    get_commitment_for_user,
    get_document_for_user,
    may_be_party,
)
from sinergi.partners.agreement_services import (
    AgreementFields,
    CommitmentFields,
    PartyInput,
    agreement_create,
    agreement_status_change,
    agreement_update,
    commitment_create,
    commitment_update,
    document_add,
    document_remove,
    progress_report_create,
)
from sinergi.partners.api_common import (
    PUBLIC_ERRORS,
    SIGNED_IN,
    SIGNED_IN_ERRORS,
    actor,
    allowed,
    region_filter,
)
from sinergi.partners.models import Agreement
from sinergi.partners.schemas import (
    AgreementCreateIn,
    AgreementDetailOut,
    AgreementFiltersIn,
    AgreementPage,
    AgreementUpdateIn,
    AlertOut,
    AuditEventOut,
    CommitmentFiltersIn,
    CommitmentIn,
    CommitmentOut,
    CommitmentPage,
    CommitmentUpdateIn,
    DocumentOut,
    MetricOut,
    ObjectId,
    ProgressIn,
    ProgressReportOut,
    StatusIn,
)
from sinergi.partners.selectors import (
    AgreementFilters,
    CommitmentFilters,
    agreement_history,
    agreement_list,
    alert_list,
    commitment_get,
    commitment_list,
    commitment_progress,
    commitment_search,
    document_list,
)

router = Router(tags=["agreements"])


def _detail(request: HttpRequest, agreement_id: int) -> AgreementDetailOut:
    agreement = get_agreement_for_user(request.user, agreement_id)
    commitments = commitment_list(agreement=agreement)
    return presenters.agreement_detail_out(
        agreement,
        can_edit=agreement_rights(principal_for(request.user), agreement).edit,
        commitments=commitments,
        progress=commitment_progress(commitments),
        documents=list(document_list(agreement=agreement)),
    )


def _fields(payload: AgreementCreateIn | AgreementUpdateIn) -> AgreementFields:
    data = payload.dict(exclude_unset=True)
    if "parties" in data:
        data["parties"] = [PartyInput(**party) for party in data["parties"]]
    return cast(AgreementFields, data)


def _writable(request: HttpRequest, agreement_id: int) -> Agreement:
    return allowed(lambda: get_agreement_for_user(request.user, agreement_id, write=True))


@router.get(
    "/agreements",
    response={200: AgreementPage, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Agreements the user may see, filtered",
)
def agreement_directory(request: HttpRequest, filters: Query[AgreementFiltersIn]) -> AgreementPage:
    wanted = filters.dict(exclude={"limit", "offset"}, exclude_none=True)
    if "region" in wanted:
        wanted["region"] = region_filter(wanted["region"])
    found = agreement_list(user=actor(request), filters=AgreementFilters(**wanted))
    page = list(found[filters.offset : filters.offset + filters.limit])
    principal = principal_for(request.user)
    return AgreementPage(
        items=[
            presenters.agreement_out(a, can_edit=agreement_rights(principal, a).edit) for a in page
        ],
        count=found.count(),
        limit=filters.limit,
        offset=filters.offset,
    )


@router.post(
    "/agreements",
    response={201: AgreementDetailOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Record an agreement as a draft (a partner must be one of its parties)",
)
def agreement_create_endpoint(
    request: HttpRequest, payload: AgreementCreateIn
) -> Status[AgreementDetailOut]:
    party_ids = [party.organisation_id for party in payload.parties]
    if not may_be_party(principal_for(request.user), party_ids):
        raise ApiError(403, _("Record agreements your own organisation signs."), field=["parties"])
    agreement = agreement_create(actor=actor(request), fields=_fields(payload))
    return Status(201, _detail(request, agreement.pk))


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementDetailOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="An agreement with its parties, scope, commitments (with progress) and documents",
)
def agreement_detail(request: HttpRequest, agreement_id: ObjectId) -> AgreementDetailOut:
    return _detail(request, agreement_id)


@router.patch(
    "/agreements/{agreement_id}",
    response={200: AgreementDetailOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Change an agreement (only the fields sent)",
)
def agreement_update_endpoint(
    request: HttpRequest, agreement_id: ObjectId, payload: AgreementUpdateIn
) -> AgreementDetailOut:
    agreement = _writable(request, agreement_id)
    fields = _fields(payload)
    if "parties" in fields and not may_be_party(
        principal_for(request.user), [p.organisation_id for p in fields["parties"]]
    ):
        raise ApiError(403, _("Keep your own organisation among the parties."), field=["parties"])
    agreement_update(actor=actor(request), agreement=agreement, fields=fields)
    return _detail(request, agreement_id)


@router.post(
    "/agreements/{agreement_id}/status",
    response={200: AgreementDetailOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Activate, terminate or renew an agreement",
)
def agreement_status(
    request: HttpRequest, agreement_id: ObjectId, payload: StatusIn
) -> AgreementDetailOut:
    agreement = _writable(request, agreement_id)
    agreement_status_change(
        actor=actor(request),
        agreement=agreement,
        status=payload.status,
        reason=payload.reason,
        on=payload.on,
    )
    return _detail(request, agreement_id)


@router.get(
    "/agreements/{agreement_id}/history",
    response={200: list[AuditEventOut], **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Who changed what in the agreement, its commitments and documents",
)
def agreement_history_list(request: HttpRequest, agreement_id: ObjectId) -> list[AuditEventOut]:
    agreement = get_agreement_for_user(request.user, agreement_id)
    return [presenters.audit_out(e) for e in agreement_history(agreement=agreement)]


@router.post(
    "/agreements/{agreement_id}/commitments",
    response={201: CommitmentOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Add a commitment: metric, target, deadline and optionally region and party",
)
def commitment_add(
    request: HttpRequest, agreement_id: ObjectId, payload: CommitmentIn
) -> Status[CommitmentOut]:
    agreement = _writable(request, agreement_id)
    fields = CommitmentFields(**payload.dict())  # type: ignore[typeddict-item]
    commitment = commitment_create(actor=actor(request), agreement=agreement, fields=fields)
    return Status(201, _commitment(commitment.pk))


def _commitment(commitment_id: int) -> CommitmentOut:
    commitment = commitment_get(commitment_id=commitment_id)
    if commitment is None:
        raise ApiError(404, _("No commitment has this number."))
    return presenters.commitment_out(commitment, commitment_progress([commitment])[commitment.pk])


@router.get(
    "/commitments",
    response={200: CommitmentPage, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Commitments of the agreements the user may see, soonest deadline first",
)
def commitment_directory(
    request: HttpRequest, filters: Query[CommitmentFiltersIn]
) -> CommitmentPage:
    wanted = filters.dict(exclude={"limit", "offset"}, exclude_none=True)
    if "region" in wanted:
        wanted["region"] = region_filter(wanted["region"])
    found = commitment_search(user=actor(request), filters=CommitmentFilters(**wanted))
    page = list(found[filters.offset : filters.offset + filters.limit])
    progress = commitment_progress(page)
    return CommitmentPage(
        items=[presenters.commitment_out(c, progress[c.pk]) for c in page],
        count=found.count(),
        limit=filters.limit,
        offset=filters.offset,
    )


@router.get(
    "/commitments/{commitment_id}",
    response={200: CommitmentOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="A commitment with its progress",
)
def commitment_detail(request: HttpRequest, commitment_id: ObjectId) -> CommitmentOut:
    get_commitment_for_user(request.user, commitment_id)
    return _commitment(commitment_id)


@router.patch(
    "/commitments/{commitment_id}",
    response={200: CommitmentOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Change a commitment (only the fields sent)",
)
def commitment_update_endpoint(
    request: HttpRequest, commitment_id: ObjectId, payload: CommitmentUpdateIn
) -> CommitmentOut:
    commitment = allowed(lambda: get_commitment_for_user(request.user, commitment_id, write=True))
    fields = CommitmentFields(**payload.dict(exclude_unset=True))  # type: ignore[typeddict-item]
    commitment_update(actor=actor(request), commitment=commitment, fields=fields)
    return _commitment(commitment_id)


@router.get(
    "/commitments/{commitment_id}/progress",
    response={200: list[ProgressReportOut], **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Reported progress, latest first",
)
def progress_list(request: HttpRequest, commitment_id: ObjectId) -> list[ProgressReportOut]:
    commitment = get_commitment_for_user(request.user, commitment_id)
    reports = getattr(commitment, "latest_reports", [])
    return [presenters.report_out(r) for r in reports]


@router.post(
    "/commitments/{commitment_id}/progress",
    response={201: ProgressReportOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Report the cumulative value reached as of a date",
)
def progress_report(
    request: HttpRequest, commitment_id: ObjectId, payload: ProgressIn
) -> Status[ProgressReportOut]:
    commitment = allowed(lambda: get_commitment_for_user(request.user, commitment_id, write=True))
    report = progress_report_create(
        actor=actor(request),
        commitment=commitment,
        value=payload.value,
        as_of=payload.as_of,
        note=payload.note,
    )
    return Status(201, presenters.report_out(report))


@router.post(
    "/agreements/{agreement_id}/documents",
    response={201: DocumentOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Attach a signed PDF (checked by content, at most 10 MB)",
)
def document_upload(
    request: HttpRequest,
    agreement_id: ObjectId,
    file: File[UploadedFile],
    title: Form[str] = "",
) -> Status[DocumentOut]:
    agreement = _writable(request, agreement_id)
    document = document_add(
        actor=actor(request), agreement=agreement, file=file, filename=file.name or "", title=title
    )
    return Status(201, presenters.document_out(document))


@router.api_operation(
    ["DELETE"],
    "/agreements/{agreement_id}/documents/{document_id}",
    response={204: None, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Remove a document",
)
def document_delete(
    request: HttpRequest, agreement_id: ObjectId, document_id: ObjectId
) -> Status[None]:
    document = get_document_for_user(request.user, agreement_id, document_id)
    _writable(request, agreement_id)
    document_remove(actor=actor(request), document=document)
    return Status(204, None)


@router.get(
    "/alerts",
    response={200: list[AlertOut], **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Agreements ending soon and commitments due or overdue, on what the user sees",
)
def alert_panel(request: HttpRequest) -> list[AlertOut]:
    return [
        AlertOut(
            kind=alert.kind,  # type: ignore[arg-type]
            agreement_id=alert.agreement.pk,
            agreement_title=alert.agreement.title,
            commitment_id=alert.commitment.pk if alert.commitment else None,
            commitment_description=alert.commitment.description if alert.commitment else None,
            due=alert.due,
            days=alert.days,
        )
        for alert in alert_list(user=actor(request))
    ]


@router.get(
    "/commitment-metrics",
    response={200: list[MetricOut], **PUBLIC_ERRORS},
    summary="What commitments can measure, and whether progress is computed or reported",
)
def metric_list(request: HttpRequest) -> list[MetricOut]:
    return presenters.metric_list_out()
