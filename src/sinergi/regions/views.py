"""The region page (``/wilayah/<code>/``): facts, parent chain and children."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sinergi.regions.access import get_region_for_user
from sinergi.regions.codes import InvalidCodeError, Level
from sinergi.regions.sections import region_sections
from sinergi.regions.selectors import region_ancestors, region_children


def region_page(request: HttpRequest, code: str) -> HttpResponse:
    try:
        region = get_region_for_user(request.user, code)
    except InvalidCodeError as error:
        raise Http404(str(error)) from error
    if region.code != code:  # compact code typed: send them to the canonical address
        return redirect("regions:region-detail", code=region.code, permanent=True)
    children = list(region_children(region=region))
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "level": Level(region.level),
            "parents": region_ancestors(region=region),
            "children": children,
            "child_population": sum(c.population or 0 for c in children),
            "sections": region_sections(region.code),
        },
    )
