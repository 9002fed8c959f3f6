"""Organisation exports in the API: the IATI activity file (mounted on the interventions
router)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from sinergi.interventions.downloads import iati_response
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
