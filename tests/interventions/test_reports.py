"""The report workflow: draft → submitted → approved (locked) or returned; reopening is the
only way to unlock an approved period, and every step is in the history."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from sinergi.core.models import AuditEvent, User
from sinergi.interventions.access import get_report_for_user
from sinergi.interventions.models import Intervention, ReportStatus
from sinergi.interventions.report_services import (
    ValueEntry,
    report_approve,
    report_create,
    report_reopen,
    report_return,
    report_submit,
    report_update,
)
from sinergi.interventions.selectors import (
    intervention_history,
    intervention_results,
    overdue_reports,
    review_queue,
)
from sinergi.interventions.services import LocationEntry, Locked, period_due_on
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention, library_indicator, tracked

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(mitra_a: Organisation) -> Intervention:
    return intervention(mitra_a, ref="W-1")


def test_due_dates_are_thirty_days_after_the_quarter() -> None:
    assert period_due_on("2026-Q1") == date(2026, 4, 30)
    assert period_due_on("2026-Q4") == date(2027, 1, 30)
    with pytest.raises(ValidationError):
        period_due_on("2026-Q5")


def test_approved_periods_are_locked_until_reopened(
    work: Intervention, bob: User, rahmat: User
) -> None:
    tracked_indicator = tracked(work, library_indicator(), target=100)
    report = report_create(actor=bob, intervention=work, period="2026-Q1")
    report = report_update(
        actor=bob,
        report=report,
        narrative="Triwulan pertama",
        values={tracked_indicator.pk: ValueEntry(Decimal(30), {"female": 20, "male": 10})},
        version=1,
    )
    report = report_submit(actor=bob, report=report)
    with pytest.raises(Locked):
        report_update(actor=bob, report=report, narrative="x", values={}, version=None)
    report = report_approve(actor=rahmat, report=report)
    assert report.status == ReportStatus.APPROVED
    with pytest.raises(Locked):
        report_update(actor=bob, report=report, narrative="x", values={}, version=None)
    with pytest.raises(Locked):
        report_return(actor=rahmat, report=report, comment="telat")
    report = report_reopen(actor=rahmat, report=report, reason="Koreksi angka")
    report = report_update(
        actor=bob,
        report=report,
        narrative=None,
        values={tracked_indicator.pk: ValueEntry(Decimal(35))},
        version=report.version,
    )
    assert report.status == ReportStatus.RETURNED
    actions = [e.action for e in intervention_history(intervention=work).order_by("at", "id")]
    assert actions[-6:] == [
        "report.create",
        "report.update",
        "report.submitted",
        "report.approved",
        "report.reopened",
        "report.update",
    ]
    reopened = AuditEvent.objects.get(action="report.reopened")
    assert reopened.actor == rahmat and reopened.changes["comment"] == "Koreksi angka"


def test_returning_needs_a_comment_and_goes_back_to_the_organisation(
    work: Intervention, bob: User, nadia: User
) -> None:
    report = report_submit(
        actor=bob, report=report_create(actor=bob, intervention=work, period="2026-Q2")
    )
    with pytest.raises(ValidationError):
        report_return(actor=nadia, report=report, comment="  ")
    report = report_return(actor=nadia, report=report, comment="Lampirkan bukti")
    assert (report.status, report.review_comment) == (ReportStatus.RETURNED, "Lampirkan bukti")
    assert report_submit(actor=bob, report=report).status == ReportStatus.SUBMITTED


def test_cumulative_totals_count_approved_periods_only(
    work: Intervention, bob: User, nadia: User
) -> None:
    indicator = tracked(work, library_indicator(), target=200)
    for period, value, approve in (
        ("2026-Q1", 50, True),
        ("2026-Q2", 70, True),
        ("2026-Q3", 9, False),
    ):
        report = report_create(actor=bob, intervention=work, period=period)
        report = report_update(
            actor=bob,
            report=report,
            narrative="",
            values={indicator.pk: ValueEntry(Decimal(value))},
            version=1,
        )
        report = report_submit(actor=bob, report=report)
        if approve:
            report_approve(actor=nadia, report=report)
    [result] = intervention_results(intervention=work)
    assert result.approved_total == Decimal(120)
    assert result.percent == 60
    assert list(result.per_period) == ["2026-Q1", "2026-Q2", "2026-Q3"]


def test_a_coordinator_reviews_only_within_scope(
    mitra_a: Organisation, bob: User, rahmat: User, citra: User, dede: User
) -> None:
    province_wide = intervention(mitra_a, ref="P-1", locations=[LocationEntry("32", 500, 0)])
    report = report_submit(
        actor=bob, report=report_create(actor=bob, intervention=province_wide, period="2026-Q1")
    )
    assert get_report_for_user(rahmat, report.pk, review=True) == report
    # Kota Bandung's coordinator sees it (it covers his city) but does not approve it for
    # the whole province; Jawa Timur's coordinator may not review it either.
    for outsider in (dede, citra):
        with pytest.raises(PermissionDenied):
            get_report_for_user(outsider, report.pk, review=True)
    assert list(review_queue(regions=("32",))) == [report]
    assert list(review_queue(regions=("32.73",))) == []
    assert list(review_queue(regions=("35",))) == []


def test_partners_write_only_their_own_reports(
    work: Intervention, bob: User, vera: User, charlie: User
) -> None:
    report = report_create(actor=bob, intervention=work, period="2026-Q1")
    assert get_report_for_user(bob, report.pk, write=True) == report
    with pytest.raises(PermissionDenied):
        get_report_for_user(vera, report.pk, write=True)
    with pytest.raises(PermissionDenied):
        get_report_for_user(charlie, report.pk, write=True)


def test_overdue_reports_per_organisation_and_region(
    work: Intervention, mitra_b: Organisation, bob: User
) -> None:
    late = report_create(actor=bob, intervention=work, period="2026-Q1")
    report_create(actor=bob, intervention=work, period="2026-Q3")  # not yet due
    other = intervention(mitra_b, locations=[LocationEntry("35.78", 10, 0)])
    report_create(actor=None, intervention=other, period="2026-Q1")
    today = date(2026, 6, 1)
    assert list(overdue_reports(today=today, organisation_ids=[work.organisation_id])) == [late]
    assert list(overdue_reports(today=today, region="32")) == [late]
    assert overdue_reports(today=today).count() == 2


def test_reminders_email_each_organisation_once(
    work: Intervention, bob: User, mailoutbox: list[object]
) -> None:
    report_create(actor=bob, intervention=work, period="2026-Q1")
    report_create(actor=bob, intervention=work, period="2026-Q2")
    call_command("send_report_reminders", "--today", "2026-09-01", stdout=io.StringIO())
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["bob@example.org"]  # type: ignore[attr-defined]
    assert "2026-Q1" in message.body and "2026-Q2" in message.body  # type: ignore[attr-defined]


@pytest.mark.parametrize("period", ["0000-Q1", "9999-Q4", "2026-Q0", "2026Q1"])
def test_impossible_periods_are_refused(period: str) -> None:
    with pytest.raises(ValidationError):
        period_due_on(period)
