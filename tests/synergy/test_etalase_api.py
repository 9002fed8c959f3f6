"""The etalase through the API: coordinators publish in scope, partners adopt for their own
organisation, the adoption is a planned intervention, and the need's status follows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sinergi.core.models import User
from sinergi.interventions.models import Intervention

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
URL = "/api/v1/synergy/etalase"


def _publish(client: Client, **fields: Any) -> Any:
    body = {
        "region": "32.01",
        "target_group": "LUT",
        "title": "Pendampingan lansia terlantar di Cibinong",
        "description": "Hasil verifikasi Dinsos 2026.",
        "people": 300,
        "budget_idr": 900_000_000,
        **fields,
    }
    return client.post(URL, body)


def test_a_coordinator_publishes_and_a_partner_adopts_in_two_steps(
    world: dict[str, Any], client_for: Any, rahmat: User
) -> None:
    coordinator = client_for(rahmat)
    created = _publish(coordinator, evidence=SimpleUploadedFile("bukti.pdf", PDF))
    assert created.status_code == 201, created.content
    need = created.json()
    assert need["status"] == "open" and need["has_evidence"]
    alice = client_for(world["alice"])
    evidence = alice.get(f"{URL}/{need['id']}/evidence")
    assert evidence.status_code == 200 and b"".join(evidence.streaming_content) == PDF
    adoption = {"organisation_id": world["mitra_a"].pk, "people": 100, "budget_idr": 300_000_000}
    first = alice.post(f"{URL}/{need['id']}/adoptions", adoption, content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "partly" and first.json()["adopted_people"] == 100
    made = Intervention.objects.get(pk=first.json()["adoptions"][0]["intervention_id"])
    assert made.organisation == world["mitra_a"] and made.status == "planned"
    assert made.targeted == 100 and made.budget_idr == 300_000_000
    assert [t.key for t in made.target_groups.all()] == ["LUT"]
    assert [loc.region_id for loc in made.locations.all()] == ["32.01"]
    rest = {"organisation_id": world["mitra_a"].pk, "people": 200}
    second = alice.post(f"{URL}/{need['id']}/adoptions", rest, content_type="application/json")
    assert second.json()["status"] == "adopted"
    again = alice.post(f"{URL}/{need['id']}/adoptions", rest, content_type="application/json")
    assert again.status_code == 422
    assert coordinator.delete(f"{URL}/{need['id']}").status_code == 422  # adopted: it stays


def test_partners_browse_and_filter(world: dict[str, Any], client_for: Any, rahmat: User) -> None:
    coordinator = client_for(rahmat)
    _publish(coordinator)
    _publish(coordinator, region="32.73", target_group="FM", title="Modal usaha KUBE")
    alice = client_for(world["alice"])
    assert alice.get(URL).json()["count"] == 2
    assert [n["title"] for n in alice.get(f"{URL}?target_group=FM").json()["items"]] == [
        "Modal usaha KUBE"
    ]
    assert alice.get(f"{URL}?region=32.73").json()["count"] == 1
    assert alice.get(f"{URL}?status=adopted").json()["count"] == 0
    assert alice.get(f"{URL}?q=cibinong").json()["count"] == 1


def test_a_coordinator_out_of_scope_gets_404(
    world: dict[str, Any], client_for: Any, rahmat: User, citra: User
) -> None:
    need = _publish(client_for(rahmat)).json()
    outsider = client_for(citra)
    assert _publish(outsider).status_code == 404
    assert outsider.delete(f"{URL}/{need['id']}").status_code == 404
    assert _publish(client_for(world["alice"])).status_code == 404  # partners do not publish
    assert client_for(rahmat).delete(f"{URL}/{need['id']}").status_code == 204


def test_a_partner_adopts_only_for_its_own_organisation(
    world: dict[str, Any], client_for: Any, rahmat: User
) -> None:
    need = _publish(client_for(rahmat)).json()
    body = {"organisation_id": world["mitra_b"].pk, "people": 10}
    response = client_for(world["alice"]).post(
        f"{URL}/{need['id']}/adoptions", body, content_type="application/json"
    )
    assert response.status_code == 404
    assert (
        client_for(rahmat)
        .post(f"{URL}/{need['id']}/adoptions", body, content_type="application/json")
        .status_code
        == 404
    )


def test_signed_out_users_get_401_and_unknown_needs_404(
    world: dict[str, Any], client: Client, client_for: Any
) -> None:
    assert client.get(URL).status_code == 401
    assert client_for(world["alice"]).get(f"{URL}/999999").status_code == 404
    assert client_for(world["alice"]).get(f"{URL}/999999/evidence").status_code == 404


@pytest.mark.parametrize(
    "fields",
    [
        {"target_group": "NOPE"},
        {"region": "99.99"},
        {"region": "x"},
        {"people": 0},
        {"title": ""},
        {"budget_idr": -5},
        {"evidence": SimpleUploadedFile("bukti.pdf", b"MZ not a pdf")},
    ],
)
def test_invalid_needs_are_refused_and_change_nothing(
    world: dict[str, Any], client_for: Any, nadia: User, fields: dict[str, Any]
) -> None:
    response = _publish(client_for(nadia), **fields)
    assert response.status_code in (404, 422)
    assert response["Content-Type"] == "application/problem+json"
    assert client_for(nadia).get(URL).json()["count"] == 0


@pytest.mark.parametrize(
    "body", [{"people": 0}, {"people": 301}, {"people": 5, "function": "nope"}]
)
def test_invalid_adoptions_are_refused(
    world: dict[str, Any], client_for: Any, rahmat: User, body: dict[str, Any]
) -> None:
    need = _publish(client_for(rahmat)).json()
    payload = {"organisation_id": world["mitra_a"].pk, **body}
    response = client_for(world["alice"]).post(
        f"{URL}/{need['id']}/adoptions", payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert Intervention.objects.filter(ref__startswith="ETALASE").count() == 0


def test_the_list_takes_a_fixed_number_of_queries(
    world: dict[str, Any], client_for: Any, rahmat: User, django_assert_num_queries: Any
) -> None:
    coordinator = client_for(rahmat)
    for _ in range(3):
        need = _publish(coordinator).json()
        coordinator.post(
            f"{URL}/{need['id']}/adoptions",
            {"organisation_id": 1, "people": 1},
            content_type="application/json",
        )
    alice = client_for(world["alice"])
    alice.post(
        f"{URL}/{need['id']}/adoptions",
        {"organisation_id": world["mitra_a"].pk, "people": 5},
        content_type="application/json",
    )
    with django_assert_num_queries(5):  # session, user, count, needs, adoptions
        alice.get(URL)
