"""KUBE (Kelompok Usaha Bersama): groups of poor households, their members, capital, stage
assessments, mentors, mentoring assignments and sessions.

Personal data lives only on ``Member``: the NIK is never stored, only an HMAC-SHA256 keyed hash
(for the one-group-per-person rule) and a masked form for display.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.partners.models import Organisation
from sinergi.partners.storage import private_storage
from sinergi.regions.models import Region

MIN_MEMBERS = 5
MAX_MEMBERS = 20
# Permensos 2/2019 practice: Rp 2 million of capital per member (guidance, not a rule).
CAPITAL_NORM_PER_MEMBER = 2_000_000


class BusinessCategory(models.TextChoices):
    FOOD_PROCESSING = "food_processing", _("Food processing")
    CRAFTS = "crafts", _("Crafts")
    AGRICULTURE = "agriculture", _("Agriculture")
    LIVESTOCK = "livestock", _("Livestock")
    FISHERIES = "fisheries", _("Fisheries")
    TRADE = "trade", _("Trade")
    SERVICES = "services", _("Services")


class Stage(models.TextChoices):
    TUMBUH = "tumbuh", _("Growing (tumbuh)")
    BERKEMBANG = "berkembang", _("Developing (berkembang)")
    MAJU = "maju", _("Advanced / independent (maju/mandiri)")


class CapitalSource(models.TextChoices):
    MINISTRY = "ministry", _("Ministry (APBN)")
    REGIONAL_BUDGET = "regional_budget", _("Regional budget (APBD)")
    CSR_PARTNER = "csr_partner", _("CSR partner")


class Sex(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class AgeBand(models.TextChoices):
    YOUNG = "18-29", _("18 to 29")
    ADULT = "30-44", _("30 to 44")
    MIDDLE = "45-59", _("45 to 59")
    OLDER = "60+", _("60 and over")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    TREASURER = "treasurer", _("Treasurer")
    MEMBER = "member", _("Member")


OFFICER_ROLES = (MemberRole.CHAIR, MemberRole.SECRETARY, MemberRole.TREASURER)


class Group(models.Model):
    name = models.CharField(_("name"), max_length=200)
    village = models.ForeignKey(
        Region, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    business_category = models.CharField(
        _("business type"), max_length=32, choices=BusinessCategory.choices
    )
    formed_on = models.DateField(_("formed on"))
    # The group's own account (financial data under UU PDP Art. 4): shown to authorised roles.
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account = models.CharField(_("bank account"), max_length=34, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("supporting organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The stage of the latest assessment (denormalised for lists; history in StageAssessment).
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.TUMBUH)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("KUBE group")
        verbose_name_plural = _("KUBE groups")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["village"]), models.Index(fields=["stage"])]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    village = models.ForeignKey(
        Region, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    role = models.CharField(
        _("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    decile = models.PositiveSmallIntegerField(_("DTKS/DTSEN decile"), null=True, blank=True)
    nik_hash = models.CharField(max_length=64, unique=True, editable=False)
    nik_masked = models.CharField(_("NIK (masked)"), max_length=16, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("KUBE member")
        verbose_name_plural = _("KUBE members")
        ordering = ["group_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "role"],
                condition=~Q(role="member"),
                name="kube_member_one_officer_per_role",
            ),
            models.CheckConstraint(
                condition=Q(decile__isnull=True) | Q(decile__gte=1, decile__lte=10),
                name="kube_member_decile_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nik_masked})"


class CapitalGrant(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="capital_grants")
    amount = models.DecimalField(_("amount (Rp)"), max_digits=14, decimal_places=0)
    received_on = models.DateField(_("received on"))
    source = models.CharField(_("source"), max_length=16, choices=CapitalSource.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("granting organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A partner's grant recorded as that partner's intervention (kube.grant_links).
    intervention = models.OneToOneField(
        "interventions.Intervention",
        verbose_name=_("recorded as intervention"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("capital grant")
        verbose_name_plural = _("capital grants")
        ordering = ["-received_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="kube_grant_amount")]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.amount}"


class StageAssessment(models.Model):
    """A dated judgement of the stage against the criteria in docs/methods/kube-stages.md."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    criteria_met = models.JSONField(_("criteria met"), default=list)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stage assessment")
        verbose_name_plural = _("stage assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.group_id} {self.assessed_on}: {self.stage}"


class IksContribution(models.Model):
    """Iuran Kesetiakawanan Sosial: profit set aside for solidarity."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="iks_contributions")
    contributed_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (Rp)"), max_digits=14, decimal_places=0)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("IKS contribution")
        verbose_name_plural = _("IKS contributions")
        ordering = ["-contributed_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="kube_iks_amount")]

    def __str__(self) -> str:
        return f"{self.group_id} {self.contributed_on}: {self.amount}"


class Mentor(models.Model):
    name = models.CharField(_("name"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kube_mentor",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    home_region = models.ForeignKey(
        Region, verbose_name=_("home region"), on_delete=models.PROTECT, related_name="+"
    )
    # Business categories the mentor knows (BusinessCategory values).
    expertise = models.JSONField(_("expertise"), default=list)
    # Regions (any level) the mentor can reach; a group is reachable if its village lies within.
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions reached"), related_name="+", blank=True
    )
    capacity = models.PositiveSmallIntegerField(_("capacity (groups at a time)"), default=5)
    languages = models.JSONField(_("languages"), default=list)
    active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="kube_mentor_capacity")
        ]

    def __str__(self) -> str:
        return self.name


class AssignmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    REJECTED = "rejected", _("Rejected")


OPEN_STATUSES = (AssignmentStatus.PROPOSED, AssignmentStatus.ACTIVE)


class Assignment(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="assignments")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField(
        _("status"), max_length=16, choices=AssignmentStatus.choices, default="proposed"
    )
    # The matching engine's cost and the reasons for the pair (category, distance, load).
    cost = models.FloatField(_("cost"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=dict, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring assignment")
        verbose_name_plural = _("mentoring assignments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(status__in=["proposed", "active"]),
                name="kube_one_open_assignment_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} → {self.group_id} ({self.status})"


class Session(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    topics = models.CharField(_("topics"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    action_items = models.JSONField(_("action items"), default=list, blank=True)
    attendance = models.PositiveSmallIntegerField(_("members attending"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.held_on}"


# --- Market linkage: products, buyers, orders, ledger (docs/kube.md "Market") ---------------

MAX_PRODUCT_PHOTOS = 5


class Product(models.Model):
    """Something a group sells. Shown in the public catalogue while ``active``; the catalogue
    shows product and group (name, village, regency) only, never members."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("name"), max_length=200)
    # Accent- and case-folded name (core.text.search_key) for catalogue search on any database.
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    category = models.CharField(_("category"), max_length=32, choices=BusinessCategory.choices)
    unit = models.CharField(_("unit"), max_length=30)
    price = models.DecimalField(_("price per unit (Rp)"), max_digits=14, decimal_places=0)
    monthly_capacity = models.PositiveIntegerField(_("monthly capacity (units)"))
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["active", "category"])]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="kube_product_price"),
        ]

    def __str__(self) -> str:
        return self.name


class ProductPhoto(models.Model):
    """A validated image, re-encoded as PNG (partners.files); served through a view."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), storage=private_storage, max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["product_id", "id"]

    def __str__(self) -> str:
        return self.image.name or ""


class BuyerType(models.TextChoices):
    COMPANY = "company", _("Company procurement")
    SHOP = "shop", _("Shop")
    E_WARONG = "e_warong", _("e-Warong")
    INDIVIDUAL = "individual", _("Individual")


class Buyer(models.Model):
    """A buyer's profile, tied to a user holding the buyer role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kube_buyer"
    )
    buyer_type = models.CharField(_("type"), max_length=16, choices=BuyerType.choices)
    name = models.CharField(_("name"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Where the buyer is (for distances) and the regions and categories it buys from.
    home_region = models.ForeignKey(
        Region, verbose_name=_("location"), on_delete=models.PROTECT, related_name="+"
    )
    categories = models.JSONField(_("categories of interest"), default=list, blank=True)
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions of interest"), related_name="+", blank=True
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class OrderStatus(models.TextChoices):
    NEW = "new", _("New inquiry")
    QUOTED = "quoted", _("Quoted")
    CONFIRMED = "confirmed", _("Confirmed")
    DELIVERED = "delivered", _("Delivered")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class Order(models.Model):
    """An inquiry from a buyer about a product, and the order it becomes. The state machine
    (who may move it where) is ``kube.engines.orders``; every move is an ``OrderEvent``."""

    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="orders")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="orders")
    # Denormalised from the product: access checks and group figures need no join.
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="orders")
    quantity = models.PositiveIntegerField(_("quantity"))
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.NEW
    )
    unit_price = models.DecimalField(
        _("quoted price per unit (Rp)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    total = models.DecimalField(
        _("total (Rp)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    quote_note = models.TextField(_("quote note"), blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    quoted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["group", "status"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="kube_order_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.status})"


class OrderEvent(models.Model):
    """One transition of an order: the history both sides see."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["order_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"


class LedgerMonth(models.Model):
    """A group's bookkeeping for one month, entered by the facilitator. Revenue from orders is
    not typed in here: it is booked as ``OrderRevenue`` lines when an order is delivered."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="ledger_months")
    month = models.DateField(_("month"))  # always the first day of the month
    other_revenue = models.DecimalField(
        _("other revenue (Rp)"), max_digits=16, decimal_places=0, default=0
    )
    costs = models.DecimalField(_("costs (Rp)"), max_digits=16, decimal_places=0, default=0)
    savings = models.DecimalField(_("savings (Rp)"), max_digits=16, decimal_places=0, default=0)
    iks = models.DecimalField(
        _("IKS contribution (Rp)"), max_digits=16, decimal_places=0, default=0
    )
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ledger month")
        verbose_name_plural = _("ledger months")
        ordering = ["group_id", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["group", "month"], name="kube_ledger_one_per_month"),
            models.CheckConstraint(
                condition=Q(other_revenue__gte=0, costs__gte=0, savings__gte=0, iks__gte=0),
                name="kube_ledger_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.month:%Y-%m}"


class OrderRevenue(models.Model):
    """Revenue booked from a delivered order: one line per order (the unique order column is
    what makes double booking impossible), in the month of delivery."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="order_revenue")
    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="revenue")
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("amount (Rp)"), max_digits=16, decimal_places=0)
    booked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("order revenue")
        verbose_name_plural = _("order revenue")
        ordering = ["group_id", "-month", "id"]
        indexes = [models.Index(fields=["group", "month"])]

    def __str__(self) -> str:
        return f"{self.group_id} {self.month:%Y-%m}: {self.amount}"
