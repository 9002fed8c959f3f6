"""An organisation's API tokens: list, create (the secret is in the answer, once) and
revoke. Partner admins and national admins only, with a session: a token acts as an editor,
so it cannot manage tokens (403)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from sinergi.core.models import ApiToken
from sinergi.partners.access import get_organisation_tokens_for_user
from sinergi.partners.api_common import SIGNED_IN, SIGNED_IN_ERRORS, actor, allowed
from sinergi.partners.models import Organisation
from sinergi.partners.schemas import ApiTokenCreatedOut, ApiTokenIn, ApiTokenOut, ObjectId
from sinergi.partners.selectors import organisation_token_get, organisation_token_list
from sinergi.partners.token_services import organisation_token_create, organisation_token_revoke

router = Router(tags=["partners"])


def _managed(request: HttpRequest, organisation_id: int) -> Organisation:
    return allowed(lambda: get_organisation_tokens_for_user(request.user, organisation_id))


def _out(token: ApiToken) -> ApiTokenOut:
    return ApiTokenOut(
        id=token.pk,
        name=token.name,
        prefix=token.prefix,
        created_by=token.created_by.display_name(),
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )


@router.get(
    "/organisations/{organisation_id}/api-tokens",
    response={200: list[ApiTokenOut], **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="The organisation's API tokens (partner admins)",
)
def token_list(request: HttpRequest, organisation_id: ObjectId) -> list[ApiTokenOut]:
    organisation = _managed(request, organisation_id)
    tokens = organisation_token_list(organisation=organisation)
    return [_out(token) for token in tokens]


@router.post(
    "/organisations/{organisation_id}/api-tokens",
    response={201: ApiTokenCreatedOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Create an API token for the organisation's own systems; the secret is shown once",
)
def token_create(
    request: HttpRequest, organisation_id: ObjectId, payload: ApiTokenIn
) -> Status[ApiTokenCreatedOut]:
    """The token acts with the organisation's partner-editor rights, never more."""
    organisation = _managed(request, organisation_id)
    made = organisation_token_create(
        actor=actor(request), organisation=organisation, name=payload.name
    )
    return Status(201, ApiTokenCreatedOut(**_out(made.token).model_dump(), secret=made.secret))


@router.post(
    "/organisations/{organisation_id}/api-tokens/{token_id}/revoke",
    response={200: ApiTokenOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Revoke an API token at once",
)
def token_revoke(
    request: HttpRequest, organisation_id: ObjectId, token_id: ObjectId
) -> ApiTokenOut:
    organisation = _managed(request, organisation_id)
    token = organisation_token_get(organisation=organisation, token_id=token_id)
    if token is None:
        raise Http404(_("No API token has this number."))
    organisation_token_revoke(actor=actor(request), organisation=organisation, token=token)
    token.refresh_from_db()
    return _out(token)
