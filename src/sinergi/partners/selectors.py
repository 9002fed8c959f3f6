"""Reads for organisations, teams and agreements. Each returns what a page or endpoint shows
in a fixed number of queries (related rows are joined or prefetched)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from sinergi.core.access import principal_for
from sinergi.core.models import PARTNER_ROLES, ApiToken, AuditEvent, Role, RoleAssignment, User
from sinergi.core.selectors import audit_event_list
from sinergi.core.text import search_key
from sinergi.partners.metrics import metric_source, metric_values
from sinergi.partners.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementStatus,
    Commitment,
    FocusKind,
    Invitation,
    Organisation,
    OrganisationContact,
    OrganisationFootprint,
    ProgressReport,
)
from sinergi.regions.codes import Level, ancestors_of
from sinergi.regions.models import Region


def region_overlap_q(field: str, code: str) -> Q:
    """Rows whose region ``field`` lies within ``code`` or contains it."""
    return (
        Q(**{field: code})
        | Q(**{f"{field}__startswith": code + "."})
        | Q(**{f"{field}__in": ancestors_of(code)})
    )


def region_within_q(field: str, code: str) -> Q:
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


# Organisations ------------------------------------------------------------------------------


def organisation_get(*, organisation_id: int) -> Organisation | None:
    return (
        Organisation.objects.select_related("home_region", "verified_by")
        .filter(pk=organisation_id)
        .first()
    )


def organisation_footprint_codes(*, organisation: Organisation) -> list[str]:
    return list(
        OrganisationFootprint.objects.filter(organisation=organisation).values_list(
            "region_id", flat=True
        )
    )


@dataclass(frozen=True)
class OrganisationFilters:
    q: str = ""
    type: str = ""
    sector: str = ""
    target_group: str = ""
    sdg: str = ""
    region: str = ""  # a dotted code: organisations working in, around or above it
    verified: bool | None = None


def _with_profile(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return organisations.select_related("home_region").prefetch_related(
        "focus", Prefetch("footprint", OrganisationFootprint.objects.select_related("region"))
    )


def organisation_list(*, filters: OrganisationFilters) -> QuerySet[Organisation]:
    """The public directory: organisations that are not archived, matching every filter.

    The region filter finds who works there: a footprint region inside it or containing it
    (a province-wide partner works in each of its regencies), or a nationwide partner.
    """
    organisations = Organisation.objects.filter(archived_at__isnull=True)
    if filters.q.strip():
        key = search_key(filters.q)
        organisations = organisations.filter(
            Q(name_key__contains=key) | Q(short_name__icontains=filters.q.strip())
        )
    if filters.type:
        organisations = organisations.filter(type=filters.type)
    for kind, key in (
        (FocusKind.SECTOR, filters.sector),
        (FocusKind.TARGET_GROUP, filters.target_group),
        (FocusKind.SDG, filters.sdg),
    ):
        if key:
            organisations = organisations.filter(focus__kind=kind, focus__key=key)
    if filters.region:
        working = OrganisationFootprint.objects.filter(
            region_overlap_q("region__code", filters.region)
        ).values("organisation_id")
        organisations = organisations.filter(Q(nationwide=True) | Q(pk__in=working))
    if filters.verified is not None:
        organisations = organisations.filter(verified_at__isnull=not filters.verified)
    return _with_profile(organisations.distinct().order_by("name"))


def organisation_profile(*, organisation_id: int) -> Organisation:
    """One organisation with its focus and footprint (for the profile page and API)."""
    return _with_profile(Organisation.objects.filter(pk=organisation_id)).get()


def organisation_choices() -> list[tuple[int, str]]:
    """(id, name) of every organisation that is not archived, for party pickers."""
    return list(
        Organisation.objects.filter(archived_at__isnull=True)
        .order_by("name")
        .values_list("id", "name")
    )


def organisations_of_user(*, user: User) -> list[Organisation]:
    """The organisations a user acts for ("my organisation"), by name."""
    ids = principal_for(user).organisation_ids()
    return list(Organisation.objects.filter(pk__in=ids, archived_at__isnull=True).order_by("name"))


def organisation_history(*, organisation: Organisation) -> QuerySet[AuditEvent]:
    return audit_event_list(target_type="organisation", target_id=str(organisation.pk))


def contact_list(*, organisation: Organisation) -> QuerySet[OrganisationContact]:
    return OrganisationContact.objects.filter(organisation=organisation)


def contact_get(*, organisation: Organisation, contact_id: int) -> OrganisationContact | None:
    return contact_list(organisation=organisation).filter(pk=contact_id).first()


def member_list(*, organisation: Organisation) -> QuerySet[RoleAssignment]:
    """The team: partner role assignments for the organisation, with their users."""
    return (
        RoleAssignment.objects.filter(organisation_id=organisation.pk, role__in=PARTNER_ROLES)
        .select_related("user")
        .order_by("role", "user__username")
    )


def member_get(*, organisation: Organisation, user_id: int) -> RoleAssignment | None:
    return member_list(organisation=organisation).filter(user_id=user_id).first()


def invitation_pending_list(*, organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


def invitation_get(*, organisation: Organisation, invitation_id: int) -> Invitation | None:
    return Invitation.objects.filter(organisation=organisation, pk=invitation_id).first()


def user_by_username(*, username: str) -> User | None:
    return User.objects.filter(username=username).first()


def account_exists(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The invitation for an emailed token if it can still be accepted."""
    return (
        Invitation.objects.select_related("organisation")
        .filter(
            token_hash=token_hash(token),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            organisation__archived_at__isnull=True,
        )
        .first()
    )


# Agreements ---------------------------------------------------------------------------------


def _agreement_related(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return agreements.select_related("parent").prefetch_related(
        Prefetch(
            "parties",
            AgreementParty.objects.select_related("organisation", "organisation__home_region"),
        ),
        "regions",
        "scope",
    )


def agreement_get(*, agreement_id: int) -> Agreement | None:
    return _agreement_related(Agreement.objects.filter(pk=agreement_id)).first()


def agreement_id_by_number(*, number: str) -> int | None:
    """The id of the agreement registered under ``number`` (the demo links work by it)."""
    return Agreement.objects.filter(number=number).values_list("pk", flat=True).first()


@dataclass(frozen=True)
class AgreementFilters:
    q: str = ""
    status: str = ""
    kind: str = ""
    organisation: int | None = None
    region: str = ""


def agreement_visible_ids(*, user: User | None) -> QuerySet[Agreement, int] | None:
    """Ids of the agreements a user may see, as a subquery (None: all of them)."""
    principal = principal_for(user)
    if principal.is_national_admin:
        return None
    condition = Q(parties__organisation_id__in=principal.organisation_ids())
    for root in principal.coordinated_regions():
        condition |= region_overlap_q("regions__code", root)
        condition |= region_within_q("parties__organisation__home_region__code", root)
    return Agreement.objects.filter(condition).values_list("id", flat=True)


def agreement_list(*, user: User | None, filters: AgreementFilters) -> QuerySet[Agreement]:
    agreements = Agreement.objects.all()
    visible = agreement_visible_ids(user=user)
    if visible is not None:
        agreements = agreements.filter(pk__in=visible)
    if filters.q.strip():
        text = filters.q.strip()
        agreements = agreements.filter(Q(title__icontains=text) | Q(number__icontains=text))
    if filters.status:
        agreements = agreements.filter(status=filters.status)
    if filters.kind:
        agreements = agreements.filter(kind=filters.kind)
    if filters.organisation is not None:
        agreements = agreements.filter(
            pk__in=AgreementParty.objects.filter(organisation_id=filters.organisation).values(
                "agreement_id"
            )
        )
    if filters.region:
        agreements = agreements.filter(
            pk__in=Agreement.objects.filter(
                region_overlap_q("regions__code", filters.region)
            ).values("id")
        )
    return _agreement_related(agreements.order_by("-signed_on", "-id"))


def agreement_history(*, agreement: Agreement) -> QuerySet[AuditEvent]:
    return audit_event_list(target_type="agreement", target_id=str(agreement.pk))


def agreement_choices(*, user: User | None) -> list[tuple[int, str]]:
    """Agreements a user may see, for the "carries out" picker."""
    return [(a.pk, str(a)) for a in agreement_list(user=user, filters=AgreementFilters())]


def document_list(*, agreement: Agreement) -> QuerySet[AgreementDocument]:
    return AgreementDocument.objects.filter(agreement=agreement).select_related("uploaded_by")


def document_get(*, agreement: Agreement, document_id: int) -> AgreementDocument | None:
    return AgreementDocument.objects.filter(agreement=agreement, pk=document_id).first()


# Commitments and progress -------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    value: Decimal
    percent: int  # 0 to 100, for the progress bar
    as_of: date | None
    computed: bool  # True when a metric source computed it from records
    achieved: bool
    overdue: bool
    # Recorded but not yet verified (for people reached: in submitted, unapproved reports).
    # Shown beside the value, never part of it, the percentage or ``achieved``.
    pending: Decimal = Decimal(0)


def _percent(value: Decimal, target: Decimal) -> int:
    if target <= 0:
        return 0
    return int(min(Decimal(100), value * 100 / target))


def commitment_progress(
    commitments: Sequence[Commitment], *, today: date | None = None
) -> dict[int, Progress]:
    """Progress per commitment: from the metric's registered source when there is one (one
    call per metric for the whole batch), otherwise the latest reported value. Reports must
    be prefetched as ``latest_reports`` (see ``commitment_list``)."""
    today = today or timezone.localdate()
    computed: dict[int, Decimal] = {}
    pending: dict[int, Decimal] = {}
    by_metric: dict[str, list[Commitment]] = {}
    for commitment in commitments:
        by_metric.setdefault(commitment.metric, []).append(commitment)
    for metric, batch in by_metric.items():
        source = metric_source(metric)
        if source is not None:
            values = metric_values(source(batch))
            computed.update({c.pk: Decimal(values.counted.get(c.pk, 0)) for c in batch})
            pending.update({c.pk: Decimal(values.pending.get(c.pk, 0)) for c in batch})
    result = {}
    for commitment in commitments:
        reports: list[ProgressReport] = getattr(commitment, "latest_reports", [])
        latest = reports[0] if reports else None
        as_of: date | None = today
        if commitment.pk in computed:
            value, is_computed = computed[commitment.pk], True
        else:
            value = latest.value if latest else Decimal(0)
            as_of, is_computed = (latest.as_of if latest else None), False
        achieved = value >= commitment.target
        result[commitment.pk] = Progress(
            value=value,
            percent=_percent(value, commitment.target),
            as_of=as_of,
            computed=is_computed,
            achieved=achieved,
            overdue=not achieved and commitment.deadline < today,
            pending=pending.get(commitment.pk, Decimal(0)),
        )
    return result


def _commitments(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return commitments.select_related("organisation", "region").prefetch_related(
        Prefetch(
            "reports",
            ProgressReport.objects.select_related("reported_by").order_by("-as_of", "-id"),
            to_attr="latest_reports",
        )
    )


def commitment_list(*, agreement: Agreement) -> list[Commitment]:
    return list(_commitments(Commitment.objects.filter(agreement=agreement)))


@dataclass(frozen=True)
class CommitmentFilters:
    agreement: int | None = None
    organisation: int | None = None  # the committing party
    metric: str = ""
    region: str = ""  # commitments in, around or above this region
    due_before: date | None = None


def commitment_search(*, user: User | None, filters: CommitmentFilters) -> QuerySet[Commitment]:
    """Commitments of the agreements a user may see, soonest deadline first."""
    commitments = Commitment.objects.all()
    visible = agreement_visible_ids(user=user)
    if visible is not None:
        commitments = commitments.filter(agreement_id__in=visible)
    if filters.agreement is not None:
        commitments = commitments.filter(agreement_id=filters.agreement)
    if filters.organisation is not None:
        commitments = commitments.filter(organisation_id=filters.organisation)
    if filters.metric:
        commitments = commitments.filter(metric=filters.metric)
    if filters.region:
        commitments = commitments.filter(region_overlap_q("region__code", filters.region))
    if filters.due_before is not None:
        commitments = commitments.filter(deadline__lte=filters.due_before)
    return _commitments(commitments.order_by("deadline", "id"))


def commitment_get(*, commitment_id: int) -> Commitment | None:
    return _commitments(Commitment.objects.filter(pk=commitment_id)).first()


# Alerts -------------------------------------------------------------------------------------

AGREEMENT_WARNING_DAYS = (90, 30)
COMMITMENT_WARNING_DAYS = 30
RECENTLY_EXPIRED_DAYS = 30  # expired agreements stay on the panel this long


@dataclass(frozen=True)
class Alert:
    """Something to act on. ``key`` names it uniquely, including the date it is about, so a
    changed date raises a new alert while a repeated run does not."""

    kind: str  # agreement_expiring | agreement_expired | commitment_due | commitment_overdue
    agreement: Agreement
    commitment: Commitment | None
    due: date
    days: int  # days left (negative: days since)
    key: str


def _agreement_alerts(agreement: Agreement, today: date) -> list[Alert]:
    if agreement.valid_until is None or agreement.status not in (
        AgreementStatus.ACTIVE,
        AgreementStatus.EXPIRED,
    ):
        return []
    days = (agreement.valid_until - today).days
    base = f"agreement:{agreement.pk}:{agreement.valid_until.isoformat()}"
    if days < 0:
        return [Alert("agreement_expired", agreement, None, agreement.valid_until, days, base)]
    within = [limit for limit in AGREEMENT_WARNING_DAYS if days <= limit]
    if not within:
        return []
    limit = min(within)
    return [
        Alert("agreement_expiring", agreement, None, agreement.valid_until, days, f"{base}:{limit}")
    ]


def alert_list(*, user: User | None, today: date | None = None) -> list[Alert]:
    """Current alerts on the agreements a user may see (all, with ``user=None``): agreements
    ending within 90 days or past their end date (expired ones for 30 days), and commitments
    of active agreements due within 30 days or overdue and not yet reached. Soonest first."""
    today = today or timezone.localdate()
    agreements = Agreement.objects.filter(
        status__in=[AgreementStatus.ACTIVE, AgreementStatus.EXPIRED]
    )
    if user is not None:
        visible = agreement_visible_ids(user=user)
        if visible is not None:
            agreements = agreements.filter(pk__in=visible)
    horizon = date.fromordinal(today.toordinal() + max(AGREEMENT_WARNING_DAYS))
    recently = date.fromordinal(today.toordinal() - RECENTLY_EXPIRED_DAYS)
    ending = agreements.filter(
        Q(status=AgreementStatus.ACTIVE, valid_until__lte=horizon)
        | Q(status=AgreementStatus.EXPIRED, valid_until__gte=recently)
    )
    alerts = [a for agreement in ending for a in _agreement_alerts(agreement, today)]
    commitments = _commitments(
        Commitment.objects.filter(
            agreement__in=agreements.filter(status=AgreementStatus.ACTIVE),
            deadline__lte=date.fromordinal(today.toordinal() + COMMITMENT_WARNING_DAYS),
        ).select_related("agreement")
    )
    batch = list(commitments)
    progress = commitment_progress(batch, today=today)
    for commitment in batch:
        if progress[commitment.pk].achieved:
            continue
        days = (commitment.deadline - today).days
        kind = "commitment_overdue" if days < 0 else "commitment_due"
        key = f"commitment:{commitment.pk}:{commitment.deadline.isoformat()}:{kind}"
        alerts.append(Alert(kind, commitment.agreement, commitment, commitment.deadline, days, key))
    return sorted(alerts, key=lambda alert: (alert.due, alert.key))


def alert_recipients(*, agreement: Agreement) -> list[str]:
    """Email addresses of the parties' partner admins and editors, once each."""
    party_ids = AgreementParty.objects.filter(agreement=agreement).values("organisation_id")
    emails = (
        RoleAssignment.objects.filter(
            organisation_id__in=party_ids, role__in=[Role.PARTNER_ADMIN, Role.PARTNER_EDITOR]
        )
        .exclude(user__email="")
        .filter(user__is_active=True)
        .values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def region_names(*, codes: Sequence[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def region_options() -> list[tuple[str, str]]:
    """Provinces and regencies as (code, name), for the region pickers' suggestions."""
    return list(
        Region.objects.filter(level__lte=Level.REGENCY).order_by("code").values_list("code", "name")
    )


def organisation_token_list(*, organisation: Organisation) -> QuerySet[ApiToken]:
    """The organisation's API tokens, newest first, revoked ones included (with who made them)."""
    return ApiToken.objects.filter(organisation_id=organisation.pk).select_related("created_by")


def organisation_token_get(*, organisation: Organisation, token_id: int) -> ApiToken | None:
    return ApiToken.objects.filter(organisation_id=organisation.pk, pk=token_id).first()
