"""Test data for interventions. Interventions are made through the service (so totals,
locations and audit are real); reports are moved through the workflow services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sinergi.core.models import User
from sinergi.interventions.models import Indicator, Intervention, InterventionIndicator, Report
from sinergi.interventions.report_services import (
    ValueEntry,
    report_create,
    report_submit,
    report_update,
)
from sinergi.interventions.services import (
    InterventionData,
    LocationEntry,
    indicator_create,
    intervention_create,
    intervention_indicator_set,
)
from sinergi.partners.models import Organisation

_counter = {"n": 0}


def data(**fields: Any) -> InterventionData:
    _counter["n"] += 1
    defaults: dict[str, Any] = {
        "ref": f"K-{_counter['n']:04d}",
        "title": f"Kegiatan uji {_counter['n']}",
        "function": "rehabilitasi_sosial",
        "status": "ongoing",
        "start_date": date(2026, 1, 1),
        "end_date": date(2026, 12, 31),
        "locations": [LocationEntry("32.73", 100, 40)],
        "target_groups": ["LUT"],
    }
    defaults.update(fields)
    return InterventionData(**defaults)


def intervention(
    organisation: Organisation, *, actor: User | None = None, **fields: Any
) -> Intervention:
    return intervention_create(actor=actor, organisation=organisation, data=data(**fields))


def library_indicator(code: str = "RS-01", *, counts_reached: bool = False) -> Indicator:
    return indicator_create(
        actor=None,
        code=code,
        name="Penerima manfaat yang direhabilitasi",
        unit="orang",
        function="rehabilitasi_sosial",
        sdgs=["SDG1", "SDG10"],
        counts_reached=counts_reached,
    )


def tracked(
    intervention: Intervention, indicator: Indicator, target: int = 100
) -> InterventionIndicator:
    return intervention_indicator_set(
        actor=None,
        intervention=intervention,
        indicator=indicator,
        baseline=Decimal(0),
        target=Decimal(target),
    )


def submitted_report(
    work: Intervention, tracked_id: int, period: str, value: int, actor: User
) -> Report:
    """A report for ``period`` with ``value`` for the tracked indicator, submitted for review
    through the report services (the path a partner takes)."""
    made = report_create(actor=actor, intervention=work, period=period)
    made = report_update(
        actor=actor,
        report=made,
        narrative="",
        values={tracked_id: ValueEntry(Decimal(value))},
        version=made.version,
    )
    return report_submit(actor=actor, report=made)
