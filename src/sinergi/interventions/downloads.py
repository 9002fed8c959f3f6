"""Organisation downloads served both as pages' file URLs and as API endpoints: the IATI
activity file and the PDF report. Refusals are ``Http404`` (the API turns them into
problems, pages into 404 pages)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.access import principal_for
from sinergi.interventions.access import AnyUser
from sinergi.interventions.iati import organisation_iati
from sinergi.interventions.report_pdf import organisation_report_pdf
from sinergi.partners.access import get_organisation_for_user

IATI_CONTENT_TYPE = "application/xml; charset=utf-8"


def attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def iati_response(user: AnyUser, organisation_id: int) -> HttpResponse:
    """The organisation's public interventions as IATI 2.03 XML (anyone may download)."""
    organisation = get_organisation_for_user(user, organisation_id)
    document = organisation_iati(organisation, generated=timezone.now())
    if document is None:
        raise Http404(_("This organisation has no public intervention with a start date."))
    return attachment(document, IATI_CONTENT_TYPE, f"iati-{organisation.pk}.xml")


def report_pdf_response(user: AnyUser, organisation_id: int) -> HttpResponse:
    """The organisation's PDF report, with the interventions this user may see."""
    organisation = get_organisation_for_user(user, organisation_id)
    body = organisation_report_pdf(organisation, principal_for(user))
    response = attachment(body, "application/pdf", f"laporan-mitra-{organisation.pk}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response
