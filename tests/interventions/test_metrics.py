"""Commitment progress for "people reached" counts approved results only: the declared figure
never counts, the submitted one is shown beside as pending; a regional commitment counts the
approved people apportioned to its region."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sinergi.core.models import User
from sinergi.interventions.metrics import people_reached
from sinergi.interventions.models import Intervention
from sinergi.interventions.report_services import (
    report_approve,
)
from sinergi.interventions.services import LocationEntry
from sinergi.partners.models import Agreement, Commitment, Organisation
from sinergi.partners.selectors import commitment_list, commitment_progress
from tests.interventions.factories import (
    intervention,
    library_indicator,
    submitted_report,
    tracked,
)
from tests.partners.factories import CommitmentFactory, agreement_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(mitra_a: Organisation, mitra_b: Organisation) -> Agreement:
    return agreement_between(mitra_a, mitra_b)


@pytest.fixture
def work(mitra_a: Organisation, agreement: Agreement, bob: User, nadia: User) -> Intervention:
    """Declared: Jawa Barat (32) 100 reached of 200 targeted, of which Kota Bandung (32.73)
    60 of 120 (a breakdown), and Surabaya (35.78) 300 of 300. Reports: 80 approved (Q1),
    40 submitted and waiting (Q2)."""
    made = intervention(
        mitra_a,
        agreement_id=agreement.pk,
        locations=[
            LocationEntry("32", 200, 100),
            LocationEntry("32.73", 120, 60),
            LocationEntry("35.78", 300, 300),
        ],
    )
    indicator = library_indicator(counts_reached=True)
    reached = tracked(made, indicator, target=500)
    report_approve(actor=nadia, report=submitted_report(made, reached.pk, "2026-Q1", 80, bob))
    submitted_report(made, reached.pk, "2026-Q2", 40, bob)
    made.refresh_from_db()
    assert (made.reached, made.reached_approved, made.reached_pending) == (400, 80, 40)
    return made


def _commitment(agreement: Agreement, **fields: object) -> Commitment:
    made: Commitment = CommitmentFactory.create(
        agreement=agreement, metric="people_reached", target=Decimal(160), **fields
    )
    return made


def test_progress_counts_approved_results_and_keeps_the_submitted_ones_aside(
    work: Intervention, agreement: Agreement, mitra_a: Organisation, mitra_b: Organisation
) -> None:
    everyone = _commitment(agreement)
    mine = _commitment(agreement, organisation=mitra_a)
    theirs = _commitment(agreement, organisation=mitra_b)
    values = people_reached([everyone, mine, theirs])
    assert values.counted == {everyone.pk: 80, mine.pk: 80, theirs.pk: 0}
    assert values.pending == {everyone.pk: 40, mine.pk: 40, theirs.pk: 0}
    progress = commitment_progress(commitment_list(agreement=agreement), today=date(2026, 7, 1))
    # 80 of 160: half, whatever was declared (400) or is waiting (40).
    assert (progress[everyone.pk].value, progress[everyone.pk].percent) == (Decimal(80), 50)
    assert progress[everyone.pk].pending == 40 and progress[everyone.pk].computed
    assert not progress[everyone.pk].achieved


def test_a_regional_commitment_counts_the_approved_people_apportioned_to_its_region(
    work: Intervention, agreement: Agreement
) -> None:
    # 80 approved shared over the outermost locations by declared reach 100 : 300 → 20 in
    # Jawa Barat, 60 in Surabaya; Kota Bandung is 60/100 of Jawa Barat's 20 → 12. Pending 40
    # likewise: 10, 30, and 6.
    regions = {code: _commitment(agreement, region_id=code) for code in ("32", "32.73", "35")}
    values = people_reached(list(regions.values()))
    assert {code: values.counted[c.pk] for code, c in regions.items()} == {
        "32": 20,
        "32.73": 12,
        "35": 60,
    }
    assert {code: values.pending[c.pk] for code, c in regions.items()} == {
        "32": 10,
        "32.73": 6,
        "35": 30,
    }


def test_declared_reach_alone_moves_no_commitment(
    mitra_a: Organisation, agreement: Agreement
) -> None:
    intervention(mitra_a, agreement_id=agreement.pk, locations=[LocationEntry("32.73", 90, 90)])
    commitment = _commitment(agreement)
    values = people_reached([commitment])
    assert (values.counted[commitment.pk], values.pending[commitment.pk]) == (
        Decimal(0),
        Decimal(0),
    )


def test_the_agreement_page_and_api_show_the_pending_figure_beside_the_progress(
    work: Intervention, agreement: Agreement, nadia: User, client_for: Any
) -> None:
    commitment = _commitment(agreement)
    client = client_for(nadia)
    html = client.get(f"/kesepakatan/{agreement.pk}/").content.decode()
    article = html[html.index(f'id="commitment-{commitment.pk}"') :]
    assert re.search(r'role="progressbar"[^>]*aria-valuenow="50"', article)
    assert "<strong>80</strong> dari 160" in article
    assert "40 lagi dilaporkan, belum disetujui (tidak dihitung)" in article
    body = client.get(f"/api/v1/agreements/{agreement.pk}").json()
    (shown,) = (c for c in body["commitments"] if c["id"] == commitment.pk)
    assert shown["progress"] | {"as_of": None} == {
        "value": "80",
        "percent": 50,
        "as_of": None,
        "computed": True,
        "achieved": False,
        "overdue": False,
        "pending": "40",
    }


def test_without_pending_results_the_page_says_nothing_about_them(
    mitra_a: Organisation, agreement: Agreement, nadia: User, client_for: Any
) -> None:
    intervention(mitra_a, agreement_id=agreement.pk)
    _commitment(agreement)
    html = client_for(nadia).get(f"/kesepakatan/{agreement.pk}/").content.decode()
    assert "belum disetujui" not in html
