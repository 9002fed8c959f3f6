"""The period-by-period results chart: for one tracked indicator, the target of each period
beside the value approved for it (bars), and the cumulative approved total (line). Rendered
to SVG on the server (``atlas.charts``), for the intervention page and the PDF report."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sinergi.atlas.charts import BRAND, chart_svg, money_axis
from sinergi.interventions.selectors import IndicatorResult

TARGET_COLOUR = "#c7d2dc"
CUMULATIVE_COLOUR = "#b45309"


# Indicators counted in rupiah get the reader's money abbreviations on their axis.
MONEY_UNITS = frozenset({"rp", "rupiah", "idr"})


def result_periods_svg(result: IndicatorResult, *, width: int = 360) -> str | None:
    """None when the indicator has no period with a target or a report."""
    if not result.periods:
        return None
    target, approved, cumulative = _("Target"), _("Approved"), _("Cumulative approved")
    bars: list[dict[str, Any]] = []
    line: list[dict[str, Any]] = []
    for row in result.periods:
        if row.target is not None:
            bars.append({"period": row.period, "series": target, "value": float(row.target)})
        if row.approved is not None:
            bars.append({"period": row.period, "series": approved, "value": float(row.approved)})
        line.append({"period": row.period, "series": cumulative, "value": float(row.cumulative)})
    x = {"field": "period", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}}
    colour = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {
            "domain": [target, approved, cumulative],
            "range": [TARGET_COLOUR, BRAND, CUMULATIVE_COLOUR],
        },
        "legend": {"orient": "bottom", "direction": "horizontal"},
    }
    unit = result.tracked.indicator.unit
    y: dict[str, Any] = {"field": "value", "type": "quantitative", "title": unit}
    if unit.strip().lower() in MONEY_UNITS:
        y["axis"] = money_axis()
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": 150,
        "layer": [
            {
                "data": {"values": bars},
                "mark": {"type": "bar"},
                "encoding": {
                    "x": x,
                    "xOffset": {"field": "series", "sort": [target, approved]},
                    "y": y,
                    "color": colour,
                },
            },
            {
                "data": {"values": line},
                "mark": {"type": "line", "point": True},
                "encoding": {"x": x, "y": y, "color": colour},
            },
        ],
    }
    return chart_svg(spec)


def work_map_svg(
    provinces: list[dict[str, Any]], points: list[dict[str, Any]], *, width: int = 480
) -> str | None:
    """Where an organisation works: Indonesia's provinces (those it works in shaded) and a
    dot at the centre of each intervention location, sized by people targeted there. None
    when there is nothing to place."""
    if not points:
        return None
    layers: list[dict[str, Any]] = []
    if provinces:
        layers.append(
            {
                "data": {"values": provinces, "format": {"type": "json"}},
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
                "encoding": {
                    "color": {
                        "field": "properties.worked",
                        "type": "nominal",
                        "scale": {"domain": [False, True], "range": ["#e5e7eb", "#a7d7c5"]},
                        "legend": None,
                    }
                },
            }
        )
    layers.append(
        {
            "data": {"values": points},
            "mark": {
                "type": "circle",
                "color": BRAND,
                "opacity": 0.8,
                "stroke": "#ffffff",
                "strokeWidth": 0.5,
            },
            "encoding": {
                "longitude": {"field": "lng", "type": "quantitative"},
                "latitude": {"field": "lat", "type": "quantitative"},
                "size": {
                    "field": "targeted",
                    "type": "quantitative",
                    "title": _("Targeted"),
                    "scale": {"range": [20, 400]},
                    "legend": {"orient": "bottom", "direction": "horizontal"},
                },
            },
        }
    )
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": int(width * 0.45),
        "projection": {"type": "mercator"},
        "layer": layers,
    }
    return chart_svg(spec)
