"""Synergy endpoints (``/api/v1/synergy/…``): coverage against need per region, blank spots
and overlaps. Aggregates are public; small counts of sensitive groups and the names of
organisations working through internal interventions follow ``selectors``' rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from sinergi.core.access import principal_for
from sinergi.core.problems import ApiError
from sinergi.core.schemas import Problem
from sinergi.core.taxonomy import PPKS_BY_KEY
from sinergi.regions.access import get_region_for_user
from sinergi.regions.codes import LEVEL_BY_KEY, InvalidCodeError, level_of
from sinergi.synergy.schemas import CellOut, CellQuery, CellsOut, CoverageOut, CoverageQuery
from sinergi.synergy.selectors import (
    CellRow,
    blank_spot_rows,
    coverage_rows,
    coverage_years,
    default_year,
    overlap_rows,
)

router = Router(tags=["synergy"])
ERRORS = {404: Problem, 422: Problem}


def _common(request: HttpRequest, query: CoverageQuery | CellQuery) -> tuple[int, int, str]:
    """Level, year and parent from the query; 422 for bad ones, 404 for unknown regions."""
    level = int(LEVEL_BY_KEY[query.level])
    parent = ""
    if query.parent:
        try:
            parent = get_region_for_user(request.user, query.parent).code
        except InvalidCodeError as error:
            raise ApiError(422, str(error), field=["parent"]) from error
        if level_of(parent) >= level:
            raise ApiError(
                422, _("The parent must lie above the requested level."), field=["parent"]
            )
    year = query.year if query.year is not None else default_year()
    if year not in coverage_years():
        raise ApiError(404, _("There are no coverage figures for %(year)s.") % {"year": year})
    if query.group and query.group not in PPKS_BY_KEY:
        raise ApiError(
            422, _("No target group has the key %(key)s.") % {"key": query.group}, field=["group"]
        )
    return level, year, parent


@router.get(
    "/synergy/coverage",
    response={200: CoverageOut, **ERRORS},
    summary="Coverage against need for every region of a level, one target group and year",
)
def coverage(request: HttpRequest, query: Query[CoverageQuery]) -> dict[str, Any]:
    level, year, parent = _common(request, query)
    rows = coverage_rows(
        principal=principal_for(request.user),
        level=level,
        year=year,
        group=query.group,
        parent=parent,
    )
    return {
        "level": query.level,
        "year": year,
        "group": query.group,
        "group_label": PPKS_BY_KEY[query.group].label,
        "parent": parent or None,
        "years": list(coverage_years()),
        "rows": rows,
    }


def _cells(query: CellQuery, year: int, parent: str, rows: list[CellRow]) -> dict[str, Any]:
    return {
        "level": query.level,
        "year": year,
        "group": query.group,
        "parent": parent or None,
        "items": [
            CellOut(
                code=row.code,
                name=row.name,
                group=row.group,
                group_label=row.group_label,
                figures=row.figures,  # type: ignore[arg-type]
                over_covered=row.over_covered,
                with_government=row.with_government,
                kinds=list(row.kinds),  # type: ignore[arg-type]
                organisations=list(row.named),
                apportioned_organisations=list(row.named_apportioned),
                hidden_organisations=row.hidden,
            )
            for row in rows
        ],
    }


def _cell_list(
    request: HttpRequest, query: CellQuery, rows_of: Callable[..., list[CellRow]]
) -> dict[str, Any]:
    level, year, parent = _common(request, query)
    principal = principal_for(request.user)
    rows = rows_of(
        principal=principal,
        level=level,
        year=year,
        group=query.group,
        parent=parent,
        limit=query.limit,
    )
    return _cells(query, year, parent, rows)


@router.get(
    "/synergy/gaps",
    response={200: CellsOut, **ERRORS},
    summary="Blank spots: known need with under 10 % covered, the largest gap first",
)
def blank_spots(request: HttpRequest, query: Query[CellQuery]) -> dict[str, Any]:
    return _cell_list(request, query, blank_spot_rows)


@router.get(
    "/synergy/overlaps",
    response={200: CellsOut, **ERRORS},
    summary="Overlaps: several organisations, a partner beside a programme, or over-coverage",
)
def overlaps(request: HttpRequest, query: Query[CellQuery]) -> dict[str, Any]:
    return _cell_list(request, query, overlap_rows)
