"""KUBE's ties to the rest: commitment progress counts only active assignments with a session
in the commitment's period; KUBE counts on region pages, the atlas profile and the map's
region API; a partner grant recorded as an intervention through the API."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from sinergi.core.models import User
from sinergi.interventions.models import Intervention
from sinergi.kube.mentoring import assignment_accept, matching_propose, session_record
from sinergi.kube.metrics import kube_mentored
from sinergi.kube.services import capital_grant_record
from sinergi.partners.models import Commitment
from tests.kube.factories import group, mentor
from tests.partners.factories import (
    CommitmentFactory,
    OrganisationFactory,
    agreement_between,
)

pytestmark = pytest.mark.django_db


def test_mentored_counts_sessions_within_the_commitment_period() -> None:
    iwapi = OrganisationFactory.create(name="IWAPI Periode")
    ministry = OrganisationFactory.create(name="Kementerian Periode", type="ministry")
    today = timezone.localdate()
    # The whole period relative to today: the factory's fixed end (14 January 2027) would come
    # before this start from February 2027 on.
    agreement = agreement_between(
        ministry,
        iwapi,
        valid_from=today - timedelta(days=30),
        valid_until=today + timedelta(days=335),
    )
    current = CommitmentFactory.create(
        agreement=agreement, organisation=iwapi, deadline=today + timedelta(days=300)
    )
    early = CommitmentFactory.create(
        agreement=agreement, organisation=iwapi, deadline=today - timedelta(days=10)
    )
    old, recent, silent = (group(name=f"KUBE {n}") for n in ("Lama", "Baru", "Diam"))
    mentor(organisation=iwapi, capacity=5)
    actives = {
        a.group_id: assignment_accept(actor=None, assignment=a)
        for a in matching_propose(actor=None, region_code="32")
    }
    # Before the agreement started: does not count; within it: counts; no session: no.
    session_record(
        actor=None, assignment=actives[old.pk], held_on=today - timedelta(days=60), topics="x"
    )
    session_record(actor=None, assignment=actives[recent.pk], held_on=today, topics="x")
    result = kube_mentored(list(Commitment.objects.filter(pk__in=[current.pk, early.pk])))
    assert result[current.pk] == Decimal(1)
    assert result[early.pk] == Decimal(0)  # the session came after its deadline
    assert silent.pk not in (old.pk, recent.pk)
    assert kube_mentored([]) == {}


def test_region_pages_and_the_map_api_show_kube_counts(client_for: Any) -> None:
    kube = group()
    capital_grant_record(
        actor=None,
        group=kube,
        amount=Decimal(1_000_000),
        received_on=date(2026, 1, 5),
        source="ministry",
    )
    client = client_for(None)
    for path in ("/wilayah/32.73/", "/atlas/wilayah/32.73/"):
        page = client.get(path).content.decode()
        assert 'id="section-kube"' in page and "1.000.000" in page
    assert 'id="section-kube"' not in client.get("/wilayah/35.78/").content.decode()
    detail = client.get("/api/v1/regions/32").json()
    kube_section = next(s for s in detail["sections"] if s["key"] == "kube")
    assert {"label": "Kelompok", "value": "1"} in kube_section["facts"]


def test_a_grant_is_recorded_as_an_intervention_through_the_api(
    rahmat: User, citra: User, client_for: Any
) -> None:
    csr = OrganisationFactory.create(name="PT CSR API")
    kube = group()
    grant = capital_grant_record(
        actor=None,
        group=kube,
        amount=Decimal(4_000_000),
        received_on=date(2026, 1, 5),
        source="csr_partner",
        organisation=csr,
    )
    path = f"/api/v1/kube/groups/{kube.pk}/capital/{grant.pk}/intervention"
    assert client_for(citra).post(path).status_code == 404
    made = client_for(rahmat).post(path)
    assert made.status_code == 201
    intervention = Intervention.objects.get(pk=made.json()["intervention_id"])
    assert (intervention.organisation_id, intervention.budget_idr) == (csr.pk, 4_000_000)
    grant.refresh_from_db()
    assert grant.intervention_id == intervention.pk
    again = client_for(rahmat).post(path)
    assert again.status_code == 422 and Intervention.objects.count() == 1
    missing = client_for(rahmat).post(f"/api/v1/kube/groups/{kube.pk}/capital/999999/intervention")
    assert missing.status_code == 404
    ministry = capital_grant_record(
        actor=None, group=kube, amount=Decimal(1), received_on=date(2026, 1, 5), source="ministry"
    )
    refused = client_for(rahmat).post(
        f"/api/v1/kube/groups/{kube.pk}/capital/{ministry.pk}/intervention"
    )
    assert refused.status_code == 422 and Intervention.objects.count() == 1
