"""Home and map pages. The map itself is a self-contained Leaflet module fed by the API."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.atlas.maps import map_layers
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
        **_atlas_strings(),
    }
    language = translation.get_language() or "id"
    return render(
        request,
        "web/map.html",
        {
            "strings": strings,
            "initial": request.GET.get("wilayah", "")[:20],
            "layers": map_layers(language=language),
        },
    )


def _atlas_strings() -> dict[str, str]:
    """Words for the atlas layer controls, legend and tooltips of the map."""
    return {
        "densityLayer": _("Population density (2024)"),
        "densityGroup": _("Population"),
        "needIndex": _("Need index (0-100, higher = more need)"),
        "needIndexGroup": _("Need index"),
        "quantiles": _("Quantiles"),
        "equal_interval": _("Equal intervals"),
        "natural_breaks": _("Natural breaks (Jenks)"),
        "noFiguresAtLevel": _("No figures for this indicator at this level: try another level."),
        "chooseArea": _("Choose a province or regency first (click it on the map)."),
        "rolledUp": _("sum of the regions below"),
        "rolledUpNote": _("Σ = rolled up: the sum of the regions below (counts only)."),
        "modelled": _("estimate: rate × population"),  # noqa: RUF001
        "modelledNote": _("≈ = estimate from a rate × population; see the region profile."),  # noqa: RUF001
        "official": _("official count"),
        "suppressed": _("withheld (small count)"),
        "suppressedLegend": _("Withheld: fewer than 10 people of a sensitive group"),
        "demo": _("DEMO"),
        "demoNote": _("Includes DEMO DATA, generated for the demonstration: not official."),
        "openProfile": _("Open atlas profile"),
        "download": _("Download this layer:"),
        "methodTitle": _("How the need index is made"),
        "methodText": _(
            "Each component is scaled 0-100 across regions of the level and year (100 = most "
            "need), then averaged with these weights:"
        ),
        "methodMore": _("Full method"),
        "higherWorse": _("higher is worse"),
        "higherBetter": _("higher is better"),
        "darkerWorse": _("Darker = more need."),
    }
