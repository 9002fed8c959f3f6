"""Who may see and change synergy records. The one place that decides.

- The etalase is for signed-in users (partners browse and adopt; coordinators publish). A
  published need is changed or withdrawn only by a national admin or a regional coordinator
  whose subtree holds its region: to anyone else it is a 404.
- A partner adopts a need for an organisation it edits for (partner admin or editor); any
  other organisation is a 404.
- Plan scenarios and pledges are the national planners' (national admins); others get 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404
from django.utils.translation import gettext as _

from sinergi.core.access import Principal, principal_for
from sinergi.interventions.access import EDITING_ROLES
from sinergi.partners.models import Organisation
from sinergi.synergy.etalase_selectors import need_get
from sinergi.synergy.models import EtalaseNeed, PlanScenario
from sinergi.synergy.plan_selectors import scenario_get

AnyUser = AbstractBaseUser | AnonymousUser | None


def may_publish(principal: Principal, region_code: str) -> bool:
    return principal.covers_region(region_code)


def get_need_for_user(user: AnyUser, need_id: int, *, write: bool = False) -> EtalaseNeed:
    """A published need; with ``write``, only for those who coordinate its region."""
    principal = principal_for(user)
    need = need_get(need_id=need_id) if principal.is_authenticated else None
    if need is None or (write and not may_publish(principal, need.region_id)):
        raise Http404(_("No published need has this number."))
    return need


def get_adopting_organisation_for_user(user: AnyUser, organisation_id: int) -> Organisation:
    """An organisation the user may adopt needs for, else 404."""
    principal = principal_for(user)
    if organisation_id not in principal.organisation_ids(EDITING_ROLES):
        raise Http404(_("You do not act for this organisation."))
    organisation = Organisation.objects.filter(pk=organisation_id, archived_at__isnull=True).first()
    if organisation is None:
        raise Http404(_("You do not act for this organisation."))
    return organisation


def adopting_organisations(user: AnyUser) -> list[Organisation]:
    principal = principal_for(user)
    ids = principal.organisation_ids(EDITING_ROLES)
    return list(Organisation.objects.filter(pk__in=ids, archived_at__isnull=True).order_by("name"))


def require_planner(user: AnyUser) -> Principal:
    """National admins plan; to everyone else the plan does not exist."""
    principal = principal_for(user)
    if not principal.is_national_admin:
        raise Http404(_("Page not found."))
    return principal


def get_scenario_for_user(user: AnyUser, scenario_id: int) -> PlanScenario:
    require_planner(user)
    scenario = scenario_get(scenario_id=scenario_id)
    if scenario is None:
        raise Http404(_("No scenario has this number."))
    return scenario
