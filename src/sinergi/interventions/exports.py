"""Downloads of the 3W sheet: the organisation's editable template (CSV or XLSX, one row per
intervention and location) and the HXL-tagged 3W CSV (header row, hashtag row, data), which
the upload (``spreadsheet``) reads back to the same records.

The HXL export must add up in the tools that read it (libhxl, HDX): an intervention that lists
a region and also regions inside it has a row for each, the inner rows being a *breakdown* of
the outer one (``counting``). Each row says so in ``#meta+breakdown`` (1 for a breakdown, 0 for
an outermost location), so summing the rows with 0 counts each person once. Reach goes out as
approved (``#reached+approved``, the intervention's approved total apportioned over its
locations as everywhere else in Sinergi) with the submitted, not yet approved figure beside it
(``#reached+pending``) and the partner's declared figure (``#reached+declared``). The budget is
the activity's whole budget on every one of its rows: count it once per ``#activity+id``.
Every text cell is formula-safe (``cells``).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import xlsxwriter

from sinergi.interventions import counting
from sinergi.interventions.cells import formula_safe
from sinergi.interventions.models import Intervention
from sinergi.interventions.reach import intervention_reach_shares
from sinergi.interventions.spreadsheet import ADMIN_LEVELS, BREAKDOWN_HEADER, COLUMNS

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
    "breakdown",
    "targeted",
    "reached_approved",
    "reached_pending",
    "reached_declared",
    "unit",
    "location_mode",
)
TAGS = (
    {name: tag for name, tag, _others in COLUMNS}
    | {level: f"#{level}+code" for level in ADMIN_LEVELS}
    | {
        "breakdown": "#meta+breakdown",
        "reached_approved": "#reached+approved",
        "reached_pending": "#reached+pending",
        "reached_declared": "#reached+declared",
    }
)
# The header row of the HXL export: column names, except the breakdown column, whose header
# says how to sum (the hashtag row below it is for machines).
HXL_HEADERS = {"breakdown": BREAKDOWN_HEADER}


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
    locations = list(intervention.locations.all())
    outer = set(counting.outermost(loc.region_id for loc in locations))
    shares = intervention_reach_shares(intervention)
    approved, pending = shares.approved, shares.pending
    rows = []
    for location in locations:
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
                "breakdown": 0 if code in outer else 1,
                "targeted": location.targeted,
                "reached": location.reached,
                "reached_declared": location.reached,
                "reached_approved": approved[code],
                "reached_pending": pending[code],
            }
        )
    return rows


def rows_for(interventions: list[Intervention], columns: tuple[str, ...]) -> list[list[Any]]:
    return [
        [formula_safe(cells[name]) for name in columns]
        for intervention in sorted(interventions, key=lambda i: (i.organisation_id, i.ref))
        for cells in _cells(intervention)
    ]


def csv_bytes(interventions: list[Intervention], *, hxl: bool) -> bytes:
    """The template (all columns) or the HXL 3W export (header, tag row, then data)."""
    columns = HXL_COLUMNS if hxl else TEMPLATE_COLUMNS
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if hxl:
        writer.writerow([HXL_HEADERS.get(name, name) for name in columns])
        writer.writerow([TAGS[name] for name in columns])
    else:
        writer.writerow(columns)
    writer.writerows(rows_for(interventions, columns))
    return out.getvalue().encode("utf-8")


def xlsx_bytes(interventions: list[Intervention]) -> bytes:
    out = io.BytesIO()
    # Text is written as text: xlsxwriter would otherwise store "=…" as a live formula.
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("3W")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, TEMPLATE_COLUMNS, bold)
    for index, row in enumerate(rows_for(interventions, TEMPLATE_COLUMNS), start=1):
        sheet.write_row(index, 0, row)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return out.getvalue()
