"""Adapters between the database and the engines: a *layer* is one figure for every region
of a level (an indicator, people in need for a target group, or the need index) in one period,
aligned with the region registry. Inputs are read in one or two queries and every result is
memoised per data version (``cache.atlas_cache``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]

from sinergi.atlas.cache import atlas_cache
from sinergi.atlas.engines import cells as cells_engine
from sinergi.atlas.engines.people_in_need import Method, PinInputs, people_in_need
from sinergi.atlas.engines.rollup import LEVELS, Hierarchy, build_hierarchy, roll_up
from sinergi.atlas.imports.periods import year_of
from sinergi.atlas.models import BatchKind, ImportBatch, Indicator, PinRole, Series
from sinergi.regions.models import Region

NEED_INDEX = "need_index"
PIN_PREFIX = "pin."


@dataclass(frozen=True)
class IndicatorInfo:
    """A catalogue entry as plain data (safe to share between threads)."""

    id: int
    key: str
    name_id: str
    name_en: str
    short_id: str
    short_en: str
    kind: str
    theme: str
    unit: str
    direction: str
    decimals: int
    additive: bool
    sensitive: bool
    suppress_below: int
    levels: tuple[int, ...]
    sdgs: tuple[str, ...]
    source: str
    pin_group: str
    pin_role: str
    headline: bool
    sort_order: int

    def name(self, language: str) -> str:
        return self.name_en if language.startswith("en") else self.name_id

    def short(self, language: str) -> str:
        short = self.short_en if language.startswith("en") else self.short_id
        return short or self.name(language)


@dataclass(frozen=True)
class Layer:
    key: str
    level: int
    period: str
    codes: np.ndarray
    values: np.ndarray  # NaN = no figure
    rolled_up: np.ndarray
    demo: np.ndarray
    breaks: np.ndarray
    batches: np.ndarray  # batch id per region, -1 where none (rolled up, modelled, missing)
    sources: np.ndarray  # Source id per region, -1 where the batch's source applies or none
    notes: dict[int, str] = field(default_factory=dict)
    methods: np.ndarray | None = None  # people in need: engines.people_in_need.Method
    suppress_below: int = 0

    def value_at(self, code: str) -> float | None:
        position = int(np.searchsorted(self.codes, code))
        if position < len(self.codes) and self.codes[position] == code:
            value = float(self.values[position])
            return None if np.isnan(value) else value
        return None

    def position(self, code: str) -> int:
        position = int(np.searchsorted(self.codes, code))
        found = position < len(self.codes) and self.codes[position] == code
        return position if found else -1


def hierarchy() -> Hierarchy:
    return atlas_cache.memo_regions(
        ("hierarchy",),
        lambda: build_hierarchy(Region.objects.values_list("code", "level").iterator(5_000)),
    )


def _info(indicator: Indicator) -> IndicatorInfo:
    return IndicatorInfo(
        id=indicator.pk,
        key=indicator.key,
        name_id=indicator.name_id,
        name_en=indicator.name_en,
        short_id=indicator.short_id,
        short_en=indicator.short_en,
        kind=indicator.kind,
        theme=indicator.theme,
        unit=indicator.unit,
        direction=indicator.direction,
        decimals=indicator.decimals,
        additive=indicator.additive,
        sensitive=indicator.sensitive,
        suppress_below=indicator.suppress_below,
        levels=tuple(indicator.levels),
        sdgs=tuple(indicator.sdgs),
        source=indicator.source,
        pin_group=indicator.pin_group,
        pin_role=indicator.pin_role,
        headline=indicator.headline,
        sort_order=indicator.sort_order,
    )


def indicators() -> dict[str, IndicatorInfo]:
    """Published catalogue entries by key, in catalogue order."""
    return atlas_cache.memo(
        ("indicators",),
        lambda: {i.key: _info(i) for i in Indicator.objects.filter(published=True)},
    )


def series_periods() -> dict[tuple[int, int], list[str]]:
    """(indicator id, level) → the periods stored, oldest first."""

    def build() -> dict[tuple[int, int], list[str]]:
        found: dict[tuple[int, int], list[str]] = {}
        for indicator_id, level, period in Series.objects.values_list(
            "indicator_id", "level", "period"
        ).order_by("period"):
            found.setdefault((indicator_id, level), []).append(period)
        return found

    return atlas_cache.memo(("series-periods",), build)


def demo_batches() -> frozenset[int]:
    return atlas_cache.memo(
        ("demo-batches",),
        lambda: frozenset(
            ImportBatch.objects.filter(kind=BatchKind.DEMO).values_list("pk", flat=True)
        ),
    )


def series_cells(indicator_id: int, level: int, period: str) -> pa.Table | None:
    def build() -> pa.Table | None:
        blob = (
            Series.objects.filter(indicator_id=indicator_id, level=level, period=period)
            .values_list("cells", flat=True)
            .first()
        )
        return None if blob is None else cells_engine.decode(bytes(blob))

    return atlas_cache.memo(("cells", indicator_id, level, period), build)


def periods_for(info: IndicatorInfo, level: int) -> list[str]:
    """Periods with figures at ``level``: stored there or, for counts, below it."""
    index = series_periods()
    levels = [lv for lv in LEVELS if lv >= level] if info.additive else [level]
    return sorted({p for lv in levels for p in index.get((info.id, lv), [])})


@dataclass(frozen=True)
class _Stored:
    """One stored series spread over the level's registry positions."""

    values: np.ndarray
    present: np.ndarray
    batches: np.ndarray
    sources: np.ndarray
    breaks: np.ndarray
    demo: np.ndarray
    notes: dict[int, str]


def _stored(info: IndicatorInfo, level: int, period: str) -> _Stored | None:
    table = series_cells(info.id, level, period)
    if table is None:
        return None
    tree = hierarchy()
    size = len(tree.codes[level])
    positions = tree.positions(level, table["code"].to_pylist())
    known = positions >= 0
    at = positions[known]

    def spread(column: pa.ChunkedArray, fill: float) -> np.ndarray:
        out = np.full(size, fill)
        out[at] = np.asarray(column.to_numpy(), dtype=float)[known]
        return out

    notes = {
        int(p): note
        for p, note, k in zip(positions, table["note"].to_pylist(), known, strict=True)
        if k and note
    }
    demo_ids = np.array(sorted(demo_batches()), dtype=np.int64)
    present = np.zeros(size, dtype=bool)
    present[at] = True
    return _Stored(
        values=spread(table["value"], np.nan),
        present=present,
        batches=spread(table["batch"], -1).astype(np.int64),
        sources=spread(table["source"].fill_null(-1), -1).astype(np.int64),
        breaks=spread(table["boundary_break"].cast(pa.int8()), 0) > 0,
        demo=spread(pa.chunked_array([np.isin(table["batch"].to_numpy(), demo_ids)]), 0) > 0,
        notes=notes,
    )


def indicator_layer(key: str, level: int, period: str) -> Layer | None:
    info = indicators().get(key)
    if info is None or level not in LEVELS:
        return None
    return layer_of(info, level, period)


def layer_of(info: IndicatorInfo, level: int, period: str) -> Layer:
    return atlas_cache.memo(
        ("indicator-layer", info.key, level, period),
        lambda: _indicator_layer(info, level, period),
    )


def _indicator_layer(info: IndicatorInfo, level: int, period: str) -> Layer:
    tree = hierarchy()
    size = len(tree.codes[level])
    own = _stored(info, level, period)
    values = own.values if own else np.full(size, np.nan)
    demo = own.demo if own else np.zeros(size, dtype=bool)
    rolled = np.zeros(size, dtype=bool)
    if info.additive:
        stored: dict[int, np.ndarray] = {}
        flags: dict[int, np.ndarray] = {}
        for lv in (lv for lv in LEVELS if lv >= level):
            found = own if lv == level else _stored(info, lv, period)
            if found is not None:
                stored[lv] = found.values
                flags[lv] = np.where(found.present, found.demo.astype(float), np.nan)
        if stored:
            result = roll_up(tree, stored)[level]
            values, rolled = result.values, result.rolled_up
            demo = np.nan_to_num(roll_up(tree, flags)[level].values) > 0
    return Layer(
        key=info.key,
        level=level,
        period=period,
        codes=tree.codes[level],
        values=values,
        rolled_up=rolled,
        demo=demo,
        breaks=own.breaks if own else np.zeros(size, dtype=bool),
        batches=own.batches if own else np.full(size, -1, dtype=np.int64),
        sources=own.sources if own else np.full(size, -1, dtype=np.int64),
        notes=dict(own.notes) if own else {},
        suppress_below=info.suppress_below if info.sensitive else 0,
    )


# --- people in need --------------------------------------------------------------------------


def pin_sources(group: str) -> dict[str, IndicatorInfo]:
    """The indicators that inform a target group's PiN, by role."""
    return {
        info.pin_role: info
        for info in indicators().values()
        if info.pin_group == group and info.pin_role
    }


def _population(level: int, period: str) -> tuple[np.ndarray | None, str]:
    info = indicators().get("population")
    if info is None:
        return None, ""
    periods = periods_for(info, level)
    if not periods:
        return None, ""
    year = year_of(period)
    earlier = [p for p in periods if year_of(p) <= year]
    chosen = earlier[-1] if earlier else periods[0]
    layer = indicator_layer("population", level, chosen)
    return (layer.values if layer else None), chosen


def pin_periods(group: str, level: int) -> list[str]:
    sources = pin_sources(group)
    found: set[str] = set()
    for role, info in sources.items():
        if role == PinRole.RATE_PERCENT and _population(level, "9999")[0] is None:
            continue
        found.update(periods_for(info, level))
    return sorted(found)


def pin_layer(group: str, level: int, period: str) -> Layer | None:
    sources = pin_sources(group)
    if PinRole.COUNT not in sources or level not in LEVELS:
        return None
    return atlas_cache.memo(("pin", group, level, period), lambda: _pin_layer(group, level, period))


def _pin_layer(group: str, level: int, period: str) -> Layer:
    sources = pin_sources(group)
    count = layer_of(sources[PinRole.COUNT], level, period)
    official = rate = population = None
    official_rolled = np.zeros(len(count.codes), dtype=bool)
    if PinRole.OFFICIAL_COUNT in sources:
        official_layer = layer_of(sources[PinRole.OFFICIAL_COUNT], level, period)
        official, official_rolled = official_layer.values, official_layer.rolled_up
    if PinRole.RATE_PERCENT in sources:
        rate = layer_of(sources[PinRole.RATE_PERCENT], level, period).values
        population, _used = _population(level, period)
    size = len(count.codes)
    inputs = PinInputs(
        counted=np.where(count.demo, np.nan, count.values),
        official=official,
        rate_percent=rate,
        population=population,
        demo_counted=np.where(count.demo, count.values, np.nan),
    )
    result = people_in_need(inputs, size=size)
    counted = result.methods == Method.COUNTED
    return Layer(
        key=PIN_PREFIX + group,
        level=level,
        period=period,
        codes=count.codes,
        values=result.values,
        rolled_up=(count.rolled_up & counted)
        | (official_rolled & (result.methods == Method.OFFICIAL)),
        demo=count.demo & counted,
        breaks=count.breaks & counted,
        batches=np.where(counted, count.batches, -1),
        sources=np.where(counted, count.sources, -1),
        notes={p: n for p, n in count.notes.items() if counted[p]},
        methods=result.methods,
        suppress_below=count.suppress_below,
    )


def pin_population_period(level: int, period: str) -> str:
    """Which population figure modelled estimates for ``period`` use (for labels)."""
    return _population(level, period)[1]
