"""Writes for mentors, matching proposals, assignments and sessions (audited).

``matching_propose`` gathers the groups without a mentor in a region subtree and the active
mentors with free capacity, builds arrays, and lets the pure engine
(``engines.matching``) find the optimal assignment; each pair becomes a *proposed* assignment
with its cost and reasons, which a coordinator accepts, edits (another mentor) or rejects.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.models import User
from sinergi.core.services import audit_record
from sinergi.kube.engines.matching import Problem, Weights, arcs_by_area, solve
from sinergi.kube.models import (
    Assignment,
    AssignmentStatus,
    BusinessCategory,
    Group,
    Mentor,
    Session,
)
from sinergi.partners.models import Organisation
from sinergi.regions.codes import ancestors_of
from sinergi.regions.models import Region

CATEGORY_INDEX = {value: index for index, value in enumerate(BusinessCategory.values)}
LANGUAGE_MAX = 10


@transaction.atomic
def mentor_create(
    *,
    actor: User | None,
    name: str,
    home_region_code: str,
    expertise: Sequence[str],
    region_codes: Sequence[str],
    capacity: int,
    languages: Sequence[str] = (),
    organisation: Organisation | None = None,
    user: User | None = None,
    is_demo: bool = False,
) -> Mentor:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("A name is required.")
    unknown = sorted(set(expertise) - set(BusinessCategory.values))
    if unknown or not expertise:
        errors["expertise"] = _("Choose one or more known business types.")
    if not 1 <= capacity <= 50:
        errors["capacity"] = _("Capacity is between 1 and 50 groups.")
    if len(languages) > LANGUAGE_MAX:
        errors["languages"] = _("List at most %(count)d languages.") % {"count": LANGUAGE_MAX}
    codes = {home_region_code, *region_codes}
    found = set(Region.objects.filter(pk__in=codes).values_list("pk", flat=True))
    if home_region_code not in found:
        errors["home_region"] = _("Choose an existing region.")
    if set(region_codes) - found:
        errors["regions"] = _("Unknown regions: %(codes)s.") % {
            "codes": ", ".join(sorted(set(region_codes) - found))
        }
    if errors:
        raise ValidationError(errors)
    mentor = Mentor.objects.create(
        name=name.strip(),
        home_region_id=home_region_code,
        expertise=sorted(set(expertise)),
        capacity=capacity,
        languages=list(languages),
        organisation=organisation,
        user=user,
        is_demo=is_demo,
    )
    reached = sorted(set(region_codes)) or [home_region_code]
    mentor.regions.set(list(Region.objects.filter(pk__in=reached)))
    audit_record(
        actor=actor,
        action="kube.mentor.create",
        target_type="kube_mentor",
        target_id=str(mentor.pk),
    )
    return mentor


def region_centroids(codes: set[str]) -> dict[str, tuple[float, float]]:
    """Each code's centroid, or its nearest ancestor's where the registry has none."""
    wanted = set(codes)
    for code in codes:
        wanted.update(ancestors_of(code))
    known: dict[str, tuple[float, float]] = {
        code: (lat, lng)
        for code, lat, lng in Region.objects.filter(pk__in=wanted).values_list(
            "pk", "centroid_lat", "centroid_lng"
        )
        if lat is not None and lng is not None
    }
    result: dict[str, tuple[float, float]] = {}
    for code in codes:
        for candidate in [code, *reversed(ancestors_of(code))]:
            if candidate in known:
                result[code] = known[candidate]
                break
        else:
            result[code] = (np.nan, np.nan)
    return result


def _prefix(code: str, level: int) -> str:
    return ".".join(code.split(".")[:level])


@transaction.atomic
def matching_propose(
    *, actor: User | None, region_code: str, weights: Weights | None = None
) -> list[Assignment]:
    """Propose mentors for the groups in ``region_code``'s subtree that have none."""
    groups = list(
        Group.objects.filter(
            Q(village_id=region_code) | Q(village__code__startswith=region_code + ".")
        )
        .exclude(assignments__status__in=["proposed", "active"])
        .order_by("pk")
        .values_list("pk", "village_id", "business_category")
    )
    mentors = list(
        Mentor.objects.filter(active=True)
        .annotate(
            load=Count("assignments", filter=Q(assignments__status__in=["proposed", "active"]))
        )
        .order_by("pk")
        .values_list("pk", "home_region_id", "expertise", "capacity", "load")
    )
    reach = list(
        Mentor.regions.through.objects.filter(mentor__active=True).values_list(
            "mentor_id", "region_id"
        )
    )
    if not groups or not mentors:
        return []
    centroids = region_centroids({g[1] for g in groups} | {m[1] for m in mentors})
    mentor_index = {m[0]: i for i, m in enumerate(mentors)}
    expertise = np.zeros((len(mentors), len(CATEGORY_INDEX)), dtype=bool)
    for i, m in enumerate(mentors):
        expertise[i, [CATEGORY_INDEX[c] for c in m[2] if c in CATEGORY_INDEX]] = True

    # Arcs: a mentor reaching region R reaches every group whose village lies within R. Join
    # per level of R, each join vectorised over all groups.
    arc_g: list[np.ndarray] = []
    arc_m: list[np.ndarray] = []
    for level in (1, 2, 3, 4):
        pairs = [(mentor_index[m], code) for m, code in reach if code.count(".") + 1 == level]
        if not pairs:
            continue
        areas = {code: i for i, code in enumerate(sorted({c for _m, c in pairs}))}
        group_area = np.array([areas.get(_prefix(g[1], level), -1) for g in groups])
        g_idx, m_idx = arcs_by_area(
            group_area,
            np.array([p[0] for p in pairs], dtype=np.int64),
            np.array([areas[p[1]] for p in pairs], dtype=np.int64),
        )
        arc_g.append(g_idx)
        arc_m.append(m_idx)
    if not arc_g:
        return []
    key = np.unique(np.concatenate(arc_g) * len(mentors) + np.concatenate(arc_m))
    problem = Problem(
        group_category=np.array([CATEGORY_INDEX[g[2]] for g in groups], dtype=np.int64),
        group_lat=np.array([centroids[g[1]][0] for g in groups], dtype=float),
        group_lng=np.array([centroids[g[1]][1] for g in groups], dtype=float),
        mentor_expertise=expertise,
        mentor_lat=np.array([centroids[m[1]][0] for m in mentors], dtype=float),
        mentor_lng=np.array([centroids[m[1]][1] for m in mentors], dtype=float),
        mentor_capacity=np.array([max(m[3] - m[4], 0) for m in mentors], dtype=np.int64),
        mentor_load=np.array([m[4] for m in mentors], dtype=np.int64),
        arc_group=(key // len(mentors)).astype(np.int64),
        arc_mentor=(key % len(mentors)).astype(np.int64),
    )
    # Unknown centroids count as far away rather than breaking the solve.
    problem = Problem(
        **{
            **problem.__dict__,
            "group_lat": np.nan_to_num(problem.group_lat),
            "group_lng": np.nan_to_num(problem.group_lng),
            "mentor_lat": np.nan_to_num(problem.mentor_lat),
            "mentor_lng": np.nan_to_num(problem.mentor_lng),
        }
    )
    solution = solve(problem, weights)
    proposals = []
    for row in np.flatnonzero(solution.mentor_of >= 0).tolist():
        chosen = int(solution.mentor_of[row])
        proposals.append(
            Assignment(
                group_id=groups[row][0],
                mentor_id=mentors[chosen][0],
                status=AssignmentStatus.PROPOSED,
                cost=round(float(solution.cost[row]), 3),
                reasons={
                    "category_match": bool(solution.category_match[row]),
                    "distance_km": round(float(solution.distance_km[row]), 1),
                    "mentor_load": int(mentors[chosen][4] + solution.slot[row]),
                    "mentor_capacity": int(mentors[chosen][3]),
                },
            )
        )
    created = Assignment.objects.bulk_create(proposals)
    audit_record(
        actor=actor,
        action="kube.matching.propose",
        target_type="region",
        target_id=region_code,
        changes={"groups": len(groups), "proposed": len(created)},
    )
    return created


def _open_load(mentor: Mentor, *, excluding: Assignment | None = None) -> int:
    query = Assignment.objects.filter(mentor=mentor, status=AssignmentStatus.ACTIVE)
    if excluding is not None:
        query = query.exclude(pk=excluding.pk)
    return query.count()


@transaction.atomic
def assignment_accept(
    *, actor: User | None, assignment: Assignment, mentor: Mentor | None = None
) -> Assignment:
    """Accept a proposal, optionally with another mentor (an edit); it becomes active."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != AssignmentStatus.PROPOSED:
        raise ValidationError({"status": _("Only a proposed assignment can be accepted.")})
    chosen = mentor or assignment.mentor
    # Lock the mentor so two coordinators cannot both fill the last slot.
    Mentor.objects.select_for_update().filter(pk=chosen.pk).first()
    if not chosen.active:
        raise ValidationError({"mentor": _("This mentor is not active.")})
    if _open_load(chosen, excluding=assignment) >= chosen.capacity:
        raise ValidationError({"mentor": _("This mentor has no free capacity.")})
    changes: dict[str, object] = {"status": "active"}
    if chosen.pk != assignment.mentor_id:
        changes["mentor"] = {"from": assignment.mentor_id, "to": chosen.pk}
        assignment.reasons = {**assignment.reasons, "edited": True}
        assignment.mentor = chosen
    assignment.status = AssignmentStatus.ACTIVE
    assignment.started_on = timezone.localdate()
    assignment.decided_by = actor
    assignment.save()
    audit_record(
        actor=actor,
        action="kube.assignment.accept",
        target_type="kube_assignment",
        target_id=str(assignment.pk),
        changes=changes,
    )
    return assignment


@transaction.atomic
def assignment_reject(*, actor: User | None, assignment: Assignment) -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != AssignmentStatus.PROPOSED:
        raise ValidationError({"status": _("Only a proposed assignment can be rejected.")})
    assignment.status = AssignmentStatus.REJECTED
    assignment.decided_by = actor
    assignment.save(update_fields=["status", "decided_by"])
    audit_record(
        actor=actor,
        action="kube.assignment.reject",
        target_type="kube_assignment",
        target_id=str(assignment.pk),
    )
    return assignment


@transaction.atomic
def assignment_end(*, actor: User | None, assignment: Assignment, ended_on: date) -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != AssignmentStatus.ACTIVE:
        raise ValidationError({"status": _("Only an active assignment can end.")})
    if assignment.started_on and ended_on < assignment.started_on:
        raise ValidationError({"ended_on": _("An assignment cannot end before it started.")})
    assignment.status = AssignmentStatus.ENDED
    assignment.ended_on = ended_on
    assignment.save(update_fields=["status", "ended_on"])
    audit_record(
        actor=actor,
        action="kube.assignment.end",
        target_type="kube_assignment",
        target_id=str(assignment.pk),
    )
    return assignment


@transaction.atomic
def session_record(
    *,
    actor: User | None,
    assignment: Assignment,
    held_on: date,
    topics: str,
    notes: str = "",
    action_items: Sequence[str] = (),
    attendance: int = 0,
) -> Session:
    errors: dict[str, str] = {}
    if assignment.status != AssignmentStatus.ACTIVE:
        errors["assignment"] = _("Sessions are recorded for active assignments only.")
    if not topics.strip():
        errors["topics"] = _("Name the topics covered.")
    members = assignment.group.members.count()
    if not 0 <= attendance <= members:
        errors["attendance"] = _("Attendance is between 0 and %(members)d members.") % {
            "members": members
        }
    if held_on > timezone.localdate():
        errors["held_on"] = _("A session cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    session = Session.objects.create(
        assignment=assignment,
        held_on=held_on,
        topics=topics.strip(),
        notes=notes,
        action_items=[item for item in action_items if item.strip()],
        attendance=attendance,
    )
    audit_record(
        actor=actor,
        action="kube.session.record",
        target_type="kube_assignment",
        target_id=str(assignment.pk),
        changes={"session": session.pk},
    )
    return session
