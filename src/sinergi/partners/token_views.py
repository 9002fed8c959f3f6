"""The team page's API-token actions: create (the secret is shown once, on the answer page,
never put in a cookie or message) and revoke. Partner admins and national admins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.models import User
from sinergi.partners.access import get_organisation_tokens_for_user
from sinergi.partners.selectors import organisation_token_get
from sinergi.partners.token_services import organisation_token_create, organisation_token_revoke


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - behind login_required
    return request.user


@login_required
@require_POST
def token_create_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = get_organisation_tokens_for_user(request.user, organisation_id)
    try:
        made = organisation_token_create(
            actor=_actor(request), organisation=organisation, name=request.POST.get("name", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partners:organisation-team", organisation.pk)
    response = render(
        request,
        "partners/token_created.html",
        {
            "organisation": organisation,
            "token": made.token,
            "secret": made.secret,
            "api_base": request.build_absolute_uri("/api/v1/"),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke_page(request: HttpRequest, organisation_id: int, token_id: int) -> HttpResponse:
    organisation = get_organisation_tokens_for_user(request.user, organisation_id)
    token = organisation_token_get(organisation=organisation, token_id=token_id)
    if token is None:
        raise Http404(_("No API token has this number."))
    organisation_token_revoke(actor=_actor(request), organisation=organisation, token=token)
    messages.success(request, _("API token revoked."))
    return redirect("partners:organisation-team", organisation.pk)
