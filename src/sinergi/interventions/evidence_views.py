"""Evidence files on the report page: upload, download and removal. Downloads run the
report's access check first and are served as attachments that proxies do not cache.

The add and remove buttons belong to the report's own form (HTML ``form``/``formaction``), so
they post the values and narrative being typed as well. Those are saved as the draft first
("Draft saved."), then the file is added or removed: attaching a photo never throws away an
unsaved narrative. If the draft cannot be saved (an invalid value, a concurrent change) the
file is left alone and the report page comes back with what was typed and the error."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.models import User
from sinergi.interventions import views
from sinergi.interventions.access import (
    get_evidence_for_user,
    get_intervention_for_user,
    get_report_for_user,
)
from sinergi.interventions.models import Report, ReportEvidence
from sinergi.interventions.report_services import report_evidence_add, report_evidence_remove
from sinergi.interventions.services import Locked, StaleVersion


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


def _draft_saved_first(request: HttpRequest, report: Report) -> Report | None:
    """Save the values and narrative posted with the evidence button; ``None`` when they
    could not be saved (the caller then shows the report page with them and the error)."""
    if "version" not in request.POST:  # a bare evidence form (no report values posted)
        return report
    intervention = get_intervention_for_user(request.user, report.intervention_id)
    form = views.report_form(report, intervention, request.POST)
    if not form.is_valid():
        return None
    try:
        saved = views.report_draft_save(request, report, form)
    except (ValidationError, StaleVersion, Locked):
        return None
    messages.info(request, _("Draft saved."))
    return saved


def _not_saved(request: HttpRequest, report: Report) -> HttpResponse:
    messages.error(request, _("The draft could not be saved, so the evidence was not changed."))
    # The report page validates the same posted form again and shows it with its errors.
    return views.report_page(request, report.pk)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request.user, report_id, write=True)
    saved = _draft_saved_first(request, report)
    if saved is None:
        return _not_saved(request, report)
    report = saved
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
    if _draft_saved_first(request, evidence.report) is None:
        return _not_saved(request, evidence.report)
    try:
        report_evidence_remove(actor=_actor(request), evidence=evidence)
        messages.success(request, _("Evidence file removed."))
    except Locked as error:
        messages.error(request, str(error))
    return redirect("interventions:report", report_id)
