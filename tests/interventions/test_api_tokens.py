"""A partner's own system with an organisation API token: it records and edits that
organisation's interventions like an editor (no CSRF, no session), and nothing else."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sinergi.core.models import User
from sinergi.interventions.models import Intervention
from sinergi.partners.models import Organisation
from sinergi.partners.token_services import organisation_token_create
from tests.interventions.factories import intervention

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _client(user: User, organisation: Organisation) -> tuple[Client, dict[str, str]]:
    secret = organisation_token_create(actor=user, organisation=organisation, name="SIM").secret
    return Client(enforce_csrf_checks=True), {"Authorization": f"Bearer {secret}"}


def _payload(organisation: Organisation, **fields: Any) -> str:
    body: dict[str, Any] = {
        "organisation": organisation.pk,
        "ref": "SYS-1",
        "title": "Dari sistem mitra",
        "function": "rehabilitasi_sosial",
        "status": "ongoing",
        "start_date": "2026-01-01",
        "locations": [{"region": "3273", "targeted": 10, "reached": 1}],
    }
    body.update(fields)
    return json.dumps(body)


def test_a_token_records_and_reads_its_organisations_interventions(
    alice: User, mitra_a: Organisation
) -> None:
    client, auth = _client(alice, mitra_a)
    internal = intervention(mitra_a, ref="INT-1", visibility="internal")
    made = client.post("/api/v1/interventions", _payload(mitra_a), content_type=JSON, headers=auth)
    assert made.status_code == 201, made.content
    assert Intervention.objects.filter(ref="SYS-1", organisation=mitra_a).exists()
    # Internal work of its own organisation is visible with the token, not without it.
    assert client.get(f"/api/v1/interventions/{internal.pk}", headers=auth).status_code == 200
    assert Client().get(f"/api/v1/interventions/{internal.pk}").status_code == 404


def test_a_token_cannot_act_for_another_organisation(
    nadia: User, mitra_a: Organisation, mitra_b: Organisation
) -> None:
    # Even a national admin's token is only its organisation's editor.
    client, auth = _client(nadia, mitra_a)
    other_internal = intervention(mitra_b, ref="INT-B", visibility="internal")
    refused = client.post(
        "/api/v1/interventions", _payload(mitra_b), content_type=JSON, headers=auth
    )
    assert refused.status_code == 403
    assert client.get(f"/api/v1/interventions/{other_internal.pk}", headers=auth).status_code == 404
    invalid = client.post(
        "/api/v1/interventions", _payload(mitra_a, status="nope"), content_type=JSON, headers=auth
    )
    assert invalid.status_code == 422
    assert not Intervention.objects.filter(ref="SYS-1").exists()
