"""Who may see and change interventions and their reports. The one place that decides.

- A public intervention is seen by everyone. An internal one by national admins, members of
  its lead or partner organisations (any partner role), and regional coordinators whose
  subtree overlaps one of its locations (the government side that reviews it).
- Changing an intervention and writing its reports: national admins and the lead
  organisation's partner admins and editors.
- Approving, returning and reopening reports: national admins and regional coordinators
  whose subtree holds one of the intervention's locations (a coordinator of one regency
  does not approve a province-wide intervention).

What a user may not see is a 404 (``Http404``); what they may see but not do is a 403
(``PermissionDenied``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from sinergi.core.access import Principal, principal_for, region_code_within
from sinergi.core.models import Role
from sinergi.interventions.models import (
    Indicator,
    Intervention,
    InterventionLocation,
    InterventionParty,
    Report,
    ReportEvidence,
    Visibility,
)
from sinergi.interventions.selectors import (
    evidence_get,
    indicator_get,
    intervention_get,
    region_inside_q,
    report_get,
)

AnyUser = AbstractBaseUser | AnonymousUser | None
EDITING_ROLES = frozenset({Role.PARTNER_ADMIN, Role.PARTNER_EDITOR})


def _overlap(code: str, root: str) -> bool:
    return region_code_within(code, root) or region_code_within(root, code)


@dataclass(frozen=True)
class InterventionRights:
    edit: bool
    review: bool


def intervention_rights(principal: Principal, intervention: Intervention) -> InterventionRights:
    if principal.is_national_admin:
        return InterventionRights(edit=True, review=True)
    roots = principal.coordinated_regions()
    codes = [location.region_id for location in intervention.locations.all()]
    return InterventionRights(
        edit=intervention.organisation_id in principal.organisation_ids(EDITING_ROLES),
        review=any(region_code_within(code, root) for code in codes for root in roots),
    )


def _visible(principal: Principal, intervention: Intervention) -> bool:
    if intervention.visibility == Visibility.PUBLIC or principal.is_national_admin:
        return True
    members = principal.organisation_ids()
    if intervention.organisation_id in members or any(
        party.organisation_id in members for party in intervention.parties.all()
    ):
        return True
    roots = principal.coordinated_regions()
    return any(
        _overlap(location.region_id, root)
        for location in intervention.locations.all()
        for root in roots
    )


def visible_interventions_q(principal: Principal) -> Q:
    """The filter for lists: what ``get_intervention_for_user`` would let this user see.
    Related rows are ``IN`` subqueries, not joins: no intervention is listed twice."""
    if principal.is_national_admin:
        return Q()
    members = principal.organisation_ids()
    query = Q(visibility=Visibility.PUBLIC)
    if members:
        parties = InterventionParty.objects.filter(organisation_id__in=members)
        query |= Q(organisation_id__in=members) | Q(pk__in=parties.values("intervention_id"))
    for root in principal.coordinated_regions():
        # A location inside the coordinator's region, or wider than it (province-wide seen
        # from a regency).
        ancestors = [root[:i] for i in range(len(root)) if root[i] == "."]
        places = InterventionLocation.objects.filter(
            region_inside_q("region", root) | Q(region_id__in=ancestors)
        )
        query |= Q(pk__in=places.values("intervention_id"))
    return query


def get_intervention_for_user(
    user: AnyUser, intervention_id: int, *, write: bool = False
) -> Intervention:
    """The intervention if the user may see it (else 404); with ``write``, 403 unless they
    may change it and write its reports."""
    principal = principal_for(user)
    intervention = intervention_get(intervention_id=intervention_id)
    if intervention is None or not _visible(principal, intervention):
        raise Http404(_("No intervention has this number."))
    if write and not intervention_rights(principal, intervention).edit:
        raise PermissionDenied(
            _("Only the lead organisation's partner admins and editors change it.")
        )
    return intervention


def get_report_for_user(
    user: AnyUser, report_id: int, *, write: bool = False, review: bool = False
) -> Report:
    """A report of an intervention the user may see; ``write`` for the organisation's
    editors, ``review`` for coordinators in scope and national admins (else 403)."""
    report = report_get(report_id=report_id)
    if report is None:
        raise Http404(_("No report has this number."))
    intervention = get_intervention_for_user(user, report.intervention_id, write=write)
    if review and not intervention_rights(principal_for(user), intervention).review:
        raise PermissionDenied(
            _("Only a national admin or a coordinator of its regions reviews this report.")
        )
    return report


def get_evidence_for_user(
    user: AnyUser, report_id: int, evidence_id: int, *, write: bool = False
) -> ReportEvidence:
    """An evidence file, under the same rules as its report (``write`` for its editors)."""
    report = get_report_for_user(user, report_id, write=write)
    evidence = evidence_get(report=report, evidence_id=evidence_id)
    if evidence is None:
        raise Http404(_("No evidence file has this number."))
    return evidence


def get_indicator_for_user(user: AnyUser, indicator_id: int, *, write: bool = False) -> Indicator:
    """A library indicator (everyone sees the library) or a custom one of the user's own
    organisations (any partner role), else 404. With ``write``, 403 unless the user is a
    national admin and the indicator is a library one: the library is the ministry's, and
    an organisation's own indicators change from its interventions' pages."""
    principal = principal_for(user)
    indicator = indicator_get(indicator_id=indicator_id)
    if indicator is None or (
        indicator.organisation_id is not None
        and indicator.organisation_id not in principal.organisation_ids()
    ):
        raise Http404(_("No indicator has this number."))
    if write and not (principal.is_national_admin and indicator.organisation_id is None):
        raise PermissionDenied(_("Only national admins change the indicator library."))
    return indicator
