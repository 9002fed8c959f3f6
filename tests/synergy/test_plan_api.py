"""The allocation plan through the API: pledges, unit costs, scenarios compared and
exported; infeasible input explained; the plan exists only for national planners."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import Client

from sinergi.core.models import User
from sinergi.synergy.models import PlanScenario
from tests.synergy.plan_world import YEAR

URL = "/api/v1/synergy/plan"


def _pledge(client: Client, organisation: int, amount: int) -> None:
    body = {"organisation_id": organisation, "year": YEAR, "amount_idr": amount}
    assert client.put(f"{URL}/pledges", body, content_type="application/json").status_code == 200


def test_a_scenario_is_solved_compared_and_exported(
    world: dict[str, Any], client_for: Any, nadia: User
) -> None:
    planner = client_for(nadia)
    _pledge(planner, world["mitra_a"].pk, 3_000_000_000)
    _pledge(planner, world["mitra_b"].pk, 5_000_000_000)
    assert len(planner.get(f"{URL}/pledges?year={YEAR}").json()) == 2
    body = {"name": "Dasar", "year": YEAR, "changes": {}}
    response = planner.post(f"{URL}/scenarios", body, content_type="application/json")
    assert response.status_code == 201, response.content
    scenario = response.json()
    assert scenario["feasible"]
    assert scenario["plan"]["weighted"] >= scenario["greedy"]["weighted"] - 1e-6
    assert scenario["plan"]["spend_idr"] <= 8_000_000_000
    spent: dict[int, int] = {}
    for row in scenario["rows"]:
        spent[row["organisation_id"]] = spent.get(row["organisation_id"], 0) + row["amount_idr"]
        if row["organisation_id"] == world["mitra_a"].pk:
            # Mitra A works in Bandung only, for the elderly.
            assert (row["region"], row["target_group"]) == ("32.73", "LUT")
    assert spent[world["mitra_a"].pk] <= 3_000_000_000 + 1
    exported = planner.get(f"{URL}/scenarios/{scenario['id']}/xlsx")
    assert exported.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(exported.content)).namelist()
    assert "xl/workbook.xml" in names
    listed = planner.get(f"{URL}/scenarios").json()
    assert [s["name"] for s in listed] == ["Dasar"]


def test_what_if_changes_are_applied(world: dict[str, Any], client_for: Any, nadia: User) -> None:
    planner = client_for(nadia)
    _pledge(planner, world["mitra_b"].pk, 1_000_000_000)
    base = planner.post(
        f"{URL}/scenarios", {"name": "A", "year": YEAR}, content_type="application/json"
    ).json()
    doubled = {
        "name": "B",
        "year": YEAR,
        "changes": {
            "budgets": {str(world["mitra_b"].pk): 2_000_000_000},
            "unit_costs": {"LUT": 1_200_000},
        },
    }
    more = planner.post(f"{URL}/scenarios", doubled, content_type="application/json").json()
    assert more["plan"]["people"] > base["plan"]["people"]


def test_an_infeasible_minimum_is_explained_not_traced(
    world: dict[str, Any], client_for: Any, nadia: User
) -> None:
    planner = client_for(nadia)
    _pledge(planner, world["mitra_a"].pk, 1_000_000_000)
    body = {
        "name": "Terlalu banyak",
        "year": YEAR,
        "changes": {"bounds": [{"region": "32.01", "minimum": 500_000_000}]},
    }
    planner.cookies["django_language"] = "en"
    scenario = planner.post(f"{URL}/scenarios", body, content_type="application/json").json()
    assert not scenario["feasible"]
    assert "Kabupaten Bogor cannot be met" in scenario["explanation"]
    assert "HiGHS" not in scenario["explanation"]
    assert planner.get(f"{URL}/scenarios/{scenario['id']}/xlsx").status_code == 409


def test_no_pledges_is_explained(world: dict[str, Any], client_for: Any, nadia: User) -> None:
    planner = client_for(nadia)
    planner.cookies["django_language"] = "en"
    scenario = planner.post(
        f"{URL}/scenarios", {"name": "Kosong", "year": YEAR}, content_type="application/json"
    ).json()
    assert scenario["explanation"] == "No organisation has pledged a budget for this year."


def test_unit_costs_have_documented_defaults_and_can_be_changed(
    client_for: Any, nadia: User
) -> None:
    planner = client_for(nadia)
    costs = {row["target_group"]: row for row in planner.get(f"{URL}/unit-costs").json()}
    assert len(costs) == 26 and costs["FM"]["cost_idr"] == 2_000_000 and costs["FM"]["is_default"]
    changed = planner.put(
        f"{URL}/unit-costs/FM",
        {"cost_idr": 2_500_000, "basis": "Survei 2026"},
        content_type="application/json",
    )
    row = next(r for r in changed.json() if r["target_group"] == "FM")
    assert row == {
        "target_group": "FM",
        "cost_idr": 2_500_000,
        "basis": "Survei 2026",
        "is_default": False,
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/scenarios"),
        ("get", "/unit-costs"),
        ("get", f"/pledges?year={YEAR}"),
        ("get", "/scenarios/SCENARIO"),
        ("delete", "/scenarios/SCENARIO"),
        ("get", "/scenarios/SCENARIO/xlsx"),
    ],
)
def test_the_plan_is_not_found_for_anyone_but_planners(
    world: dict[str, Any], client_for: Any, nadia: User, rahmat: User, method: str, path: str
) -> None:
    scenario = PlanScenario.objects.create(name="x", year=YEAR, outcome={"feasible": False})
    url = URL + path.replace("SCENARIO", str(scenario.pk))
    assert getattr(client_for(rahmat), method)(url).status_code == 404
    assert getattr(client_for(world["alice"]), method)(url).status_code == 404
    assert getattr(client_for(None), method)(url).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"name": "", "year": YEAR},
        {"name": "x", "year": 1900},
        {"name": "x", "year": YEAR, "changes": {"unit_costs": {"NOPE": 5}}},
        {"name": "x", "year": YEAR, "changes": {"unit_costs": {"FM": 0}}},
        {"name": "x", "year": YEAR, "changes": {"budgets": {"999999": 5}}},
        {"name": "x", "year": YEAR, "changes": {"budgets": {"abc": 5}}},
        {"name": "x", "year": YEAR, "changes": {"bounds": [{"region": "nope"}]}},
        {"name": "x", "year": YEAR, "changes": {"bounds": [{"region": "32.01", "minimum": -1}]}},
    ],
)
def test_invalid_scenarios_are_refused_and_change_nothing(
    client_for: Any, nadia: User, body: dict[str, Any]
) -> None:
    response = client_for(nadia).post(f"{URL}/scenarios", body, content_type="application/json")
    assert response.status_code == 422
    assert PlanScenario.objects.count() == 0


def test_deleting_a_scenario(client_for: Any, nadia: User) -> None:
    scenario = PlanScenario.objects.create(name="x", year=YEAR, outcome={"feasible": False})
    assert client_for(nadia).delete(f"{URL}/scenarios/{scenario.pk}").status_code == 204
    assert not PlanScenario.objects.exists()


def test_the_scenario_list_takes_a_fixed_number_of_queries(
    client_for: Any, nadia: User, django_assert_num_queries: Any
) -> None:
    for n in range(3):
        PlanScenario.objects.create(name=f"s{n}", year=YEAR, outcome={"feasible": False})
    planner = client_for(nadia)
    with django_assert_num_queries(4):  # session, user, roles, scenarios
        planner.get(f"{URL}/scenarios")
