"""A plan scenario as an XLSX workbook, and scenarios side by side as a Vega-Lite chart."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django.http import HttpResponse
from django.utils.translation import gettext as _

from sinergi.atlas.charts import _CONFIG, BRAND, _svg
from sinergi.synergy.models import PlanScenario
from sinergi.synergy.plan import people_whole

SERIES_COLOURS = [BRAND, "#e08e0b", "#8a8f98"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def scenario_xlsx_response(scenario: PlanScenario) -> HttpResponse:
    """The workbook as a download (the caller has checked the scenario has a plan)."""
    response = HttpResponse(scenario_xlsx(scenario), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="rencana-{scenario.pk}.xlsx"'
    return response


def scenario_xlsx(scenario: PlanScenario) -> bytes:
    """Summary (the three patterns compared), the allocation rows, and the changes."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    outcome = people_whole(scenario.outcome)
    summary = book.add_worksheet(_("Summary"))
    summary.write_row(0, 0, [_("Scenario"), scenario.name], bold)
    summary.write_row(1, 0, [_("Year"), scenario.year])
    if not outcome.get("feasible"):
        summary.write_row(3, 0, [_("No plan"), outcome.get("explanation", "")])
    else:
        header = [_("Pattern"), _("People covered"), _("Weighted need covered"),
                  _("Regions reached"), _("Budget placed (IDR)")]  # fmt: skip
        summary.write_row(3, 0, header, bold)
        for row, (key, label) in enumerate(_patterns(), start=4):
            m = outcome[key]
            summary.write_row(row, 0, [label, m["people"], m["weighted"], m["regions"]])
            summary.write_number(row, 4, m["spend_idr"], money)
    sheet = book.add_worksheet(_("Allocation"))
    columns = [_("Organisation"), _("Region code"), _("Region"), _("Target group"),
               _("People"), _("Amount (IDR)")]  # fmt: skip
    sheet.write_row(0, 0, columns, bold)
    for row, item in enumerate(outcome.get("rows", []), start=1):
        sheet.write_row(row, 0, [item["organisation"], item["region"], item["region_name"],
                                 item["target_group"], item["people"]])  # fmt: skip
        sheet.write_number(row, 5, item["amount_idr"], money)
    changes = book.add_worksheet(_("Changes"))
    changes.write_row(0, 0, [_("Change"), _("Key"), _("Value")], bold)
    row = 1
    for kind in ("budgets", "unit_costs"):
        for key, value in scenario.changes.get(kind, {}).items():
            changes.write_row(row, 0, [kind, key, value])
            row += 1
    for bound in scenario.changes.get("bounds", []):
        limits = f"{bound.get('minimum') or 0}-{bound.get('maximum') or ''}"
        changes.write_row(row, 0, ["bounds", bound["region"], limits])
        row += 1
    book.close()
    return output.getvalue()


def _patterns() -> list[tuple[str, str]]:
    return [("plan", _("Optimal plan")), ("greedy", _("Greedy baseline")),
            ("current", _("Current pattern"))]  # fmt: skip


def comparison_svg(scenarios: list[PlanScenario], *, measure: str, title: str) -> str:
    """Grouped bars: one group per scenario, one bar per pattern, for ``measure``."""
    values: list[dict[str, Any]] = []
    for scenario in scenarios:
        if not scenario.outcome.get("feasible"):
            continue
        for key, label in _patterns():
            values.append(
                {
                    "scenario": scenario.name,
                    "pattern": label,
                    "value": people_whole(scenario.outcome)[key][measure],
                }
            )
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": {"step": 110},
        "height": 160,
        "title": title,
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "x": {
                "field": "scenario",
                "type": "nominal",
                "title": None,
                "sort": None,
                "axis": {"labelAngle": 0, "labelLimit": 105},
            },
            "xOffset": {"field": "pattern", "type": "nominal", "sort": None},
            "y": {"field": "value", "type": "quantitative", "title": None},
            "color": {
                "field": "pattern",
                "type": "nominal",
                "title": None,
                "sort": None,
                "scale": {
                    "domain": [label for _key, label in _patterns()],
                    "range": SERIES_COLOURS,
                },
                "legend": {"orient": "bottom"},
            },
        },
        "config": _CONFIG,
    }
    return _svg(spec)
