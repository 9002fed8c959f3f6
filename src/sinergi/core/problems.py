"""Turn every API error into an RFC 7807 problem with a 4xx status and a readable body."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from sinergi.core.schemas import FieldError, Problem

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ApiError(Exception):
    """A 4xx answer raised from an endpoint or helper, optionally naming the offending field."""

    def __init__(self, status: int, detail: str, *, field: list[str | int] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.field = field


_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "Unprocessable entity",
}


def problem_response(
    status: int, detail: str, errors: list[FieldError] | None = None
) -> HttpResponse:
    body = Problem(
        title=_TITLES.get(status, "Error"), status=status, detail=detail, errors=errors or []
    )
    return HttpResponse(body.model_dump_json(), status=status, content_type=PROBLEM_CONTENT_TYPE)


def _ninja_errors(raw: list[dict[str, Any]]) -> list[FieldError]:
    errors = []
    for item in raw:
        loc = [part for part in item.get("loc", []) if part not in ("query", "path", "body")] or [
            "request"
        ]
        errors.append(
            FieldError(
                loc=[str(part) if not isinstance(part, int) else part for part in loc],
                msg=str(item.get("msg", "")),
            )
        )
    return errors


def install_problem_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = _ninja_errors(list(exc.errors))
        names = ", ".join(".".join(str(p) for p in e.loc) for e in errors)
        return problem_response(
            422, _("Invalid value for: %(fields)s.") % {"fields": names}, errors
        )

    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        errors = [FieldError(loc=exc.field, msg=exc.detail)] if exc.field else []
        return problem_response(exc.status, exc.detail, errors)

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        mapping = exc.message_dict if hasattr(exc, "error_dict") else {"request": exc.messages}
        errors = [FieldError(loc=[key], msg=" ".join(msgs)) for key, msgs in mapping.items()]
        return problem_response(422, " ".join(e.msg for e in errors), errors)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(404, str(exc) or _("Not found."))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(401, _("Sign in to use this endpoint."))

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem_response(exc.status_code, str(exc))
