from __future__ import annotations

import pytest
from django.utils import timezone

from sinergi.interventions.demo import interventions_demo_seed
from sinergi.interventions.models import Intervention, Report, ReportStatus
from sinergi.interventions.selectors import overdue_reports
from sinergi.web.demo import demo_seed

pytestmark = pytest.mark.django_db


def test_the_demo_has_interventions_and_reports_in_every_state() -> None:
    demo_seed()
    assert Intervention.objects.count() == 6
    states = set(Report.objects.values_list("status", flat=True))
    assert states == set(ReportStatus.values)
    # Idempotent: a second run creates nothing.
    assert interventions_demo_seed() == 0


def test_the_demo_has_an_overdue_draft_to_remind_about() -> None:
    demo_seed()
    overdue = overdue_reports(today=timezone.localdate())
    assert overdue.exists()
    assert {r.status for r in overdue} <= {ReportStatus.DRAFT, ReportStatus.RETURNED}
