"""Model → API shape conversions (no queries beyond what the selectors fetched)."""

from __future__ import annotations

from sinergi.kube.models import Assignment, Group, Member, Mentor, Session
from sinergi.kube.schemas import (
    AssessmentOut,
    AssignmentOut,
    GrantOut,
    GroupDetailOut,
    GroupOut,
    MemberOut,
    MentorOut,
    SessionOut,
)
from sinergi.kube.selectors import GroupDetail


def group_out(group: Group, member_count: int, *, mentor: Assignment | None = None) -> GroupOut:
    """``mentor``: the group's current assignment (``selectors.current_assignment_of``); list
    rows carry it as the ``current_mentor_*`` annotations instead."""
    mentor_id = mentor.mentor_id if mentor else getattr(group, "current_mentor_id", None)
    mentor_name = mentor.mentor.name if mentor else getattr(group, "current_mentor_name", None)
    return GroupOut(
        id=group.pk,
        name=group.name,
        village_code=group.village_id,
        village_name=group.village.name,
        business_category=group.business_category,
        stage=group.stage,
        formed_on=group.formed_on,
        member_count=member_count,
        organisation_id=group.organisation_id,
        organisation_name=group.organisation.name if group.organisation else None,
        is_demo=group.is_demo,
        mentor_id=mentor_id,
        mentor_name=mentor_name,
    )


def assignment_out(assignment: Assignment) -> AssignmentOut:
    return AssignmentOut(
        id=assignment.pk,
        group_id=assignment.group_id,
        group_name=assignment.group.name,
        mentor_id=assignment.mentor_id,
        mentor_name=assignment.mentor.name,
        status=assignment.status,
        cost=assignment.cost,
        reasons=assignment.reasons,
        started_on=assignment.started_on,
        ended_on=assignment.ended_on,
    )


def group_detail_out(detail: GroupDetail, *, personal: bool) -> GroupDetailOut:
    group = detail.group
    return GroupDetailOut(
        **group_out(group, detail.member_count, mentor=detail.mentor).model_dump(),
        capital_total=detail.capital_total,
        capital_norm=detail.capital_norm,
        grants=[
            GrantOut(
                id=g.pk,
                amount=g.amount,
                received_on=g.received_on,
                source=g.source,
                intervention_id=g.intervention_id,
            )
            for g in detail.grants
        ],
        assessments=[
            AssessmentOut(
                id=a.pk,
                assessed_on=a.assessed_on,
                stage=a.stage,
                criteria_met=list(a.criteria_met),
                notes=a.notes,
            )
            for a in detail.assessments
        ],
        iks_total=detail.iks_total,
        assignments=[assignment_out(a) for a in detail.assignments],
        bank_name=group.bank_name if personal else None,
        bank_account=group.bank_account if personal else None,
    )


def member_out(member: Member) -> MemberOut:
    return MemberOut(
        id=member.pk,
        name=member.name,
        nik_masked=member.nik_masked,
        sex=member.sex,
        age_band=member.age_band,
        role=member.role,
        decile=member.decile,
    )


def mentor_out(mentor: Mentor) -> MentorOut:
    return MentorOut(
        id=mentor.pk,
        name=mentor.name,
        organisation_name=mentor.organisation.name if mentor.organisation else None,
        home_region_code=mentor.home_region_id,
        expertise=list(mentor.expertise),
        regions=[r.pk for r in mentor.regions.all()],
        capacity=mentor.capacity,
        load=int(getattr(mentor, "load", 0)),
        languages=list(mentor.languages),
    )


def session_out(session: Session) -> SessionOut:
    return SessionOut(
        id=session.pk,
        held_on=session.held_on,
        topics=session.topics,
        notes=session.notes,
        action_items=list(session.action_items),
        attendance=session.attendance,
    )
