"""The HTTP answer for a values payload, shared by the API view and the fast path."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from sinergi.atlas.payloads import ServedValues

CACHE_CONTROL = "public, max-age=60"


def values_response(request: HttpRequest, served: ServedValues) -> HttpResponse:
    """Gzipped bytes when the client accepts them, 304 when its copy is current."""
    etag = f'"{served.etag}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(served.gzip_body, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(served.body, content_type="application/json")
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = CACHE_CONTROL
    return response
