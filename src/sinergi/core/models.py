"""Users, their roles with scopes, and the audit log.

A scope is either a region subtree (by Kemendagri code) or an organisation. Region codes are
hierarchical strings (``32`` ⊃ ``32.73`` ⊃ ``32.73.01`` ⊃ ``32.73.01.1001``), so core can
decide subtree membership without importing the regions app that sits above it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=200, blank=True)

    def display_name(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National admin (Kemensos)")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator (Dinsos / Bappeda)")
    PARTNER_ADMIN = "partner_admin", _("Partner admin")
    PARTNER_EDITOR = "partner_editor", _("Partner editor")
    PARTNER_VIEWER = "partner_viewer", _("Partner viewer")
    # KUBE roles (issue 7): a facilitator (pendamping) is scoped to a region subtree like a
    # coordinator; mentors and buyers act for themselves.
    FACILITATOR = "facilitator", _("KUBE facilitator (pendamping)")
    MENTOR = "mentor", _("KUBE mentor")
    BUYER = "buyer", _("Buyer")


PARTNER_ROLES = frozenset({Role.PARTNER_ADMIN, Role.PARTNER_EDITOR, Role.PARTNER_VIEWER})


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # Root of the region subtree a regional coordinator covers (dotted Kemendagri code).
    region_code = models.CharField(_("region scope"), max_length=13, blank=True)
    # The organisation a partner role acts for. The partners app (issue 4) owns the
    # Organisation model and turns this column into a foreign key without changing its type.
    organisation_id = models.PositiveBigIntegerField(_("organisation scope"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region_code", "organisation_id"],
                name="core_role_assignment_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="regional_coordinator") | ~models.Q(region_code=""),
                name="core_coordinator_has_region",
            ),
        ]

    def __str__(self) -> str:
        scope = self.region_code or (str(self.organisation_id) if self.organisation_id else "")
        return f"{self.user} · {self.get_role_display()} {scope}".strip()


class AuditEvent(models.Model):
    """Who did what to which record, and what changed. Written only by services."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    changes = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_id"])]
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"


class LoginFailure(models.Model):
    """One failed sign-in, counted per (folded) username to slow down password guessing.

    Kept in the database rather than a per-process cache so the limit holds across all
    gunicorn workers and machines. Rows older than the window are pruned as new ones arrive.
    """

    username_key = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self) -> str:
        return f"{self.username_key} {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A secret a partner's own system sends as ``Authorization: Bearer <token>``. It acts with
    the editor rights of one organisation and no more (docs/decisions/0007). Only the SHA-256
    of the secret is stored; the secret is shown once, when it is created. Like
    ``RoleAssignment``, the organisation is an integer: core sits below partners."""

    organisation_id = models.PositiveBigIntegerField(_("organisation"), db_index=True)
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the secret, so people can tell their tokens apart.
    prefix = models.CharField(_("starts with"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
