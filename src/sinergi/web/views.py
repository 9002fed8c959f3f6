"""Home and map pages. The map itself is a self-contained Leaflet module fed by the API."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sinergi.regions.codes import Level
from sinergi.web.selectors import region_counts


def home(request: HttpRequest) -> HttpResponse:
    counts = region_counts()
    return render(
        request,
        "web/home.html",
        {"counts": [(level, counts.get(level.value, 0)) for level in Level]},
    )


def map_page(request: HttpRequest) -> HttpResponse:
    strings = {
        "province": _("Province"),
        "regency": _("Regency / city"),
        "district": _("District"),
        "village": _("Village"),
        "indonesia": _("Indonesia"),
        "population": _("Population (2024)"),
        "area": _("Area"),
        "density": _("Density"),
        "perKm2": _("people/km²"),
        "children": _("Regions below"),
        "noData": _("No data"),
        "legendTitle": _("Population density (people/km²)"),
        "noDensity": _("Population and area are published down to regencies only."),
        "noResults": _("No region matches. Check the spelling or type a code such as 32.73."),
        "loadError": _(
            "The map could not be loaded. Reload the page; if it persists, run "
            "`sinergi load-reference`."
        ),
        "openPage": _("Open region page"),
        "kemendagriCode": _("Kemendagri code"),
        "bpsCode": _("BPS code"),
        "clickHint": _("Click a region to go down a level."),
    }
    return render(
        request,
        "web/map.html",
        {"strings": strings, "initial": request.GET.get("wilayah", "")[:20]},
    )
