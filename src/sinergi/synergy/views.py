"""The Synergy dashboard (``/sinergi/``): coverage and gap choropleths per target group with
drill-down (province → regency → district), an overlap layer, the overlap table and the top
blank spots. The tables are rendered here for the region in view; the map (``synergy.js``)
reads the same figures from ``/api/v1/synergy/coverage`` and the boundaries API."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sinergi.core.access import principal_for
from sinergi.core.taxonomy import PPKS, PPKS_BY_KEY
from sinergi.regions.access import get_region_for_user
from sinergi.regions.codes import InvalidCodeError, Level
from sinergi.regions.models import Region
from sinergi.regions.selectors import region_ancestors
from sinergi.synergy.selectors import (
    blank_spot_rows,
    coverage_rows,
    coverage_years,
    default_year,
    overlap_rows,
)

DEFAULT_GROUP = "FM"
TABLE_ROWS = 15


def _region(request: HttpRequest) -> Region | None:
    code = request.GET.get("region", "").strip()[:20]
    if not code:
        return None
    try:
        region = get_region_for_user(request.user, code)
    except InvalidCodeError as error:
        raise Http404(str(error)) from error
    if region.level >= Level.DISTRICT:  # districts are the finest level of the analysis
        region = get_region_for_user(request.user, region.code.rsplit(".", 1)[0])
    return region


def _year(request: HttpRequest, years: tuple[int, ...]) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and int(text) in years else default_year()


def _strings() -> dict[str, str]:
    return {
        "indonesia": _("Indonesia"),
        "coverage": _("Coverage (partners and programmes)"),
        "gap": _("People in need not reached"),
        "need": _("People in need"),
        "reached": _("Reached by partners"),
        "pending": _("reported, not yet approved"),
        "government": _("Reached by government programmes"),
        "organisations": _("Organisations"),
        "overCovered": _("Over-coverage (combined)"),
        "apportioned": _("apportioned from a higher level"),
        "noData": _("No need figure"),
        "suppressed": _("Withheld (small count)"),
        "overlap": _("Overlap"),
        "loading": _("Loading…"),
        "failed": _("The map could not be loaded."),
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    years = coverage_years()
    group = request.GET.get("group", DEFAULT_GROUP)
    if group not in PPKS_BY_KEY:
        group = DEFAULT_GROUP
    year = _year(request, years)
    region = _region(request)
    parent = region.code if region else ""
    level = region.level + 1 if region else int(Level.PROVINCE)
    principal = principal_for(request.user)
    summary = None
    if region is not None:
        above = region.code.rsplit(".", 1)[0] if region.level > Level.PROVINCE else ""
        summary = next(
            (
                row
                for row in coverage_rows(
                    principal=principal, level=region.level, year=year, group=group, parent=above
                )
                if row.code == region.code
            ),
            None,
        )
    return render(
        request,
        "synergy/dashboard.html",
        {
            "groups": PPKS,
            "group": group,
            "group_label": PPKS_BY_KEY[group].label,
            "years": years,
            "year": year,
            "region": region,
            "ancestors": region_ancestors(region=region) if region else [],
            "level_key": Level(level).key,
            "summary": summary,
            "spots": blank_spot_rows(
                principal=principal,
                level=level,
                year=year,
                group=group,
                parent=parent,
                limit=TABLE_ROWS,
            ),
            "overlaps": overlap_rows(
                principal=principal,
                level=level,
                year=year,
                group=None,
                parent=parent,
                limit=TABLE_ROWS,
            ),
            "strings": _strings(),
        },
    )
