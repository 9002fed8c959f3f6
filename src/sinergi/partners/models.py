"""Partners: organisations with their passion and footprint, and the agreements they sign.

Memberships are not stored here: a person acts for an organisation through a
``core.RoleAssignment`` (partner admin, editor or viewer) whose ``organisation_id`` is an
``Organisation.id``, so ``core.access.principal_for`` stays the single place that turns a user
into scopes. Organisations are archived, never deleted, so that integer stays valid.

Taxonomy keys (sectors, PPKS target groups, SDGs, functions, programmes) are stored as plain
keys from ``core.taxonomy`` in small tag tables, which filter the same way on SQLite and
PostgreSQL; labels are looked up at render time in the active language.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.partners.storage import private_storage
from sinergi.regions.models import Region


class OrganisationType(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or national agency")
    REGIONAL_GOVERNMENT = "regional_government", _("Regional government unit")
    STATE_OWNED = "state_owned", _("State- or region-owned company (BUMN/BUMD)")
    PRIVATE_COMPANY = "private_company", _("Private company")
    FOUNDATION = "foundation", _("Foundation or philanthropy")
    ASSOCIATION = "association", _("Association")
    NGO = "ngo", _("NGO or social-welfare institution (LKS)")
    UNIVERSITY = "university", _("University")
    COMMUNITY = "community", _("Community group")


COMPANY_TYPES = frozenset({OrganisationType.STATE_OWNED, OrganisationType.PRIVATE_COMPANY})


class BudgetBand(models.TextChoices):
    """Yearly budget for social programmes (CSR/TJSL, grants), in rupiah."""

    UNDER_100M = "lt_100m", _("Under Rp 100 million a year")
    UP_TO_1B = "100m_1b", _("Rp 100 million to 1 billion a year")
    UP_TO_10B = "1b_10b", _("Rp 1 to 10 billion a year")
    UP_TO_50B = "10b_50b", _("Rp 10 to 50 billion a year")
    OVER_50B = "gt_50b", _("Over Rp 50 billion a year")


class FocusKind(models.TextChoices):
    SECTOR = "sector", _("Sector")
    TARGET_GROUP = "target_group", _("Target group")
    SDG = "sdg", _("Sustainable Development Goal")


class FootprintKind(models.TextChoices):
    OPERATES = "operates", _("Works here")
    RING_1 = "ring_1", _("Obliged to act here (ring 1)")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # Folded name (core.text.search_key): the "exact name" imports match on; unique, so the
    # same organisation cannot be registered twice under different capitalisation.
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    # PSKS category (Permensos 8/2012): companies are DUNIA_USAHA, NGOs LKS, and so on.
    psks = models.CharField(_("PSKS category"), max_length=16, blank=True)
    nib = models.CharField(_("business identification number (NIB)"), max_length=13, blank=True)
    npwp = models.CharField(_("taxpayer number (NPWP)"), max_length=16, blank=True)
    ahu_number = models.CharField(_("legal-entity decree number (AHU)"), max_length=100, blank=True)
    # UU 40/2007 Art. 74: social and environmental responsibility is mandatory for companies
    # in or affecting natural resources.
    tjsl_mandatory = models.BooleanField(_("TJSL mandatory"), default=False)
    description = models.TextField(_("description"), blank=True)
    logo = models.FileField(_("logo"), storage=private_storage, blank=True, max_length=200)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    home_region = models.ForeignKey(
        Region,
        verbose_name=_("registered in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    nationwide = models.BooleanField(_("works nationwide"), default=False)
    budget_band = models.CharField(
        _("budget band"), max_length=16, choices=BudgetBand.choices, blank=True
    )
    active_since = models.PositiveSmallIntegerField(_("active since (year)"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["nib"], condition=~Q(nib=""), name="partners_organisation_nib_unique"
            ),
            models.UniqueConstraint(
                fields=["npwp"], condition=~Q(npwp=""), name="partners_organisation_npwp_unique"
            ),
            models.UniqueConstraint(
                fields=["ahu_number"],
                condition=~Q(ahu_number=""),
                name="partners_organisation_ahu_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class OrganisationFocus(models.Model):
    """One element of an organisation's passion: a sector, a PPKS target group or an SDG."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="focus")
    kind = models.CharField(max_length=16, choices=FocusKind.choices)
    key = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("focus")
        verbose_name_plural = _("focus")
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "key"], name="partners_focus_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "key"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class OrganisationFootprint(models.Model):
    """A region, at any level, where the organisation works or is obliged to act."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="footprint"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=FootprintKind.choices)

    class Meta:
        verbose_name = _("footprint")
        verbose_name_plural = _("footprint")
        ordering = ["region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "region"], name="partners_footprint_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} ({self.kind})"


class OrganisationContact(models.Model):
    """A named contact person: personal data (UU 27/2022), shown only to those who may see
    the organisation's private data, never on the public profile."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """An emailed invitation to act for an organisation. Only a hash of the token is kept,
    so a leaked database does not hand out accounts."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=32)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.role}"


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding (MoU)")
    PKS = "pks", _("Cooperation agreement (PKS)")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class ScopeKind(models.TextChoices):
    FUNCTION = "function", _("Function")
    PROGRAMME = "programme", _("Programme")
    TARGET_GROUP = "target_group", _("Target group")


class Agreement(models.Model):
    kind = models.CharField(_("kind"), max_length=8, choices=AgreementKind.choices)
    number = models.CharField(_("number"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    # The MoU a PKS carries out (nota kesepahaman → perjanjian kerja sama).
    parent = models.ForeignKey(
        "self",
        verbose_name=_("carries out"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    place = models.CharField(_("place of signing"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="partners_agreement_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="partners_agreement_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title


class AgreementParty(models.Model):
    """A signing organisation, with its signatory exactly as written on the document (the
    person and their title at the time: leadership can be contested or change later)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="agreement_parties"
    )
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=300, blank=True)
    # Each party numbers the document in its own register (e.g. Kemensos's and the partner's).
    party_number = models.CharField(_("party's document number"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="partners_party_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} · {self.organisation_id}"


class AgreementScope(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="scope")
    kind = models.CharField(max_length=16, choices=ScopeKind.choices)
    key = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("scope")
        verbose_name_plural = _("scope")
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "key"], name="partners_scope_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class AgreementDocument(models.Model):
    """A signed PDF. Stored in private storage and served only through the access helper."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class Commitment(models.Model):
    """A quantified promise: reach ``target`` of ``metric`` by ``deadline`` (in ``region``).

    Progress comes from the metric registry (``partners.metrics``): computed from other
    apps' records where a metric has a source, otherwise from reported progress.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("committed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    description = models.CharField(_("description"), max_length=300)
    metric = models.CharField(_("metric"), max_length=64)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    deadline = models.DateField(_("deadline"))
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gt=0), name="partners_commitment_target")
        ]

    def __str__(self) -> str:
        return self.description


class ProgressReport(models.Model):
    """Reported progress: the cumulative value reached as of a date (not an increment), so
    a repeated report never double counts; the latest ``as_of`` wins."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reports")
    value = models.DecimalField(_("value reached"), max_digits=16, decimal_places=2)
    as_of = models.DateField(_("as of"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-as_of", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="partners_progress_value")
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.value} @ {self.as_of}"


class AlertDispatch(models.Model):
    """One alert that has been emailed. The unique key makes sending idempotent: a second
    run of ``send_agreement_alerts`` finds the row and sends nothing."""

    key = models.CharField(max_length=120, unique=True)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alert sent")
        verbose_name_plural = _("alerts sent")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.key
