"""Who may see and change KUBE records. The one place that decides.

- A group is seen by national admins, regional coordinators and facilitators (*pendamping*,
  scoped to a region subtree) whose subtree holds its village, its own facilitator, the
  members of its supporting organisation, and mentors assigned to it.
- It is changed, and its members' personal data seen, only by national admins, coordinators
  and facilitators in scope, and its own facilitator. Every view of personal data is logged by
  the selectors that return it.
- Mentoring proposals are decided by national admins and coordinators in scope; sessions are
  recorded by the assignment's mentor or anyone who may change the group.

What a user may not see is a 404; what they may see but not change is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from sinergi.core.access import Principal, principal_for, region_code_within
from sinergi.core.models import PARTNER_ROLES, Role
from sinergi.kube.models import Assignment, Group, Mentor

AnyUser = AbstractBaseUser | AnonymousUser


def facilitated_regions(principal: Principal) -> tuple[str, ...]:
    return tuple(s.region_code for s in principal.scopes if s.role == Role.FACILITATOR)


def manages_region(principal: Principal, code: str) -> bool:
    """National admin, or coordinator/facilitator whose subtree holds ``code``."""
    if principal.covers_region(code):
        return True
    return any(region_code_within(code, root) for root in facilitated_regions(principal))


def _subtree_q(field: str, roots: tuple[str, ...]) -> Q:
    query = Q(pk__in=[])
    for root in roots:
        query |= Q(**{field: root}) | Q(**{f"{field}__code__startswith": root + "."})
    return query


def managed_groups_q(principal: Principal) -> Q:
    """Groups a principal may change (and whose personal data they may see)."""
    if principal.is_national_admin:
        return Q()
    roots = principal.coordinated_regions() + facilitated_regions(principal)
    return _subtree_q("village", roots) | Q(facilitator_id=principal.user_id)


def visible_groups_q(principal: Principal) -> Q:
    if principal.is_national_admin:
        return Q()
    if principal.user_id is None:
        return Q(pk__in=[])
    return (
        managed_groups_q(principal)
        | Q(organisation_id__in=principal.organisation_ids(PARTNER_ROLES))
        | Q(
            pk__in=Assignment.objects.filter(
                mentor__user_id=principal.user_id, status__in=["proposed", "active", "ended"]
            ).values("group_id")
        )
    )


@dataclass(frozen=True)
class GroupRights:
    edit: bool
    personal: bool


def group_rights(principal: Principal, group: Group) -> GroupRights:
    manage = manages_region(principal, group.village_id) or (
        principal.user_id is not None and group.facilitator_id == principal.user_id
    )
    return GroupRights(edit=manage, personal=manage)


def get_group_for_user(user: AnyUser, group_id: int, *, write: bool = False) -> Group:
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise Http404
    group = (
        Group.objects.filter(visible_groups_q(principal), pk=group_id)
        .select_related("village", "organisation", "facilitator")
        .first()
    )
    if group is None:
        raise Http404
    if write and not group_rights(principal, group).edit:
        raise PermissionDenied(_("You may not change this group."))
    return group


def get_group_personal_for_user(user: AnyUser, group_id: int) -> Group:
    """The group, for someone allowed to see its members' personal data (else 404/403)."""
    group = get_group_for_user(user, group_id)
    if not group_rights(principal_for(user), group).personal:
        raise PermissionDenied(_("You may not see the members of this group."))
    return group


def may_manage_mentors(principal: Principal) -> bool:
    return principal.is_national_admin or bool(principal.coordinated_regions())


def get_mentor_for_user(user: AnyUser, mentor_id: int, *, write: bool = False) -> Mentor:
    principal = principal_for(user)
    mentor = Mentor.objects.filter(pk=mentor_id).select_related("organisation").first()
    if mentor is None or not principal.is_authenticated:
        raise Http404
    own = principal.user_id is not None and mentor.user_id == principal.user_id
    staff = principal.is_national_admin or bool(
        principal.coordinated_regions() + facilitated_regions(principal)
    )
    if not (own or staff):
        raise Http404
    if write and not (
        principal.is_national_admin or principal.covers_region(mentor.home_region_id)
    ):
        raise PermissionDenied(_("You may not change this mentor."))
    return mentor


def get_assignment_for_user(
    user: AnyUser, assignment_id: int, *, decide: bool = False, record: bool = False
) -> Assignment:
    """With ``decide``: may accept, edit, reject or end it (admins, coordinators in scope).
    With ``record``: may record sessions (its mentor, or whoever may change the group)."""
    principal = principal_for(user)
    if not principal.is_authenticated:
        raise Http404
    assignment = (
        Assignment.objects.filter(pk=assignment_id)
        .select_related("group", "group__village", "mentor")
        .first()
    )
    if assignment is None:
        raise Http404
    group = assignment.group
    if not Group.objects.filter(visible_groups_q(principal), pk=group.pk).exists():
        raise Http404
    if decide and not principal.covers_region(group.village_id):
        raise PermissionDenied(_("You may not decide on this assignment."))
    if record:
        own = (
            assignment.mentor.user_id is not None and assignment.mentor.user_id == principal.user_id
        )
        if not (own or group_rights(principal, group).edit):
            raise PermissionDenied(_("You may not record sessions for this assignment."))
    return assignment


def may_create_group(principal: Principal, village_code: str) -> bool:
    return manages_region(principal, village_code)


def may_propose_matching(principal: Principal, region_code: str) -> bool:
    return principal.covers_region(region_code)


def may_import(principal: Principal) -> bool:
    """Importing a Dinsos list: national admins and regional coordinators (the rows' villages
    are then checked against their scope)."""
    return principal.is_national_admin or bool(principal.coordinated_regions())
