"""Evidence files on the report page: upload, download and removal. Downloads run the
report's access check first and are served as attachments that proxies do not cache."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.models import User
from sinergi.interventions.access import get_evidence_for_user, get_report_for_user
from sinergi.interventions.models import ReportEvidence
from sinergi.interventions.report_services import report_evidence_add, report_evidence_remove
from sinergi.interventions.services import Locked


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - behind login_required
    return request.user


def evidence_file_response(evidence: ReportEvidence) -> FileResponse:
    """The stored file as an attachment; never rendered inline, never cached by proxies."""
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_upload(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request.user, report_id, write=True)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("interventions:report", report.pk)
    try:
        report_evidence_add(
            actor=_actor(request),
            report=report,
            file=upload,
            filename=upload.name or "",
            title=str(request.POST.get("title", "")),
        )
        messages.success(request, _("Evidence file added."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except Locked as error:
        messages.error(request, str(error))
    return redirect("interventions:report", report.pk)


def evidence_download(request: HttpRequest, report_id: int, evidence_id: int) -> FileResponse:
    return evidence_file_response(get_evidence_for_user(request.user, report_id, evidence_id))


@login_required
@require_POST
def evidence_remove(request: HttpRequest, report_id: int, evidence_id: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, report_id, evidence_id, write=True)
    try:
        report_evidence_remove(actor=_actor(request), evidence=evidence)
        messages.success(request, _("Evidence file removed."))
    except Locked as error:
        messages.error(request, str(error))
    return redirect("interventions:report", report_id)
