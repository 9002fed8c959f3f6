"""The partners API: the persona matrix over every endpoint, then behaviour, bad input (422)
and query counts."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from PIL import Image

from sinergi.api import api
from sinergi.core.models import AuditEvent, RoleAssignment, User
from sinergi.partners.models import Agreement, FocusKind, Organisation
from sinergi.partners.token_services import organisation_token_create
from tests.partners.factories import (
    CommitmentFactory,
    OrganisationFactory,
    agreement_between,
    focus,
    footprint,
    report,
    set_regions,
)
from tests.partners.world import PDF, PERSONAS, World

pytestmark = pytest.mark.django_db
API = "/api/v1"


def png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 0, 0)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "logo.png"
    return buffer


def pdf() -> io.BytesIO:
    buffer = io.BytesIO(PDF)
    buffer.name = "adendum.pdf"
    return buffer


def csv() -> io.BytesIO:
    buffer = io.BytesIO(b"nama,jenis\nMitra Impor,ngo\n")
    buffer.name = "mitra.csv"
    return buffer


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: Callable[[World], str]
    expected: dict[str, int]
    body: Callable[[World], dict[str, Any]] | None = None
    multipart: Callable[[World], dict[str, Any]] | None = None


def statuses(default: int, **by_persona: int) -> dict[str, int]:
    return {persona: by_persona.get(persona, default) for persona in PERSONAS}


PUBLIC = statuses(200)
SIGNED_IN = statuses(200, anonymous=401)
# Who sees Mitra A's private data: the ministry, Jawa Barat's coordinator and its own team.
PRIVATE = statuses(200, citra=404, charlie=404, anonymous=401)
# Who edits Mitra A's profile; everyone else can see it, so they get 403.
EDIT = statuses(403, nadia=200, rahmat=200, alice=200, bob=200, anonymous=401)
TEAM = statuses(200, bob=403, vera=403, citra=404, charlie=404, anonymous=401)
# API tokens act as an editor: only the organisation's partner admins and national admins.
TOKENS = statuses(403, nadia=200, alice=200, citra=404, charlie=404, anonymous=401)
AGREEMENT = statuses(200, citra=404, charlie=404, anonymous=401)
AGREEMENT_EDIT = statuses(200, rahmat=403, vera=403, citra=404, charlie=404, anonymous=401)


def with_status(expected: dict[str, int], success: int) -> dict[str, int]:
    return {p: success if s == 200 else s for p, s in expected.items()}


def org(w: World) -> str:
    return f"{API}/organisations/{w.mitra_a.pk}"


def token(w: World) -> int:
    alice = w.users["alice"]
    assert alice is not None
    return organisation_token_create(actor=alice, organisation=w.mitra_a, name="x").token.pk


def agr(w: World) -> str:
    return f"{API}/agreements/{w.agreement.pk}"


CASES = [
    Case("directory", "get", lambda w: f"{API}/organisations", PUBLIC),
    Case("profile", "get", org, PUBLIC),
    Case(
        "register",
        "post",
        lambda w: f"{API}/organisations",
        statuses(403, nadia=201, rahmat=201, anonymous=401),
        body=lambda w: {"name": "Yayasan Baru", "type": "foundation", "home_region": "32.73"},
    ),
    Case("edit", "patch", org, EDIT, body=lambda w: {"description": "Baru"}),
    Case(
        "verify",
        "post",
        lambda w: org(w) + "/verification",
        statuses(403, nadia=200, rahmat=200, anonymous=401),
        body=lambda w: {"verified": True},
    ),
    Case(
        "archive",
        "post",
        lambda w: org(w) + "/archive",
        statuses(403, nadia=204, anonymous=401),
    ),
    Case("logo", "post", lambda w: org(w) + "/logo", EDIT, multipart=lambda w: {"file": png()}),
    Case("history", "get", lambda w: org(w) + "/history", PRIVATE),
    Case(
        "contact add",
        "post",
        lambda w: org(w) + "/contacts",
        with_status(EDIT, 201),
        body=lambda w: {"name": "Budi", "email": "budi@example.org"},
    ),
    Case(
        "contact remove",
        "delete",
        lambda w: org(w) + f"/contacts/{w.contact.pk}",
        with_status(EDIT, 204),
    ),
    Case("members", "get", lambda w: org(w) + "/members", PRIVATE),
    Case(
        "member role",
        "patch",
        lambda w: org(w) + f"/members/{w.users['bob'].pk}",  # type: ignore[union-attr]
        TEAM,
        body=lambda w: {"role": "partner_viewer"},
    ),
    Case(
        "member remove",
        "delete",
        lambda w: org(w) + f"/members/{w.users['vera'].pk}",  # type: ignore[union-attr]
        with_status(TEAM, 204),
    ),
    Case("invitations", "get", lambda w: org(w) + "/invitations", TEAM),
    Case(
        "invite",
        "post",
        lambda w: org(w) + "/invitations",
        with_status(TEAM, 201),
        body=lambda w: {"email": "baru@example.org", "role": "partner_editor"},
    ),
    Case(
        "withdraw invitation",
        "delete",
        lambda w: org(w) + f"/invitations/{w.invitation.pk}",
        with_status(TEAM, 204),
    ),
    Case(
        "import",
        "post",
        lambda w: f"{API}/organisations/import?dry_run=true",
        statuses(403, nadia=200, anonymous=401),
        multipart=lambda w: {"file": csv()},
    ),
    Case("api tokens", "get", lambda w: org(w) + "/api-tokens", TOKENS),
    Case(
        "api token create",
        "post",
        lambda w: org(w) + "/api-tokens",
        with_status(TOKENS, 201),
        body=lambda w: {"name": "SIM"},
    ),
    Case("api token revoke", "post", lambda w: org(w) + f"/api-tokens/{token(w)}/revoke", TOKENS),
    # No public intervention in this world: an IATI file needs one (tests/interventions).
    Case("iati", "get", lambda w: org(w) + "/iati.xml", statuses(404)),
    Case("report pdf", "get", lambda w: org(w) + "/report.pdf", PUBLIC),
    Case("agreements", "get", lambda w: f"{API}/agreements", SIGNED_IN),
    Case(
        "record agreement",
        "post",
        lambda w: f"{API}/agreements",
        statuses(403, nadia=201, alice=201, bob=201, anonymous=401),
        body=lambda w: {
            "kind": "mou",
            "title": "MoU baru",
            "parties": [
                {"organisation_id": w.kemensos.pk, "signatory_name": "A"},
                {"organisation_id": w.mitra_a.pk, "signatory_name": "B"},
            ],
        },
    ),
    Case("agreement", "get", agr, AGREEMENT),
    Case("agreement edit", "patch", agr, AGREEMENT_EDIT, body=lambda w: {"summary": "Ringkas"}),
    Case(
        "agreement status",
        "post",
        lambda w: agr(w) + "/status",
        AGREEMENT_EDIT,
        body=lambda w: {"status": "terminated", "reason": "Selesai lebih awal"},
    ),
    Case("agreement history", "get", lambda w: agr(w) + "/history", AGREEMENT),
    Case(
        "commitment add",
        "post",
        lambda w: agr(w) + "/commitments",
        with_status(AGREEMENT_EDIT, 201),
        body=lambda w: {
            "description": "Membuka pasar bagi 20 KUBE",
            "metric": "kube_market_linked",
            "target": "20",
            "deadline": "2027-03-31",
        },
    ),
    Case("commitments", "get", lambda w: f"{API}/commitments", SIGNED_IN),
    Case("commitment", "get", lambda w: f"{API}/commitments/{w.commitment.pk}", AGREEMENT),
    Case(
        "commitment edit",
        "patch",
        lambda w: f"{API}/commitments/{w.commitment.pk}",
        AGREEMENT_EDIT,
        body=lambda w: {"target": "120"},
    ),
    Case(
        "progress list",
        "get",
        lambda w: f"{API}/commitments/{w.commitment.pk}/progress",
        AGREEMENT,
    ),
    Case(
        "progress report",
        "post",
        lambda w: f"{API}/commitments/{w.commitment.pk}/progress",
        with_status(AGREEMENT_EDIT, 201),
        body=lambda w: {"value": "12", "as_of": "2026-01-31"},
    ),
    Case(
        "document upload",
        "post",
        lambda w: agr(w) + "/documents",
        with_status(AGREEMENT_EDIT, 201),
        multipart=lambda w: {"file": pdf(), "title": "Adendum"},
    ),
    Case(
        "document remove",
        "delete",
        lambda w: agr(w) + f"/documents/{w.document.pk}",
        with_status(AGREEMENT_EDIT, 204),
    ),
    Case("alerts", "get", lambda w: f"{API}/alerts", SIGNED_IN),
    Case("metrics", "get", lambda w: f"{API}/commitment-metrics", PUBLIC),
]


def call(client: Client, case: Case, world: World) -> Any:
    path = case.path(world)
    if case.multipart is not None:
        return client.post(path, case.multipart(world))
    if case.body is not None:
        return getattr(client, case.method)(path, case.body(world), content_type="application/json")
    return getattr(client, case.method)(path)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_persona_matrix(case: Case, persona: str, world: World, client_for: Any) -> None:
    response = call(client_for(world.users[persona]), case, world)
    assert response.status_code == case.expected[persona], response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


def test_every_endpoint_is_in_the_matrix() -> None:
    documented = {
        (method, path)
        for path, operations in api.get_openapi_schema()["paths"].items()
        if path.startswith(("/api/v1/organisations", "/api/v1/agreements", "/api/v1/commit"))
        or path in ("/api/v1/alerts",)
        for method in operations
    }
    assert len(documented) == len(CASES)


class TestOrganisationEndpoints:
    def test_the_public_profile_hides_private_data_from_outsiders(
        self, world: World, client_for: Any
    ) -> None:
        path = org(world)
        outsider = client_for(world.users["charlie"]).get(path).json()
        member = client_for(world.users["vera"]).get(path).json()
        assert outsider["private"] is None and outsider["rights"]["view_private"] is False
        assert member["private"]["nib"] == "1234567890123"
        assert member["private"]["contacts"][0]["email"] == "s@x.id"
        assert member["rights"] == {
            "view_private": True,
            "edit": False,
            "verify": False,
            "manage_team": False,
            "archive": False,
            "role": "partner_viewer",
        }

    def test_a_coordinator_registers_only_within_her_region(
        self, citra: User, client_for: Any
    ) -> None:
        client = client_for(citra)
        body = {"name": "LKS Surabaya", "type": "ngo", "home_region": "35.78"}
        created = client.post(f"{API}/organisations", body, content_type="application/json")
        assert created.status_code == 201 and created.json()["psks"] == "LKS"
        elsewhere = {"name": "LKS Bandung", "type": "ngo", "home_region": "32.73"}
        refused = client.post(f"{API}/organisations", elsewhere, content_type="application/json")
        assert refused.status_code == 403 and refused.json()["errors"][0]["loc"] == ["home_region"]

    def test_edits_show_in_the_history(self, world: World, client_for: Any) -> None:
        client = client_for(world.users["bob"])
        client.patch(
            org(world),
            {"sectors": ["pendidikan"], "footprint": [{"region": "3204", "kind": "ring_1"}]},
            content_type="application/json",
        )
        [latest, *_] = client.get(org(world) + "/history").json()
        assert latest["actor"] == "Bob" and latest["action"] == "organisation.update"
        assert latest["changes"] == {
            "sectors": [[], ["pendidikan"]],
            "footprint": [["32.73:operates"], ["32.04:ring_1"]],
        }

    def test_an_archived_organisation_disappears_but_for_national_admins(
        self, world: World, client_for: Any
    ) -> None:
        assert client_for(world.users["nadia"]).post(org(world) + "/archive").status_code == 204
        assert client_for(world.users["alice"]).get(org(world)).status_code == 404
        assert client_for(world.users["nadia"]).get(org(world)).status_code == 200
        listed = client_for(None).get(f"{API}/organisations").json()["items"]
        assert world.mitra_a.pk not in [item["id"] for item in listed]
        assert RoleAssignment.objects.filter(organisation_id=world.mitra_a.pk).exists()

    def test_the_invitation_link_never_leaves_the_email(
        self, world: World, client_for: Any
    ) -> None:
        response = client_for(world.users["alice"]).post(
            org(world) + "/invitations",
            {"email": "baru@example.org", "role": "partner_editor"},
            content_type="application/json",
        )
        assert response.status_code == 201
        assert "undangan" not in response.content.decode()
        assert "http://testserver/mitra/undangan/" in mail.outbox[0].body

    def test_the_last_admin_cannot_leave(self, world: World, client_for: Any) -> None:
        alice = world.users["alice"]
        assert alice is not None
        response = client_for(alice).delete(org(world) + f"/members/{alice.pk}")
        assert response.status_code == 422 and "role" in response.json()["errors"][0]["loc"]

    def test_directory_filters_and_pagination(self, world: World, client_for: Any) -> None:
        focus(world.mitra_b, FocusKind.TARGET_GROUP, "LUT")
        client = client_for(None)
        found = client.get(f"{API}/organisations", {"target_group": "LUT", "region": "3578"})
        assert [i["name"] for i in found.json()["items"]] == ["Mitra B Peduli"]
        page = client.get(f"{API}/organisations", {"limit": 1, "offset": 1}).json()
        assert page["count"] == 3 and len(page["items"]) == 1

    def test_the_import_reports_every_error(self, nadia: User, client_for: Any) -> None:
        bad = io.BytesIO(b"nama,jenis\nA,planet\n,ngo\n")
        bad.name = "mitra.csv"
        response = client_for(nadia).post(f"{API}/organisations/import", {"file": bad})
        assert response.status_code == 422
        body = response.json()
        assert [e["loc"] for e in body["errors"]] == [[2, "jenis"], [3, "nama"]]
        assert not Organisation.objects.filter(name="A").exists()


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("patch", "org", {"nib": "12"}, "nib"),
        ("patch", "org", {"sectors": ["astrologi"]}, "sectors"),
        ("patch", "org", {"home_region": "99.99"}, "home_region"),
        ("patch", "org", {"name": "bad\u0000name"}, "name"),
        ("patch", "org", {"active_since": 1200}, "active_since"),
        ("post", "org/invitations", {"email": "not-an-email", "role": "partner_viewer"}, "email"),
        ("post", "org/invitations", {"email": "a@b.id", "role": "superuser"}, "role"),
        ("post", "org/contacts", {"name": ""}, "name"),
        ("patch", "agr", {"parties": [{"organisation_id": 1}]}, "parties"),
        ("patch", "agr", {"valid_until": "2000-01-01"}, "valid_until"),
        ("post", "agr/status", {"status": "draft"}, "status"),
        (
            "post",
            "agr/commitments",
            {"description": "x", "metric": "joy", "target": 1, "deadline": "2027-01-01"},
            "metric",
        ),
        ("post", "com/progress", {"value": "-3", "as_of": "2026-01-01"}, "value"),
        ("post", "com/progress", {"value": "3", "as_of": "2999-01-01"}, "as_of"),
        ("patch", "com", {"target": "0"}, "target"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    world: World, client_for: Any, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    base = {
        "org": org(world),
        "agr": agr(world),
        "com": f"{API}/commitments/{world.commitment.pk}",
    }
    head, _, tail = path.partition("/")
    url = base[head] + (f"/{tail}" if tail else "")
    response = getattr(client_for(world.users["nadia"]), method)(
        url, body, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    locations = [".".join(map(str, error["loc"])) for error in response.json()["errors"]]
    assert any(field in location for location in locations), locations


def test_unknown_and_oversized_ids_are_not_server_errors(world: World, client_for: Any) -> None:
    client = client_for(world.users["nadia"])
    assert client.get(f"{API}/organisations/987654321").status_code == 404
    assert client.get(f"{API}/organisations/{2**70}").status_code == 422
    assert client.get(f"{API}/agreements/{2**70}/history").status_code == 422
    assert client.get(f"{API}/organisations", {"region": "Bandung"}).status_code == 422


def test_a_non_pdf_document_is_refused(world: World, client_for: Any) -> None:
    fake = io.BytesIO(b"<html>not a pdf</html>")
    fake.name = "kontrak.pdf"
    response = client_for(world.users["alice"]).post(agr(world) + "/documents", {"file": fake})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["file"]


def test_writes_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    alice = world.users["alice"]
    assert alice is not None
    client.force_login(alice)
    refused = client.patch(org(world), {"description": "x"}, content_type="application/json")
    assert refused.status_code == 403
    client.get("/mitra/")  # sets the CSRF cookie, as any page does
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = client.patch(
        org(world), {"description": "x"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200


def test_agreement_detail_shows_progress_from_reported_values(
    world: World, client_for: Any
) -> None:
    report(world.commitment, 35, days_ago=40)
    report(world.commitment, 45, days_ago=5)
    body = client_for(world.users["vera"]).get(agr(world)).json()
    [commitment] = body["commitments"]
    assert commitment["progress"]["value"] == "45.00"
    assert commitment["progress"]["percent"] == 45
    assert commitment["metric_label"] == "KUBE yang didampingi"
    assert body["can_edit"] is False
    assert body["documents"][0]["download_url"].startswith(f"/kesepakatan/{world.agreement.pk}/")


def test_list_endpoints_cost_a_fixed_number_of_queries(
    world: World, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    for index in range(15):
        extra = OrganisationFactory.create(name=f"Mitra Lain {index}")
        focus(extra, FocusKind.SDG, "SDG1", "SDG4")
        footprint(extra, "32.04", "35.78")
        agreement = agreement_between(world.kemensos, extra)
        set_regions(agreement, "32.04")
        report(CommitmentFactory.create(agreement=agreement), 3)
    client = client_for(world.users["nadia"])
    with django_assert_max_num_queries(8):
        assert len(client.get(f"{API}/organisations?limit=50").json()["items"]) == 18
    with django_assert_max_num_queries(10):
        assert len(client.get(f"{API}/agreements?limit=50").json()["items"]) == 16
    with django_assert_max_num_queries(10):
        client.get(f"{API}/alerts")


def test_mutations_are_audited_with_their_actor(world: World, client_for: Any) -> None:
    bob = world.users["bob"]
    client_for(bob).post(
        f"{API}/commitments/{world.commitment.pk}/progress",
        {"value": "12", "as_of": "2026-01-31"},
        content_type="application/json",
    )
    event = AuditEvent.objects.filter(action="agreement.progress").get()
    assert event.actor == bob and event.target_id == str(world.agreement.pk)
    assert Agreement.objects.get(pk=world.agreement.pk).status == "active"


def test_commitments_are_listed_across_visible_agreements_with_filters(
    world: World, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    other = agreement_between(world.kemensos, world.mitra_b)
    CommitmentFactory.create(agreement=other, metric="people_reached", region_id="35.78")
    CommitmentFactory.create(
        agreement=world.agreement, metric="people_reached", deadline=date(2026, 3, 1)
    )
    report(world.commitment, 25)

    def found(user: str, **query: Any) -> list[tuple[int, str]]:
        body = client_for(world.users[user]).get(f"{API}/commitments", query).json()
        return [(item["agreement_id"], item["metric"]) for item in body["items"]]

    mine = world.agreement.pk
    assert found("vera") == [(mine, "people_reached"), (mine, "kube_mentored")]
    assert found("charlie") == [(other.pk, "people_reached")]
    assert len(found("nadia")) == 3
    assert found("nadia", metric="kube_mentored") == [(mine, "kube_mentored")]
    assert found("nadia", region="35") == [(other.pk, "people_reached")]
    assert found("nadia", organisation=world.mitra_a.pk) == [(mine, "kube_mentored")]
    assert found("nadia", due_before="2026-06-30") == [(mine, "people_reached")]
    first = client_for(world.users["vera"]).get(f"{API}/commitments").json()["items"][1]
    assert first["progress"]["value"] == "25.00"
    for _ in range(10):
        report(CommitmentFactory.create(agreement=world.agreement, region_id="32.73"), 1)
    client = client_for(world.users["nadia"])
    with django_assert_max_num_queries(6):
        assert client.get(f"{API}/commitments?limit=50").json()["count"] == 13
