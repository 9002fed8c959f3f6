"""People in the plan are whole on the page, in the API and in the XLSX export, and the plan's
rows add up to its total, also for scenarios stored before the rule (2,083.3 orang)."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest

from sinergi.core.models import User
from sinergi.synergy.models import PlanScenario
from tests.synergy.plan_world import YEAR

URL = "/api/v1/synergy/plan"
pytestmark = pytest.mark.django_db


def _legacy(world: dict[str, Any]) -> PlanScenario:
    """A scenario stored as the solver left it, before people were made whole."""
    row = {"organisation_id": world["mitra_a"].pk, "organisation": "Mitra A", "region": "32.73",
           "region_name": "Kota Bandung", "target_group": "LUT"}  # fmt: skip
    metrics = {"weighted": 10.5, "regions": 1, "spend_idr": 5_000_000_000}
    return PlanScenario.objects.create(
        name="Lama",
        year=YEAR,
        outcome={
            "feasible": True,
            "explanation": "",
            "issue": "",
            "plan": {**metrics, "people": 4000.0},
            "greedy": {**metrics, "people": 3333.5},
            "current": {**metrics, "people": 1250.4},
            "rows": [
                {**row, "people": 2083.3, "amount_idr": 2_500_000_000},
                {**row, "target_group": "FM", "people": 1416.4, "amount_idr": 2_000_000_000},
                {**row, "target_group": "PM", "people": 500.3, "amount_idr": 500_000_000},
            ],
        },
    )


def _column(xlsx: bytes, sheet: int, column: str, first_row: int) -> list[str]:
    """The numbers (not shared strings) of one column from ``first_row`` down."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        xml = book.read(f"xl/worksheets/sheet{sheet}.xml").decode()
    cells = re.findall(rf'<c r="{column}(\d+)"(?: s="\d+")?><v>([^<]+)</v>', xml)
    return [value for row, value in cells if int(row) >= first_row]


def test_a_stored_fractional_scenario_is_read_as_whole_people(
    world: dict[str, Any], client_for: Any, nadia: User
) -> None:
    scenario = _legacy(world)
    planner = client_for(nadia)
    body = planner.get(f"{URL}/scenarios/{scenario.pk}").json()
    assert [r["people"] for r in body["rows"]] == [2083, 1417, 500]
    assert body["plan"]["people"] == 4000 == sum(r["people"] for r in body["rows"])
    assert (body["greedy"]["people"], body["current"]["people"]) == (3334, 1250)
    page = planner.get("/sinergi/rencana/").content.decode()
    assert ">4.000<" in page and ">3.334<" in page and "2.083,3" not in page
    exported = planner.get(f"{URL}/scenarios/{scenario.pk}/xlsx").content
    assert _column(exported, 1, "B", first_row=5) == ["4000", "3334", "1250"]
    assert _column(exported, 2, "E", first_row=2) == ["2083", "1417", "500"]


def test_a_new_scenario_stores_whole_people_that_add_up(
    world: dict[str, Any], client_for: Any, nadia: User
) -> None:
    planner = client_for(nadia)
    body = {"organisation_id": world["mitra_b"].pk, "year": YEAR, "amount_idr": 1_000_000_000}
    planner.put(f"{URL}/pledges", body, content_type="application/json")
    made = planner.post(
        f"{URL}/scenarios", {"name": "Baru", "year": YEAR}, content_type="application/json"
    ).json()
    stored = PlanScenario.objects.get(pk=made["id"]).outcome
    people = [row["people"] for row in stored["rows"]]
    assert people and all(isinstance(p, int) for p in people)
    assert stored["plan"]["people"] == sum(people)
    assert isinstance(stored["greedy"]["people"], int)
