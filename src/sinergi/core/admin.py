from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from sinergi.core.models import AuditEvent, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class SinergiUserAdmin(UserAdmin[User]):
    inlines = [RoleAssignmentInline]
    list_display = ("username", "full_name", "email", "is_staff", "is_active")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Sinergi", {"fields": ("full_name",)}))


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ("at", "actor", "action", "target_type", "target_id")
    list_filter = ("action", "target_type")
    readonly_fields = ("at", "actor", "action", "target_type", "target_id", "changes")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
