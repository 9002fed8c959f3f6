"""The recommendation, plan and etalase pages: allowed, outsider-gets-404, invalid input."""

from __future__ import annotations

from typing import Any

from django.test import Client

from sinergi.core.models import User
from sinergi.interventions.models import Intervention
from sinergi.synergy.etalase_services import NeedData, need_publish
from sinergi.synergy.models import EtalaseNeed, PlanScenario, Pledge
from tests.synergy.plan_world import YEAR


def _need(actor: User, region: str = "32.01") -> EtalaseNeed:
    return need_publish(
        actor=actor, data=NeedData(region, "LUT", "Lansia Cibinong", 50, 150_000_000)
    )


def test_my_organisation_goes_straight_to_its_recommendations(
    world: dict[str, Any], client_for: Any
) -> None:
    alice = client_for(world["alice"])
    response = alice.get("/sinergi/rekomendasi/")
    assert response.status_code == 302
    page = alice.get(response["Location"] + f"?year={YEAR}")
    assert page.status_code == 200
    assert "Kabupaten Bogor" in page.content.decode()


def test_region_recommendations_and_their_404s(world: dict[str, Any], client: Client) -> None:
    page = client.get(f"/sinergi/rekomendasi/wilayah/32.01/?year={YEAR}")
    assert page.status_code == 200 and "Mitra A Sejahtera" in page.content.decode()
    assert client.get("/sinergi/rekomendasi/wilayah/99.99/").status_code == 404
    assert client.get("/sinergi/rekomendasi/wilayah/nope/").status_code == 404
    assert client.get("/sinergi/rekomendasi/organisasi/999999/").status_code == 404
    chooser = client.get("/sinergi/rekomendasi/?region=32.73&year=2026")
    assert chooser.status_code == 302 and chooser["Location"].endswith("/wilayah/32.73/?year=2026")
    assert (
        client.get("/sinergi/rekomendasi/?region=bad").status_code == 200
    )  # the form shows the error


def test_the_etalase_publish_and_adopt_pages(
    world: dict[str, Any], client_for: Any, rahmat: User
) -> None:
    coordinator = client_for(rahmat)
    assert coordinator.get("/sinergi/etalase/baru/").status_code == 200
    body = {
        "region": "32.01",
        "target_group": "LUT",
        "title": "Lansia Bogor",
        "people": 40,
        "budget_idr": 100,
    }
    published = coordinator.post("/sinergi/etalase/baru/", body)
    assert published.status_code == 302
    need = EtalaseNeed.objects.get()
    alice = client_for(world["alice"])
    listing = alice.get("/sinergi/etalase/?target_group=LUT").content.decode()
    assert "Lansia Bogor" in listing
    adopt = {"organisation": world["mitra_a"].pk, "people": 40, "function": "perlindungan_sosial"}
    adopted = alice.post(f"/sinergi/etalase/{need.pk}/", adopt)
    assert adopted.status_code == 302
    intervention = Intervention.objects.get(ref=f"ETALASE-{need.pk}-1")
    assert adopted["Location"].endswith(f"/kegiatan/{intervention.pk}/")
    need.refresh_from_db()
    assert need.status == "adopted"


def test_the_etalase_refuses_outsiders_and_bad_input(
    world: dict[str, Any], client_for: Any, rahmat: User, citra: User
) -> None:
    need = _need(rahmat)
    assert client_for(None).get("/sinergi/etalase/").status_code == 302  # to the sign-in page
    assert client_for(world["alice"]).get("/sinergi/etalase/baru/").status_code == 404
    assert client_for(citra).post(f"/sinergi/etalase/{need.pk}/tarik/").status_code == 404
    out_of_scope = {
        "region": "32.01",
        "target_group": "LUT",
        "title": "x",
        "people": 4,
        "budget_idr": 1,
    }
    page = client_for(citra).post("/sinergi/etalase/baru/", out_of_scope)
    assert page.status_code == 200 and EtalaseNeed.objects.count() == 1
    too_many = {
        "organisation": world["mitra_a"].pk,
        "people": 51,
        "function": "perlindungan_sosial",
    }
    assert (
        client_for(world["alice"]).post(f"/sinergi/etalase/{need.pk}/", too_many).status_code == 200
    )
    not_mine = {"organisation": world["mitra_b"].pk, "people": 5, "function": "perlindungan_sosial"}
    assert (
        client_for(world["alice"]).post(f"/sinergi/etalase/{need.pk}/", not_mine).status_code == 200
    )
    assert not Intervention.objects.filter(ref__startswith="ETALASE").exists()
    assert client_for(rahmat).post(f"/sinergi/etalase/{need.pk}/tarik/").status_code == 302
    assert not EtalaseNeed.objects.exists()


def test_the_plan_page_for_planners_only(
    world: dict[str, Any], client_for: Any, nadia: User, rahmat: User
) -> None:
    planner = client_for(nadia)
    pledge = {"organisation": world["mitra_a"].pk, "year": YEAR, "amount_idr": 2_000_000_000}
    assert planner.post("/sinergi/rencana/janji/", pledge).status_code == 302
    assert Pledge.objects.get().amount_idr == 2_000_000_000
    scenario = {"name": "Dasar", "year": YEAR, "cost_group": "LUT", "cost_idr": 2_000_000}
    assert planner.post("/sinergi/rencana/skenario/", scenario).status_code == 302
    saved = PlanScenario.objects.get()
    assert saved.outcome["feasible"] and saved.changes == {"unit_costs": {"LUT": 2_000_000}}
    page = planner.get(f"/sinergi/rencana/?year={YEAR}").content.decode()
    assert "<svg" in page and "Dasar" in page
    assert planner.get(f"/sinergi/rencana/skenario/{saved.pk}/rencana.xlsx").status_code == 200
    assert planner.post("/sinergi/rencana/skenario/", {"name": "", "year": YEAR}).status_code == 302
    assert PlanScenario.objects.count() == 1
    for url in ("/sinergi/rencana/", f"/sinergi/rencana/skenario/{saved.pk}/rencana.xlsx"):
        assert client_for(rahmat).get(url).status_code == 404
        assert client_for(world["alice"]).get(url).status_code == 404
    assert (
        client_for(rahmat).post(f"/sinergi/rencana/skenario/{saved.pk}/hapus/").status_code == 404
    )
    assert planner.post(f"/sinergi/rencana/skenario/{saved.pk}/hapus/").status_code == 302
    assert not PlanScenario.objects.exists()
