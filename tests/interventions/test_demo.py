from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from pytest_django.fixtures import Settings

from sinergi.interventions.demo import PLANS, interventions_demo_seed
from sinergi.interventions.models import Indicator, Intervention, Report, ReportStatus
from sinergi.interventions.selectors import overdue_reports
from sinergi.web.demo import demo_seed
from tests.dates import jakarta_moment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_files(settings: Settings, tmp_path: Path) -> None:
    """Demo evidence files go to a temporary data directory."""
    settings.DATA_DIR = tmp_path


def test_the_demo_has_interventions_and_reports_in_every_state() -> None:
    demo_seed()
    # The whole demo also adopts an etalase need into an intervention; ours are the plans.
    refs = set(Intervention.objects.values_list("ref", flat=True))
    assert {plan.ref for plan in PLANS} <= refs
    states = set(Report.objects.values_list("status", flat=True))
    assert states == set(ReportStatus.values)
    # Idempotent: a second run creates nothing.
    assert interventions_demo_seed() == 0


# New Year's Day is where counting the demo's quarters back from today left nothing overdue: in
# a quarter's first 30 days the quarter that just ended is not due yet.
def test_the_demo_has_an_overdue_draft_to_remind_about() -> None:
    with time_machine.travel(jakarta_moment(date(2027, 1, 1)), tick=False):
        demo_seed()
        overdue = overdue_reports(today=timezone.localdate())
        statuses = {r.status for r in overdue}
    assert ReportStatus.DRAFT in statuses
    assert statuses <= {ReportStatus.DRAFT, ReportStatus.RETURNED}


def test_demo_reports_carry_a_generated_demo_evidence_file() -> None:
    demo_seed()
    reports = list(Report.objects.prefetch_related("evidence"))
    assert reports and all(report.evidence.all() for report in reports)
    item = reports[0].evidence.all()[0]
    assert item.original_name.startswith("DEMO-") and item.title.startswith("DEMO")
    assert "DEMO" in Path(item.file.path).read_text().splitlines()[0]


def test_demo_interventions_have_approved_and_pending_reach() -> None:
    demo_seed()
    figures = {
        ref: (approved, pending)
        for ref, approved, pending in Intervention.objects.filter(
            ref__in=[plan.ref for plan in PLANS]
        ).values_list("ref", "reached_approved", "reached_pending")
    }
    assert figures == {
        "SBF-REHAB-01": (90 + 110, 110),  # two approved quarters, one submitted
        "SBF-REHAB-02": (8, 0),  # the returned quarter does not count
        "YCN-EDU-01": (150, 0),  # neither the returned nor the draft quarter
        "ELK-LANSIA-01": (120, 150),
        "WPN-KUBE-01": (0, 0),  # it counts KUBE groups, not people reached
        "DINSOS-PKH-01": (0, 1500),  # submitted, waiting for review
    }
    counting = Indicator.objects.filter(counts_reached=True).values_list("code", flat=True)
    assert set(counting) >= {"RS-01", "PS-01", "PD-01", "PKH-01"}
