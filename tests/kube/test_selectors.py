"""Region figures for KUBE (the selector behind region profiles)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.kube.mentoring import assignment_accept, matching_propose
from sinergi.kube.selectors import region_kube_summary
from sinergi.kube.services import capital_grant_record, stage_assess
from tests.kube.factories import SURABAYA_VILLAGE, group, mentor

pytestmark = pytest.mark.django_db


def test_region_summary_counts_groups_members_capital_and_mentoring() -> None:
    first = group(size=6)
    second = group(size=7, name="KUBE Dua", village="32.73.02.1001")
    group(size=5, name="KUBE Jatim", village=SURABAYA_VILLAGE)
    stage_assess(
        actor=None,
        group=second,
        assessed_on=date(2025, 5, 1),
        criteria_met=["officers_run_activities", "iks_started", "confidence_rising"],
    )
    capital_grant_record(
        actor=None,
        group=first,
        amount=Decimal(12_000_000),
        received_on=date(2025, 1, 5),
        source="ministry",
    )
    mentor(capacity=1, regions=("32.73.01",))
    (proposal,) = matching_propose(actor=None, region_code="32")
    assignment_accept(actor=None, assignment=proposal)
    with CaptureQueriesContext(connection) as queries:
        summary = region_kube_summary("32.73")
    assert len(queries.captured_queries) == 4
    assert summary.groups == 2
    assert summary.by_stage == {"tumbuh": 1, "berkembang": 1, "maju": 0}
    assert (summary.members, summary.capital, summary.mentored) == (13, 12_000_000, 1)
    assert region_kube_summary("35").groups == 1
    assert region_kube_summary("32.73.01").by_stage["berkembang"] == 0
