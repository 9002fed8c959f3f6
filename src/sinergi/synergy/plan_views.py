"""The national plan page: pledges, unit costs, what-if scenarios compared side by side in
charts, each exportable to XLSX. National planners only (404 for everyone else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.models import User
from sinergi.core.taxonomy import PPKS
from sinergi.partners.access import get_organisation_for_user
from sinergi.partners.selectors import organisation_choices
from sinergi.synergy.access import get_scenario_for_user, require_planner
from sinergi.synergy.plan import people_whole
from sinergi.synergy.plan_export import comparison_svg, scenario_xlsx_response
from sinergi.synergy.plan_forms import PledgeForm, ScenarioForm
from sinergi.synergy.plan_selectors import pledge_list, scenario_list, unit_cost_list
from sinergi.synergy.plan_services import pledge_set, scenario_create, scenario_delete

GROUP_LABELS = {g.key: g.label for g in PPKS}
SHOWN_SCENARIOS = 8


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


@login_required
def plan_page(request: HttpRequest) -> HttpResponse:
    require_planner(request.user)
    year = _year(request)
    organisations = organisation_choices()
    scenarios = list(scenario_list()[:SHOWN_SCENARIOS])
    for scenario in scenarios:  # whole people, also for scenarios stored before the rule
        scenario.outcome = people_whole(scenario.outcome)
    shown = list(reversed(scenarios))  # oldest first, left to right
    charts = [
        mark_safe(comparison_svg(shown, measure=measure, title=title))  # noqa: S308 - our own SVG
        for measure, title in (
            ("people", _("People covered")),
            ("weighted", _("Weighted need covered")),
            ("regions", _("Regions reached")),
        )
    ] if any(s.outcome.get("feasible") for s in shown) else []  # fmt: skip
    context = {
        "year": year,
        "pledges": pledge_list(year=year),
        "costs": [(c, GROUP_LABELS.get(c.target_group, "")) for c in unit_cost_list()],
        "scenarios": scenarios,
        "charts": charts,
        "pledge_form": PledgeForm(initial={"year": year}, organisations=organisations),
        "scenario_form": ScenarioForm(initial={"year": year}, organisations=organisations),
    }
    return render(request, "synergy/plan.html", context)


@login_required
@require_POST
def plan_pledge(request: HttpRequest) -> HttpResponse:
    require_planner(request.user)
    form = PledgeForm(request.POST, organisations=organisation_choices())
    if form.is_valid():
        c = form.cleaned_data
        organisation = get_organisation_for_user(request.user, c["organisation"])
        pledge_set(
            actor=_user(request),
            organisation=organisation,
            year=c["year"],
            amount_idr=c["amount_idr"],
        )
        messages.success(request, _("The pledge is saved."))
        return redirect(f"{reverse('synergy:plan')}?year={c['year']}")
    messages.error(request, _("Check the pledge: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect("synergy:plan")


@login_required
@require_POST
def plan_scenario_create(request: HttpRequest) -> HttpResponse:
    require_planner(request.user)
    form = ScenarioForm(request.POST, organisations=organisation_choices())
    if not form.is_valid():
        messages.error(
            request, _("Check the scenario: %(errors)s") % {"errors": form.errors.as_text()}
        )
        return redirect("synergy:plan")
    try:
        scenario = scenario_create(
            actor=_user(request),
            name=form.cleaned_data["name"],
            year=form.cleaned_data["year"],
            changes=form.changes(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("synergy:plan")
    if scenario.outcome.get("feasible"):
        messages.success(
            request, _("Scenario “%(name)s” is solved and saved.") % {"name": scenario.name}
        )
    else:
        messages.warning(
            request,
            _("Scenario “%(name)s” has no plan: %(why)s")
            % {"name": scenario.name, "why": scenario.outcome["explanation"]},
        )
    return redirect("synergy:plan")


@login_required
@require_POST
def plan_scenario_delete(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = get_scenario_for_user(request.user, scenario_id)
    scenario_delete(actor=_user(request), scenario=scenario)
    messages.success(request, _("The scenario is deleted."))
    return redirect("synergy:plan")


@login_required
def plan_scenario_xlsx(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = get_scenario_for_user(request.user, scenario_id)
    if not scenario.outcome.get("feasible"):
        raise Http404(_("This scenario has no plan to export."))
    return scenario_xlsx_response(scenario)
