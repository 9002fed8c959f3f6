"""Synergy records: what the engines need persisted (weights, plans, scenarios, the etalase)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.taxonomy import PPKS
from sinergi.interventions.models import Intervention
from sinergi.partners.models import Organisation
from sinergi.partners.storage import private_storage
from sinergi.regions.models import Region

TARGET_GROUP_CHOICES = [(group.key, f"{group.key} · {group.name_id}") for group in PPKS]


class RecommendationWeights(models.Model):
    """The recommendation scoring weights (one row; defaults in docs/methods/recommendations.md).

    Read through ``selectors.recommendation_weights``; a national admin edits them in the admin.
    """

    need = models.FloatField(_("weight of unmet need"), default=1.0)
    gap_exponent = models.FloatField(_("exponent of the gap share"), default=0.5)
    footprint = models.FloatField(_("bonus inside the footprint"), default=1.0)
    proximity = models.FloatField(_("bonus for proximity"), default=2.0)
    crowding = models.FloatField(_("penalty per other organisation"), default=0.5)
    half_distance_km = models.FloatField(_("distance at which proximity halves (km)"), default=100)
    unfocused = models.FloatField(_("passion without a stated target group"), default=0.5)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("recommendation weights")
        verbose_name_plural = _("recommendation weights")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(need__gte=0)
                & models.Q(gap_exponent__gt=0)
                & models.Q(footprint__gte=0)
                & models.Q(proximity__gte=0)
                & models.Q(crowding__gte=0)
                & models.Q(half_distance_km__gt=0)
                & models.Q(unfocused__gte=0),
                name="synergy_weights_valid",
            )
        ]

    def __str__(self) -> str:
        return str(_("Recommendation weights"))


class UnitCost(models.Model):
    """What reaching one person of a target group costs for a year, with where it comes from."""

    target_group = models.CharField(
        _("target group"), max_length=16, choices=TARGET_GROUP_CHOICES, unique=True
    )
    cost_idr = models.PositiveBigIntegerField(_("cost per person (IDR)"))
    basis = models.CharField(_("source or assumption"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("unit cost")
        verbose_name_plural = _("unit costs")
        ordering = ["target_group"]
        constraints = [
            models.CheckConstraint(condition=models.Q(cost_idr__gt=0), name="synergy_cost_positive")
        ]

    def __str__(self) -> str:
        return f"{self.target_group}: {self.cost_idr}"


class Pledge(models.Model):
    """An organisation's budget pledged to the national plan for a year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    amount_idr = models.PositiveBigIntegerField(_("pledged budget (IDR)"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["year", "organisation_id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="synergy_pledge_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}: {self.amount_idr}"


class PlanScenario(models.Model):
    """A what-if: changes to budgets, costs and regional bounds, and the plan they give."""

    name = models.CharField(_("name"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan scenario")
        verbose_name_plural = _("plan scenarios")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PARTLY = "partly", _("Partly covered")
    ADOPTED = "adopted", _("Adopted")


class EtalaseNeed(models.Model):
    """A verified need a regional coordinator publishes for partners to adopt."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    target_group = models.CharField(_("target group"), max_length=16, choices=TARGET_GROUP_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    people = models.PositiveIntegerField(_("people in need"))
    budget_idr = models.PositiveBigIntegerField(_("budget estimate (IDR)"))
    evidence = models.FileField(_("evidence"), storage=private_storage, max_length=200, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    # Kept in step by the adoption service, so lists filter on it without a join.
    status = models.CharField(
        _("status"), max_length=8, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    adopted_people = models.PositiveIntegerField(_("people adopted"), default=0)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("published need")
        verbose_name_plural = _("published needs")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "target_group"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(people__gt=0), name="synergy_need_people")
        ]

    def __str__(self) -> str:
        return self.title


class NeedAdoption(models.Model):
    """A partner's promise to meet (part of) a need: a planned intervention linked to it."""

    need = models.ForeignKey(EtalaseNeed, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    intervention = models.OneToOneField(
        Intervention, on_delete=models.CASCADE, related_name="etalase_adoption"
    )
    people = models.PositiveIntegerField(_("people"))
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["adopted_at", "id"]

    def __str__(self) -> str:
        return f"{self.need_id} ← {self.organisation_id}"
