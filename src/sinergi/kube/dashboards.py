"""Reads for the KUBE progress dashboards and the group profile's charts.

A dashboard groups the groups a principal may see by one *dimension*: the region below the
chosen one (provinces nationally, regencies in a province, …), the supporting organisation, or
the mentor of the active assignment. Each row counts groups by stage, members, capital
received against the Rp 2 million/member norm, sessions held in the last twelve months and the
groups with an active mentor. Graduation is every upward stage change between two consecutive
assessments of a group, dated by the later one. A fixed number of queries per dashboard.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr

from sinergi.core.access import Principal
from sinergi.core.calendar import months_between, quarter_of, window_start
from sinergi.kube.access import visible_groups_q
from sinergi.kube.market_selectors import ledger_monthly_series, market_links
from sinergi.kube.models import (
    CAPITAL_NORM_PER_MEMBER,
    AssignmentStatus,
    CapitalGrant,
    Group,
    Member,
    Mentor,
    Session,
    Stage,
    StageAssessment,
)
from sinergi.partners.models import Organisation
from sinergi.regions.models import Region

Dimension = Literal["region", "organisation", "mentor"]
DIMENSIONS: tuple[Dimension, ...] = ("region", "organisation", "mentor")
STAGE_RANK = {stage: rank for rank, stage in enumerate(Stage.values)}
NONE_KEY = ""
# Length of a region code one level below a code of the given length ("" → provinces).
_CHILD_LENGTH = {0: 2, 2: 5, 5: 8, 8: 13}


@dataclass
class DashboardRow:
    key: str
    label: str
    by_stage: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Stage.values, 0))
    members: int = 0
    capital: int = 0
    sessions: int = 0
    mentored: int = 0
    revenue: int = 0  # last 12 months, from the monthly ledger (delivered orders included)
    buyers: int = 0  # market links: distinct buyers per group, summed, last 12 months

    @property
    def groups(self) -> int:
        return sum(self.by_stage.values())

    @property
    def capital_norm(self) -> int:
        return self.members * CAPITAL_NORM_PER_MEMBER


@dataclass(frozen=True)
class Dashboard:
    dimension: Dimension
    region: str | None
    rows: list[DashboardRow]
    total: DashboardRow
    graduation: list[tuple[str, str, int]]  # (quarter, stage reached, groups)
    sessions_by_month: list[tuple[str, int]]
    revenue_by_month: list[tuple[str, int, int]]  # (month, revenue, profit)


def _in_region(prefix: str, code: str) -> Q:
    return Q(**{f"{prefix}village_id": code}) | Q(
        **{f"{prefix}village__code__startswith": code + "."}
    )


def _key(dimension: Dimension, prefix: str, region: str | None) -> Any:
    """The row key of a record whose group is reached through ``prefix``."""
    if dimension == "region":
        length = _CHILD_LENGTH.get(len(region or ""), 13)
        return Substr(f"{prefix}village_id", 1, length)
    if dimension == "organisation":
        return F(f"{prefix}organisation_id")
    return F(f"{prefix}assignments__mentor_id")


def _scope(dimension: Dimension, prefix: str, region: str | None) -> Q:
    query = _in_region(prefix, region) if region else Q()
    if dimension == "mentor":
        query &= Q(**{f"{prefix}assignments__status": AssignmentStatus.ACTIVE})
    return query


def _labels(dimension: Dimension, keys: Iterable[str]) -> dict[str, str]:
    wanted = [k for k in keys if k != NONE_KEY]
    if dimension == "region":
        return dict(Region.objects.filter(pk__in=wanted).values_list("pk", "name"))
    model = Organisation if dimension == "organisation" else Mentor
    return {
        str(pk): name for pk, name in model.objects.filter(pk__in=wanted).values_list("pk", "name")
    }


def graduations(assessments: Iterable[tuple[int, date, str]]) -> list[tuple[str, str, int]]:
    """Upward stage changes per quarter from (group, date, stage) rows sorted by group and
    date: a group that goes tumbuh → maju counts once, as reaching maju."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    previous: tuple[int, str] | None = None
    for group_id, day, stage in assessments:
        if previous and previous[0] == group_id and STAGE_RANK[stage] > STAGE_RANK[previous[1]]:
            counts[(quarter_of(day), stage)] += 1
        previous = (group_id, stage)
    return sorted((quarter, stage, n) for (quarter, stage), n in counts.items())


def _rows(
    groups: QuerySet[Group], sessions: QuerySet[Session], dimension: Dimension, region: str | None
) -> dict[str, DashboardRow]:
    """Five grouped counts, one query each, merged into rows by key."""
    visible = groups.values("pk")
    rows: dict[str, DashboardRow] = {}

    def row(key: object) -> DashboardRow:
        text = NONE_KEY if key is None else str(key)
        return rows.setdefault(text, DashboardRow(key=text, label=""))

    scope = _scope(dimension, "", region)
    for key, stage, count in (
        groups.filter(scope)
        .annotate(k=_key(dimension, "", region))
        .values_list("k", "stage")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        row(key).by_stage[stage] = count
    through_group = _scope(dimension, "group__", region)
    for key, count in (
        Member.objects.filter(through_group, group__in=visible)
        .annotate(k=_key(dimension, "group__", region))
        .values_list("k")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        row(key).members = count
    for key, total in (
        CapitalGrant.objects.filter(through_group, group__in=visible)
        .annotate(k=_key(dimension, "group__", region))
        .values_list("k")
        .annotate(n=Sum("amount"))
        .order_by()
    ):
        row(key).capital = int(total or 0)
    session_key = (
        F("assignment__mentor_id")
        if dimension == "mentor"
        else _key(dimension, "assignment__group__", region)
    )
    for key, count in (
        sessions.annotate(k=session_key).values_list("k").annotate(n=Count("pk")).order_by()
    ):
        row(key).sessions = count
    for key, count in (
        groups.filter(scope, assignments__status=AssignmentStatus.ACTIVE)
        .annotate(k=_key(dimension, "", region))
        .values_list("k")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        row(key).mentored = count
    return rows


def _total(rows: list[DashboardRow]) -> DashboardRow:
    total = DashboardRow(key="total", label="")
    for item in rows:
        for stage, count in item.by_stage.items():
            total.by_stage[stage] += count
        total.members += item.members
        total.capital += item.capital
        total.sessions += item.sessions
        total.mentored += item.mentored
        total.revenue += item.revenue
        total.buyers += item.buyers
    return total


def dashboard(
    principal: Principal, dimension: Dimension, *, region: str | None = None, today: date
) -> Dashboard:
    """Thirteen queries whatever the number of groups."""
    groups = Group.objects.filter(visible_groups_q(principal))
    since = window_start(today)
    sessions: QuerySet[Session] = Session.objects.filter(
        assignment__group__in=groups.values("pk"), held_on__gte=since, held_on__lte=today
    )
    if region:
        sessions = sessions.filter(_in_region("assignment__group__", region))
    rows = _rows(groups, sessions, dimension, region)
    revenue_by_month = _market(groups, rows, dimension, region, since, today)
    labels = _labels(dimension, rows)
    for key, item in rows.items():
        item.label = labels.get(key, key) if key != NONE_KEY else ""
    ordered = sorted(rows.values(), key=lambda r: (-r.groups, r.label))
    scoped = groups.filter(_in_region("", region)) if region else groups
    history = (
        StageAssessment.objects.filter(group__in=scoped.values("pk"))
        .order_by("group_id", "assessed_on", "id")
        .values_list("group_id", "assessed_on", "stage")
    )
    monthly: dict[str, int] = defaultdict(int)
    for day, count in sessions.values_list("held_on").annotate(n=Count("pk")).order_by():
        monthly[day.strftime("%Y-%m")] += count
    return Dashboard(
        dimension=dimension,
        region=region,
        rows=ordered,
        total=_total(ordered),
        graduation=graduations(history),
        sessions_by_month=_months(since, today, monthly),
        revenue_by_month=revenue_by_month,
    )


def _market(
    groups: QuerySet[Group],
    rows: dict[str, DashboardRow],
    dimension: Dimension,
    region: str | None,
    since: date,
    today: date,
) -> list[tuple[str, int, int]]:
    """Revenue and market links per row, and the monthly revenue and profit of all the rows'
    groups (four queries: the groups' keys, the ledger's two, the links)."""
    keys = dict(
        groups.filter(_scope(dimension, "", region))
        .annotate(k=_key(dimension, "", region))
        .values_list("pk", "k")
    )
    series = ledger_monthly_series(keys, since, today)
    links = market_links(keys, since, today)
    revenue: dict[str, int] = defaultdict(int)
    profit: dict[str, int] = defaultdict(int)
    for group_id, months in series.items():
        item = rows.setdefault(
            NONE_KEY if keys[group_id] is None else str(keys[group_id]),
            DashboardRow(key=str(keys[group_id]), label=""),
        )
        item.revenue += int(sum(m.revenue for m in months))
        item.buyers += links.get(group_id, 0)
        for month in months:
            revenue[month.month.strftime("%Y-%m")] += int(month.revenue)
            profit[month.month.strftime("%Y-%m")] += int(month.profit)
    return [(m, revenue.get(m, 0), profit.get(m, 0)) for m, _n in _months(since, today, {})]


def _months(since: date, today: date, counts: dict[str, int]) -> list[tuple[str, int]]:
    keys = [month.strftime("%Y-%m") for month in months_between(since, today)]
    return [(key, counts.get(key, 0)) for key in keys]


@dataclass(frozen=True)
class GroupCharts:
    stages: list[tuple[date, str]]
    sessions_by_month: list[tuple[str, int]]


def group_charts(group: Group, *, today: date) -> GroupCharts:
    """The group profile's stage history and monthly sessions (two queries)."""
    since = window_start(today)
    stages = list(
        StageAssessment.objects.filter(group=group)
        .order_by("assessed_on", "id")
        .values_list("assessed_on", "stage")
    )
    monthly: dict[str, int] = defaultdict(int)
    for day in Session.objects.filter(
        assignment__group=group, held_on__gte=since, held_on__lte=today
    ).values_list("held_on", flat=True):
        monthly[day.strftime("%Y-%m")] += 1
    return GroupCharts(stages=stages, sessions_by_month=_months(since, today, monthly))
