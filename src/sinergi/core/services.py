"""Writes for users, roles and the audit log. Every write here records an audit event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.models import (
    PARTNER_ROLES,
    ApiToken,
    AuditEvent,
    LoginFailure,
    Role,
    RoleAssignment,
    User,
)
from sinergi.core.selectors import LOGIN_WINDOW, login_username_key


def audit_record(
    *,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: str,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. Callers pass only non-personal summaries in ``changes``."""
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        changes=changes or {},
    )


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    email: str = "",
    full_name: str = "",
    is_staff: bool = False,
    created_by: User | None = None,
) -> User:
    """Create an account; the password is checked by Django's validators."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    user = User(username=username, email=email, full_name=full_name, is_staff=is_staff)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=created_by, action="user.create", target_type="user", target_id=str(user.pk))
    return user


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: Role,
    region_code: str = "",
    organisation_id: int | None = None,
    assigned_by: User | None = None,
) -> RoleAssignment:
    """Give ``user`` a role with its scope. Idempotent: the same assignment is returned again.

    Region codes are checked to exist by the regions app's wrapper
    (``regions.services.region_coordinator_assign``); this layer only checks the shape.
    """
    if role == Role.REGIONAL_COORDINATOR and not region_code:
        raise ValidationError({"region_code": _("A regional coordinator needs a region.")})
    if role == Role.FACILITATOR and not region_code:
        raise ValidationError({"region_code": _("A KUBE facilitator needs a region.")})
    if role not in PARTNER_ROLES and organisation_id is not None:
        raise ValidationError({"organisation_id": _("Only partner roles act for an organisation.")})
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, region_code=region_code, organisation_id=organisation_id
    )
    if created:
        audit_record(
            actor=assigned_by,
            action="role.assign",
            target_type="user",
            target_id=str(user.pk),
            changes={
                "role": str(role),
                "region_code": region_code,
                "organisation_id": organisation_id,
            },
        )
    return assignment


@transaction.atomic
def login_failure_record(*, username: str, ip: str | None) -> None:
    """Count a failed sign-in for ``username`` (and prune that name's expired failures)."""
    key = login_username_key(username)
    now = timezone.now()
    LoginFailure.objects.filter(username_key=key, at__lt=now - LOGIN_WINDOW).delete()
    LoginFailure.objects.create(username_key=key, ip=ip, at=now)


@transaction.atomic
def login_failures_clear(*, username: str) -> None:
    """A successful sign-in starts the count afresh."""
    LoginFailure.objects.filter(username_key=login_username_key(username)).delete()


TOKEN_TOUCH_EVERY = timedelta(minutes=1)


def api_token_touch(*, token: ApiToken) -> None:
    """Record that a token was used (at most once a minute, so API calls stay read-only)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
