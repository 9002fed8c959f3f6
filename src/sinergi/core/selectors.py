"""Reads for accounts and the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from sinergi.core.models import AuditEvent, RoleAssignment, User


def role_assignment_list(*, user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).order_by("role", "region_code")


def audit_event_list(*, target_type: str, target_id: str) -> QuerySet[AuditEvent]:
    """History of one record, newest first, with the actor joined in the same query."""
    return AuditEvent.objects.filter(target_type=target_type, target_id=target_id).select_related(
        "actor"
    )
