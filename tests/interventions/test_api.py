"""The persona matrix over the API: who sees, edits, reports and reviews what."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.core.models import AuditEvent, User
from sinergi.interventions.models import Intervention
from sinergi.interventions.services import LocationEntry
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention, library_indicator, tracked

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _payload(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ref": "API-1",
        "title": "Pendampingan lansia",
        "function": "rehabilitasi_sosial",
        "programme": "ATENSI",
        "status": "ongoing",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "target_groups": ["LUT"],
        "locations": [{"region": "3273", "targeted": 100, "reached": 10}],
    }
    body.update(fields)
    return body


@pytest.fixture
def internal(mitra_a: Organisation) -> Intervention:
    return intervention(mitra_a, ref="INT-1", visibility="internal")


@pytest.fixture
def public(mitra_a: Organisation) -> Intervention:
    return intervention(mitra_a, ref="PUB-1")


def test_partner_editor_creates_for_own_organisation(
    client_for: Any, bob: User, mitra_a: Organisation
) -> None:
    response = client_for(bob).post(
        "/api/v1/interventions",
        json.dumps(_payload(organisation=mitra_a.pk)),
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["locations"][0]["region"] == "32.73"
    assert body["can_edit"] is True and body["version"] == 1


@pytest.mark.parametrize("persona", ["vera", "charlie", "rahmat"])
def test_others_may_not_create_for_the_organisation(
    client_for: Any, persona: str, request: pytest.FixtureRequest, mitra_a: Organisation
) -> None:
    user = request.getfixturevalue(persona)
    response = client_for(user).post(
        "/api/v1/interventions",
        json.dumps(_payload(organisation=mitra_a.pk)),
        content_type=JSON,
    )
    assert response.status_code == 403
    assert not Intervention.objects.exists()


def test_anonymous_gets_401_on_writes(client_for: Any, public: Intervention) -> None:
    response = client_for(None).put(
        f"/api/v1/interventions/{public.pk}", json.dumps(_payload(version=1)), content_type=JSON
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("nadia", True),
        ("rahmat", True),  # coordinator of Jawa Barat, where it works
        ("citra", False),  # coordinator of Jawa Timur
        ("alice", True),
        ("bob", True),
        ("vera", True),
        ("charlie", False),  # another partner
        (None, False),
    ],
)
def test_internal_interventions_are_hidden_from_other_partners_and_the_public(
    client_for: Any,
    persona: str | None,
    sees: bool,
    request: pytest.FixtureRequest,
    internal: Intervention,
    public: Intervention,
) -> None:
    user = request.getfixturevalue(persona) if persona else None
    client = client_for(user)
    detail = client.get(f"/api/v1/interventions/{internal.pk}")
    assert detail.status_code == (200 if sees else 404)
    listed = {item["ref"] for item in client.get("/api/v1/interventions").json()["items"]}
    assert listed == ({"INT-1", "PUB-1"} if sees else {"PUB-1"})


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("nadia", 200),
        ("alice", 200),
        ("bob", 200),
        ("vera", 403),
        ("charlie", 403),
        ("rahmat", 403),
    ],
)
def test_only_the_organisations_editors_and_national_admins_edit(
    client_for: Any,
    persona: str,
    status: int,
    request: pytest.FixtureRequest,
    public: Intervention,
) -> None:
    user = request.getfixturevalue(persona)
    response = client_for(user).put(
        f"/api/v1/interventions/{public.pk}",
        json.dumps(_payload(ref=public.ref, title="Diubah", version=1)),
        content_type=JSON,
    )
    assert response.status_code == status
    public.refresh_from_db()
    assert (public.title == "Diubah") == (status == 200)


def test_a_stale_version_is_a_409_and_nothing_is_overwritten(
    client_for: Any, bob: User, alice: User, public: Intervention
) -> None:
    first = client_for(alice).put(
        f"/api/v1/interventions/{public.pk}",
        json.dumps(_payload(ref=public.ref, title="Alice", version=1)),
        content_type=JSON,
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    second = client_for(bob).put(
        f"/api/v1/interventions/{public.pk}",
        json.dumps(_payload(ref=public.ref, title="Bob", version=1)),
        content_type=JSON,
    )
    assert second.status_code == 409
    assert second["Content-Type"] == "application/problem+json"
    public.refresh_from_db()
    assert public.title == "Alice"


def test_invalid_input_is_a_422_naming_the_field(
    client_for: Any, bob: User, mitra_a: Organisation
) -> None:
    response = client_for(bob).post(
        "/api/v1/interventions",
        json.dumps(_payload(organisation=mitra_a.pk, function="astrologi")),
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["function"]


def test_filters_and_a_constant_number_of_queries_per_page(
    client_for: Any, mitra_a: Organisation, mitra_b: Organisation
) -> None:
    client = client_for(None)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/interventions?limit=50").status_code == 200
        return len(captured)

    intervention(mitra_a, function="pendidikan", locations=[LocationEntry("32.73", 5, 1)])
    few = queries()
    for _ in range(8):
        intervention(
            mitra_b,
            programme="PKH",
            target_groups=["FM", "LUT"],
            locations=[LocationEntry("35.78", 5, 1), LocationEntry("35.78.01", 2, 1)],
        )
    assert queries() == few
    by_region = client.get("/api/v1/interventions?region=32.73.01").json()
    # Kota Bandung's intervention covers the district 32.73.01 (a wider location).
    assert by_region["count"] == 1
    assert client.get("/api/v1/interventions?programme=PKH").json()["count"] == 8
    assert client.get(f"/api/v1/interventions?organisation={mitra_a.pk}").json()["count"] == 1
    assert client.get("/api/v1/interventions?function=pendidikan").json()["count"] == 1
    assert client.get("/api/v1/interventions?target_group=FM").json()["count"] == 8
    assert client.get("/api/v1/interventions?active_from=2027-01-01").json()["count"] == 0


def test_report_workflow_and_locking_through_the_api(
    client_for: Any, bob: User, rahmat: User, citra: User, nadia: User, public: Intervention
) -> None:
    indicator = tracked(public, library_indicator())
    editor, reviewer = client_for(bob), client_for(rahmat)
    created = editor.post(
        f"/api/v1/interventions/{public.pk}/reports",
        json.dumps({"period": "2026-Q1"}),
        content_type=JSON,
    )
    assert created.status_code == 201
    report = created.json()
    url = f"/api/v1/intervention-reports/{report['id']}"
    values = {"values": [{"indicator": indicator.pk, "value": "25"}], "narrative": "Baik"}
    assert (
        editor.put(url, json.dumps({**values, "version": 1}), content_type=JSON).status_code == 200
    )
    stale = editor.put(url, json.dumps({**values, "version": 1}), content_type=JSON)
    assert stale.status_code == 409
    assert editor.post(f"{url}/submit").status_code == 200
    # The editor cannot approve their own report; a coordinator out of scope cannot either.
    assert editor.post(f"{url}/approve").status_code == 403
    # A public intervention: citra sees it (so 403, not 404) but may not review it.
    assert client_for(citra).post(f"{url}/approve").status_code == 403
    queue = reviewer.get("/api/v1/intervention-reports/queue").json()
    assert [r["id"] for r in queue] == [report["id"]]
    assert client_for(citra).get("/api/v1/intervention-reports/queue").json() == []
    assert reviewer.post(f"{url}/approve").status_code == 200
    locked = editor.put(url, json.dumps({**values, "version": 4}), content_type=JSON)
    assert locked.status_code == 409
    results = editor.get(f"/api/v1/interventions/{public.pk}/results").json()
    assert results[0]["approved_total"] == "25.00" or float(results[0]["approved_total"]) == 25
    assert (
        client_for(nadia)
        .post(f"{url}/reopen", json.dumps({"comment": ""}), content_type=JSON)
        .status_code
        == 422
    )
    reopened = client_for(nadia).post(
        f"{url}/reopen", json.dumps({"comment": "Angka salah"}), content_type=JSON
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "returned"
    assert AuditEvent.objects.filter(
        action="report.reopened", target_id=str(report["id"]), actor=nadia
    ).exists()


def test_the_import_route_is_not_shadowed_by_the_detail_route(client_for: Any, nadia: Any) -> None:
    response = client_for(nadia).post(
        "/api/v1/interventions/import?organisation=999999",
        {"file": SimpleUploadedFile("x.csv", b"ref\n")},
    )
    assert response.status_code == 404  # reaches the import endpoint: no such organisation


def test_dates_in_filters_must_be_iso(client_for: Any) -> None:
    response = client_for(None).get("/api/v1/interventions?active_until=0")
    assert response.status_code == 422
