from django.contrib import admin

from sinergi.regions.models import ReferenceDataset, Region, RegionChange


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ("code", "name", "level", "type", "population", "bps_code", "retired_on")
    list_filter = ("level", "type")
    search_fields = ("code", "name", "bps_code")
    raw_id_fields = ("parent",)
    readonly_fields = ("search_name",)


@admin.register(RegionChange)
class RegionChangeAdmin(admin.ModelAdmin[RegionChange]):
    list_display = ("predecessor", "successor", "kind", "effective_on", "legal_basis")
    raw_id_fields = ("predecessor", "successor")


@admin.register(ReferenceDataset)
class ReferenceDatasetAdmin(admin.ModelAdmin[ReferenceDataset]):
    list_display = ("name", "checksum", "row_count", "loaded_at")
    readonly_fields = ("name", "checksum", "row_count", "loaded_at")
