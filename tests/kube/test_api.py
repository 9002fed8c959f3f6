"""The KUBE API: persona matrix for members' personal data, masking everywhere, audit of every
view, invalid input as 422 problems, and a fixed query count for the group list."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.core.models import AuditEvent, Role, User
from sinergi.core.services import role_assign
from sinergi.kube.mentoring import assignment_accept, matching_propose
from sinergi.kube.models import Group
from tests.kube.factories import SURABAYA_VILLAGE, group, mentor, new_nik
from tests.partners.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NIK = "3273019988770042"


def _member_payload(nik: str, **extra: Any) -> dict[str, Any]:
    return {"name": "Warga", "nik": nik, "sex": "f", "age_band": "30-44", **extra}


def _group_payload(village: str = "32.73.01.1001", size: int = 5) -> dict[str, Any]:
    members = [_member_payload(new_nik()) for _ in range(size - 1)]
    members.append(_member_payload(NIK, name="Siti", role="chair"))
    return {
        "name": "KUBE Dahlia",
        "village": village,
        "business_category": "crafts",
        "formed_on": "2025-02-01",
        "bank_account": "998877665544",
        "members": members,
    }


def _user(username: str, role: Role, **scope: Any) -> User:
    user: User = UserFactory.create(username=username)
    role_assign(user=user, role=role, **scope)
    return user


@pytest.fixture
def world(nadia: User, rahmat: User, citra: User) -> dict[str, Any]:
    organisation = OrganisationFactory.create()
    facilitator = _user("fasilitator", Role.FACILITATOR, region_code="32.73.01")
    own_facilitator = UserFactory.create(username="pendamping")
    partner = _user("mitra", Role.PARTNER_VIEWER, organisation_id=organisation.pk)
    mentor_user = _user("mentor", Role.MENTOR)
    created = group(facilitator=own_facilitator, organisation=organisation)
    mentor(user=mentor_user)
    (proposal,) = matching_propose(actor=None, region_code="32")
    assignment_accept(actor=None, assignment=proposal)
    return {
        "group": created,
        "nadia": nadia,
        "rahmat": rahmat,
        "citra": citra,
        "facilitator": facilitator,
        "own_facilitator": own_facilitator,
        "partner": partner,
        "mentor": mentor_user,
        "outsider": UserFactory.create(username="orang_luar"),
    }


# Who sees the group, and who sees its members' personal data.
MATRIX = [
    ("nadia", 200, 200),
    ("rahmat", 200, 200),
    ("facilitator", 200, 200),
    ("own_facilitator", 200, 200),
    ("partner", 200, 403),
    ("mentor", 200, 403),
    ("citra", 404, 404),
    ("outsider", 404, 404),
]


@pytest.mark.parametrize(("persona", "group_status", "members_status"), MATRIX)
def test_persona_matrix_for_member_data(
    world: dict[str, Any], client_for: Any, persona: str, group_status: int, members_status: int
) -> None:
    client = client_for(world[persona])
    group_id = world["group"].pk
    before = AuditEvent.objects.filter(action="kube.personal_data.view").count()
    detail = client.get(f"/api/v1/kube/groups/{group_id}")
    members = client.get(f"/api/v1/kube/groups/{group_id}/members")
    assert (detail.status_code, members.status_code) == (group_status, members_status)
    if members_status != 200:
        assert members["Content-Type"] == "application/problem+json"
    if group_status == 200:
        body = detail.json()
        assert (body["bank_account"] is not None) == (members_status == 200)
    logged = AuditEvent.objects.filter(
        action="kube.personal_data.view", actor=world[persona]
    ).count()
    # Each view of personal data (members; bank account on the detail) leaves a trace.
    assert logged == (2 if members_status == 200 else 0)
    assert AuditEvent.objects.filter(action="kube.personal_data.view").count() == before + logged


def test_anonymous_gets_401(client_for: Any, world: dict[str, Any]) -> None:
    response = client_for(None).get(f"/api/v1/kube/groups/{world['group'].pk}/members")
    assert response.status_code == 401


def test_nik_never_leaves_in_responses_logs_or_audit(
    nadia: User, client_for: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_for(nadia)
    with caplog.at_level(logging.DEBUG):
        created = client.post(
            "/api/v1/kube/groups", _group_payload(), content_type="application/json"
        )
        assert created.status_code == 201, created.content
        group_id = created.json()["id"]
        members = client.get(f"/api/v1/kube/groups/{group_id}/members")
        duplicate = client.post(
            f"/api/v1/kube/groups/{group_id}/members",
            _member_payload(NIK),
            content_type="application/json",
        )
    assert duplicate.status_code == 422
    masked = [m["nik_masked"] for m in members.json()]
    assert "3273********0042" in masked
    everything = created.content + members.content + duplicate.content
    assert NIK.encode() not in everything
    assert NIK not in caplog.text
    audit = json.dumps([e.changes for e in AuditEvent.objects.all()])
    assert NIK not in audit and "********" not in audit


def test_partner_view_of_a_group_carries_no_personal_data(
    world: dict[str, Any], client_for: Any
) -> None:
    body = client_for(world["partner"]).get(f"/api/v1/kube/groups/{world['group'].pk}").content
    for member in world["group"].members.all():
        assert member.nik_masked.encode() not in body and member.name.encode() not in body
    assert b"1234567890" not in body


def test_create_refuses_out_of_scope_and_invalid_input(rahmat: User, client_for: Any) -> None:
    client = client_for(rahmat)
    outside = client.post(
        "/api/v1/kube/groups",
        _group_payload(village=SURABAYA_VILLAGE),
        content_type="application/json",
    )
    assert outside.status_code == 403
    too_small = client.post(
        "/api/v1/kube/groups", _group_payload(size=4), content_type="application/json"
    )
    assert too_small.status_code == 422
    assert too_small.json()["errors"][0]["loc"] == ["members"]
    bad_nik = _group_payload()
    bad_nik["members"][0]["nik"] = "12ab"
    assert (
        client.post("/api/v1/kube/groups", bad_nik, content_type="application/json").status_code
        == 422
    )
    assert not Group.objects.exists()


def test_group_list_is_scoped_and_uses_a_fixed_number_of_queries(
    rahmat: User, citra: User, client_for: Any
) -> None:
    for index in range(3):
        group(name=f"KUBE Jabar {index}", village=f"32.73.02.100{index + 1}")
    group(name="KUBE Jatim", village=SURABAYA_VILLAGE)
    client = client_for(rahmat)
    client.get("/api/v1/kube/groups")  # warm the session and principal
    with CaptureQueriesContext(connection) as few:
        small = client.get("/api/v1/kube/groups").json()
    for index in range(3):
        group(name=f"KUBE Tambahan {index}", village=f"32.73.02.100{index + 4}")
    with CaptureQueriesContext(connection) as more:
        large = client.get("/api/v1/kube/groups").json()
    assert (small["count"], large["count"]) == (3, 6)
    assert len(few.captured_queries) == len(more.captured_queries)
    assert {g["name"] for g in client_for(citra).get("/api/v1/kube/groups").json()["items"]} == {
        "KUBE Jatim"
    }
    filtered = client.get("/api/v1/kube/groups", {"q": "tambahan", "stage": "tumbuh"}).json()
    assert filtered["count"] == 3
    assert client.get("/api/v1/kube/groups", {"region": "xx"}).status_code == 422


def test_matching_and_decisions_through_the_api(rahmat: User, citra: User, client_for: Any) -> None:
    created = group()
    other = mentor(name="Ibu Lain", capacity=2)
    mentor(name="Ibu Utama", capacity=2)
    client = client_for(rahmat)
    assert (
        client_for(citra)
        .post("/api/v1/kube/matching", {"region": "32"}, content_type="application/json")
        .status_code
        == 403
    )
    proposed = client.post(
        "/api/v1/kube/matching", {"region": "32"}, content_type="application/json"
    )
    assert proposed.status_code == 201
    (item,) = proposed.json()["items"]
    assert item["group_id"] == created.pk and "distance_km" in item["reasons"]
    # Jawa Timur's coordinator does not even see the proposal.
    assert (
        client_for(citra)
        .post(
            f"/api/v1/kube/assignments/{item['id']}/decision",
            {"decision": "reject"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    accepted = client.post(
        f"/api/v1/kube/assignments/{item['id']}/decision",
        {"decision": "accept", "mentor_id": other.pk},
        content_type="application/json",
    )
    assert accepted.status_code == 200
    assert accepted.json()["mentor_id"] == other.pk and accepted.json()["status"] == "active"
    session = client.post(
        f"/api/v1/kube/assignments/{item['id']}/sessions",
        {"held_on": "2025-05-01", "topics": "Pemasaran", "attendance": 5},
        content_type="application/json",
    )
    assert session.status_code == 201
    listed = client.get(f"/api/v1/kube/assignments/{item['id']}/sessions").json()
    assert [s["topics"] for s in listed] == ["Pemasaran"]
    end_without_date = client.post(
        f"/api/v1/kube/assignments/{item['id']}/decision",
        {"decision": "end"},
        content_type="application/json",
    )
    assert end_without_date.status_code == 422


def test_assessment_and_capital_endpoints(rahmat: User, citra: User, client_for: Any) -> None:
    created = group()
    client = client_for(rahmat)
    response = client.post(
        f"/api/v1/kube/groups/{created.pk}/assessments",
        {
            "assessed_on": "2025-08-01",
            "criteria_met": ["officers_run_activities", "iks_started", "confidence_rising"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["stage"] == "berkembang"
    assert (
        client.post(
            f"/api/v1/kube/groups/{created.pk}/assessments",
            {"assessed_on": "2025-08-01", "criteria_met": ["made_up"]},
            content_type="application/json",
        ).status_code
        == 422
    )
    grant = client.post(
        f"/api/v1/kube/groups/{created.pk}/capital",
        {"amount": 12000000, "received_on": "2025-03-01", "source": "ministry"},
        content_type="application/json",
    )
    assert grant.status_code == 201
    detail = client.get(f"/api/v1/kube/groups/{created.pk}").json()
    assert (detail["capital_total"], detail["capital_norm"], detail["stage"]) == (
        12000000,
        12000000,
        "berkembang",
    )
    assert (
        client_for(citra)
        .post(
            f"/api/v1/kube/groups/{created.pk}/capital",
            {"amount": 1, "received_on": "2025-03-01", "source": "ministry"},
            content_type="application/json",
        )
        .status_code
        == 404
    )


def test_mentor_registration(rahmat: User, citra: User, client_for: Any) -> None:
    payload = {
        "name": "Ibu Wirausaha",
        "home_region": "32.73",
        "expertise": ["crafts"],
        "regions": ["3273", "32.04"],
        "capacity": 4,
        "languages": ["id", "su"],
    }
    created = client_for(rahmat).post(
        "/api/v1/kube/mentors", payload, content_type="application/json"
    )
    assert created.status_code == 201
    assert sorted(created.json()["regions"]) == ["32.04", "32.73"]
    assert (
        client_for(citra)
        .post("/api/v1/kube/mentors", payload, content_type="application/json")
        .status_code
        == 403
    )
    bad = {**payload, "expertise": ["astrology"]}
    assert (
        client_for(rahmat)
        .post("/api/v1/kube/mentors", bad, content_type="application/json")
        .status_code
        == 422
    )
    listed = client_for(rahmat).get("/api/v1/kube/mentors").json()
    assert [m["name"] for m in listed] == ["Ibu Wirausaha"]
