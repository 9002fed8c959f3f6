"""The unmet-need snapshot the recommendation and allocation engines read.

One row per (regency, target group) for a year: people in need from the atlas (its PiN layer
for the group, the latest period of that year or before), people reached by partners'
interventions active that year, the organisations active there, the regency's centroid and
its need-index weight. The rules (docs/methods/recommendations.md, "Unmet need"):

- an intervention counts in a year when its period overlaps it (no dates: always) and it is
  not cancelled;
- its outermost locations at regency level or below count in their regency; a province-wide
  location says nothing about a regency and adds nothing;
- reached is shared equally among the intervention's target groups.

Built in a handful of queries and memoised per data version (the atlas version plus a token
of the interventions table), rechecked at most every two seconds.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models import Count, Max, Q

from sinergi.atlas.cache import current_version
from sinergi.atlas.imports.periods import year_of
from sinergi.atlas.layers import pin_layer, pin_periods
from sinergi.atlas.need import need_index_layer, need_index_years
from sinergi.core.taxonomy import PPKS
from sinergi.interventions import counting
from sinergi.interventions.models import Intervention, InterventionLocation, Status
from sinergi.regions.codes import Level
from sinergi.regions.models import Region
from sinergi.synergy.engines.recommend import Cells

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


def _need(year: int, codes: list[str]) -> dict[str, np.ndarray]:
    """People in need per target group, aligned with ``codes``; groups without data left out."""
    found: dict[str, np.ndarray] = {}
    for group in PPKS:
        periods = [p for p in pin_periods(group.key, LEVEL) if year_of(p) <= year]
        layer = pin_layer(group.key, LEVEL, periods[-1]) if periods else None
        if layer is None:
            continue
        values = np.full(len(codes), np.nan)
        for i, code in enumerate(codes):
            value = layer.value_at(code)
            values[i] = np.nan if value is None else value
        found[group.key] = values
    return found


def _reached(year: int) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], set[int]]]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    active = (
        Intervention.objects.exclude(status=Status.CANCELLED)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    )
    groups: dict[int, list[str]] = defaultdict(list)
    owners: dict[int, int] = {}
    for pk, organisation, key in active.values_list(
        "pk", "organisation_id", "target_groups__key"
    ).iterator(5_000):
        owners[pk] = organisation
        if key:
            groups[pk].append(key)
    locations: dict[int, dict[str, int]] = defaultdict(dict)
    rows = InterventionLocation.objects.filter(intervention__in=active).values_list(
        "intervention_id", "region_id", "reached"
    )
    for pk, code, reached in rows.iterator(5_000):
        locations[pk][code] = reached
    reached_in: dict[tuple[str, str], float] = defaultdict(float)
    active_in: dict[tuple[str, str], set[int]] = defaultdict(set)
    for pk, figures in locations.items():
        keys = groups.get(pk, [])
        for code in counting.outermost(figures):
            regency = regency_of(code)
            if regency is None or not keys:
                continue
            for key in keys:
                reached_in[(regency, key)] += figures[code] / len(keys)
                active_in[(regency, key)].add(owners[pk])
    return reached_in, active_in


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
    need = _need(year, codes)
    reached, active = _reached(year)
    region_weight = dict(zip(codes, _weights(year, codes), strict=True))
    keys = sorted(
        {
            (code, g)
            for g, values in need.items()
            for code, v in zip(codes, values, strict=True)
            if v > 0
        }
        | {key for key in reached if key[0] in names}
    )
    position = {code: i for i, code in enumerate(codes)}
    nan = (float("nan"), float("nan"))
    cells = Cells(
        regions=np.array([r for r, _g in keys], dtype=str),
        groups=np.array([g for _r, g in keys], dtype=str),
        need=np.array(
            [need[g][position[r]] if g in need else np.nan for r, g in keys], dtype=float
        ),
        reached=np.array([reached.get(k, 0.0) for k in keys], dtype=float),
        lat=np.array([centroids.get(r, nan)[0] for r, _g in keys], dtype=float),
        lng=np.array([centroids.get(r, nan)[1] for r, _g in keys], dtype=float),
        active=tuple(frozenset(active.get(k, ())) for k in keys),
    )
    weights = np.array([region_weight[r] for r, _g in keys], dtype=float)
    return NeedSnapshot(year, cells, weights, names, centroids)


class _Memo:
    RECHECK_SECONDS = 2.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.token: tuple[object, ...] = ()
        self.checked_at = -float("inf")
        self.store: dict[int, NeedSnapshot] = {}

    def _token(self) -> tuple[object, ...]:
        figures = Intervention.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
        return (*current_version(), figures["n"], figures["last"])

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
