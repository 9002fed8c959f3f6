from django.contrib import admin

from sinergi.interventions.models import Indicator, Intervention, Report


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin[Intervention]):
    list_display = ("ref", "title", "organisation", "function", "status", "visibility")
    list_filter = ("status", "visibility", "function")
    search_fields = ("ref", "title")
    raw_id_fields = ("organisation", "agreement", "created_by")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # changes go through the services (audited, versioned)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ("code", "name", "unit", "function", "programme", "organisation")
    search_fields = ("code", "name")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ("intervention", "period", "status", "due_on")
    list_filter = ("status",)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
