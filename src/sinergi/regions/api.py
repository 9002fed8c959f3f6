"""Region registry and boundary endpoints (``/api/v1/regions``, ``/api/v1/boundaries``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router

from sinergi.core.problems import ApiError
from sinergi.core.schemas import Problem
from sinergi.regions.access import KEMENDAGRI, get_region_for_user
from sinergi.regions.codes import LEVEL_BY_KEY, InvalidCodeError, Level, ancestors_of, level_of
from sinergi.regions.models import LEVEL_LABELS, Region
from sinergi.regions.responses import bundle_response
from sinergi.regions.schemas import (
    BoundaryLevelKey,
    CodeSystem,
    FeatureCollectionOut,
    RegionCode,
    RegionDetailOut,
    RegionFilters,
    RegionListItem,
    RegionPage,
    RegionRef,
    SectionFactOut,
    SectionOut,
    region_fields,
)
from sinergi.regions.sections import region_sections
from sinergi.regions.selectors import (
    ancestor_names,
    boundary_bundle_get,
    region_ancestors,
    region_child_count,
    region_children,
    region_filtered,
    region_search,
    regions_by_codes,
)

router = Router(tags=["regions"])
ERRORS = {404: Problem, 422: Problem}


def _region(request: HttpRequest, code: str, field: str, system: str = KEMENDAGRI) -> Region:
    try:
        return get_region_for_user(request.user, code, system=system)
    except InvalidCodeError as error:
        raise ApiError(422, str(error), field=[field]) from error


def _list_items(regions: list[Region]) -> list[RegionListItem]:
    names = ancestor_names(regions=regions)
    items = []
    for region in regions:
        chain = [names.get(code, "") for code in reversed(ancestors_of(region.code))]
        items.append(
            RegionListItem(
                **region_fields(region),
                path=", ".join(name for name in chain if name),
                child_count=getattr(region, "child_count", None),
            )
        )
    return items


@router.get(
    "/regions/{code}",
    response={200: RegionDetailOut, **ERRORS},
    summary="A region with its facts, parent chain and number of children",
)
def region_detail(
    request: HttpRequest, code: RegionCode, system: CodeSystem = "kemendagri"
) -> RegionDetailOut:
    region = _region(request, code, "code", system)
    return RegionDetailOut(
        **region_fields(region),
        parents=[
            RegionRef(code=p.code, name=p.name, level=Level(p.level).key)  # type: ignore[arg-type]
            for p in region_ancestors(region=region)
        ],
        child_count=region_child_count(region=region),
        has_boundary=hasattr(region, "boundary"),
        sections=[
            SectionOut(
                key=s.key,
                title=str(s.title),
                facts=[SectionFactOut(label=str(f.label), value=f.value) for f in s.facts],
            )
            for s in region_sections(region.code)
        ],
    )


@router.get(
    "/regions/{code}/children",
    response={200: list[RegionListItem], **ERRORS},
    summary="The regions directly below a region, by code",
)
def region_children_list(request: HttpRequest, code: RegionCode) -> list[RegionListItem]:
    region = _region(request, code, "code")
    return _list_items(list(region_children(region=region)))


@router.get(
    "/regions",
    response={200: RegionPage, **ERRORS},
    summary="Regions by level, within a parent, or matching a name (fuzzy)",
)
def region_list(request: HttpRequest, filters: Query[RegionFilters]) -> RegionPage:
    level, parent, q = filters.level, filters.parent, filters.q
    limit, offset = filters.limit, filters.offset
    wanted_level = LEVEL_BY_KEY[level] if level else None
    within = _region(request, parent, "parent").code if parent else None
    if q is not None and q.strip():
        matches = region_search(query=q, level=wanted_level, within=within)
        page = regions_by_codes(codes=[m.code for m in matches[offset : offset + limit]])
        count = len(matches)
    else:
        regions = region_filtered(level=wanted_level, within=within)
        count = regions.count()
        page = list(regions[offset : offset + limit])
    return RegionPage(items=_list_items(page), count=count, limit=limit, offset=offset)


@router.get(
    "/boundaries/{level}",
    response={200: FeatureCollectionOut, 304: None, **ERRORS},
    summary="GeoJSON boundaries: provinces or regencies nationwide, districts in a parent",
)
def boundary_collection(
    request: HttpRequest, level: BoundaryLevelKey, parent: RegionCode | None = None
) -> HttpResponse:
    wanted = LEVEL_BY_KEY[level]
    parent_code = ""
    if parent:
        parent_region = _region(request, parent, "parent")
        parent_code = parent_region.code
        if level_of(parent_code) >= wanted or level_of(parent_code) >= Level.DISTRICT:
            raise ApiError(
                422,
                _("%(level)s boundaries cannot lie inside %(code)s; give a higher-level parent.")
                % {"level": LEVEL_LABELS[wanted], "code": parent_code},
                field=["parent"],
            )
    elif wanted == Level.DISTRICT:
        raise ApiError(
            422, _("Districts are served within a parent: add ?parent=CODE."), field=["parent"]
        )
    bundle = boundary_bundle_get(level=wanted, parent_code=parent_code)
    if bundle is None:
        raise ApiError(404, _("No boundaries are loaded yet: run `sinergi load-reference`."))
    return bundle_response(request, bundle)
