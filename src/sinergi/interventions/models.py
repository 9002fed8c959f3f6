"""Interventions: who does what, where, when, for whom (5W), with their results framework.

An intervention belongs to one lead organisation and is matched in spreadsheets on that
organisation's own ``ref``. Its locations are regions at any level; when one location lies
inside another of the same intervention, the finer one is a *breakdown* of the coarser one,
never an addition (docs/methods/interventions-counting.md). Taxonomy keys (functions and
sectors, programmes, PPKS target groups, SDGs) are plain keys from ``core.taxonomy``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.partners.models import Agreement, Organisation
from sinergi.partners.storage import private_storage
from sinergi.regions.models import Region


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Unit(models.TextChoices):
    PERSONS = "persons", _("Persons")
    HOUSEHOLDS = "households", _("Households")
    GROUPS = "groups", _("Groups")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal (the organisation and the government)")


class LocationMode(models.TextChoices):
    PER_LOCATION = "per_location", _("Each location has its own figures")
    SPLIT = "split", _("One total, shared across locations in proportion to population")


class PartyRole(models.TextChoices):
    IMPLEMENTER = "implementer", _("Implementer")
    FUNDER = "funder", _("Funder")
    ACCOUNTABLE = "accountable", _("Accountable")


# Disaggregation of targeted and reached beneficiaries (sex, age band, disability).
BREAKDOWN = ("female", "male", "children", "adults", "elderly", "disability")


class Intervention(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="interventions",
    )
    ref = models.CharField(_("reference"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    function = models.CharField(_("function or sector"), max_length=32)
    programme = models.CharField(_("government programme"), max_length=16, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget_idr = models.PositiveBigIntegerField(_("budget (IDR)"), null=True, blank=True)
    spend_idr = models.PositiveBigIntegerField(_("spend (IDR)"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.PERSONS)
    location_mode = models.CharField(
        _("location figures"),
        max_length=16,
        choices=LocationMode.choices,
        default=LocationMode.PER_LOCATION,
    )
    # Totals without double counting (computed by the service from the locations, or
    # entered directly in "split" mode).
    targeted = models.PositiveIntegerField(_("targeted"), default=0)
    reached = models.PositiveIntegerField(_("reached"), default=0)
    # {"targeted": {"female": 10, ...}, "reached": {...}}: optional, each ≤ the total.
    breakdown = models.JSONField(_("disaggregation"), default=dict, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interventions",
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    # Optimistic concurrency: every update must name the version it read.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "ref"], name="interventions_ref_unique_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="interventions_period_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "function"]),
            models.Index(fields=["visibility", "organisation"]),
            models.Index(fields=["programme"]),
            models.Index(fields=["start_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.ref} · {self.title}"


class InterventionParty(models.Model):
    """Another organisation taking part (the lead is ``Intervention.organisation``)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "organisation", "role"], name="interventions_party_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} ({self.role})"


class InterventionTargetGroup(models.Model):
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="target_groups"
    )
    key = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(fields=["intervention", "key"], name="interventions_tg_unique")
        ]
        indexes = [models.Index(fields=["key", "intervention"])]

    def __str__(self) -> str:
        return self.key


class InterventionLocation(models.Model):
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="locations"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    targeted = models.PositiveIntegerField(_("targeted"), default=0)
    reached = models.PositiveIntegerField(_("reached"), default=0)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "region"], name="interventions_location_unique"
            )
        ]
        indexes = [models.Index(fields=["region", "intervention"])]

    def __str__(self) -> str:
        return self.region_id


class Indicator(models.Model):
    """An indicator from the library (``organisation`` empty) or an organisation's own."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=32)
    function = models.CharField(_("function or sector"), max_length=32, blank=True)
    programme = models.CharField(_("government programme"), max_length=16, blank=True)
    sdgs = models.JSONField(_("SDG tags"), default=list, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class InterventionIndicator(models.Model):
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="indicators"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, default=0)
    # Target per reporting period, {"2026-Q1": "100", ...}, and for the whole intervention.
    targets = models.JSONField(_("targets per period"), default=dict, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("intervention indicator")
        verbose_name_plural = _("intervention indicators")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "indicator"], name="interventions_indicator_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.intervention_id}:{self.indicator_id}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Report(models.Model):
    """A progress report for one period (``2026-Q1``). Approved reports are locked."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("period"), max_length=7)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    narrative = models.TextField(_("narrative"), blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["intervention_id", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "period"], name="interventions_report_period_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.period}"


class ReportValue(models.Model):
    """The value of one indicator in one period (an increment; cumulative totals are sums)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        InterventionIndicator, on_delete=models.CASCADE, related_name="values"
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    breakdown = models.JSONField(_("disaggregation"), default=dict, blank=True)

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="interventions_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.indicator_id}={self.value}"


class ReportEvidence(models.Model):
    """A file backing a progress report (attendance list, photo, receipt sheet). Checked by
    content (PDF, JPEG, PNG, XLSX, CSV), kept in private storage and served only after the
    report's access check. Added and removed while the report is a draft or returned."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title
