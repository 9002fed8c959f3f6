"""What both partners routers share: error shapes and turning refusals into problems."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import django_auth

from sinergi.core.models import User
from sinergi.core.problems import ApiError
from sinergi.core.schemas import Problem
from sinergi.core.tokens import ApiTokenAuth
from sinergi.regions.codes import InvalidCodeError, normalise_code

T = TypeVar("T")

# Every endpoint documents its 4xx problems; signed-in endpoints also 401 (no session) and
# 403 (no CSRF token, or a role that may see but not change).
PUBLIC_ERRORS: dict[int, type[Problem]] = {404: Problem, 422: Problem}
SIGNED_IN_ERRORS: dict[int, type[Problem]] = {401: Problem, 403: Problem, **PUBLIC_ERRORS}
# A session (with CSRF) or an organisation's API token (``core.tokens``).
SIGNED_IN = [ApiTokenAuth(), django_auth]


def allowed(call: Callable[[], T]) -> T:
    """Run an access helper; a PermissionDenied becomes a 403 problem (404s pass through)."""
    try:
        return call()
    except PermissionDenied as error:
        raise ApiError(403, str(error)) from error


def actor(request: HttpRequest) -> User:
    """The signed-in user of an endpoint guarded by ``SIGNED_IN``."""
    user = request.user
    if not isinstance(user, User):
        raise ApiError(401, _("Sign in to use this endpoint."))
    return user


def region_filter(code: str) -> str:
    """A region code from a query string in dotted form, or a 422 naming ``region``."""
    try:
        return normalise_code(code)
    except InvalidCodeError as error:
        raise ApiError(422, str(error), field=["region"]) from error
