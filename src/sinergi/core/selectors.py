"""Reads for accounts and the audit log."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from sinergi.core.models import AuditEvent, LoginFailure, RoleAssignment, User

# Sign-in rate limit: this many failures for one username within the window block further
# attempts (even with the right password) until the oldest failure leaves the window.
LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW = timedelta(minutes=15)


def role_assignment_list(*, user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).order_by("role", "region_code")


def audit_event_list(*, target_type: str, target_id: str) -> QuerySet[AuditEvent]:
    """History of one record, newest first, with the actor joined in the same query."""
    return AuditEvent.objects.filter(target_type=target_type, target_id=target_id).select_related(
        "actor"
    )


def login_username_key(username: str) -> str:
    return username.strip().casefold()[:150]


def login_blocked(*, username: str) -> bool:
    """True while ``username`` has too many recent failed sign-ins."""
    since = timezone.now() - LOGIN_WINDOW
    recent = LoginFailure.objects.filter(username_key=login_username_key(username), at__gte=since)
    return recent.count() >= LOGIN_MAX_FAILURES
