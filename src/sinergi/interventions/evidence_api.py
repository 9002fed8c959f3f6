"""Evidence files of progress reports in the API (mounted on the interventions router):
list and download under the report's read rules, upload and delete for its editors while
the report is a draft or returned (a submitted or approved report is a 409)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Status, UploadedFile

from sinergi.core.problems import ApiError
from sinergi.core.schemas import Problem
from sinergi.interventions.access import get_evidence_for_user, get_report_for_user
from sinergi.interventions.evidence_views import evidence_file_response
from sinergi.interventions.models import ReportEvidence
from sinergi.interventions.report_services import report_evidence_add, report_evidence_remove
from sinergi.interventions.schemas import EvidenceOut
from sinergi.interventions.selectors import evidence_list
from sinergi.interventions.services import Locked
from sinergi.partners.api_common import (
    PUBLIC_ERRORS,
    SIGNED_IN,
    SIGNED_IN_ERRORS,
    actor,
    allowed,
)
from sinergi.partners.schemas import Line200, ObjectId

router = Router(tags=["interventions"])
WRITE_ERRORS: dict[int, type[Problem]] = {409: Problem, **SIGNED_IN_ERRORS}


def evidence_out(evidence: ReportEvidence) -> EvidenceOut:
    return EvidenceOut(
        id=evidence.pk,
        title=evidence.title,
        name=evidence.original_name,
        content_type=evidence.content_type,
        size=evidence.size,
        sha256=evidence.sha256,
        uploaded_at=evidence.uploaded_at,
        uploaded_by=evidence.uploaded_by.display_name() if evidence.uploaded_by else None,
    )


@router.get(
    "/intervention-reports/{report_id}/evidence",
    response={200: list[EvidenceOut], **PUBLIC_ERRORS},
    summary="A report's evidence files",
)
def evidence_directory(request: HttpRequest, report_id: ObjectId) -> list[EvidenceOut]:
    report = get_report_for_user(request.user, report_id)
    return [evidence_out(e) for e in evidence_list(report=report)]


@router.post(
    "/intervention-reports/{report_id}/evidence",
    response={201: EvidenceOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Attach an evidence file (PDF, JPEG, PNG, XLSX or CSV; at most 10 MB)",
)
def evidence_upload_endpoint(
    request: HttpRequest,
    report_id: ObjectId,
    file: File[UploadedFile],
    title: Form[Line200] = "",
) -> Status[EvidenceOut]:
    """Checked by content: the name's extension must match what the file really is."""
    report = allowed(lambda: get_report_for_user(request.user, report_id, write=True))
    try:
        made = report_evidence_add(
            actor=actor(request), report=report, file=file, filename=file.name or "", title=title
        )
    except Locked as error:
        raise ApiError(409, str(error)) from error
    return Status(201, evidence_out(made))


@router.get(
    "/intervention-reports/{report_id}/evidence/{evidence_id}",
    response={200: None, **PUBLIC_ERRORS},
    summary="Download an evidence file",
)
def evidence_download_endpoint(
    request: HttpRequest, report_id: ObjectId, evidence_id: ObjectId
) -> FileResponse:
    return evidence_file_response(get_evidence_for_user(request.user, report_id, evidence_id))


@router.delete(
    "/intervention-reports/{report_id}/evidence/{evidence_id}",
    response={204: None, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Remove an evidence file (draft or returned reports only)",
)
def evidence_remove_endpoint(
    request: HttpRequest, report_id: ObjectId, evidence_id: ObjectId
) -> Status[None]:
    evidence = allowed(
        lambda: get_evidence_for_user(request.user, report_id, evidence_id, write=True)
    )
    try:
        report_evidence_remove(actor=actor(request), evidence=evidence)
    except Locked as error:
        raise ApiError(409, str(error)) from error
    return Status(204, None)
