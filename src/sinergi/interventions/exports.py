"""Downloads of the 3W sheet: the organisation's editable template (CSV or XLSX, one row per
intervention and location) and the HXL-tagged 3W CSV (header row, hashtag row, data), which
the upload (``spreadsheet``) reads back to the same records."""

from __future__ import annotations

import csv
import io
from typing import Any

import xlsxwriter

from sinergi.interventions.models import Intervention
from sinergi.interventions.spreadsheet import ADMIN_LEVELS, COLUMNS

TEMPLATE_COLUMNS = tuple(name for name, _tag, _others in COLUMNS)
HXL_COLUMNS = (
    "ref",
    "organisation",
    "title",
    "function",
    "programme",
    "target_group",
    *ADMIN_LEVELS,
    "region_name",
    "start_date",
    "end_date",
    "status",
    "budget_idr",
    "targeted",
    "reached",
    "unit",
    "location_mode",
)
TAGS = {name: tag for name, tag, _others in COLUMNS} | {
    level: f"#{level}+code" for level in ADMIN_LEVELS
}


def _cells(intervention: Intervention) -> list[dict[str, Any]]:
    base = {
        "ref": intervention.ref,
        "organisation": intervention.organisation.name,
        "title": intervention.title,
        "function": intervention.function,
        "programme": intervention.programme,
        "target_group": ";".join(sorted(g.key for g in intervention.target_groups.all())),
        "start_date": intervention.start_date.isoformat() if intervention.start_date else "",
        "end_date": intervention.end_date.isoformat() if intervention.end_date else "",
        "status": intervention.status,
        "budget_idr": intervention.budget_idr if intervention.budget_idr is not None else "",
        "unit": intervention.unit,
        "location_mode": intervention.location_mode,
        "visibility": intervention.visibility,
        "description": intervention.description,
    }
    rows = []
    for location in intervention.locations.all():
        code = location.region_id
        parts = code.split(".")
        admin = {
            level: ".".join(parts[: i + 1]) if i < len(parts) else ""
            for i, level in enumerate(ADMIN_LEVELS)
        }
        rows.append(
            base
            | admin
            | {
                "region_code": code,
                "region_name": location.region.name,
                "targeted": location.targeted,
                "reached": location.reached,
            }
        )
    return rows


def rows_for(interventions: list[Intervention], columns: tuple[str, ...]) -> list[list[Any]]:
    return [
        [cells[name] for name in columns]
        for intervention in sorted(interventions, key=lambda i: (i.organisation_id, i.ref))
        for cells in _cells(intervention)
    ]


def csv_bytes(interventions: list[Intervention], *, hxl: bool) -> bytes:
    """The template (all columns) or the HXL 3W export (header, tag row, then data)."""
    columns = HXL_COLUMNS if hxl else TEMPLATE_COLUMNS
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    if hxl:
        writer.writerow([TAGS[name] for name in columns])
    writer.writerows(rows_for(interventions, columns))
    return out.getvalue().encode("utf-8")


def xlsx_bytes(interventions: list[Intervention]) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet("3W")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, TEMPLATE_COLUMNS, bold)
    for index, row in enumerate(rows_for(interventions, TEMPLATE_COLUMNS), start=1):
        sheet.write_row(index, 0, row)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return out.getvalue()
