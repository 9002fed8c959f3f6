"""Organisation exports in the API: the IATI activity file and the PDF report (mounted on
the interventions router)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from sinergi.interventions.downloads import iati_response, report_pdf_response
from sinergi.partners.api_common import PUBLIC_ERRORS
from sinergi.partners.schemas import ObjectId

router = Router(tags=["interventions"])


@router.get(
    "/organisations/{organisation_id}/iati.xml",
    response={200: None, **PUBLIC_ERRORS},
    summary="An organisation's public interventions as an IATI activity file (standard 2.03)",
)
def organisation_iati_endpoint(request: HttpRequest, organisation_id: ObjectId) -> HttpResponse:
    """Validates against the official IATI 2.03 schema; codelist mappings are in
    docs/methods/interventions-iati.md. 404 when it has no public, dated intervention."""
    return iati_response(request.user, organisation_id)


@router.get(
    "/organisations/{organisation_id}/report.pdf",
    response={200: None, **PUBLIC_ERRORS},
    summary="An organisation's PDF report: interventions, results against targets, map",
)
def organisation_report_endpoint(request: HttpRequest, organisation_id: ObjectId) -> HttpResponse:
    """With the interventions the caller may see (public ones for everyone, internal ones
    for its members, national admins and coordinators in scope)."""
    return report_pdf_response(request.user, organisation_id)
