"""API tokens for partners' own systems: ``Authorization: Bearer <token>`` on ``/api/``.

A valid token makes the request act as the account that created it, but with exactly one
scope: partner editor of the token's organisation (``principal_for`` returns that scope, so
every access helper decides as for an editor of that organisation, and never more: no
national admin, coordinator or other organisations' rights, no superuser). An unknown or
revoked token, or one whose creator's account is disabled, is a 401 problem on any API path
(even a public one: a client with a broken token should find out). The decision record is
docs/decisions/0007-organisation-api-tokens.md.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from sinergi.core.access import CACHE_ATTRIBUTE, Principal, Scope
from sinergi.core.models import ApiToken, Role, User
from sinergi.core.problems import problem_response
from sinergi.core.services import api_token_touch

TOKEN_ATTRIBUTE = "sinergi_api_token"  # noqa: S105 - an attribute name
SECRET_PREFIX = "sng_"  # noqa: S105 - a public prefix, not a secret


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_secret_new() -> str:
    """A new secret: a recognisable prefix and 256 random bits."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def token_authenticate(secret: str) -> User | None:
    """The acting user for a token secret (with the token's single scope), or None."""
    token = (
        ApiToken.objects.filter(digest=token_digest(secret), revoked_at__isnull=True)
        .select_related("created_by")
        .first()
    )
    if token is None or not token.created_by.is_active:
        return None
    user = token.created_by
    # Never more than an editor of the organisation, whatever the creator may do.
    user.is_superuser = False
    user.is_staff = False
    principal = Principal(
        user_id=int(user.pk),
        scopes=(Scope(Role.PARTNER_EDITOR, organisation_id=token.organisation_id),),
    )
    setattr(user, CACHE_ATTRIBUTE, principal)
    setattr(user, TOKEN_ATTRIBUTE, token)
    api_token_touch(token=token)
    return user


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _space, secret = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip()


class ApiTokenMiddleware:
    """Swap ``request.user`` for the token's restricted user on ``/api/`` requests that carry
    a bearer token; answer 401 for a token that is not (or no longer) valid."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            secret = _bearer(request)
            if secret is not None:
                user = token_authenticate(secret) if secret else None
                if user is None:
                    response = problem_response(
                        401, _("This API token is unknown or has been revoked.")
                    )
                    response["WWW-Authenticate"] = "Bearer"
                    return response
                request.user = user
                setattr(request, TOKEN_ATTRIBUTE, getattr(user, TOKEN_ATTRIBUTE))
        return self.get_response(request)


class ApiTokenAuth(HttpBearer):
    """The API's bearer scheme (documented in the OpenAPI schema): accepts the token the
    middleware has already checked. Sign-in-only endpoints list it beside the session."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if getattr(request, TOKEN_ATTRIBUTE, None) is None:
            return None
        return request.user
