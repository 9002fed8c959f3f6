"""Synergy test data: need figures imported through the atlas like any user's file, and
interventions whose reach is approved through the report workflow (coverage counts approved
reports only, not what a partner declared)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sinergi.atlas.importing import values_import
from sinergi.atlas.models import BatchStatus
from sinergi.atlas.services import import_batch_create
from sinergi.interventions.models import Indicator, Intervention, InterventionIndicator, Report
from sinergi.interventions.report_services import (
    ValueEntry,
    report_approve,
    report_create,
    report_submit,
    report_update,
)
from sinergi.partners.models import Organisation
from tests.atlas.conftest import csv_bytes
from tests.interventions.factories import intervention, library_indicator, tracked

REACH_CODE = "RS-REACH"


def need_import(rows: list[tuple[str, str, str, int]]) -> None:
    """(region code, target group, period, people in need) rows."""
    data = csv_bytes(
        [["kode_wilayah", "indikator", "periode", "nilai"]]
        + [[code, group, period, str(value)] for code, group, period, value in rows]
    )
    batch = import_batch_create(kind="cli", created_by=None, filename="need.csv")
    assert values_import(batch=batch, data=data, principal=None).status == BatchStatus.SUCCEEDED


def reach_indicator() -> Indicator:
    """The library indicator whose approved values are people reached (made once per test)."""
    found = Indicator.objects.filter(code=REACH_CODE).first()
    if found is not None:
        return found
    return library_indicator(REACH_CODE, counts_reached=True)


def reach_report(
    made: Intervention,
    people: int,
    *,
    period: str = "2026-Q1",
    approve: bool = True,
) -> Report:
    """Report ``people`` reached for ``period`` through the report services (create, fill,
    submit and, unless ``approve`` is False, approve), so the intervention's approved (or
    pending) reach is kept by the real path and the listeners are told on commit."""
    indicator = reach_indicator()
    row = InterventionIndicator.objects.filter(intervention=made, indicator=indicator).first()
    if row is None:
        row = tracked(made, indicator)
    report = report_create(actor=None, intervention=made, period=period)
    report = report_update(
        actor=None,
        report=report,
        narrative=None,
        values={row.pk: ValueEntry(Decimal(people))},
        version=None,
    )
    report = report_submit(actor=None, report=report)
    return report_approve(actor=None, report=report) if approve else report


def reached_intervention(
    organisation: Organisation, *, approved: int | None = None, **fields: Any
) -> Intervention:
    """An intervention (``factories.intervention``) whose reach is approved: ``approved``
    people, or what its locations declare when omitted (the declared figure only counts once
    a report approves it)."""
    made = intervention(organisation, **fields)
    people = made.reached if approved is None else approved
    if people:
        reach_report(made, people)
    made.refresh_from_db()
    return made
