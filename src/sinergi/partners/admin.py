"""Admin for national admins, read-only: changes go through the app's pages and API, whose
services validate them and keep the audit log. The admin is for looking things up."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sinergi.partners.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    AlertDispatch,
    Commitment,
    Invitation,
    Organisation,
    OrganisationFootprint,
    ProgressReport,
)


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FootprintInline(ReadOnly, admin.TabularInline[OrganisationFootprint, Organisation]):
    model = OrganisationFootprint
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ReadOnly, admin.ModelAdmin[Organisation]):
    list_display = ("name", "type", "home_region", "verified_at", "archived_at")
    list_filter = ("type", "budget_band")
    search_fields = ("name", "short_name", "nib", "npwp", "ahu_number")
    inlines = [FootprintInline]


class PartyInline(ReadOnly, admin.TabularInline[AgreementParty, Agreement]):
    model = AgreementParty
    extra = 0


class DocumentInline(ReadOnly, admin.TabularInline[AgreementDocument, Agreement]):
    model = AgreementDocument
    extra = 0
    exclude = ("file",)


@admin.register(Agreement)
class AgreementAdmin(ReadOnly, admin.ModelAdmin[Agreement]):
    list_display = ("number", "title", "kind", "status", "signed_on", "valid_until")
    list_filter = ("kind", "status")
    search_fields = ("number", "title")
    inlines = [PartyInline, DocumentInline]


class ReportInline(ReadOnly, admin.TabularInline[ProgressReport, Commitment]):
    model = ProgressReport
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(ReadOnly, admin.ModelAdmin[Commitment]):
    list_display = ("description", "agreement", "metric", "target", "deadline")
    list_filter = ("metric",)
    inlines = [ReportInline]


@admin.register(Invitation)
class InvitationAdmin(ReadOnly, admin.ModelAdmin[Invitation]):
    list_display = ("organisation", "role", "created_at", "expires_at", "accepted_at")
    exclude = ("token_hash",)


@admin.register(AlertDispatch)
class AlertDispatchAdmin(ReadOnly, admin.ModelAdmin[AlertDispatch]):
    list_display = ("key", "agreement", "recipients", "sent_at")
