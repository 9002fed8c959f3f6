"""Dashboard reads: graduation counting, rows by region/organisation/mentor, scope, and a
fixed number of queries whatever the number of groups."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.kube.dashboards import dashboard, graduations
from sinergi.kube.mentoring import assignment_accept, matching_propose, session_record
from sinergi.kube.services import capital_grant_record, stage_assess
from tests.kube.factories import group, mentor
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_graduation_counts_upward_changes_once_per_step() -> None:
    rows = [
        (1, date(2025, 1, 5), "tumbuh"),
        (1, date(2025, 5, 5), "berkembang"),
        (1, date(2025, 8, 5), "maju"),
        (2, date(2025, 2, 1), "berkembang"),  # a first assessment is no change
        (2, date(2025, 5, 9), "tumbuh"),  # going down is not graduation
        (3, date(2025, 4, 1), "tumbuh"),
        (3, date(2025, 6, 1), "maju"),  # a jump counts once, as reaching maju
    ]
    assert graduations(rows) == [
        ("2025-Q2", "berkembang", 1),
        ("2025-Q2", "maju", 1),
        ("2025-Q3", "maju", 1),
    ]


def test_rows_by_dimension_within_scope(nadia: User, rahmat: User) -> None:
    today = timezone.localdate()
    iwapi = OrganisationFactory.create(name="IWAPI Dasbor")
    bandung = group(organisation=iwapi)
    group(name="KUBE Surabaya", village="35.78.01.1001")
    capital_grant_record(
        actor=None, group=bandung, amount=Decimal(5_000_000), received_on=today, source="ministry"
    )
    stage_assess(
        actor=None,
        group=bandung,
        assessed_on=today - timedelta(days=3),
        criteria_met=["officers_run_activities", "iks_started", "confidence_rising"],
    )
    sari = mentor(organisation=iwapi)
    active = assignment_accept(
        actor=None, assignment=matching_propose(actor=None, region_code="32")[0]
    )
    session_record(actor=None, assignment=active, held_on=today, topics="Kas")
    national = dashboard(principal_for(nadia), "region", today=today)
    assert [(r.key, r.groups) for r in national.rows] == [("32", 1), ("35", 1)]
    jabar = national.rows[0]
    assert (jabar.members, jabar.capital, jabar.sessions, jabar.mentored) == (6, 5_000_000, 1, 1)
    assert jabar.capital_norm == 12_000_000 and national.total.groups == 2
    scoped = dashboard(principal_for(rahmat), "region", region="32", today=today)
    assert [r.key for r in scoped.rows] == ["32.73"] and scoped.total.groups == 1
    by_org = dashboard(principal_for(nadia), "organisation", today=today)
    assert {r.label: r.groups for r in by_org.rows} == {"IWAPI Dasbor": 1, "": 1}
    by_mentor = dashboard(principal_for(nadia), "mentor", today=today)
    assert [(r.label, r.groups, r.sessions) for r in by_mentor.rows] == [(sari.name, 1, 1)]
    assert national.sessions_by_month[-1] == (today.strftime("%Y-%m"), 1)
    assert len(national.sessions_by_month) == 12


def test_a_dashboard_costs_a_fixed_number_of_queries(nadia: User) -> None:
    today = timezone.localdate()
    principal = principal_for(nadia)
    group()
    with CaptureQueriesContext(connection) as few:
        dashboard(principal, "region", today=today)
    for index in range(4):
        group(name=f"KUBE {index}", village="35.78.01.1001")
    with CaptureQueriesContext(connection) as many:
        dashboard(principal, "region", today=today)
    assert len(many) == len(few)
