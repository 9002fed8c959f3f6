"""A lean path for the boundaries endpoint's successful answers.

Boundary bundles are the heaviest and most requested bytes in Sinergi, and they are already
serialised and compressed. Passing them through sessions, authentication, CSRF and API routing
cost three quarters of the throughput a static file gets (benchmarks/boundaries_http.py), so
this middleware, placed right after whitenoise, answers a request that names an existing bundle
straight from the process cache. Everything else, including every error, falls through to the
API view, which applies the full validation and writes the problem document.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sinergi.regions.codes import LEVEL_BY_KEY, InvalidCodeError, normalise_code
from sinergi.regions.responses import bundle_response
from sinergi.regions.selectors import ServedBundle, boundary_bundle_get

_PATH = re.compile(r"^/api/v1/boundaries/(province|regency|district)$")


def _served_bundle(request: HttpRequest) -> ServedBundle | None:
    match = _PATH.match(request.path_info)
    if match is None or request.method != "GET" or set(request.GET) - {"parent"}:
        return None
    parent = request.GET.get("parent")
    if parent == "":
        return None  # an empty parent is invalid input: the API answers it with a 422
    try:
        parent_code = normalise_code(parent) if parent is not None else ""
    except InvalidCodeError:
        return None
    return boundary_bundle_get(level=LEVEL_BY_KEY[match[1]], parent_code=parent_code)


class BoundaryFastPathMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bundle = _served_bundle(request)
        if bundle is None:
            return self.get_response(request)
        request.get_host()  # the same host check (ALLOWED_HOSTS) as the full stack
        return bundle_response(request, bundle)
