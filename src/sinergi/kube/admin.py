"""Admin for national admins, read-only (writes go through the services, which validate and
audit). Members show the masked NIK only; the hash is never displayed."""

from __future__ import annotations

from django.contrib import admin

from sinergi.kube.models import (
    Assignment,
    Buyer,
    Group,
    LedgerMonth,
    Member,
    Mentor,
    Order,
    Product,
    Session,
    StageAssessment,
)
from sinergi.partners.admin import ReadOnly


@admin.register(Group)
class GroupAdmin(ReadOnly, admin.ModelAdmin[Group]):
    list_display = ("name", "village", "business_category", "stage", "is_demo")
    list_filter = ("stage", "business_category", "is_demo")
    search_fields = ("name",)


@admin.register(Member)
class MemberAdmin(ReadOnly, admin.ModelAdmin[Member]):
    list_display = ("name", "nik_masked", "group", "role")
    exclude = ("nik_hash",)


@admin.register(Mentor)
class MentorAdmin(ReadOnly, admin.ModelAdmin[Mentor]):
    list_display = ("name", "organisation", "home_region", "capacity", "active")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly, admin.ModelAdmin[Assignment]):
    list_display = ("group", "mentor", "status", "cost", "started_on")
    list_filter = ("status",)


@admin.register(StageAssessment)
class StageAssessmentAdmin(ReadOnly, admin.ModelAdmin[StageAssessment]):
    list_display = ("group", "assessed_on", "stage")


@admin.register(Session)
class SessionAdmin(ReadOnly, admin.ModelAdmin[Session]):
    list_display = ("assignment", "held_on", "topics")


# Market linkage (Pasar KUBE): read-only as well.


@admin.register(Product)
class ProductAdmin(ReadOnly, admin.ModelAdmin[Product]):
    list_display = ("name", "group", "category", "price", "unit", "active")
    list_filter = ("category", "active")
    search_fields = ("name",)


@admin.register(Buyer)
class BuyerAdmin(ReadOnly, admin.ModelAdmin[Buyer]):
    list_display = ("name", "buyer_type", "home_region", "is_demo")
    list_filter = ("buyer_type", "is_demo")


@admin.register(Order)
class OrderAdmin(ReadOnly, admin.ModelAdmin[Order]):
    list_display = ("pk", "product", "buyer", "status", "total", "delivered_on")
    list_filter = ("status",)


@admin.register(LedgerMonth)
class LedgerMonthAdmin(ReadOnly, admin.ModelAdmin[LedgerMonth]):
    list_display = ("group", "month", "other_revenue", "costs", "savings", "iks")
