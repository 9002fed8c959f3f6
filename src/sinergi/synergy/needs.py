"""The unmet-need snapshot the recommendation and allocation engines read.

One row per (regency, target group) for a year, read from the coverage table
(``snapshot.coverage_snapshot``, docs/methods/coverage.md): people in need, people reached by
partners and by government programmes together, the unmet need summed from the finest level
with need figures (``aggregation.level_rollup``, the dashboard's gap), and
the organisations present there; plus the regency's centroid and its need-index weight
(docs/methods/recommendations.md, "Unmet need").

Memoised per coverage table and data version, rechecked at most every two seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sinergi.atlas.cache import current_version
from sinergi.atlas.need import need_index_layer, need_index_years
from sinergi.regions.codes import Level
from sinergi.regions.models import Region
from sinergi.synergy.engines.aggregation import level_rollup
from sinergi.synergy.engines.recommend import Cells
from sinergi.synergy.snapshot import coverage_snapshot

LEVEL = int(Level.REGENCY)
DEFAULT_WEIGHT = 0.5  # need-index weight where a regency has no index
MIN_WEIGHT = 0.05


@dataclass(frozen=True)
class NeedSnapshot:
    year: int
    cells: Cells
    weights: np.ndarray  # need-index weight per cell, 0.05..1
    names: dict[str, str]  # regency code → name
    centroids: dict[str, tuple[float, float]]  # every region with a centroid, any level


def regency_of(code: str) -> str | None:
    parts = code.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else None


@dataclass(frozen=True)
class _Found:
    """The (regency, group) cells with need or coverage, as parallel arrays."""

    keys: list[tuple[str, str]]
    need: np.ndarray
    reached: np.ndarray  # partners and government programmes together
    unmet: np.ndarray  # summed from the finest level with need figures (aggregation.rollup)
    active: list[frozenset[int]]  # organisations present


def _cells(year: int) -> _Found:
    """The cells with need or coverage, from the coverage table. The unmet need is the one the
    dashboard shows: summed over the districts where they have need figures, so over-coverage
    in one district never fills another's gap."""
    snap = coverage_snapshot()
    y = snap.year_index(year)
    if y is None:
        return _Found([], np.zeros(0), np.zeros(0), np.zeros(0), [])
    level = snap.coverage.levels[LEVEL]
    codes = snap.codes(LEVEL)
    rolled = level_rollup(snap.coverage, level=LEVEL, year=y, combined=True)
    keys: list[tuple[str, str]] = []
    need_parts: list[np.ndarray] = []
    reached_parts: list[np.ndarray] = []
    unmet_parts: list[np.ndarray] = []
    flat: list[int] = []
    for g, group in enumerate(snap.groups):
        need = level.need[g, y]
        reached = level.reached[g, y] + level.government[g, y]
        keep = np.union1d(np.flatnonzero(np.nan_to_num(need) > 0), np.flatnonzero(reached > 0))
        keys.extend((str(codes[r]), group) for r in keep)
        need_parts.append(need[keep])
        reached_parts.append(reached[keep])
        unmet_parts.append(np.nan_to_num(rolled.gap[g, keep], nan=0.0))
        flat.extend(snap.coverage.cell(LEVEL, g, y, int(r)) for r in keep)
    present = snap.coverage.organisations_at(LEVEL, np.array(flat, dtype=np.int64))
    ids = snap.organisation_ids

    def joined(parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(parts) if parts else np.zeros(0)

    return _Found(
        keys=keys,
        need=joined(need_parts),
        reached=joined(reached_parts),
        unmet=joined(unmet_parts),
        active=[frozenset(int(ids[i]) for i in found) for found in present],
    )


def _weights(year: int, codes: list[str]) -> np.ndarray:
    years = [int(y) for y in need_index_years(LEVEL) if int(y) <= year]
    index = need_index_layer(LEVEL, str(years[-1])) if years else None
    weights = np.full(len(codes), DEFAULT_WEIGHT)
    if index is None:
        return weights
    for i, code in enumerate(codes):
        position = int(np.searchsorted(index.codes, code))
        if position < len(index.codes) and index.codes[position] == code:
            score = float(index.scores[position])
            if not np.isnan(score):
                weights[i] = max(score / 100.0, MIN_WEIGHT)
    return weights


def _build(year: int) -> NeedSnapshot:
    regions = Region.objects.filter(retired_on__isnull=True).values_list(
        "code", "name", "level", "centroid_lat", "centroid_lng"
    )
    names: dict[str, str] = {}
    centroids: dict[str, tuple[float, float]] = {}
    for code, name, level, lat, lng in regions.iterator(5_000):
        if level == LEVEL:
            names[code] = name
        if lat is not None and lng is not None:
            centroids[code] = (lat, lng)
    codes = sorted(names)
    region_weight = dict(zip(codes, _weights(year, codes), strict=True))
    found = _cells(year)
    keys = found.keys
    nan = (float("nan"), float("nan"))
    cells = Cells(
        regions=np.array([r for r, _g in keys], dtype=str),
        groups=np.array([g for _r, g in keys], dtype=str),
        need=np.asarray(found.need, dtype=float),
        reached=np.asarray(found.reached, dtype=float),
        lat=np.array([centroids.get(r, nan)[0] for r, _g in keys], dtype=float),
        lng=np.array([centroids.get(r, nan)[1] for r, _g in keys], dtype=float),
        active=tuple(found.active),
        unmet=np.asarray(found.unmet, dtype=float),
    )
    weights = np.array([region_weight.get(r, DEFAULT_WEIGHT) for r, _g in keys], dtype=float)
    return NeedSnapshot(year, cells, weights, names, centroids)


class _Memo:
    RECHECK_SECONDS = 2.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.token: tuple[object, ...] = ()
        self.checked_at = -float("inf")
        self.store: dict[int, NeedSnapshot] = {}

    def _token(self) -> tuple[object, ...]:
        # The coverage table is a new object whenever its data version moves (it does its
        # own throttled check); in-process edits that change it in place call
        # ``on_interventions_changed`` below. So no query of our own beyond the atlas row.
        return (id(coverage_snapshot()), current_version())

    def get(self, year: int) -> NeedSnapshot:
        now = time.monotonic()
        if now - self.checked_at >= self.RECHECK_SECONDS:
            token = self._token()
            with self.lock:
                if token != self.token:
                    self.store, self.token = {}, token
                self.checked_at = now
        snapshot = self.store.get(year)
        if snapshot is None:
            snapshot = _build(year)
            with self.lock:
                self.store[year] = snapshot
        return snapshot

    def invalidate(self) -> None:
        with self.lock:
            self.checked_at = -float("inf")
            self.token = ()
            self.store = {}


need_memo = _Memo()


def need_snapshot(year: int) -> NeedSnapshot:
    """The unmet-need snapshot for ``year``, memoised per data version."""
    return need_memo.get(year)


def on_interventions_changed(ids: Sequence[int]) -> None:
    """The listener registered in ``SynergyConfig.ready()`` after the coverage table's own."""
    need_memo.invalidate()
