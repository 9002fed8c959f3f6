"""A region's atlas profile: headline figures with their trends, the need index with its
components and ranks, people in need by target group, and every source behind them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sinergi.atlas.engines.people_in_need import Method
from sinergi.atlas.layers import (
    IndicatorInfo,
    Layer,
    indicators,
    layer_of,
    periods_for,
    pin_layer,
    pin_periods,
    pin_population_period,
)
from sinergi.atlas.models import BatchKind, ImportBatch, Source
from sinergi.atlas.need import NeedIndexLayer, need_index_layer, need_index_years
from sinergi.atlas.payloads import suppressed_mask
from sinergi.regions.models import Region


@dataclass(frozen=True)
class TrendPoint:
    period: str
    value: float
    boundary_break: bool


@dataclass(frozen=True)
class Headline:
    info: IndicatorInfo
    period: str
    value: float
    rolled_up: bool
    note: str
    trend: list[TrendPoint]


@dataclass(frozen=True)
class Component:
    info: IndicatorInfo
    period: str
    weight: float
    share: float
    value: float | None
    score: float | None


@dataclass(frozen=True)
class NeedIndexProfile:
    year: str
    score: float
    coverage: float
    rank_national: int
    ranked_national: int
    rank_within_parent: int
    ranked_within_parent: int
    components: list[Component]


@dataclass(frozen=True)
class PinEntry:
    info: IndicatorInfo
    period: str | None
    value: float | None
    method: str  # counted, official, modelled, none
    suppressed: bool
    demo: bool
    rolled_up: bool
    population_period: str = ""


@dataclass
class Profile:
    region: Region
    headline: list[Headline]
    need_index: NeedIndexProfile | None
    people_in_need: list[PinEntry]
    sources: list[Source] = field(default_factory=list)
    demo_used: bool = False


def _number(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _headline(info: IndicatorInfo, region: Region, seen: _Seen) -> Headline | None:
    points: list[TrendPoint] = []
    last: tuple[Layer, int] | None = None
    for period in periods_for(info, region.level):
        layer = layer_of(info, region.level, period)
        position = layer.position(region.code)
        if position < 0 or np.isnan(layer.values[position]):
            continue
        points.append(
            TrendPoint(period, float(layer.values[position]), bool(layer.breaks[position]))
        )
        last = (layer, position)
    if last is None:
        return None
    layer, position = last
    seen.add(layer, position)
    return Headline(
        info=info,
        period=layer.period,
        value=float(layer.values[position]),
        rolled_up=bool(layer.rolled_up[position]),
        note=layer.notes.get(position, ""),
        trend=points,
    )


def _need_index(region: Region) -> NeedIndexProfile | None:
    for year in reversed(need_index_years(region.level)):
        index: NeedIndexLayer | None = need_index_layer(region.level, year)
        if index is None:
            continue
        position = int(np.searchsorted(index.codes, region.code))
        if position >= len(index.codes) or index.codes[position] != region.code:
            return None
        if np.isnan(index.scores[position]):
            continue
        total = sum(c.weight for c in index.components) or 1.0
        return NeedIndexProfile(
            year=year,
            score=float(index.scores[position]),
            coverage=float(index.coverage[position]),
            rank_national=int(index.rank_national[position]),
            ranked_national=index.ranked_count(),
            rank_within_parent=int(index.rank_within_parent[position]),
            ranked_within_parent=index.ranked_siblings(position),
            components=[
                Component(
                    info=c.info,
                    period=c.period,
                    weight=c.weight,
                    share=c.weight / total,
                    value=_number(c.values[position]),
                    score=None if c.normalised is None else _number(c.normalised[position]),
                )
                for c in index.components
            ],
        )
    return None


_METHODS = {
    Method.COUNTED: "counted",
    Method.OFFICIAL: "official",
    Method.MODELLED: "modelled",
    Method.NONE: "none",
}


def _pin(info: IndicatorInfo, region: Region, full: bool, seen: _Seen) -> PinEntry:
    for period in reversed(pin_periods(info.key, region.level)):
        layer = pin_layer(info.key, region.level, period)
        if layer is None or layer.methods is None:
            break
        position = layer.position(region.code)
        if position < 0 or np.isnan(layer.values[position]):
            continue
        hidden = bool(suppressed_mask(layer)[position]) and not full
        method = Method(int(layer.methods[position]))
        seen.add(layer, position)
        return PinEntry(
            info=info,
            period=period,
            value=None if hidden else float(layer.values[position]),
            method=_METHODS[method],
            suppressed=hidden,
            demo=bool(layer.demo[position]),
            rolled_up=bool(layer.rolled_up[position]),
            population_period=(
                pin_population_period(region.level, period) if method == Method.MODELLED else ""
            ),
        )
    return PinEntry(info, None, None, "none", False, False, False)


class _Seen:
    """Sources and batches behind the figures shown."""

    def __init__(self) -> None:
        self.sources: set[int] = set()
        self.batches: set[int] = set()

    def add(self, layer: Layer, position: int) -> None:
        if layer.sources[position] >= 0:
            self.sources.add(int(layer.sources[position]))
        elif layer.batches[position] >= 0:
            self.batches.add(int(layer.batches[position]))

    def resolve(self) -> tuple[list[Source], bool]:
        batches = list(
            ImportBatch.objects.filter(pk__in=self.batches).values_list("source_id", "kind")
        )
        demo = any(kind == BatchKind.DEMO for _source, kind in batches)
        ids = self.sources | set(filter(None, (source for source, _kind in batches)))
        return list(Source.objects.filter(pk__in=ids).order_by("name", "publication")), demo


def region_profile(*, region: Region, full_figures: bool) -> Profile:
    """Everything the profile page and its PDF show. ``full_figures``: the viewer may see
    small counts of sensitive groups (see ``access.sees_full_figures``)."""
    seen = _Seen()
    infos = list(indicators().values())
    headline: list[Headline] = []
    for info in infos:
        found = _headline(info, region, seen) if info.headline else None
        if found is not None:
            headline.append(found)
    pin = [
        _pin(info, region, full_figures, seen) for info in infos if info.kind == "people_in_need"
    ]
    sources, demo = seen.resolve()
    return Profile(
        region=region,
        headline=headline,
        need_index=_need_index(region),
        people_in_need=pin,
        sources=sources,
        demo_used=demo or any(entry.demo for entry in pin),
    )
