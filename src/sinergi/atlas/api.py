"""Atlas endpoints: the catalogue, map values (compact and cached), region profiles, exports,
need-index weights and imports (upload, status, error report, templates)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.security import django_auth

from sinergi.atlas.access import (
    can_edit_weights,
    can_import,
    get_import_batch_for_user,
    get_indicator_for_user,
    sees_full_figures,
)
from sinergi.atlas.engines.need_index import DEFAULT_MIN_COVERAGE
from sinergi.atlas.exports import layer_export
from sinergi.atlas.import_templates import template_csv, template_xlsx
from sinergi.atlas.importing import checksum_of
from sinergi.atlas.layers import IndicatorInfo
from sinergi.atlas.messages import describe
from sinergi.atlas.models import BatchKind, BatchStatus, ImportBatch, Theme, Unit
from sinergi.atlas.need import weights
from sinergi.atlas.payloads import values_payload
from sinergi.atlas.profiles import Profile, region_profile
from sinergi.atlas.responses import values_response
from sinergi.atlas.schemas import (
    ErrorReportOut,
    ErrorReportQuery,
    ExportQuery,
    ImportListQuery,
    ImportOut,
    ImportPage,
    IndicatorOut,
    LayerKey,
    ProfileOut,
    RowErrorOut,
    TemplateLayout,
    TemplateQuery,
    ValuesOut,
    ValuesQuery,
    WeightOut,
    WeightsIn,
    WeightsOut,
)
from sinergi.atlas.selectors import (
    import_batch_list,
    indicator_list,
    layer_exists,
    layer_get,
    layer_periods,
)
from sinergi.atlas.services import import_batch_create, need_index_weights_update
from sinergi.atlas.tasks import import_run
from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.core.problems import ApiError
from sinergi.core.schemas import Problem
from sinergi.regions.access import get_region_for_user
from sinergi.regions.codes import LEVEL_BY_KEY, InvalidCodeError, Level, level_of

router = Router(tags=["atlas"])
ERRORS = {404: Problem, 422: Problem}
SIGNED_IN_ERRORS = {401: Problem, 403: Problem, **ERRORS}
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
UPLOAD_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


def _language() -> str:
    return translation.get_language() or "id"


def _indicator_out(info: IndicatorInfo) -> IndicatorOut:
    language = _language()
    return IndicatorOut(
        key=info.key,
        name=info.name(language),
        name_id=info.name_id,
        name_en=info.name_en,
        short_name=info.short(language),
        kind=info.kind,
        theme=info.theme,
        theme_label=str(dict(Theme.choices).get(info.theme, "")),
        unit=info.unit,
        unit_label=str(dict(Unit.choices).get(info.unit, "")),
        direction=info.direction,
        decimals=info.decimals,
        additive=info.additive,
        sensitive=info.sensitive,
        suppress_below=info.suppress_below,
        levels=[Level(level).key for level in info.levels],  # type: ignore[misc]
        sdgs=list(info.sdgs),
        source=info.source,
        pin_group=info.pin_group,
        periods={
            Level(level).key: periods
            for level in (1, 2, 3)
            if (periods := layer_periods(key=info.key, level=level))
        },
    )


@router.get(
    "/atlas/indicators",
    response={200: list[IndicatorOut], **ERRORS},
    summary="The indicator catalogue, with the periods that have figures per level",
)
def indicator_catalogue(request: HttpRequest) -> list[IndicatorOut]:
    return [_indicator_out(info) for info in indicator_list()]


@router.get(
    "/atlas/indicators/{key}",
    response={200: IndicatorOut, **ERRORS},
    summary="One catalogue entry",
)
def indicator_detail(request: HttpRequest, key: LayerKey) -> IndicatorOut:
    return _indicator_out(get_indicator_for_user(request.user, key))


def _level_and_parent(request: HttpRequest, query: ValuesQuery) -> tuple[int, str]:
    level = LEVEL_BY_KEY[query.level]
    if not query.parent:
        return level, ""
    try:
        parent = get_region_for_user(request.user, query.parent).code
    except InvalidCodeError as error:
        raise ApiError(422, str(error), field=["parent"]) from error
    if level_of(parent) >= level:
        raise ApiError(422, _("The parent must lie above the requested level."), field=["parent"])
    return level, parent


def _known_layer(key: str) -> None:
    if not layer_exists(key=key):
        raise ApiError(404, _("No map layer has the key %(key)s.") % {"key": key})


@router.get(
    "/atlas/values/{key}",
    response={200: ValuesOut, 304: None, **ERRORS},
    summary="One layer at one level and period as {code: value}, cached per data version",
)
def layer_values(request: HttpRequest, key: LayerKey, query: Query[ValuesQuery]) -> HttpResponse:
    level, parent = _level_and_parent(request, query)
    _known_layer(key)
    served = values_payload(key=key, level=level, period=query.period, parent=parent)
    if served is None:
        raise ApiError(404, _("There are no figures for this layer at this level and period."))
    return values_response(request, served)


@router.get(
    "/atlas/exports/{key}",
    response={200: None, **ERRORS},
    summary="A layer's figures with sources as CSV, HXL-tagged CSV, XLSX or GeoJSON",
)
def layer_download(request: HttpRequest, key: LayerKey, query: Query[ExportQuery]) -> HttpResponse:
    level, parent = _level_and_parent(request, query)
    _known_layer(key)
    layer = layer_get(key=key, level=level, period=query.period)
    if layer is None:
        raise ApiError(404, _("There are no figures for this layer at this level and period."))
    exported = layer_export(layer, fmt=query.format, parent=parent)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


def _profile_out(profile: Profile) -> dict[str, Any]:
    language = _language()
    region = profile.region
    return {
        "region": {"code": region.code, "name": region.name, "level": Level(region.level).key},
        "headline": [
            {
                "key": h.info.key,
                "name": h.info.name(language),
                "unit": h.info.unit,
                "period": h.period,
                "value": h.value,
                "rolled_up": h.rolled_up,
                "note": h.note,
                "trend": [vars(point) for point in h.trend],
            }
            for h in profile.headline
        ],
        "need_index": None
        if profile.need_index is None
        else {
            **{k: v for k, v in vars(profile.need_index).items() if k != "components"},
            "components": [
                {**vars(c), "key": c.info.key, "name": c.info.name(language)}
                for c in profile.need_index.components
            ],
        },
        "people_in_need": [
            {
                **{k: v for k, v in vars(entry).items() if k not in ("info",)},
                "group": entry.info.key,
                "name": entry.info.name(language),
                "sensitive": entry.info.sensitive,
            }
            for entry in profile.people_in_need
        ],
        "sources": profile.sources,
        "demo_used": profile.demo_used,
    }


@router.get(
    "/atlas/regions/{code}/profile",
    response={200: ProfileOut, **ERRORS},
    summary="A region's headline figures with trends, need index, ranks, people in need, sources",
)
def profile(request: HttpRequest, code: str) -> dict[str, Any]:
    try:
        region = get_region_for_user(request.user, code)
    except InvalidCodeError as error:
        raise ApiError(422, str(error), field=["code"]) from error
    full = sees_full_figures(principal_for(request.user), region.code)
    return _profile_out(region_profile(region=region, full_figures=full))


def _weights_out() -> WeightsOut:
    language = _language()
    current = weights()
    total = sum(weight for _info, weight in current) or 1.0
    return WeightsOut(
        components=[
            WeightOut(
                key=info.key,
                name=info.name(language),
                direction=info.direction,
                weight=weight,
                share=weight / total,
            )
            for info, weight in current
        ],
        min_coverage=DEFAULT_MIN_COVERAGE,
    )


@router.get(
    "/atlas/need-index/weights",
    response={200: WeightsOut, **ERRORS},
    summary="The need index's components and weights",
)
def need_index_weights(request: HttpRequest) -> WeightsOut:
    return _weights_out()


@router.put(
    "/atlas/need-index/weights",
    auth=django_auth,
    response={200: WeightsOut, **SIGNED_IN_ERRORS},
    summary="Replace the need-index weights (national admins)",
)
def need_index_weights_set(request: HttpRequest, body: WeightsIn) -> WeightsOut:
    if not can_edit_weights(principal_for(request.user)):
        raise ApiError(403, _("Only national admins change the need-index weights."))
    user = request.user
    if not isinstance(user, User):
        raise ApiError(403, _("Only national admins change the need-index weights."))
    need_index_weights_update(weights=body.weights, updated_by=user)
    return _weights_out()


def _import_out(batch: ImportBatch, *, with_preview: bool = True) -> ImportOut:
    return ImportOut(
        id=batch.pk,
        status=batch.status,
        status_label=str(dict(BatchStatus.choices).get(batch.status, batch.status)),
        dry_run=batch.dry_run,
        filename=batch.filename,
        layout=batch.layout,
        stage=batch.stage,
        rows_total=batch.rows_total,
        rows_done=batch.rows_done,
        inserted=batch.inserted,
        updated=batch.updated,
        unchanged=batch.unchanged,
        error_count=batch.error_count,
        created_at=batch.created_at,
        finished_at=batch.finished_at,
        preview=batch.preview if with_preview else [],
    )


@router.post(
    "/atlas/imports",
    auth=django_auth,
    response={202: ImportOut, **SIGNED_IN_ERRORS},
    summary="Upload a CSV or XLSX of values; it is checked and imported in the background",
)
def import_create(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = False
) -> Status[ImportOut]:
    user = request.user
    if not isinstance(user, User) or not can_import(principal_for(user)):
        raise ApiError(403, _("Only national admins and regional coordinators import data."))
    name = file.name or ""
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise ApiError(422, _("Upload a .csv or .xlsx file."), field=["file"])
    if (file.size or 0) > MAX_UPLOAD_BYTES:
        raise ApiError(422, _("The file is larger than 200 MB."), field=["file"])
    content = file.read()
    batch = import_batch_create(
        kind=BatchKind.UPLOAD,
        created_by=user,
        filename=name,
        content=content,
        checksum=checksum_of(content),
        dry_run=dry_run,
    )
    import_run.enqueue(batch.pk)
    return Status(202, _import_out(get_import_batch_for_user(user, batch.pk)))


@router.get(
    "/atlas/imports",
    auth=django_auth,
    response={200: ImportPage, **SIGNED_IN_ERRORS},
    summary="Imports you brought (all imports for national admins), newest first",
)
def import_list(request: HttpRequest, query: Query[ImportListQuery]) -> ImportPage:
    batches = import_batch_list(principal=principal_for(request.user))
    page = list(batches[query.offset : query.offset + query.limit])
    return ImportPage(
        items=[_import_out(batch, with_preview=False) for batch in page],
        count=batches.count(),
        limit=query.limit,
        offset=query.offset,
    )


@router.get(
    "/atlas/imports/{batch_id}",
    auth=django_auth,
    response={200: ImportOut, **SIGNED_IN_ERRORS},
    summary="An import's status and progress",
)
def import_detail(request: HttpRequest, batch_id: int) -> ImportOut:
    return _import_out(get_import_batch_for_user(request.user, batch_id))


@router.get(
    "/atlas/imports/{batch_id}/errors",
    auth=django_auth,
    response={200: ErrorReportOut, **SIGNED_IN_ERRORS},
    summary="Every problem found in an import: row, column, value, reason, suggestion",
)
def import_errors(
    request: HttpRequest, batch_id: int, query: Query[ErrorReportQuery]
) -> HttpResponse | ErrorReportOut:
    batch = get_import_batch_for_user(request.user, batch_id)
    errors = [describe(error) for error in batch.errors]
    if query.format == "csv":
        buffer = io.StringIO()
        columns = ("row", "column", "value", "reason", "suggestion")
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(errors)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-errors.csv"'
        return response
    return ErrorReportOut(
        id=batch.pk,
        status=batch.status,
        error_count=batch.error_count,
        errors=[RowErrorOut(**error) for error in errors],
    )


@router.get(
    "/atlas/templates/{layout}",
    response={200: None, **ERRORS},
    summary="An empty import template (long or wide layout) as XLSX or CSV",
)
def import_template(
    request: HttpRequest, layout: TemplateLayout, query: Query[TemplateQuery]
) -> HttpResponse:
    keys = [key for key in (query.indicators or "").split(",") if key]
    for key in keys:
        get_indicator_for_user(request.user, key)
    if query.format == "csv":
        content, content_type = template_csv(layout, keys), "text/csv; charset=utf-8"
    else:
        content = template_xlsx(layout, keys)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    name = f"sinergi-template-{layout}.{query.format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
