"""Per-organisation API tokens: partner admins create (shown once, hash stored), list and
revoke them; a bearer token acts as the organisation's editor and never more."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sinergi.core.models import ApiToken, AuditEvent, User
from sinergi.partners.models import Organisation
from sinergi.partners.token_services import organisation_token_create, organisation_token_revoke

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _create(client: Client, organisation: Organisation, name: str = "SIM Yayasan") -> Any:
    return client.post(
        f"/api/v1/organisations/{organisation.pk}/api-tokens",
        json.dumps({"name": name}),
        content_type=JSON,
    )


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_a_partner_admin_creates_a_token_shown_once(
    client_for: Any, alice: User, mitra_a: Organisation
) -> None:
    client = client_for(alice)
    response = _create(client, mitra_a)
    assert response.status_code == 201, response.content
    body = response.json()
    secret = body["secret"]
    assert secret.startswith("sng_") and body["prefix"] == secret[:10]
    stored = ApiToken.objects.get()
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    listed = client.get(f"/api/v1/organisations/{mitra_a.pk}/api-tokens").json()
    assert [t["name"] for t in listed] == ["SIM Yayasan"]
    assert "secret" not in listed[0]
    event = AuditEvent.objects.get(action="organisation.api_token_create")
    assert event.target_id == str(mitra_a.pk) and event.actor == alice
    assert secret not in json.dumps(event.changes)


def test_editors_outsiders_and_anonymous_cannot_manage_tokens(
    client_for: Any, bob: User, charlie: User, rahmat: User, mitra_a: Organisation
) -> None:
    assert _create(client_for(bob), mitra_a).status_code == 403
    assert _create(client_for(rahmat), mitra_a).status_code == 403  # coordinator: no
    assert _create(client_for(charlie), mitra_a).status_code == 404
    assert _create(client_for(None), mitra_a).status_code == 401
    assert (
        client_for(charlie).get(f"/api/v1/organisations/{mitra_a.pk}/api-tokens").status_code == 404
    )
    assert ApiToken.objects.count() == 0


def test_invalid_names_change_nothing(client_for: Any, alice: User, mitra_a: Organisation) -> None:
    client = client_for(alice)
    assert _create(client, mitra_a, name="").status_code == 422
    assert _create(client, mitra_a, name="x" * 101).status_code == 422
    assert _create(client, mitra_a, name="bad\x00name").status_code == 422
    assert ApiToken.objects.count() == 0


def test_a_token_acts_as_an_editor_of_its_organisation_only(
    nadia: User, mitra_a: Organisation, mitra_b: Organisation
) -> None:
    # Made by a national admin, it still carries only the organisation's editor scope.
    secret = organisation_token_create(actor=nadia, organisation=mitra_a, name="ERP").secret
    client = Client()
    me = client.get("/api/v1/me", headers=_bearer(secret)).json()
    assert me["authenticated"] is True and me["is_national_admin"] is False
    assert me["scopes"] == [
        {"role": "partner_editor", "region_code": "", "organisation_id": mitra_a.pk}
    ]
    # It cannot manage tokens (an editor does not manage the team).
    response = client.post(
        f"/api/v1/organisations/{mitra_a.pk}/api-tokens",
        json.dumps({"name": "more"}),
        content_type=JSON,
        headers=_bearer(secret),
    )
    assert response.status_code == 403
    assert ApiToken.objects.get().last_used_at is not None


def test_unknown_revoked_and_disabled_tokens_are_401_problems(
    alice: User, mitra_a: Organisation
) -> None:
    client = Client()
    made = organisation_token_create(actor=alice, organisation=mitra_a, name="ERP")
    assert client.get("/api/v1/me", headers=_bearer(made.secret)).status_code == 200
    for bad in ("sng_unknown", "", made.secret[:-1]):
        response = client.get("/api/v1/me", headers=_bearer(bad))
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
    organisation_token_revoke(actor=alice, organisation=mitra_a, token=made.token)
    assert client.get("/api/v1/regions", headers=_bearer(made.secret)).status_code == 401
    assert AuditEvent.objects.filter(action="organisation.api_token_revoke").count() == 1
    # A token whose creator's account is disabled stops working too.
    other = organisation_token_create(actor=alice, organisation=mitra_a, name="BI")
    alice.is_active = False
    alice.save()
    assert client.get("/api/v1/me", headers=_bearer(other.secret)).status_code == 401


def test_revoking_through_the_api(
    client_for: Any, alice: User, charlie: User, mitra_a: Organisation
) -> None:
    made = organisation_token_create(actor=alice, organisation=mitra_a, name="ERP")
    url = f"/api/v1/organisations/{mitra_a.pk}/api-tokens/{made.token.pk}/revoke"
    assert client_for(charlie).post(url).status_code == 404
    response = client_for(alice).post(url)
    assert response.status_code == 200 and response.json()["revoked_at"]
    missing = f"/api/v1/organisations/{mitra_a.pk}/api-tokens/999999/revoke"
    assert client_for(alice).post(missing).status_code == 404
    assert (
        client_for(alice)
        .post(f"/api/v1/organisations/{mitra_a.pk}/api-tokens/abc/revoke")
        .status_code
        == 422
    )


def test_the_token_list_costs_a_constant_number_of_queries(
    client_for: Any, alice: User, bob: User, mitra_a: Organisation
) -> None:
    client = client_for(alice)
    organisation_token_create(actor=alice, organisation=mitra_a, name="one")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/api/v1/organisations/{mitra_a.pk}/api-tokens")
    for index in range(4):
        organisation_token_create(actor=alice, organisation=mitra_a, name=f"more {index}")
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(f"/api/v1/organisations/{mitra_a.pk}/api-tokens").json()) == 5
    assert len(five) == len(one)


def test_the_team_page_creates_shows_once_and_revokes(
    client_for: Any, alice: User, bob: User, mitra_a: Organisation
) -> None:
    client = client_for(alice)
    page = client.post(f"/mitra/{mitra_a.pk}/tim/token/", {"name": "SIM"})
    assert page.status_code == 200
    token = ApiToken.objects.get()
    secret = page.context["secret"]
    assert secret.encode() in page.content and page["Cache-Control"] == "no-store"
    team = client.get(f"/mitra/{mitra_a.pk}/tim/")
    assert b"SIM" in team.content and secret.encode() not in team.content
    assert client_for(bob).post(f"/mitra/{mitra_a.pk}/tim/token/", {"name": "x"}).status_code == 403
    revoke = f"/mitra/{mitra_a.pk}/tim/token/{token.pk}/cabut/"
    assert client_for(bob).post(revoke).status_code == 403
    assert client.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    # An empty name is refused with a message, nothing made.
    client.post(f"/mitra/{mitra_a.pk}/tim/token/", {"name": " "})
    assert ApiToken.objects.count() == 1
