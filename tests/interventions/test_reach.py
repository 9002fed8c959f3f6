"""Approved and pending reach (``interventions.reach``): only the approved values of the one
indicator that counts people reached count; submitted ones wait beside them; drafts, returned
reports and other indicators never count; listeners hear only when a figure moves."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.core.models import User
from sinergi.interventions import listeners
from sinergi.interventions.models import Intervention, InterventionIndicator, Report
from sinergi.interventions.reach import intervention_reach_refresh, reach_sums
from sinergi.interventions.report_services import (
    ValueEntry,
    report_approve,
    report_create,
    report_reopen,
    report_return,
    report_submit,
    report_update,
)
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention, library_indicator, tracked

pytestmark = pytest.mark.django_db

# Quarters of 2026 are over by then, so every report below could really be filed.
TODAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def work(mitra_a: Organisation) -> Intervention:
    return intervention(mitra_a, ref="JANGKAU-1")


@pytest.fixture
def people(work: Intervention) -> InterventionIndicator:
    """The tracked indicator that counts people reached."""
    return tracked(work, library_indicator("RS-01", counts_reached=True), target=500)


@pytest.fixture
def heard() -> Iterator[list[list[int]]]:
    calls: list[list[int]] = []

    def listener(ids: Sequence[int]) -> None:
        calls.append(list(ids))

    listeners.intervention_listener_register(listener)
    yield calls
    listeners._LISTENERS.remove(listener)


def _draft(
    work: Intervention, period: str, values: dict[InterventionIndicator, int], actor: User
) -> Report:
    report = report_create(actor=actor, intervention=work, period=period)
    return report_update(
        actor=actor,
        report=report,
        narrative="",
        values={t.pk: ValueEntry(Decimal(v)) for t, v in values.items()},
        version=report.version,
    )


def _figures(work: Intervention) -> tuple[int, int]:
    work.refresh_from_db()
    return work.reached_approved, work.reached_pending


def test_a_report_moves_from_pending_to_approved_and_back(
    work: Intervention, people: InterventionIndicator, bob: User, rahmat: User
) -> None:
    first = _draft(work, "2026-Q1", {people: 120}, bob)
    assert _figures(work) == (0, 0)  # a draft never counts
    first = report_submit(actor=bob, report=first)
    assert _figures(work) == (0, 120)
    first = report_approve(actor=rahmat, report=first)
    assert _figures(work) == (120, 0)
    second = report_submit(actor=bob, report=_draft(work, "2026-Q2", {people: 80}, bob))
    assert _figures(work) == (120, 80)  # pending beside approved, never added in
    second = report_return(actor=rahmat, report=second, comment="Lampirkan daftar hadir")
    assert _figures(work) == (120, 0)  # returned: back with the organisation, not counted
    second = report_submit(actor=bob, report=second)
    report_approve(actor=rahmat, report=second)
    assert _figures(work) == (200, 0)
    report_reopen(actor=rahmat, report=first, reason="Angka Q1 dikoreksi")
    assert _figures(work) == (80, 0)  # a reopened period leaves the approved total


def test_only_the_indicator_that_counts_people_reached_counts(
    work: Intervention, people: InterventionIndicator, bob: User, rahmat: User
) -> None:
    groups = tracked(work, library_indicator("PM-01"), target=10)
    report = _draft(work, "2026-Q1", {people: 40, groups: 7}, bob)
    report_approve(actor=rahmat, report=report_submit(actor=bob, report=report))
    assert _figures(work) == (40, 0)


def test_an_intervention_without_a_counting_indicator_reaches_no_one(
    work: Intervention,
    bob: User,
    rahmat: User,
    heard: list[list[int]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    groups = tracked(work, library_indicator("PM-01"), target=10)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_submit(actor=bob, report=_draft(work, "2026-Q1", {groups: 7}, bob))
        report_approve(actor=rahmat, report=report)
    assert _figures(work) == (0, 0)
    assert heard == []  # nothing moved: nobody is told


def test_an_intervention_tracks_at_most_one_counting_indicator(
    work: Intervention, people: InterventionIndicator
) -> None:
    other = library_indicator("PS-01", counts_reached=True)
    with pytest.raises(ValidationError) as refused:
        tracked(work, other)
    assert "indicator" in refused.value.message_dict
    assert list(work.indicators.values_list("indicator__code", flat=True)) == ["RS-01"]
    # Changing the target of the one it tracks is not a second one.
    assert tracked(work, people.indicator, target=900).pk == people.pk


def test_sums_are_whole_people_per_intervention_in_one_query(
    work: Intervention, people: InterventionIndicator, mitra_a: Organisation, bob: User
) -> None:
    report_submit(actor=bob, report=_draft(work, "2026-Q1", {people: 0}, bob))
    report = report_create(actor=bob, intervention=work, period="2026-Q2")
    report = report_update(
        actor=bob,
        report=report,
        narrative="",
        values={people.pk: ValueEntry(Decimal("10.75"))},
        version=report.version,
    )
    report_submit(actor=bob, report=report)
    idle = intervention(mitra_a, ref="DIAM-1")
    with CaptureQueriesContext(connection) as captured:
        sums = reach_sums([work.pk, idle.pk])
    assert len(captured) == 1
    # 0 + 10.75 submitted: rounded down to whole people; no reports at all is (0, 0).
    assert sums == {work.pk: (0, 10), idle.pk: (0, 0)}


def test_listeners_hear_only_when_the_figures_move(
    work: Intervention,
    people: InterventionIndicator,
    bob: User,
    heard: list[list[int]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    report = _draft(work, "2026-Q1", {people: 30}, bob)
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(actor=bob, report=report)
    assert heard == [[work.pk]]
    with django_capture_on_commit_callbacks(execute=True):
        # Already counted: recounting moves nothing and tells no one.
        assert intervention_reach_refresh(intervention_ids=[work.pk, work.pk]) == []
    assert heard == [[work.pk]]


def test_updated_at_moves_with_the_figures_only(
    work: Intervention,
    people: InterventionIndicator,
    bob: User,
    frozen: time_machine.Traveller,
) -> None:
    report = _draft(work, "2026-Q1", {people: 30}, bob)
    work.refresh_from_db()
    before = work.updated_at
    frozen.shift(3600)
    report_submit(actor=bob, report=report)
    work.refresh_from_db()
    assert work.updated_at == before + timedelta(hours=1)
    frozen.shift(3600)
    intervention_reach_refresh(intervention_ids=[work.pk])
    work.refresh_from_db()
    assert work.updated_at == before + timedelta(hours=1)
