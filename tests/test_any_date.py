"""Whatever today is: dashboards show exactly the 12 months ending this month, health scores
count the right windows, and overdue reports and agreement expiry alerts are right, on days
chosen by hypothesis that favour year ends, month ends, 29 February and quarter ends.

Each example travels to its day (frozen) and builds its data inside a savepoint that is rolled
back, so examples do not see each other's rows.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from sinergi.core.access import principal_for
from sinergi.core.calendar import (
    add_months,
    last_months,
    month_start,
    quarter_bounds,
    quarter_of,
    quarters_before,
)
from sinergi.core.models import User
from sinergi.interventions.report_services import report_create
from sinergi.interventions.selectors import overdue_reports
from sinergi.kube.dashboards import dashboard, group_charts
from sinergi.kube.market_selectors import health_score_for_group
from sinergi.kube.market_services import ledger_month_save
from sinergi.kube.mentoring import assignment_accept, matching_propose, session_record
from sinergi.kube.models import Group
from sinergi.partners.agreement_services import agreement_expire_due
from sinergi.partners.models import Agreement, AgreementStatus
from sinergi.partners.selectors import alert_list
from tests.dates import awkward_dates, jakarta_moment
from tests.interventions.factories import intervention
from tests.kube.factories import group, mentor
from tests.partners.factories import OrganisationFactory, agreement_between

pytestmark = pytest.mark.django_db

# Every example builds a small dataset: a handful of examples per property keeps the suite fast
# while the strategy still lands on the awkward days. Function-scoped fixtures (the personas)
# are fine here: each example's own rows are rolled back.
EXAMPLES = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Test groups are formed in March 2025 (tests.kube.factories): days from 2026 on.
DAYS = awkward_dates(first_year=2026, last_year=2031)


def _in_rolled_back_savepoint(check: Any) -> None:
    with transaction.atomic():
        check()
        transaction.set_rollback(True)


def _kube_dataset(today: date) -> Group:
    """One mentored group with ledger figures and sessions on both sides of every window edge:
    the 12-month window (this month and 11 before it) and the 6-month mentoring window."""
    this_month = month_start(today)
    bandung = group()
    mentor()
    assignment = assignment_accept(
        actor=None, assignment=matching_propose(actor=None, region_code="32")[0]
    )
    for held_on in (
        today,
        add_months(this_month, -5),  # first day of the 6-month window
        add_months(this_month, -5) - timedelta(days=1),  # the day before it
        add_months(this_month, -11),  # first day of the 12-month window
        add_months(this_month, -11) - timedelta(days=1),  # the day before: outside
    ):
        session_record(actor=None, assignment=assignment, held_on=held_on, topics="Kas")
    for months_ago, revenue in ((0, 1_000), (11, 20_000), (12, 400_000)):
        ledger_month_save(
            actor=None,
            group=bandung,
            month=add_months(this_month, -months_ago),
            other_revenue=Decimal(revenue),
            costs=Decimal(0),
            savings=Decimal(10),
            iks=Decimal(10),
        )
    return bandung


@EXAMPLES
@given(day=DAYS)
def test_kube_dashboards_show_the_twelve_months_ending_this_month(
    nadia: User, client_for: Any, day: date
) -> None:
    def check() -> None:
        today = timezone.localdate()
        assert today == day
        months = [month.strftime("%Y-%m") for month in last_months(today)]
        bandung = _kube_dataset(today)

        board = dashboard(principal_for(nadia), "region", today=today)
        assert [m for m, _n in board.sessions_by_month] == months
        assert [m for m, _r, _p in board.revenue_by_month] == months
        sessions = dict(board.sessions_by_month)
        assert sum(sessions.values()) == 4
        assert sessions[months[-1]] == 1 and sessions[months[0]] == 1
        revenue = {m: r for m, r, _p in board.revenue_by_month}
        assert (revenue[months[0]], revenue[months[-1]]) == (20_000, 1_000)
        (row,) = board.rows
        assert (row.sessions, row.revenue) == (4, 21_000)

        charts = group_charts(bandung, today=today)
        assert [m for m, _n in charts.sessions_by_month] == months
        assert sum(n for _m, n in charts.sessions_by_month) == 4

        # Savings and IKS entered in 2 of the window's 12 months; 2 sessions in the last 6.
        health = health_score_for_group(bandung)
        assert health.components["savings_iks"] == round(4 / 24, 3)
        assert health.components["mentoring"] == round(2 / 6, 3)

        page = client_for(nadia).get(reverse("kube:group", args=[bandung.pk]))
        assert page.status_code == 200
        assert (page.context["revenue_total"], page.context["sessions_total"]) == (21_000, 4)

    with time_machine.travel(jakarta_moment(day), tick=False):
        _in_rolled_back_savepoint(check)


@EXAMPLES
@given(day=DAYS)
def test_overdue_reports_are_those_thirty_days_past_their_quarter(day: date) -> None:
    def check() -> None:
        today = timezone.localdate()
        work = intervention(OrganisationFactory.create())
        two_back, previous = quarters_before(today, 2)
        reports = {
            period: report_create(actor=None, intervention=work, period=period)
            for period in (two_back, previous, quarter_of(today))
        }
        previous_ended = quarter_bounds(previous)[1]
        # Due 30 days after the quarter ends; overdue from the day after the due date.
        expected = [reports[two_back]]
        if (today - previous_ended).days > 30:
            expected.append(reports[previous])
        assert list(overdue_reports(today=today)) == expected

    with time_machine.travel(jakarta_moment(day), tick=False):
        _in_rolled_back_savepoint(check)


@EXAMPLES
@given(day=DAYS)
def test_agreement_expiry_alerts_count_days_across_month_and_year_ends(day: date) -> None:
    def check() -> None:
        today = timezone.localdate()
        kemensos, mitra = OrganisationFactory.create(), OrganisationFactory.create()
        signed = today - timedelta(days=400)
        ids = {
            days: agreement_between(
                kemensos,
                mitra,
                signed_on=signed,
                valid_from=signed,
                valid_until=today + timedelta(days=days),
            ).pk
            for days in (91, 90, 31, 30, 0, -1)
        }
        found = {
            alert.agreement.pk: (alert.kind, alert.days, alert.key.rsplit(":", 1)[-1])
            for alert in alert_list(user=None)
        }
        until = {days: (today + timedelta(days=days)).isoformat() for days in ids}
        assert found == {
            ids[90]: ("agreement_expiring", 90, "90"),
            ids[31]: ("agreement_expiring", 31, "90"),
            ids[30]: ("agreement_expiring", 30, "30"),
            ids[0]: ("agreement_expiring", 0, "30"),
            ids[-1]: ("agreement_expired", -1, until[-1]),
        }
        expired = agreement_expire_due(today=today)
        assert [agreement.pk for agreement in expired] == [ids[-1]]
        assert Agreement.objects.get(pk=ids[-1]).status == AgreementStatus.EXPIRED
        assert Agreement.objects.get(pk=ids[0]).status == AgreementStatus.ACTIVE

    with time_machine.travel(jakarta_moment(day), tick=False):
        _in_rolled_back_savepoint(check)
