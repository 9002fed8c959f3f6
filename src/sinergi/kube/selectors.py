"""Reads for KUBE. Each returns what a page or endpoint shows in a fixed number of queries.

Member lists return personal data: callers first check ``access.get_group_personal_for_user``
and log the view with ``services.personal_data_view_record``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404

from sinergi.core.access import Principal
from sinergi.kube.access import visible_groups_q
from sinergi.kube.models import (
    CAPITAL_NORM_PER_MEMBER,
    Assignment,
    AssignmentStatus,
    CapitalGrant,
    Group,
    IksContribution,
    Member,
    Mentor,
    Session,
    Stage,
    StageAssessment,
)


@dataclass(frozen=True)
class GroupFilters:
    region: str | None = None
    stage: str | None = None
    category: str | None = None
    q: str | None = None
    needs_mentor: bool | None = None
    organisation: int | None = None


def _in_region(field: str, code: str) -> Q:
    return Q(**{field: code}) | Q(**{f"{field}__code__startswith": code + "."})


def current_assignment_of(group: Any) -> QuerySet[Assignment]:
    """The one definition of "the group's mentor": its ACTIVE assignment (accepted and not
    ended), the one with the latest start if there were ever two. Proposed, rejected and ended
    assignments are history, not a mentor. ``group`` is a Group, a pk or ``OuterRef("pk")``.
    The group page, the group table, the mentor's page, the dashboards and the API all read
    it from here, so they cannot disagree (a page once said "no mentor" beside a table listing
    one)."""
    return Assignment.objects.filter(group=group, status=AssignmentStatus.ACTIVE).order_by(
        F("started_on").desc(nulls_last=True), "-id"
    )


def with_current_mentor(query: QuerySet[Group]) -> QuerySet[Group]:
    """Annotate ``current_mentor_id`` and ``current_mentor_name`` (subqueries, no extra query)."""
    current = current_assignment_of(OuterRef("pk"))
    return query.annotate(
        current_mentor_id=Subquery(current.values("mentor_id")[:1]),
        current_mentor_name=Subquery(current.values("mentor__name")[:1]),
    )


def groups_mentored_by(mentor: Mentor, visible: QuerySet[Group]) -> list[Group]:
    """The visible groups whose current mentor (the definition above) is ``mentor``."""
    current = current_assignment_of(OuterRef("pk")).values("mentor_id")[:1]
    return list(
        visible.annotate(current_mentor_id=Subquery(current))
        .filter(current_mentor_id=mentor.pk)
        .select_related("village")
        .order_by("name", "id")
    )


def group_list(
    principal: Principal, filters: GroupFilters, *, limit: int = 50, offset: int = 0
) -> tuple[list[Group], int]:
    """Visible groups with member counts (two queries: count and page)."""
    query = Group.objects.filter(visible_groups_q(principal))
    if filters.region:
        query = query.filter(_in_region("village", filters.region))
    if filters.stage:
        query = query.filter(stage=filters.stage)
    if filters.category:
        query = query.filter(business_category=filters.category)
    if filters.q:
        query = query.filter(name__icontains=filters.q.strip())
    if filters.organisation:
        query = query.filter(organisation_id=filters.organisation)
    if filters.needs_mentor is not None:
        has_open = Q(
            pk__in=Assignment.objects.filter(status__in=["proposed", "active"]).values("group_id")
        )
        query = query.exclude(has_open) if filters.needs_mentor else query.filter(has_open)
    total = query.count()
    page: list[Group] = list(
        with_current_mentor(query)
        .select_related("village", "organisation")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name", "id")[offset : offset + limit]
    )
    return page, total


@dataclass(frozen=True)
class GroupDetail:
    group: Group
    member_count: int
    capital_total: int
    capital_norm: int
    grants: list[CapitalGrant]
    assessments: list[StageAssessment]
    iks: list[IksContribution]
    iks_total: int
    assignments: list[Assignment]
    mentor: Assignment | None = None  # the current one: ``current_assignment_of``


def group_detail(group: Group) -> GroupDetail:
    """Everything the group page shows, without personal data (six queries)."""
    members = Member.objects.filter(group=group).count()
    grants = list(group.capital_grants.select_related("organisation", "intervention"))
    assessments = list(group.assessments.select_related("assessor"))
    iks = list(group.iks_contributions.all())
    assignments: list[Assignment] = list(
        group.assignments.select_related("mentor", "mentor__organisation").annotate(
            session_count=Count("sessions")
        )
    )
    for assignment in assignments:
        assignment.group = group  # already loaded: no query per row
    return GroupDetail(
        group=group,
        member_count=members,
        capital_total=int(sum(g.amount for g in grants)),
        capital_norm=members * CAPITAL_NORM_PER_MEMBER,
        grants=grants,
        assessments=assessments,
        iks=iks,
        iks_total=int(sum(i.amount for i in iks)),
        assignments=assignments,
        mentor=current_assignment_of(group).select_related("mentor").first(),
    )


def member_list(group: Group) -> list[Member]:
    """Personal data: check access and log the view before calling."""
    return list(Member.objects.filter(group=group).order_by("id"))


def member_get(group: Group, member_id: int) -> Member:
    member = Member.objects.filter(group=group, pk=member_id).first()
    if member is None:
        raise Http404
    return member


def mentor_list(*, q: str | None = None, category: str | None = None) -> QuerySet[Mentor]:
    """Active mentors with their open load and regions (two queries when evaluated)."""
    query = Mentor.objects.filter(active=True)
    if q:
        query = query.filter(name__icontains=q.strip())
    if category:
        # JSON containment is not portable to SQLite; the list is short, so match the text.
        query = query.filter(expertise__icontains=f'"{category}"')
    return (
        query.select_related("organisation", "home_region")
        .annotate(load=Count("assignments", filter=Q(assignments__status=AssignmentStatus.ACTIVE)))
        .prefetch_related("regions")
        .order_by("name", "id")
    )


def assignment_list(
    principal: Principal, *, status: str | None = None, region: str | None = None
) -> QuerySet[Assignment]:
    query = Assignment.objects.filter(
        group__in=Group.objects.filter(visible_groups_q(principal)).values("pk")
    )
    if status:
        query = query.filter(status=status)
    if region:
        query = query.filter(_in_region("group__village", region))
    return query.select_related("group", "group__village", "mentor").order_by("-created_at", "-id")


def session_list(assignment: Assignment) -> list[Session]:
    return list(Session.objects.filter(assignment=assignment).order_by("-held_on", "-id"))


@dataclass(frozen=True)
class RegionKube:
    groups: int
    by_stage: dict[str, int]
    members: int
    capital: int
    mentored: int


def region_kube_summary(code: str) -> RegionKube:
    """KUBE counts for a region's profile (four queries)."""
    groups = Group.objects.filter(_in_region("village", code))
    by_stage = dict.fromkeys(Stage.values, 0)
    for stage, count in groups.values_list("stage").annotate(n=Count("id")).order_by():
        by_stage[stage] = count
    members = Member.objects.filter(_in_region("group__village", code)).count()
    capital = CapitalGrant.objects.filter(_in_region("group__village", code)).aggregate(
        total=Sum("amount")
    )["total"]
    mentored = groups.filter(assignments__status=AssignmentStatus.ACTIVE).distinct().count()
    return RegionKube(
        groups=sum(by_stage.values()),
        by_stage=by_stage,
        members=members,
        capital=int(capital or 0),
        mentored=mentored,
    )
