"""A lean path for the values endpoint's successful answers, like the boundaries fast path
(``regions.middleware``): a request that names an existing layer is answered right after
whitenoise from the per-process payload cache, skipping sessions, authentication, CSRF and
API routing. Payloads are public views (small sensitive counts suppressed), the same for
every caller, so nothing about the user is needed. Anything else, every error included,
falls through to the API view, which validates fully and writes the problem document.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sinergi.atlas.imports.periods import normalise_period
from sinergi.atlas.payloads import ServedValues, values_payload
from sinergi.atlas.responses import values_response
from sinergi.atlas.selectors import layer_exists, region_known
from sinergi.regions.codes import LEVEL_BY_KEY, InvalidCodeError, level_of, normalise_code

_PATH = re.compile(r"^/api/v1/atlas/values/([A-Za-z0-9_.]{1,40})$")
_PARAMETERS = {"level", "period", "parent"}
_MAP_LEVELS = {"province", "regency", "district"}


def _served(request: HttpRequest) -> ServedValues | None:
    match = _PATH.match(request.path_info)
    if match is None or request.method != "GET" or set(request.GET) - _PARAMETERS:
        return None
    if any(not value for value in request.GET.values()):
        return None  # an empty parameter is invalid: the API view says why
    level_key = request.GET.get("level", "")
    period = request.GET.get("period") or None
    parent = request.GET.get("parent", "")
    if level_key not in _MAP_LEVELS or (period is not None and normalise_period(period) != period):
        return None
    level = LEVEL_BY_KEY[level_key]
    try:
        parent = normalise_code(parent) if parent else ""
    except InvalidCodeError:
        return None
    if parent and (level_of(parent) >= level or not region_known(code=parent)):
        return None
    if not layer_exists(key=match[1]):
        return None
    return values_payload(key=match[1], level=level, period=period, parent=parent)


class ValuesFastPathMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        served = _served(request)
        if served is None:
            return self.get_response(request)
        request.get_host()  # the same host check (ALLOWED_HOSTS) as the full stack
        return values_response(request, served)
