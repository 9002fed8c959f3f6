"""Downloads and the upload of the 3W spreadsheet: an organisation's template (CSV/XLSX),
the public HXL 3W export, and the all-or-nothing upload with its error report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.access import ANONYMOUS, principal_for
from sinergi.core.models import User
from sinergi.core.tabular import ImportRejected, UnreadableFile
from sinergi.interventions import forms
from sinergi.interventions.access import visible_interventions_q
from sinergi.interventions.downloads import iati_response, report_pdf_response
from sinergi.interventions.exports import csv_bytes, xlsx_bytes
from sinergi.interventions.models import Visibility
from sinergi.interventions.selectors import InterventionFilters, intervention_list
from sinergi.interventions.spreadsheet import interventions_import
from sinergi.interventions.views import _editable_organisation, _filters, _user
from sinergi.partners.access import get_organisation_for_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def organisation_template(request: HttpRequest, organisation_id: int, fmt: str) -> HttpResponse:
    """The organisation's interventions the user may see, as the editable 3W template."""
    organisation = get_organisation_for_user(request.user, organisation_id)
    found = list(
        intervention_list(
            visible=visible_interventions_q(principal_for(request.user)),
            filters=InterventionFilters(organisation=organisation.pk),
        ).filter(organisation=organisation)
    )
    name = f"3w-{organisation.pk}"
    if fmt == "xlsx":
        return _download(xlsx_bytes(found), XLSX, f"{name}.xlsx")
    return _download(csv_bytes(found, hxl=False), "text/csv; charset=utf-8", f"{name}.csv")


def hxl_export(request: HttpRequest) -> HttpResponse:
    """Public interventions (whoever asks) as an HXL-tagged 3W CSV, with the list's filters."""
    form = forms.InterventionFilterForm(request.GET or None)
    found = list(
        intervention_list(
            visible=visible_interventions_q(ANONYMOUS), filters=_filters(form)
        ).filter(visibility=Visibility.PUBLIC)[:50_000]
    )
    return _download(csv_bytes(found, hxl=True), "text/csv; charset=utf-8", "3w-hxl.csv")


def organisation_iati_file(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The organisation's public interventions as an IATI 2.03 activity file."""
    return iati_response(request.user, organisation_id)


def organisation_report_file(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The organisation's PDF report (what this user may see of it)."""
    return report_pdf_response(request.user, organisation_id)


@login_required
@require_POST
def organisation_upload(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _editable_organisation(request, organisation_id)
    form = forms.UploadForm(request.POST, request.FILES)
    errors: list[object] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        actor: User = _user(request)
        try:
            report = interventions_import(
                file=upload,
                filename=upload.name or "",
                actor=actor,
                organisation=organisation,
                dry_run=form.cleaned_data["dry_run"],
            )
        except UnreadableFile as error:
            form.add_error("file", str(error))
        except ImportRejected as rejected:
            errors = list(rejected.errors[:1000])
        else:
            summary = _("%(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
                "created": report.count("create"),
                "updated": report.count("update"),
                "unchanged": report.count("unchanged"),
            }
            if report.dry_run:
                summary = _("Dry run, nothing changed: %(summary)s") % {"summary": summary}
            messages.success(request, summary)
            return redirect("interventions:mine")
    return render(
        request,
        "interventions/upload_errors.html",
        {"form": form, "organisation": organisation, "errors": errors},
        status=422,
    )
