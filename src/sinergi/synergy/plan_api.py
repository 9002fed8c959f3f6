"""The national allocation plan (``/api/v1/synergy/plan/…``): unit costs, pledges and saved
what-if scenarios with their comparison, exported to XLSX. National planners only: to anyone
else signed in these resources do not exist (404)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from sinergi.core.problems import ApiError
from sinergi.core.schemas import Problem
from sinergi.partners.access import get_organisation_for_user
from sinergi.partners.api_common import SIGNED_IN, SIGNED_IN_ERRORS, actor
from sinergi.partners.schemas import Key, ObjectId
from sinergi.synergy.access import get_scenario_for_user, require_planner
from sinergi.synergy.models import PlanScenario
from sinergi.synergy.plan import people_whole
from sinergi.synergy.plan_export import scenario_xlsx_response
from sinergi.synergy.plan_schemas import (
    PledgeIn,
    PledgeOut,
    ScenarioDetailOut,
    ScenarioIn,
    ScenarioOut,
    UnitCostIn,
    UnitCostOut,
    Year,
)
from sinergi.synergy.plan_selectors import pledge_list, scenario_list, unit_cost_list
from sinergi.synergy.plan_services import (
    pledge_set,
    scenario_create,
    scenario_delete,
    unit_cost_set,
)

router = Router(tags=["synergy"])


def scenario_out(scenario: PlanScenario, *, rows: bool = False) -> dict[str, Any]:
    outcome = people_whole(scenario.outcome)
    body: dict[str, Any] = {
        "id": scenario.pk,
        "name": scenario.name,
        "year": scenario.year,
        "created_at": scenario.created_at,
        "feasible": bool(outcome.get("feasible")),
        "explanation": outcome.get("explanation", ""),
        "plan": outcome.get("plan"),
        "greedy": outcome.get("greedy"),
        "current": outcome.get("current"),
        "changes": scenario.changes,
    }
    if rows:
        body["rows"] = outcome.get("rows", [])
    return body


@router.get(
    "/synergy/plan/unit-costs",
    response={200: list[UnitCostOut], **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Unit cost per target group (IDR per person a year), with its source or assumption",
)
def unit_costs(request: HttpRequest) -> list[UnitCostOut]:
    require_planner(request.user)
    return [UnitCostOut(**row.__dict__) for row in unit_cost_list()]


@router.put(
    "/synergy/plan/unit-costs/{target_group}",
    response={200: list[UnitCostOut], **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Set a target group's unit cost",
)
def unit_cost_update(
    request: HttpRequest, target_group: Key, payload: UnitCostIn
) -> list[UnitCostOut]:
    require_planner(request.user)
    unit_cost_set(
        actor=actor(request),
        target_group=target_group,
        cost_idr=payload.cost_idr,
        basis=payload.basis,
    )
    return [UnitCostOut(**row.__dict__) for row in unit_cost_list()]


@router.get(
    "/synergy/plan/pledges",
    response={200: list[PledgeOut], **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Budgets pledged to the plan for a year",
)
def pledges(request: HttpRequest, year: Query[Year]) -> list[PledgeOut]:
    require_planner(request.user)
    return [
        PledgeOut(
            organisation_id=p.organisation_id,
            organisation=p.organisation.name,
            year=p.year,
            amount_idr=p.amount_idr,
        )
        for p in pledge_list(year=year)
    ]


@router.put(
    "/synergy/plan/pledges",
    response={200: list[PledgeOut], **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Set an organisation's pledge for a year (zero removes it)",
)
def pledge_update(request: HttpRequest, payload: PledgeIn) -> list[PledgeOut]:
    require_planner(request.user)
    organisation = get_organisation_for_user(request.user, payload.organisation_id)
    pledge_set(
        actor=actor(request),
        organisation=organisation,
        year=payload.year,
        amount_idr=payload.amount_idr,
    )
    return pledges(request, payload.year)


@router.get(
    "/synergy/plan/scenarios",
    response={200: list[ScenarioOut], **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Saved what-if scenarios, newest first, with the three patterns compared",
)
def scenarios(request: HttpRequest) -> list[dict[str, Any]]:
    require_planner(request.user)
    return [scenario_out(s) for s in scenario_list()[:200]]


@router.post(
    "/synergy/plan/scenarios",
    response={201: ScenarioDetailOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Solve and save a scenario (an infeasible one is saved with its explanation)",
)
def scenario_add(request: HttpRequest, payload: ScenarioIn) -> Status[dict[str, Any]]:
    require_planner(request.user)
    changes = payload.changes.model_dump(mode="json")
    scenario = scenario_create(
        actor=actor(request), name=payload.name, year=payload.year, changes=changes
    )
    return Status(201, scenario_out(scenario, rows=True))


@router.get(
    "/synergy/plan/scenarios/{scenario_id}",
    response={200: ScenarioDetailOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="One scenario with its allocation",
)
def scenario_detail(request: HttpRequest, scenario_id: ObjectId) -> dict[str, Any]:
    return scenario_out(get_scenario_for_user(request.user, scenario_id), rows=True)


@router.delete(
    "/synergy/plan/scenarios/{scenario_id}",
    response={204: None, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Delete a scenario",
)
def scenario_remove(request: HttpRequest, scenario_id: ObjectId) -> Status[None]:
    scenario = get_scenario_for_user(request.user, scenario_id)
    scenario_delete(actor=actor(request), scenario=scenario)
    return Status(204, None)


@router.get(
    "/synergy/plan/scenarios/{scenario_id}/xlsx",
    response={200: None, 409: Problem, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="The scenario as an XLSX workbook (summary, allocation, changes)",
)
def scenario_export(request: HttpRequest, scenario_id: ObjectId) -> HttpResponse:
    scenario = get_scenario_for_user(request.user, scenario_id)
    if not scenario.outcome.get("feasible"):
        raise ApiError(
            409,
            _("This scenario has no plan to export: %(why)s")
            % {"why": scenario.outcome.get("explanation", "")},
        )
    return scenario_xlsx_response(scenario)
