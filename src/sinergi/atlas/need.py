"""The need-index adapter: components and weights from the database, the arithmetic in
``engines.need_index``, memoised per data version.

For a level and a year, each weighted component contributes its latest period within that
year (e.g. September's P0 over March's). Nothing is carried over from other years: a region
with too few components that year gets no index rather than a stale one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sinergi.atlas.cache import atlas_cache
from sinergi.atlas.engines import need_index as engine
from sinergi.atlas.layers import (
    NEED_INDEX,
    IndicatorInfo,
    Layer,
    hierarchy,
    indicators,
    layer_of,
    periods_for,
)
from sinergi.atlas.models import NeedIndexWeight


@dataclass(frozen=True)
class ComponentUse:
    info: IndicatorInfo
    weight: float
    period: str
    values: np.ndarray  # raw figures, NaN where missing
    normalised: np.ndarray | None  # 0-100 (100 = most need); None: no spread, left out


@dataclass(frozen=True)
class NeedIndexLayer:
    level: int
    year: str
    codes: np.ndarray
    scores: np.ndarray
    coverage: np.ndarray
    components: tuple[ComponentUse, ...]
    rank_national: np.ndarray
    rank_within_parent: np.ndarray
    parent_positions: np.ndarray  # each region's parent position in the level above (-1)

    def ranked_count(self) -> int:
        return int((~np.isnan(self.scores)).sum())

    def ranked_siblings(self, position: int) -> int:
        parent = self.parent_positions[position]
        same = self.parent_positions == parent
        return int((same & ~np.isnan(self.scores)).sum())


def weights() -> list[tuple[IndicatorInfo, float]]:
    """Components and weights, in catalogue order."""

    def build() -> list[tuple[IndicatorInfo, float]]:
        by_id = {info.id: info for info in indicators().values()}
        rows = NeedIndexWeight.objects.values_list("indicator_id", "weight")
        found = [(by_id[i], w) for i, w in rows if i in by_id and w > 0]
        return sorted(found, key=lambda item: item[0].sort_order)

    return atlas_cache.memo(("need-weights",), build)


def _period_in(info: IndicatorInfo, level: int, year: str) -> str | None:
    within = [p for p in periods_for(info, level) if p[:4] == year]
    return within[-1] if within else None


def need_index_layer(level: int, year: str) -> NeedIndexLayer | None:
    return atlas_cache.memo(("need-index", level, year), lambda: _compute(level, year))


def _compute(level: int, year: str) -> NeedIndexLayer | None:
    tree = hierarchy()
    size = len(tree.codes[level])
    if not size:
        return None
    uses: list[tuple[IndicatorInfo, float, str, np.ndarray]] = []
    for info, weight in weights():
        period = _period_in(info, level, year)
        if period is not None:
            uses.append((info, weight, period, layer_of(info, level, period).values))
    total_weight = sum(w for _i, w in weights())
    if not uses or not total_weight:
        return None
    components = [
        engine.Component(info.key, info.direction, weight, values)
        for info, weight, _period, values in uses
    ]
    # A component without figures that year counts against coverage, like a missing one.
    result = engine.compute(components, size=size, total_weight=total_weight)
    scores = result.scores
    if np.isnan(scores).all():
        return None
    parents = tree.parents[level]
    return NeedIndexLayer(
        level=level,
        year=year,
        codes=tree.codes[level],
        scores=scores,
        coverage=result.coverage,
        components=tuple(
            ComponentUse(info, weight, period, values, result.normalised.get(info.key))
            for info, weight, period, values in uses
        ),
        rank_national=engine.ranks(scores),
        rank_within_parent=engine.ranks(scores, parents),
        parent_positions=parents,
    )


def need_index_years(level: int) -> list[str]:
    """Years in which at least one region of the level has an index, oldest first."""

    def build() -> list[str]:
        years = sorted({p[:4] for info, _w in weights() for p in periods_for(info, level)}, key=int)
        return [y for y in years if need_index_layer(level, y) is not None]

    return atlas_cache.memo(("need-years", level), build)


def need_index_as_layer(level: int, year: str) -> Layer | None:
    """The index as a map layer (scores 0-100)."""
    index = need_index_layer(level, year)
    if index is None:
        return None
    size = len(index.codes)
    return Layer(
        key=NEED_INDEX,
        level=level,
        period=year,
        codes=index.codes,
        values=index.scores,
        rolled_up=np.zeros(size, dtype=bool),
        demo=np.zeros(size, dtype=bool),
        breaks=np.zeros(size, dtype=bool),
        batches=np.full(size, -1, dtype=np.int64),
        sources=np.full(size, -1, dtype=np.int64),
    )
