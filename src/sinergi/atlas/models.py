"""The atlas: an indicator catalogue, values per region x indicator x period with provenance,
import batches, and the need-index weights.

Values are stored as *series*: one row per indicator x level x period holding every region's
cell (code, value, batch, source, note) as a compact Arrow table (``engines/cells.py``). The map,
the need index and people-in-need all read one indicator at one level and period at a time, and
an import of a million values lands as a few hundred series rows instead of a million row
inserts (docs/decisions/0005-atlas-values-as-columnar-series.md). The series a batch replaces is
kept in ``SeriesRevision``, so every correction keeps its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sinergi.regions.models import LEVEL_CHOICES


class Kind(models.TextChoices):
    STATISTIC = "statistic", _("Official statistic")
    PEOPLE_IN_NEED = "people_in_need", _("People in need (PPKS)")
    RESOURCE = "resource", _("Social-welfare resource (PSKS)")
    PROGRAMME = "programme", _("Programme reach")


class Theme(models.TextChoices):
    POPULATION = "population", _("Population")
    POVERTY = "poverty", _("Poverty")
    LABOUR = "labour", _("Work and unemployment")
    INEQUALITY = "inequality", _("Inequality")
    HUMAN_DEVELOPMENT = "human_development", _("Human development")
    BASIC_SERVICES = "basic_services", _("Water and sanitation")
    PEOPLE_IN_NEED = "people_in_need", _("People in need (PPKS)")
    RESOURCES = "resources", _("Social-welfare resources (PSKS)")
    PROGRAMMES = "programmes", _("Programmes")


class Unit(models.TextChoices):
    PEOPLE = "people", _("people")
    FAMILIES = "families", _("families")
    ORGANISATIONS = "organisations", _("organisations")
    PERCENT = "percent", _("%")
    INDEX = "index", _("index (0-100)")
    RATIO = "ratio", _("ratio (0-1)")
    RUPIAH_MONTH = "rupiah_per_capita_month", _("Rp per person per month")
    THOUSAND_RUPIAH_YEAR = "thousand_rupiah_per_capita_year", _("thousand Rp per person per year")
    YEARS = "years", _("years")
    SCORE = "score", _("score (0-100)")


class Direction(models.TextChoices):
    HIGHER_WORSE = "higher_worse", _("higher is worse")
    HIGHER_BETTER = "higher_better", _("higher is better")
    NEUTRAL = "neutral", _("neither better nor worse")


class PinRole(models.TextChoices):
    """How an indicator informs people in need (PiN) for its ``pin_group``."""

    NONE = "", _("none")
    COUNT = "count", _("count of the target group")
    OFFICIAL_COUNT = "official_count", _("official count")
    RATE_PERCENT = "rate_percent", _("share of the population (%)")


class Indicator(models.Model):
    """One entry of the versioned catalogue. Labels are stored in both languages on the row
    (decided explicitly: official Indonesian names must survive translation untouched)."""

    key = models.CharField(_("key"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    short_id = models.CharField(_("short name (Indonesian)"), max_length=40, blank=True)
    short_en = models.CharField(_("short name (English)"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    theme = models.CharField(_("theme"), max_length=24, choices=Theme.choices)
    unit = models.CharField(_("unit"), max_length=40, choices=Unit.choices)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=1)
    min_value = models.FloatField(_("lowest valid value"), null=True, blank=True)
    max_value = models.FloatField(_("highest valid value"), null=True, blank=True)
    whole_numbers = models.BooleanField(_("whole numbers only"), default=False)
    # Counts add up from districts to regencies to provinces; rates and indices never do.
    additive = models.BooleanField(_("additive (rolls up)"), default=False)
    sensitive = models.BooleanField(_("sensitive"), default=False)
    suppress_below = models.PositiveIntegerField(
        _("suppress public counts below"),
        default=0,
        help_text=_("Counts from 1 up to this number minus one are hidden on public views."),
    )
    levels = models.JSONField(_("levels"), default=list)  # region levels (1-4) it is kept at
    sdgs = models.JSONField(_("SDG tags"), default=list)
    source = models.CharField(_("usual source"), max_length=200, blank=True)
    pin_group = models.CharField(_("people-in-need group"), max_length=12, blank=True)
    pin_role = models.CharField(
        _("people-in-need role"), max_length=16, choices=PinRole.choices, blank=True
    )
    headline = models.BooleanField(_("headline on profiles"), default=False)
    published = models.BooleanField(_("published"), default=True)
    taxonomy_version = models.CharField(_("taxonomy version"), max_length=40, blank=True)
    catalogue_version = models.CharField(_("catalogue version"), max_length=20)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "key"]

    def __str__(self) -> str:
        return f"{self.key} {self.name_id}"

    @property
    def name(self) -> str:
        language = translation.get_language() or "id"
        return self.name_en if language.startswith("en") else self.name_id

    @property
    def short_name(self) -> str:
        language = translation.get_language() or "id"
        short = self.short_en if language.startswith("en") else self.short_id
        return short or self.name


class Source(models.Model):
    """Where figures come from: the publisher's table and the publication it appeared in."""

    name = models.CharField(_("source"), max_length=200)
    publication = models.CharField(_("publication"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    caveats = models.TextField(_("caveats"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(fields=["name", "publication"], name="atlas_source_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.publication})" if self.publication else self.name


class BatchKind(models.TextChoices):
    REFERENCE = "reference", _("shipped official statistics")
    UPLOAD = "upload", _("web upload")
    CLI = "cli", _("command line")
    DEMO = "demo", _("demo data")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("running")
    PREVIEWED = "previewed", _("checked (dry run): nothing written")
    SUCCEEDED = "succeeded", _("imported")
    REJECTED = "rejected", _("rejected: the file has errors, nothing changed")
    FAILED = "failed", _("failed")


class ImportBatch(models.Model):
    """One arrival of values: who brought which file when, and what it changed."""

    kind = models.CharField(_("kind"), max_length=16, choices=BatchKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    upload = models.FileField(_("uploaded file"), upload_to="atlas/imports/", blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="atlas_batches",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    layout = models.CharField(_("layout"), max_length=8, blank=True)
    stage = models.CharField(_("stage"), max_length=16, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    inserted = models.PositiveIntegerField(_("values added"), default=0)
    updated = models.PositiveIntegerField(_("values changed"), default=0)
    unchanged = models.PositiveIntegerField(_("values unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("error report"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status not in (BatchStatus.PENDING, BatchStatus.RUNNING)


class Series(models.Model):
    """Every region's value of one indicator at one level and period (see the module doc)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="series")
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVEL_CHOICES)
    period = models.CharField(_("period"), max_length=7)  # YYYY or YYYY-MM
    cells = models.BinaryField(_("cells"))
    count = models.PositiveIntegerField(_("values"))
    etag = models.CharField(max_length=32)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="+", verbose_name=_("last batch")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["indicator", "level", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "level", "period"], name="atlas_series_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.level}/{self.period}"


class SeriesRevision(models.Model):
    """A series as it was before ``replaced_by`` changed it: the history of every value."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="revisions")
    cells = models.BinaryField()
    count = models.PositiveIntegerField()
    replaced_by = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="+")
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("series revision")
        verbose_name_plural = _("series revisions")
        ordering = ["-replaced_at", "-id"]

    def __str__(self) -> str:
        return f"{self.series_id} before batch {self.replaced_by_id}"


class NeedIndexWeight(models.Model):
    """A component of the need index and its weight (editable by national admins)."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="need_index_weight"
    )
    weight = models.FloatField(_("weight"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("need-index weight")
        verbose_name_plural = _("need-index weights")
        ordering = ["indicator__sort_order"]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.weight}"


class DataVersion(models.Model):
    """One row whose number goes up with every change to values, catalogue or weights; caches
    of payloads, roll-ups and indices are keyed by it."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("atlas data version")
        verbose_name_plural = _("atlas data versions")

    def __str__(self) -> str:
        return str(self.number)
