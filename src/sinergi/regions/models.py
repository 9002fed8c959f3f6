"""The official region registry (Kemendagri), its lineage, boundaries and data versions.

The dotted Kemendagri code is the primary key: every other record points at a region by the
code people read and type, and parent links need no lookup when bulk loading. Codes are never
reused for a different area; a split (pemekaran) or recode retires the old row (``retired_on``)
and records the change in ``RegionChange`` instead of overwriting history.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.regions.codes import Level


class RegionType(models.TextChoices):
    PROVINCE = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency (kabupaten)")
    KOTA = "kota", _("City (kota)")
    DISTRICT = "kecamatan", _("District (kecamatan)")
    DESA = "desa", _("Village (desa)")
    KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
    DESA_ADAT = "desa_adat", _("Customary village (desa adat)")


LEVEL_LABELS = {
    Level.PROVINCE: _("Province"),
    Level.REGENCY: _("Regency / city"),
    Level.DISTRICT: _("District"),
    Level.VILLAGE: _("Village"),
}
LEVEL_CHOICES = [(level.value, label) for level, label in LEVEL_LABELS.items()]


class Region(models.Model):
    code = models.CharField(_("Kemendagri code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    # Lower-case, accent-free name for search; derived by the loader.
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVEL_CHOICES, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    type = models.CharField(_("type"), max_length=16, choices=RegionType.choices)
    population = models.PositiveIntegerField(_("population (2024)"), null=True, blank=True)
    population_male = models.PositiveIntegerField(null=True, blank=True)
    population_female = models.PositiveIntegerField(null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)
    centroid_lng = models.FloatField(null=True, blank=True)
    bps_code = models.CharField(_("BPS code (2020)"), max_length=10, blank=True, db_index=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def density(self) -> float | None:
        """People per km², where both figures are published."""
        if self.population is None or not self.area_km2:
            return None
        return self.population / self.area_km2


class ChangeKind(models.TextChoices):
    SPLIT = "split", _("split (pemekaran)")
    MERGE = "merge", _("merge")
    RENAME = "rename", _("rename")
    RECODE = "recode", _("new code")
    TRANSFER = "transfer", _("moved to another parent")


class RegionChange(models.Model):
    """One step of lineage: ``predecessor`` became (part of) ``successor`` on ``effective_on``."""

    predecessor = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="successions")
    successor = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="origins")
    kind = models.CharField(max_length=16, choices=ChangeKind.choices)
    effective_on = models.DateField()
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    old_name = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("region change")
        verbose_name_plural = _("region changes")
        ordering = ["effective_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "kind", "effective_on"],
                name="regions_change_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id} ({self.kind}, {self.effective_on})"


class Boundary(models.Model):
    """A region's polygon, simplified for the screen, as GeoJSON geometry text."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, primary_key=True)
    geometry = models.TextField()
    label_lat = models.FloatField(null=True)
    label_lng = models.FloatField(null=True)

    class Meta:
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return str(self.region_id)


class ReferenceDataset(models.Model):
    """Which version of a shipped dataset is loaded; its checksum is the data version."""

    name = models.CharField(max_length=64, unique=True)
    checksum = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField()
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reference dataset")
        verbose_name_plural = _("reference datasets")

    def __str__(self) -> str:
        return f"{self.name} {self.checksum[:12]}"


class BoundaryBundle(models.Model):
    """A served FeatureCollection (one level, nationwide or within a parent), built once per
    data version by the loader and stored gzipped, so no request ever serialises geometry."""

    level = models.PositiveSmallIntegerField(choices=LEVEL_CHOICES)
    parent_code = models.CharField(max_length=13, blank=True)  # "" = nationwide
    etag = models.CharField(max_length=32)
    body_gzip = models.BinaryField()
    feature_count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("boundary bundle")
        verbose_name_plural = _("boundary bundles")
        constraints = [
            models.UniqueConstraint(fields=["level", "parent_code"], name="regions_bundle_unique")
        ]

    def __str__(self) -> str:
        return f"{self.level}/{self.parent_code or '*'}"
