"""What the profile page and its PDF show, in words and numbers of the reader's language:
a presentation of ``profiles.Profile`` plus its charts and map."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sinergi.atlas.charts import region_map_svg, trend_svg
from sinergi.atlas.engines.classify import class_of, quantiles
from sinergi.atlas.layers import pin_sources
from sinergi.atlas.models import Direction, PinRole, Unit
from sinergi.atlas.need import need_index_layer
from sinergi.atlas.profiles import PinEntry, Profile
from sinergi.regions.models import Boundary, Region


def figure(value: float | None, decimals: int) -> str:
    if value is None:
        return "—"
    return str(number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True))


_UNITLESS = {Unit.INDEX, Unit.RATIO, Unit.SCORE}  # the indicator's name says what it is


def unit_label(unit: str) -> str:
    return "" if unit in _UNITLESS else str(dict(Unit.choices).get(unit, unit))


@dataclass(frozen=True)
class HeadlineCard:
    key: str
    name: str
    value: str
    unit: str
    period: str
    rolled_up: bool
    note: str
    chart: str  # SVG, or "" with fewer than two points


@dataclass(frozen=True)
class PinRow:
    key: str
    name: str
    value: str
    method: str
    period: str
    demo: bool
    suppressed: bool
    sensitive: bool
    has_value: bool


def _method_text(entry: PinEntry, language: str) -> str:
    if entry.method == "counted":
        if entry.rolled_up:
            return _("Counted (sum of the regions below)")
        return _("Counted (imported)")
    if entry.method == "official":
        return _("Official count: %(source)s") % {
            "source": pin_sources(entry.info.key)[PinRole.OFFICIAL_COUNT].name(language)
        }
    if entry.method == "modelled":
        rate = pin_sources(entry.info.key)[PinRole.RATE_PERCENT]
        return _("Estimate: %(rate)s %(period)s × population %(population)s") % {  # noqa: RUF001
            "rate": rate.short(language),
            "period": entry.period,
            "population": entry.population_period,
        }
    return _("No data")


def _pin_row(entry: PinEntry, language: str, suppress_below: int) -> PinRow:
    if entry.suppressed:
        shown = _("fewer than %(count)d (withheld)") % {"count": suppress_below}
    else:
        shown = figure(entry.value, 0)
    return PinRow(
        key=entry.info.key,
        name=entry.info.name(language),
        value=shown,
        method=_method_text(entry, language),
        period=entry.period or "",
        demo=entry.demo,
        suppressed=entry.suppressed,
        sensitive=entry.info.sensitive,
        has_value=entry.value is not None or entry.suppressed,
    )


def _headline_cards(profile: Profile, language: str, chart_width: int) -> list[HeadlineCard]:
    cards = []
    for h in profile.headline:
        unit = unit_label(h.info.unit)
        chart = trend_svg(h.trend, y_title=unit, width=chart_width) if len(h.trend) > 1 else ""
        cards.append(
            HeadlineCard(
                key=h.info.key,
                name=h.info.name(language),
                value=figure(h.value, h.info.decimals),
                unit=unit,
                period=h.period,
                rolled_up=h.rolled_up,
                note=h.note,
                chart=chart,
            )
        )
    return cards


def _neighbours(region: Region) -> list[Region]:
    if region.parent_id is None:
        return list(Region.objects.filter(level=1))
    return list(Region.objects.filter(parent_id=region.parent_id))


def map_svg(region: Region, profile: Profile) -> str:
    """The region among the other regions of its parent, shaded by national need-index
    quintile (so the shades mean the same on every profile)."""
    neighbours = {r.code: r for r in _neighbours(region)}
    geometry = dict(
        Boundary.objects.filter(region_id__in=neighbours).values_list("region_id", "geometry")
    )
    if region.code not in geometry:
        return ""
    classes: dict[str, int] = {}
    index = need_index_layer(region.level, profile.need_index.year) if profile.need_index else None
    if index is not None:
        breaks = quantiles(index.scores, 5)
        for code in neighbours:
            position = int(np.searchsorted(index.codes, code))
            if position < len(index.codes) and not np.isnan(index.scores[position]):
                classes[code] = class_of(float(index.scores[position]), breaks)
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"name": neighbours[code].name, "need_class": classes.get(code)},
            "geometry": json.loads(text),
        }
        for code, text in geometry.items()
    ]
    return region_map_svg(
        features,
        selected=region.code,
        need_label=_("Need index (national fifths)"),
        class_labels=[_("lowest"), _("low"), _("middle"), _("high"), _("highest")],
    )


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def profile_context(profile: Profile, *, language: str, chart_width: int = 300) -> dict[str, Any]:
    need = profile.need_index
    suppress = {e.info.key: e.info.suppress_below for e in profile.people_in_need}
    return {
        "profile": profile,
        "region": profile.region,
        "headline": _headline_cards(profile, language, chart_width),
        "need": need,
        "need_score": figure(need.score, 1) if need else "",
        "need_components": [
            {
                "name": c.info.name(language),
                "period": c.period,
                "value": figure(c.value, c.info.decimals),
                "unit": unit_label(c.info.unit),
                "score": figure(c.score, 1),
                "share": figure(c.share * 100, 0),
                "direction": str(dict(Direction.choices).get(c.info.direction, "")),
            }
            for c in (need.components if need else [])
        ],
        "pin": [_pin_row(e, language, suppress[e.info.key]) for e in profile.people_in_need],
        "map_svg": map_svg(profile.region, profile),
    }
