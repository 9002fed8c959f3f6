"""Charts and the profile map as Vega-Lite specs (built with plain dicts, the shape altair
produces) rendered server-side to SVG with vl-convert: one spec serves the page, the PDF and
exports, and the browser runs no chart code. Rendered SVGs are memoised per data version."""

from __future__ import annotations

import json
from typing import Any

import vl_convert
from django.utils import translation

from sinergi.atlas.cache import atlas_cache
from sinergi.atlas.profiles import TrendPoint
from sinergi.core.numbers import money_axis_expression

FONT = "DejaVu Sans"
BRAND = "#0b6e4f"
NEED_COLOURS = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]
_CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 10, "titleFontSize": 10, "grid": True, "gridColor": "#eef1f4"},
}


# Number format on chart axes: Indonesian groups thousands with dots (d3 has no id locale).
_LOCALES: dict[str, Any] = {
    "id": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]},
    "en": "en-GB",
}


def _language() -> str:
    return (translation.get_language() or "id")[:2]


def money_axis(**extra: Any) -> dict[str, Any]:
    """Axis settings for rupiah: the reader's own abbreviations (Indonesian "jt" for juta and
    "M" for miliar; English K/M/B), the rule of ``core.numbers.money_short``. d3's "~s" wrote
    "2M" for two million, which Indonesian readers take for two miliar."""
    return {**extra, "labelExpr": money_axis_expression(_language())}


def _svg(spec: dict[str, Any]) -> str:
    language = _language()
    locale = _LOCALES.get(language, _LOCALES["id"])
    key = ("svg", language, json.dumps(spec, sort_keys=True, default=str))
    return atlas_cache.memo(
        key, lambda: str(vl_convert.vegalite_to_svg(spec, format_locale=locale))
    )


def trend_svg(
    points: list[TrendPoint], *, y_title: str, width: int = 300, money: bool = False
) -> str:
    """A small line chart of a headline figure over time. Figures that describe a territory
    before a boundary change are a separate, dashed series: never one line with later ones.
    ``money``: the values are rupiah, labelled with the reader's abbreviations."""
    values = [
        {"period": p.period, "value": p.value, "series": "break" if p.boundary_break else "now"}
        for p in points
    ]
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": 110,
        "data": {"values": values},
        "mark": {"type": "line", "point": {"size": 24, "color": BRAND}, "color": BRAND},
        "encoding": {
            "x": {
                "field": "period",
                "type": "ordinal",
                "sort": "ascending",
                "title": None,
                "axis": {"labelAngle": -45, "labelOverlap": "greedy"},
            },
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": y_title,
                "scale": {"zero": False},
                **({"axis": money_axis()} if money else {}),
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "legend": None,
                "scale": {"domain": ["now", "break"], "range": [[1, 0], [4, 3]]},
            },
        },
        "config": _CONFIG,
    }
    return _svg(spec)


def region_map_svg(
    features: list[dict[str, Any]],
    *,
    selected: str,
    need_label: str,
    class_labels: list[str],
    width: int = 420,
) -> str:
    """The region among its neighbours (the other regions of its parent), shaded by need
    index class where there is one, the region itself outlined."""
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": int(width * 0.7),
        "data": {"values": features, "format": {"type": "json"}},
        "projection": {"type": "mercator"},
        "layer": [
            {"mark": {"type": "geoshape", "fill": "#e5e7eb", "stroke": "#ffffff"}},
            {
                "transform": [{"filter": "isValid(datum.properties.need_class)"}],
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.6},
                "encoding": {
                    "color": {
                        "field": "properties.need_class",
                        "type": "ordinal",
                        "scale": {"domain": [0, 1, 2, 3, 4], "range": NEED_COLOURS},
                        "legend": {
                            "title": need_label,
                            "titleLimit": width,
                            "orient": "bottom",
                            "direction": "horizontal",
                            "labelExpr": f"{json.dumps(class_labels)}[datum.value]",
                        },
                    },
                },
            },
            {
                "transform": [{"filter": {"field": "id", "equal": selected}}],
                "mark": {"type": "geoshape", "fill": None, "stroke": "#1d2733", "strokeWidth": 2.5},
            },
        ],
        "config": _CONFIG,
    }
    return _svg(spec)


def chart_svg(spec: dict[str, Any]) -> str:
    """Render another app's Vega-Lite spec with the house font, axes and number locale
    (memoised like the atlas's own charts)."""
    return _svg({**spec, "config": {**_CONFIG, **spec.get("config", {})}})
