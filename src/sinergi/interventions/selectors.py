"""Reads for interventions and reports, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Substr

from sinergi.core.calendar import quarter_bounds
from sinergi.core.models import AuditEvent
from sinergi.interventions import counting
from sinergi.interventions.models import (
    Indicator,
    Intervention,
    InterventionIndicator,
    InterventionLocation,
    InterventionParty,
    InterventionTargetGroup,
    Report,
    ReportEvidence,
    ReportStatus,
    ReportValue,
    Status,
)
from sinergi.interventions.reach import reach_shares
from sinergi.partners.models import Organisation
from sinergi.regions.models import Boundary


def _related(queryset: QuerySet[Intervention]) -> QuerySet[Intervention]:
    return queryset.select_related("organisation").prefetch_related(
        "target_groups",
        "parties__organisation",
        Prefetch("locations", queryset=InterventionLocation.objects.select_related("region")),
    )


def intervention_get(*, intervention_id: int) -> Intervention | None:
    return _related(Intervention.objects.filter(pk=intervention_id)).first()


@dataclass(frozen=True)
class InterventionFilters:
    function: str | None = None
    programme: str | None = None
    target_group: str | None = None
    organisation: int | None = None
    region: str | None = None  # interventions with a location inside or around it
    status: str | None = None
    active_on_or_after: date | None = None  # period overlaps [from, until]
    active_until: date | None = None
    q: str | None = None


# Lists count at most this many matches ("more than 1,000: narrow the filters"); counting
# 200,000 rows on every page view would cost more than the page itself.
COUNT_CAP = 1_000


def region_inside_q(relation: str, code: str) -> Q:
    """``relation`` (a foreign key to a region) is ``code`` or a region inside it, without
    joining the regions table (the key is the code): an index range on SQLite (binary
    collation), a prefix LIKE elsewhere (PostgreSQL keeps a pattern-ops index on every
    indexed char column)."""
    if connection.vendor == "sqlite":
        inner = Q(**{f"{relation}__code__gt": code + ".", f"{relation}__code__lt": code + "/"})
    else:
        inner = Q(**{f"{relation}__code__startswith": code + "."})
    return Q(**{relation: code}) | inner


def intervention_list(*, visible: Q, filters: InterventionFilters) -> QuerySet[Intervention]:
    """Visible interventions matching ``filters``, newest first, with everything a list row
    shows prefetched (a page costs the same few queries however long it is).

    Filters on related rows (target group, region, partner organisation) are ``IN``
    subqueries, never joins, so no row is repeated and the newest-first index walk stays
    usable (docs/interventions.md, "Lists at scale")."""
    found = Intervention.objects.filter(visible)
    if filters.function:
        found = found.filter(function=filters.function)
    if filters.programme:
        found = found.filter(programme=filters.programme)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.organisation:
        # One IN over a UNION: an OR of two conditions would scan the whole table.
        led = Intervention.objects.filter(organisation_id=filters.organisation)
        parties = InterventionParty.objects.filter(organisation_id=filters.organisation)
        either = led.order_by().values("pk").union(parties.order_by().values("intervention_id"))
        found = found.filter(pk__in=either)
    if filters.target_group:
        groups = InterventionTargetGroup.objects.filter(key=filters.target_group)
        found = found.filter(pk__in=groups.values("intervention_id"))
    if filters.region:
        code = filters.region
        ancestors = [code[:i] for i in range(len(code)) if code[i] == "."]
        places = InterventionLocation.objects.filter(
            region_inside_q("region", code) | Q(region_id__in=ancestors)
        )
        found = found.filter(pk__in=places.values("intervention_id"))
    if filters.active_on_or_after:
        found = found.filter(Q(end_date__isnull=True) | Q(end_date__gte=filters.active_on_or_after))
    if filters.active_until:
        found = found.filter(Q(start_date__isnull=True) | Q(start_date__lte=filters.active_until))
    if filters.q:
        found = found.filter(Q(title__icontains=filters.q) | Q(ref__iexact=filters.q))
    return _related(found).order_by("-start_date", "-id")


def intervention_page(
    found: QuerySet[Intervention], *, offset: int, limit: int
) -> list[Intervention]:
    """One page of ``found`` in two steps: the page's ids (the sort carries only the key
    and the id), then those rows with everything a list row shows. A fixed number of
    queries whatever the page size."""
    ids = list(found.values_list("pk", flat=True)[offset : offset + limit])
    rows = {row.pk: row for row in _related(Intervention.objects.filter(pk__in=ids))}
    return [rows[pk] for pk in ids]


def count_capped(queryset: QuerySet[Any]) -> int:
    """How many rows ``queryset`` has, counting no further than ``COUNT_CAP + 1``."""
    return int(queryset.order_by().values("pk")[: COUNT_CAP + 1].count())


# Lengths of the codes of a region's ancestors (province 32, regency 32.73, district
# 32.73.01; villages are 32.73.01.1001).
ANCESTOR_LENGTHS = (2, 5, 8)


@dataclass(frozen=True)
class RegionFigures:
    """People in one region over a set of interventions, each person counted once.

    ``approved`` is what counts (the approved reach of each intervention, apportioned over
    its locations as ``counting.apportion`` does); ``pending`` (submitted, not yet approved)
    and ``declared`` (typed on the form) are shown beside it and never added to it."""

    targeted: int
    approved: int
    pending: int
    declared: int


def region_figures(*, interventions: QuerySet[Intervention], region: str) -> RegionFigures:
    """Targeted, approved, pending and declared people in ``region`` over these
    interventions, each person counted once (see ``counting``): the figures of their
    outermost locations inside ``region``. Two queries: one aggregate of the declared
    location figures (the "inside another location" test is an equality probe per ancestor
    code on the unique index), and the locations of the interventions with reported reach,
    whose approved and pending totals are apportioned over them as everywhere else."""
    inside = region_inside_q("region", region)
    outer = OuterRef("region_id")
    ancestor = Q(pk__in=[])
    for length in ANCESTOR_LENGTHS:
        ancestor |= Q(region_id=Substr(outer, 1, length))
    wider = InterventionLocation.objects.filter(
        inside, ancestor, intervention_id=OuterRef("intervention_id")
    ).exclude(region_id=outer)
    chosen = interventions.order_by().filter(pk=OuterRef("intervention_id"))
    totals = (
        InterventionLocation.objects.filter(inside, Exists(chosen))
        .exclude(Exists(wider))
        .aggregate(targeted=Sum("targeted"), reached=Sum("reached"))
    )
    # Reach comes per intervention, not per location: every location of an intervention
    # weighs its share, so all of them are read (lists total a region only below the count
    # cap, so this stays a bounded read).
    reported = chosen.filter(Q(reached_approved__gt=0) | Q(reached_pending__gt=0))
    declared: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    reach: dict[int, tuple[int, int]] = {}
    for pk, code, targeted, reached, approved, pending in (
        InterventionLocation.objects.filter(Exists(reported))
        .order_by()
        .values_list(
            "intervention_id",
            "region_id",
            "targeted",
            "reached",
            "intervention__reached_approved",
            "intervention__reached_pending",
        )
    ):
        declared[pk][code] = (reached, targeted)
        reach[pk] = (approved, pending)
    approved_in = pending_in = 0
    for pk, figures in declared.items():
        approved, pending = reach[pk]
        shares = reach_shares(approved=approved, pending=pending, declared=figures)
        approved_in += counting.total_within(shares.approved, region)
        pending_in += counting.total_within(shares.pending, region)
    return RegionFigures(
        targeted=int(totals["targeted"] or 0),
        approved=approved_in,
        pending=pending_in,
        declared=int(totals["reached"] or 0),
    )


def organisations_by_name(*, names: Iterable[str]) -> dict[str, Organisation]:
    return {o.name_key: o for o in Organisation.objects.filter(name_key__in=set(names))}


@dataclass
class StoredIntervention:
    """An intervention with its related rows as plain values: what an import compares with
    and keeps (no related model instances: an import may match tens of thousands)."""

    intervention: Intervention
    target_groups: list[str]
    locations: list[tuple[str, int, int]]  # region code, targeted, reached
    parties: list[tuple[int, str]]  # organisation id, role


def interventions_by_ref(
    *, organisation_ids: Iterable[int]
) -> dict[tuple[int, str], StoredIntervention]:
    """The organisations' interventions by (organisation id, ref), in four queries."""
    ids = set(organisation_ids)
    stored = {
        i.pk: StoredIntervention(i, [], [], [])
        for i in Intervention.objects.filter(organisation_id__in=ids).order_by()
    }
    related = {"intervention__organisation_id__in": ids}
    for pk, key in InterventionTargetGroup.objects.filter(**related).values_list(
        "intervention_id", "key"
    ):
        stored[pk].target_groups.append(key)
    for pk, code, targeted, reached in InterventionLocation.objects.filter(**related).values_list(
        "intervention_id", "region_id", "targeted", "reached"
    ):
        stored[pk].locations.append((code, targeted, reached))
    for pk, org_id, role in InterventionParty.objects.filter(**related).values_list(
        "intervention_id", "organisation_id", "role"
    ):
        stored[pk].parties.append((org_id, role))
    return {(s.intervention.organisation_id, s.intervention.ref): s for s in stored.values()}


def intervention_history(*, intervention: Intervention) -> QuerySet[AuditEvent]:
    report_ids = [str(pk) for pk in intervention.reports.values_list("pk", flat=True)]
    return AuditEvent.objects.filter(
        Q(target_type="intervention", target_id=str(intervention.pk))
        | Q(target_type="intervention_report", target_id__in=report_ids)
    ).select_related("actor")


def indicator_library(*, organisation: Organisation | None = None) -> QuerySet[Indicator]:
    own = Q(organisation__isnull=True)
    if organisation is not None:
        own |= Q(organisation=organisation)
    return Indicator.objects.filter(own)


@dataclass(frozen=True)
class IndicatorFilters:
    function: str | None = None
    programme: str | None = None
    q: str | None = None


def indicator_list(
    *, organisation_ids: Iterable[int] = (), filters: IndicatorFilters | None = None
) -> QuerySet[Indicator]:
    """The library and the custom indicators of these organisations (the caller's own),
    library first, then by code. One query per page (no related rows are read)."""
    wanted = filters or IndicatorFilters()
    found = Indicator.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id__in=list(organisation_ids))
    )
    if wanted.function:
        found = found.filter(function=wanted.function)
    if wanted.programme:
        found = found.filter(programme=wanted.programme)
    if wanted.q:
        found = found.filter(Q(code__icontains=wanted.q) | Q(name__icontains=wanted.q))
    return found.order_by(F("organisation_id").asc(nulls_first=True), "code")


def indicator_get(*, indicator_id: int) -> Indicator | None:
    return Indicator.objects.filter(pk=indicator_id).first()


def tracked_indicator_get(
    *, intervention: Intervention, tracked_id: int
) -> InterventionIndicator | None:
    """One indicator the intervention tracks, with whether any report has a value for it."""
    return (
        InterventionIndicator.objects.filter(intervention=intervention, pk=tracked_id)
        .select_related("indicator")
        .annotate(has_values=Exists(ReportValue.objects.filter(indicator=OuterRef("pk"))))
        .first()
    )


@dataclass(frozen=True)
class PeriodRow:
    """One reporting period of a tracked indicator: its target (if one was set), the value
    reported (any status) and the approved total up to and including it."""

    period: str
    start: date
    end: date
    target: Decimal | None
    value: Decimal | None
    status: str | None  # the period's report status, None when nothing was reported
    cumulative: Decimal  # approved values of this and earlier periods

    @property
    def approved(self) -> Decimal | None:
        return self.value if self.status == ReportStatus.APPROVED else None


@dataclass(frozen=True)
class IndicatorResult:
    tracked: InterventionIndicator
    approved_total: Decimal  # baseline excluded: the sum of approved periods' values
    per_period: dict[str, Decimal]  # every reported period, any status
    periods: tuple[PeriodRow, ...] = ()  # every period with a target or a report, in order

    @property
    def percent(self) -> int:
        if not self.tracked.target:
            return 0
        return round(100 * self.approved_total / self.tracked.target)


def _period_rows(
    targets: dict[str, str], reported: dict[str, tuple[Decimal, str]]
) -> tuple[PeriodRow, ...]:
    rows = []
    cumulative = Decimal(0)
    for period in sorted(set(targets) | set(reported)):
        value, status = reported.get(period, (None, None))
        if value is not None and status == ReportStatus.APPROVED:
            cumulative += value
        target = targets.get(period)
        start, end = quarter_bounds(period)
        rows.append(
            PeriodRow(
                period=period,
                start=start,
                end=end,
                target=Decimal(str(target)) if target not in (None, "") else None,
                value=value,
                status=status,
                cumulative=cumulative,
            )
        )
    return tuple(rows)


def intervention_results(*, intervention: Intervention) -> list[IndicatorResult]:
    """Each tracked indicator with its value per period, the cumulative approved total and
    the period-by-period rows (target against value against running approved total)."""
    return results_by_intervention(intervention_ids=[intervention.pk]).get(intervention.pk, [])


def results_by_intervention(*, intervention_ids: Iterable[int]) -> dict[int, list[IndicatorResult]]:
    """``intervention_results`` for many interventions in two queries."""
    ids = set(intervention_ids)
    tracked = list(
        InterventionIndicator.objects.filter(intervention_id__in=ids)
        .select_related("indicator")
        .order_by("id")
    )
    values = ReportValue.objects.filter(indicator__intervention_id__in=ids).select_related("report")
    reported: dict[int, dict[str, tuple[Decimal, str]]] = {t.pk: {} for t in tracked}
    for value in values:
        reported[value.indicator_id][value.report.period] = (value.value, value.report.status)
    results: dict[int, list[IndicatorResult]] = {}
    for t in tracked:
        rows = _period_rows(dict(t.targets), reported[t.pk])
        results.setdefault(t.intervention_id, []).append(
            IndicatorResult(
                tracked=t,
                approved_total=rows[-1].cumulative if rows else Decimal(0),
                per_period={p: v for p, (v, _s) in sorted(reported[t.pk].items())},
                periods=rows,
            )
        )
    return results


def report_get(*, report_id: int) -> Report | None:
    return (
        Report.objects.filter(pk=report_id)
        .select_related("intervention")
        .prefetch_related("values__indicator__indicator")
        .first()
    )


def report_list(*, intervention: Intervention) -> QuerySet[Report]:
    return Report.objects.filter(intervention=intervention).order_by("period")


def review_queue(*, regions: tuple[str, ...] | None) -> QuerySet[Report]:
    """Submitted reports waiting for this reviewer: all of them for national admins
    (``regions`` None), else those of interventions with a location in their regions."""
    found = Report.objects.filter(status=ReportStatus.SUBMITTED)
    if regions is not None:
        scope = Q(pk__in=[])
        for root in regions:
            scope |= Q(locations__region_id=root) | Q(
                locations__region__code__startswith=root + "."
            )
        found = found.filter(intervention__in=Intervention.objects.filter(scope).values("pk"))
    return found.select_related("intervention__organisation").order_by("submitted_at", "id")


def overdue_reports(
    *, today: date, organisation_ids: Iterable[int] | None = None, region: str | None = None
) -> QuerySet[Report]:
    """Reports past their due date and not yet submitted (drafts and returned ones) of
    ongoing or completed interventions, by organisation and/or region."""
    found = Report.objects.filter(
        status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
        due_on__lt=today,
        intervention__status__in=[Status.ONGOING, Status.COMPLETED],
    )
    if organisation_ids is not None:
        found = found.filter(intervention__organisation_id__in=set(organisation_ids))
    if region:
        inside = Intervention.objects.filter(
            Q(locations__region_id=region) | Q(locations__region__code__startswith=region + ".")
        )
        found = found.filter(intervention__in=inside.values("pk"))
    return found.select_related("intervention__organisation").order_by("due_on", "id")


def returned_reports(*, organisation_ids: Iterable[int]) -> QuerySet[Report]:
    return (
        Report.objects.filter(
            status=ReportStatus.RETURNED,
            intervention__organisation_id__in=set(organisation_ids),
        )
        .select_related("intervention__organisation")
        .order_by("due_on", "id")
    )


def evidence_list(*, report: Report) -> QuerySet[ReportEvidence]:
    return ReportEvidence.objects.filter(report=report).select_related("uploaded_by")


def evidence_get(*, report: Report, evidence_id: int) -> ReportEvidence | None:
    return (
        ReportEvidence.objects.filter(report=report, pk=evidence_id)
        .select_related("report", "uploaded_by")
        .first()
    )


def province_boundaries() -> list[tuple[str, str]]:
    """Every province's simplified polygon (code, GeoJSON geometry text), for report maps."""
    return list(
        Boundary.objects.filter(region__level=1)
        .order_by("region_id")
        .values_list("region_id", "geometry")
    )
