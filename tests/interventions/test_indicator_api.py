"""/api/v1/indicators: everyone lists the library, members also their organisations' own;
national admins add and change library indicators."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.core.models import AuditEvent, User
from sinergi.interventions.models import Indicator
from sinergi.interventions.services import indicator_create
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention, library_indicator, tracked

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def own_a(mitra_a: Organisation) -> Indicator:
    return indicator_create(
        actor=None, code="M-A-001", name="Sumur bor Mitra A", unit="unit", organisation=mitra_a
    )


@pytest.fixture
def own_b(mitra_b: Organisation) -> Indicator:
    return indicator_create(
        actor=None, code="M-B-001", name="Sumur bor Mitra B", unit="unit", organisation=mitra_b
    )


def _codes(body: dict[str, Any]) -> list[str]:
    return [item["code"] for item in body["items"]]


def test_anyone_lists_the_library_and_members_their_own(
    client_for: Any, alice: User, vera: User, own_a: Indicator, own_b: Indicator
) -> None:
    library_indicator("RS-01")
    anonymous = client_for(None).get("/api/v1/indicators").json()
    assert _codes(anonymous) == ["RS-01"] and anonymous["count"] == 1
    item = anonymous["items"][0]
    assert item["custom"] is False and item["organisation"] is None
    assert item["counts_reached"] is False and item["sdgs"] == ["SDG1", "SDG10"]
    # The library first, then the caller's organisations' own (a viewer too); never others'.
    for member in (alice, vera):
        assert _codes(client_for(member).get("/api/v1/indicators").json()) == ["RS-01", "M-A-001"]


def test_filters_and_pages(client_for: Any) -> None:
    library_indicator("RS-01")
    library_indicator("RS-02")
    indicator_create(
        actor=None,
        code="PM-01",
        name="KUBE yang didampingi",
        unit="kelompok",
        function="pemberdayaan_sosial",
        programme="KUBE",
    )
    client = client_for(None)
    assert _codes(client.get("/api/v1/indicators?function=pemberdayaan_sosial").json()) == ["PM-01"]
    assert _codes(client.get("/api/v1/indicators?programme=KUBE").json()) == ["PM-01"]
    assert _codes(client.get("/api/v1/indicators?q=kube").json()) == ["PM-01"]
    assert _codes(client.get("/api/v1/indicators?q=rs-0").json()) == ["RS-01", "RS-02"]
    page = client.get("/api/v1/indicators?limit=1&offset=1").json()
    assert page["count"] == 3 and _codes(page) == ["RS-01"] and page["offset"] == 1
    refused = client.get("/api/v1/indicators?limit=0")
    assert refused.status_code == 422 and refused.json()["errors"][0]["loc"][-1] == "limit"


def test_the_list_costs_the_same_queries_for_more_rows(client_for: Any, alice: User) -> None:
    client = client_for(alice)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/indicators").status_code == 200
        return len(captured)

    library_indicator("RS-01")
    few = queries()
    for number in range(2, 12):
        library_indicator(f"RS-{number:02d}")
    assert queries() == few


def test_a_national_admin_adds_a_library_indicator(client_for: Any, nadia: User) -> None:
    body = {
        "code": "RS-90",
        "name": "Anak yang dipulangkan ke keluarga",
        "unit": "anak",
        "function": "rehabilitasi_sosial",
        "programme": "ATENSI",
        "sdgs": ["SDG16", "SDG1"],
        "counts_reached": True,
    }
    response = client_for(nadia).post("/api/v1/indicators", json.dumps(body), content_type=JSON)
    assert response.status_code == 201, response.content
    made = Indicator.objects.get(code="RS-90")
    assert made.organisation_id is None and made.counts_reached
    assert made.sdgs == ["SDG1", "SDG16"]
    assert response.json()["id"] == made.pk
    assert AuditEvent.objects.filter(action="indicator.create", actor=nadia).exists()
    again = client_for(nadia).post("/api/v1/indicators", json.dumps(body), content_type=JSON)
    assert again.status_code == 422 and again.json()["errors"][0]["loc"] == ["code"]


def test_adding_is_refused_to_others_and_checks_input(
    client_for: Any, nadia: User, rahmat: User, alice: User
) -> None:
    body = {"code": "RS-91", "name": "Baru", "unit": "orang"}
    assert (
        client_for(None).post("/api/v1/indicators", json.dumps(body), content_type=JSON).status_code
        == 401
    )
    for user in (rahmat, alice):
        response = client_for(user).post("/api/v1/indicators", json.dumps(body), content_type=JSON)
        assert response.status_code == 403
    assert not Indicator.objects.exists()
    bad = client_for(nadia).post(
        "/api/v1/indicators", json.dumps(body | {"function": "bukan_fungsi"}), content_type=JSON
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["function"]
    bad = client_for(nadia).post(
        "/api/v1/indicators", json.dumps(body | {"code": "rs 91"}), content_type=JSON
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"][-1] == "code"


def test_a_national_admin_changes_a_library_indicator(client_for: Any, nadia: User) -> None:
    indicator = library_indicator("RS-01")
    response = client_for(nadia).patch(
        f"/api/v1/indicators/{indicator.pk}",
        json.dumps({"name": "Nama baru", "counts_reached": True}),
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    indicator.refresh_from_db()
    assert indicator.name == "Nama baru" and indicator.counts_reached
    assert indicator.unit == "orang"  # fields not sent stay
    empty = client_for(nadia).patch(
        f"/api/v1/indicators/{indicator.pk}", json.dumps({"name": None}), content_type=JSON
    )
    assert empty.status_code == 422 and empty.json()["errors"][0]["loc"] == ["name"]
    bad = client_for(nadia).patch(
        f"/api/v1/indicators/{indicator.pk}", json.dumps({"sdgs": ["SDG18"]}), content_type=JSON
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["sdgs"]
    missing = client_for(nadia).patch(
        "/api/v1/indicators/999999", json.dumps({"name": "x"}), content_type=JSON
    )
    assert missing.status_code == 404


def test_a_second_counting_indicator_is_a_422_naming_the_field(
    client_for: Any, nadia: User, mitra_a: Organisation
) -> None:
    counting = indicator_create(
        actor=None, code="A-01", name="Orang", unit="orang", counts_reached=True
    )
    other = library_indicator("B-01")
    work = intervention(mitra_a)
    tracked(work, counting)
    tracked(work, other)
    response = client_for(nadia).patch(
        f"/api/v1/indicators/{other.pk}", json.dumps({"counts_reached": True}), content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["counts_reached"]


def test_changing_is_refused_to_others(
    client_for: Any, alice: User, rahmat: User, charlie: User, nadia: User, own_a: Indicator
) -> None:
    library = library_indicator("RS-01")
    change = json.dumps({"name": "Dibajak"})
    assert (
        client_for(None)
        .patch(f"/api/v1/indicators/{library.pk}", change, content_type=JSON)
        .status_code
        == 401
    )
    for user in (alice, rahmat):
        assert (
            client_for(user)
            .patch(f"/api/v1/indicators/{library.pk}", change, content_type=JSON)
            .status_code
            == 403
        )
    # Another organisation's own indicator: not there for charlie or a national admin.
    assert (
        client_for(charlie)
        .patch(f"/api/v1/indicators/{own_a.pk}", change, content_type=JSON)
        .status_code
        == 404
    )
    assert (
        client_for(nadia)
        .patch(f"/api/v1/indicators/{own_a.pk}", change, content_type=JSON)
        .status_code
        == 404
    )
    # Its own organisation sees it but changes it from its interventions' pages, not here.
    assert (
        client_for(alice)
        .patch(f"/api/v1/indicators/{own_a.pk}", change, content_type=JSON)
        .status_code
        == 403
    )
    assert Indicator.objects.filter(name="Dibajak").count() == 0
