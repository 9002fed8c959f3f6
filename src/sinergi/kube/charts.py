"""KUBE charts as Vega-Lite specs rendered to SVG on the server (``atlas.charts``): the group
profile's stage history, capital against the norm and sessions per month; the dashboards'
groups by stage, graduation and mentoring frequency. No chart code runs in the browser."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from sinergi.atlas.charts import BRAND, chart_svg, money_axis
from sinergi.kube.dashboards import STAGE_RANK, DashboardRow
from sinergi.kube.market_selectors import LedgerRow
from sinergi.kube.models import Stage

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
STAGE_COLOURS = ["#fdb863", "#80cdc1", "#01665e"]


def _stage_labels() -> list[str]:
    return [str(label) for label in Stage.labels]


def stage_history_svg(stages: list[tuple[date, str]], *, today: date, width: int = 360) -> str:
    """The stage after each dated assessment as a step line, carried on to today."""
    labels = _stage_labels()
    points = [{"date": d.isoformat(), "rank": STAGE_RANK[s]} for d, s in stages]
    if points:
        points.append({"date": today.isoformat(), "rank": points[-1]["rank"]})
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "width": width,
        "height": 120,
        "data": {"values": points},
        "mark": {"type": "line", "interpolate": "step-after", "color": BRAND, "point": True},
        "encoding": {
            "x": {
                "field": "date",
                "type": "temporal",
                "title": None,
                "axis": {"format": "%m/%Y", "labelOverlap": "greedy"},
            },
            "y": {
                "field": "rank",
                "type": "quantitative",
                "title": None,
                "scale": {"domain": [0, 2]},
                "axis": {
                    "values": [0, 1, 2],
                    "labelExpr": f"{labels}[datum.value]".replace("'", '"'),
                    "labelLimit": 200,
                },
            },
        },
    }
    return chart_svg(spec)


def capital_svg(received: int, norm: int, *, width: int = 360) -> str:
    """Capital received beside the Rp 2 million per member norm (guidance)."""
    values = [
        {"what": _("Received"), "amount": received},
        {"what": _("Norm (Rp 2 million per member)"), "amount": norm},
    ]
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "width": width,
        "height": 70,
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "what", "type": "nominal", "title": None, "sort": None},
            "x": {
                "field": "amount",
                "type": "quantitative",
                "title": "Rp",
                "axis": money_axis(),
            },
            "color": {
                "field": "what",
                "type": "nominal",
                "legend": None,
                "scale": {"range": [BRAND, "#cbd5e1"]},
            },
        },
    }
    return chart_svg(spec)


def monthly_svg(months: list[tuple[str, int]], *, y_title: str, width: int = 360) -> str:
    """A count per month (sessions held)."""
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "width": width,
        "height": 120,
        "data": {"values": [{"month": m, "count": n} for m, n in months]},
        "mark": {"type": "bar", "color": BRAND},
        "encoding": {
            "x": {
                "field": "month",
                "type": "ordinal",
                "title": None,
                "axis": {"labelAngle": -45},
            },
            "y": {
                "field": "count",
                "type": "quantitative",
                "title": y_title,
                "axis": {"tickMinStep": 1, "format": "d"},
            },
        },
    }
    return chart_svg(spec)


def stages_by_row_svg(rows: list[DashboardRow], *, width: int = 400) -> str:
    """Groups by stage per dashboard row (the largest rows first), stacked."""
    labels = dict(Stage.choices)
    values = [
        {"row": row.label or _("(none)"), "stage": str(labels[stage]), "groups": count}
        for row in rows
        for stage, count in row.by_stage.items()
    ]
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "width": width,
        "height": {"step": 18},
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "row", "type": "nominal", "title": None, "sort": None},
            "x": {"field": "groups", "type": "quantitative", "title": _("Groups")},
            "color": {
                "field": "stage",
                "type": "nominal",
                "title": _("Stage"),
                "scale": {"domain": _stage_labels(), "range": STAGE_COLOURS},
                "legend": {"orient": "bottom", "labelLimit": 260},
            },
            "order": {"field": "stage", "sort": "ascending"},
        },
    }
    return chart_svg(spec)


def graduation_svg(points: list[tuple[str, str, int]], *, width: int = 400) -> str:
    """Groups reaching a higher stage per quarter."""
    labels = dict(Stage.choices)
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "width": width,
        "height": 140,
        "data": {
            "values": [{"quarter": q, "stage": str(labels[s]), "groups": n} for q, s, n in points]
        },
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "quarter", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
            "y": {
                "field": "groups",
                "type": "quantitative",
                "title": _("Groups moving up"),
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "color": {
                "field": "stage",
                "type": "nominal",
                "title": _("Stage reached"),
                "scale": {"domain": _stage_labels()[1:], "range": STAGE_COLOURS[1:]},
                "legend": {"orient": "bottom", "labelLimit": 260},
            },
        },
    }
    return chart_svg(spec)


def _money_lines(values: list[dict[str, Any]], colours: list[str], width: int, height: int) -> str:
    """Monthly amounts in rupiah, one coloured line per series ("what"), legend below."""
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "width": width,
        "height": height,
        "data": {"values": values},
        "mark": {"type": "line", "point": {"size": 18}},
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "title": None, "axis": {"labelAngle": -45}},
            "y": {"field": "rp", "type": "quantitative", "title": "Rp", "axis": money_axis()},
            "color": {
                "field": "what",
                "type": "nominal",
                "title": None,
                "sort": None,
                "scale": {"range": colours},
                "legend": {"orient": "bottom"},
            },
        },
    }
    return chart_svg(spec)


def ledger_svg(rows: list[LedgerRow], *, width: int = 360) -> str:
    """Monthly revenue, costs and profit from the ledger (delivered orders included)."""
    names = {"revenue": _("Revenue"), "costs": _("Costs"), "profit": _("Profit")}
    values = [
        {"month": row.month.strftime("%Y-%m"), "what": str(names[key]), "rp": float(value)}
        for row in rows
        for key, value in (("revenue", row.revenue), ("costs", row.costs), ("profit", row.profit))
    ]
    return _money_lines(values, [BRAND, "#b45309", "#2563eb"], width, 130)


def revenue_trend_svg(points: list[tuple[str, int, int]], *, width: int = 400) -> str:
    """Total monthly revenue and profit of a dashboard's groups."""
    values = [
        {"month": m, "what": str(label), "rp": value}
        for m, revenue, profit in points
        for label, value in ((_("Revenue"), revenue), (_("Profit"), profit))
    ]
    return _money_lines(values, [BRAND, "#2563eb"], width, 140)
