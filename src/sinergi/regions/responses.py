"""The HTTP answer for a boundary bundle, shared by the API view and the fast path."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from sinergi.regions.selectors import ServedBundle

GEOJSON = "application/geo+json"
CACHE_CONTROL = "public, max-age=300"


def bundle_response(request: HttpRequest, bundle: ServedBundle) -> HttpResponse:
    """Gzipped bytes when the client accepts them, 304 when its copy is current."""
    etag = f'"{bundle.etag}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(bundle.gzip_body, content_type=GEOJSON)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(bundle.body, content_type=GEOJSON)
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = CACHE_CONTROL
    return response
