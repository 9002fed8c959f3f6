"""The atlas in the admin site: national admins tune small-count thresholds, publication and
need-index weights (through services, so the audit log and caches follow); batches, series
and sources are read-only records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sinergi.atlas.models import (
    ImportBatch,
    Indicator,
    NeedIndexWeight,
    Series,
    SeriesRevision,
    Source,
)
from sinergi.atlas.services import indicator_settings_update, need_index_weight_set
from sinergi.core.models import User


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ("key", "name_id", "kind", "theme", "unit", "sensitive", "suppress_below")
    list_filter = ("kind", "theme", "sensitive", "published")
    search_fields = ("key", "name_id", "name_en")
    fields = (
        "key",
        "name_id",
        "name_en",
        "kind",
        "theme",
        "unit",
        "direction",
        "sensitive",
        "suppress_below",
        "published",
        "catalogue_version",
    )
    readonly_fields = (
        "key",
        "name_id",
        "name_en",
        "kind",
        "theme",
        "unit",
        "direction",
        "sensitive",
        "catalogue_version",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # entries come from the shipped catalogue

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Indicator, form: Any, change: bool) -> None:
        indicator_settings_update(
            indicator=obj,
            suppress_below=obj.suppress_below,
            published=obj.published,
            updated_by=_user(request),
        )


@admin.register(NeedIndexWeight)
class NeedIndexWeightAdmin(admin.ModelAdmin[NeedIndexWeight]):
    list_display = ("indicator", "weight", "updated_by", "updated_at")
    fields = ("indicator", "weight")

    def save_model(
        self, request: HttpRequest, obj: NeedIndexWeight, form: Any, change: bool
    ) -> None:
        saved = need_index_weight_set(
            indicator=obj.indicator, weight=obj.weight, updated_by=_user(request)
        )
        if saved is not None:
            obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: NeedIndexWeight) -> None:
        need_index_weight_set(indicator=obj.indicator, weight=0, updated_by=_user(request))


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "kind",
        "filename",
        "status",
        "created_by",
        "created_at",
        "inserted",
        "updated",
        "error_count",
    )
    list_filter = ("kind", "status", "dry_run")
    search_fields = ("filename", "checksum")


@admin.register(Series)
class SeriesAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "level", "period", "count", "batch", "updated_at")
    list_filter = ("level",)
    search_fields = ("indicator__key", "period")
    exclude = ("cells",)


@admin.register(SeriesRevision)
class SeriesRevisionAdmin(ReadOnlyAdmin):
    list_display = ("series", "count", "replaced_by", "replaced_at")
    exclude = ("cells",)


@admin.register(Source)
class SourceAdmin(ReadOnlyAdmin):
    list_display = ("name", "publication", "licence")
    search_fields = ("name", "publication")
