"""The coverage adapter: people in need and government programmes from the atlas, interventions
from the registry, the arithmetic in ``engines.coverage``; one table per data version.

People reached are the *approved* figures (``Intervention.reached_approved``, kept from the
approved progress reports by ``interventions.reach``), shared over each intervention's locations
in proportion to what the organisation declared there (``counting.apportion``); the declared
``reached`` only weighs that split. Reported figures still waiting for approval
(``reached_pending``) are apportioned the same way into a table of their own
(``Snapshot.pending``, ``Table.pending``): shown beside, never added to reached or coverage.

The snapshot is read in a few queries (interventions, their target groups, their locations;
the atlas layers come from the atlas's own per-version memo) and kept per process. It is
rebuilt when the atlas data version or the interventions' version (their count and latest
change, re-read at most every ``RECHECK_SECONDS``) moves. A change made through the
interventions services in this process (an edit, an import, a report submitted, approved,
returned or reopened) is applied incrementally instead (the listener
registered in ``SynergyConfig.ready()``), touching only the cells that intervention reaches.

Python API (stable; the plan and recommendation modules build on it):

- ``coverage_snapshot() -> Snapshot``: the whole table (``Snapshot.coverage`` is the engine's
  ``Coverage``; axes ``groups``, ``years``, ``codes(level)``, ``organisation_ids``).
- ``coverage_table(*, level, year, group) -> Table``: one level x year x group as arrays.
- ``gap_matrix(*, level, year, combined=True) -> GapMatrix``: gap per target group x region.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone

from sinergi.atlas.cache import atlas_cache
from sinergi.atlas.imports.periods import year_of
from sinergi.atlas.layers import hierarchy, indicator_layer, indicators, periods_for, pin_layer
from sinergi.atlas.layers import pin_periods as atlas_pin_periods
from sinergi.core.taxonomy import PPKS
from sinergi.interventions.models import (
    Intervention,
    InterventionLocation,
    InterventionTargetGroup,
    LocationMode,
    Status,
    Unit,
    Visibility,
)
from sinergi.synergy.engines import coverage as engine
from sinergi.synergy.engines.shares import located_shares

GROUPS: tuple[str, ...] = tuple(group.key for group in PPKS)
# Government programmes beside partners: (atlas indicator, target group it serves).
GOVERNMENT: dict[str, tuple[str, str]] = {"PKH": ("pkh_families", "FM")}
# Units counted against need (a household counts once: a lower bound); groups are not.
COUNTABLE_UNITS = frozenset({Unit.PERSONS, Unit.HOUSEHOLDS})
MAX_YEARS = 12
FUTURE_YEARS = 5  # plans further ahead than this do not stretch the table
RECHECK_SECONDS = 2.0
# More changed interventions than this at once (an import) rebuild the table instead.
APPLY_AT_MOST = 500


@dataclass(frozen=True)
class Snapshot:
    coverage: engine.Coverage  # approved reach: what every figure counts
    # The same table over reported-but-unapproved reach (its ``reached``; only interventions
    # with something pending take part). Shown beside the approved figures, never added in.
    pending: engine.Coverage
    organisation_ids: np.ndarray  # dense organisation index → Organisation id
    need_periods: dict[tuple[str, int, int], str]  # (group, level, year) → atlas period used

    @property
    def groups(self) -> tuple[str, ...]:
        return self.coverage.inputs.groups

    @property
    def years(self) -> tuple[int, ...]:
        return self.coverage.inputs.years

    def codes(self, level: int) -> np.ndarray:
        return self.coverage.inputs.tree.codes[level]

    def group_index(self, key: str) -> int | None:
        return self.groups.index(key) if key in self.groups else None

    def year_index(self, year: int) -> int | None:
        return self.years.index(year) if year in self.years else None

    def children(self, level: int, parent: str | None) -> slice:
        """The positions at ``level`` inside ``parent`` (all of them for None)."""
        codes = self.codes(level)
        if not parent:
            return slice(0, len(codes))
        lo = int(np.searchsorted(codes, parent + "."))
        hi = int(np.searchsorted(codes, parent + "/"))  # "/" sorts right after "."
        return slice(lo, hi)


@dataclass(frozen=True)
class Table:
    """One level x year x target group (arrays aligned with ``codes``; NaN need = unknown)."""

    codes: np.ndarray
    need: np.ndarray
    reached: np.ndarray  # approved
    pending: np.ndarray  # reported, not yet approved: never in coverage or gaps
    planned: np.ndarray
    government: np.ndarray
    apportioned: np.ndarray
    organisations: np.ndarray

    @property
    def coverage(self) -> np.ndarray:
        return engine.ratio(self.reached, self.need)

    @property
    def coverage_combined(self) -> np.ndarray:
        return engine.ratio(self.reached + self.government, self.need)

    @property
    def gap(self) -> np.ndarray:
        return engine.gap(self.reached, self.need)

    @property
    def gap_combined(self) -> np.ndarray:
        return engine.gap(self.reached + self.government, self.need)


@dataclass(frozen=True)
class GapMatrix:
    groups: tuple[str, ...]
    codes: np.ndarray
    gap: np.ndarray  # (groups, regions): people in need not reached; NaN where need unknown
    need: np.ndarray


# --- building --------------------------------------------------------------------------------


def _tree() -> engine.Tree:
    tree = hierarchy()
    return engine.Tree(
        codes={lv: tree.codes[lv] for lv in engine.LEVELS},
        parents={lv: tree.parents[lv] for lv in engine.LEVELS},
    )


def _latest(periods: Iterable[str], year: int, *, exact: bool) -> str | None:
    found = [p for p in periods if (year_of(p) == year if exact else year_of(p) <= year)]
    return max(found) if found else None


def _need(
    tree: engine.Tree, years: Sequence[int]
) -> tuple[dict[int, np.ndarray], dict[tuple[str, int, int], str]]:
    """People in need per level: each year takes the latest atlas figure of that year or
    before it (need is carried forward until a newer figure exists)."""
    out = {lv: np.full((len(GROUPS), len(years), tree.size(lv)), np.nan) for lv in engine.LEVELS}
    used: dict[tuple[str, int, int], str] = {}
    for g, group in enumerate(GROUPS):
        for lv in engine.LEVELS:
            periods = atlas_pin_periods(group, lv)
            for y, year in enumerate(years):
                period = _latest(periods, year, exact=False)
                layer = pin_layer(group, lv, period) if period else None
                if layer is not None:
                    out[lv][g, y] = layer.values
                    used[(group, lv, year)] = period or ""
    return out, used


def _government(tree: engine.Tree, years: Sequence[int]) -> dict[int, np.ndarray]:
    """Government programmes' beneficiaries per level and year (that year's figures only)."""
    out = {lv: np.zeros((len(GROUPS), len(years), tree.size(lv))) for lv in engine.LEVELS}
    infos = indicators()
    for key, group in GOVERNMENT.values():
        info = infos.get(key)
        if info is None:
            continue
        g = GROUPS.index(group)
        for lv in engine.LEVELS:
            periods = periods_for(info, lv)
            for y, year in enumerate(years):
                period = _latest(periods, year, exact=True)
                layer = indicator_layer(key, lv, period) if period else None
                if layer is not None:
                    out[lv][g, y] += np.nan_to_num(layer.values)
    return out


def _active_interventions() -> QuerySet[Intervention]:
    return Intervention.objects.exclude(status=Status.CANCELLED)


def _years(today: date) -> tuple[int, ...]:
    """From the earliest intervention or need figure to the latest (at least this year, at
    most ``FUTURE_YEARS`` ahead), at most ``MAX_YEARS`` (the latest ones)."""
    spans = _active_interventions().aggregate(first=Min("start_date"), last=Max("end_date"))
    found = [today.year] + [value.year for value in spans.values() if value is not None]
    for group in GROUPS:
        for lv in engine.LEVELS:
            found.extend(year_of(p) for p in atlas_pin_periods(group, lv))
    first, last = min(found), min(max(found), today.year + FUTURE_YEARS)
    return tuple(range(max(first, last - MAX_YEARS + 1), last + 1))


@dataclass(frozen=True)
class _Axes:
    tree: engine.Tree
    years: tuple[int, ...]
    organisations: np.ndarray  # sorted Organisation ids
    today: date


def _locations(
    ids: np.ndarray, rows: Iterable[tuple[int, str, int, int]]
) -> dict[tuple[int, str], list[int]]:
    """(intervention, code at level ≤ 3) → [reached, targeted]. A village counts at its
    district; one inside another location of the same intervention is a breakdown of it."""
    kept: dict[tuple[int, str], list[int]] = {}
    villages: list[tuple[int, str, int, int]] = []
    for iv, code, reached, targeted in rows:
        if code.count(".") >= 3:
            villages.append((iv, code, reached, targeted))
        else:
            kept[(iv, code)] = [reached, targeted]
    given = set(kept)
    for iv, code, reached, targeted in villages:
        district = code.rsplit(".", 1)[0]
        parts = district.split(".")
        if any((iv, ".".join(parts[:n])) in given for n in (1, 2, 3)):
            continue
        figures = kept.setdefault((iv, district), [0, 0])
        figures[0] += reached
        figures[1] += targeted
    return kept


IV_COLUMNS = (
    "id",
    "organisation_id",
    "location_mode",
    "unit",
    "visibility",
    "start_date",
    "end_date",
    "reached_approved",
    "targeted",
    "status",
    "updated_at",
    "reached_pending",
)
# Positions in IV_COLUMNS read by name below.
APPROVED, STATUS, UPDATED_AT, PENDING = 7, 9, 10, 11


@dataclass(frozen=True)
class _Read:
    interventions: list[tuple[Any, ...]]  # IV_COLUMNS, by id, cancelled ones left out
    groups: list[tuple[int, str]]
    locations: list[tuple[int, str, int, int]]  # (intervention, code, declared reached, targeted)


def _read_all() -> _Read:
    """Every intervention that counts, with its target groups and locations (3 queries)."""
    queryset = _active_interventions()
    groups = InterventionTargetGroup.objects.filter(intervention__in=queryset)
    locations = InterventionLocation.objects.filter(intervention__in=queryset)
    return _Read(
        interventions=list(queryset.order_by("id").values_list(*IV_COLUMNS)),
        groups=list(groups.values_list("intervention_id", "key").iterator(20_000)),
        locations=list(
            locations.values_list("intervention_id", "region_id", "reached", "targeted").iterator(
                20_000
            )
        ),
    )


def _read_some(ids: Sequence[int]) -> _Read:
    """The same for a few interventions, cancelled ones included (a single edit: one ORM
    query for the typed row, two plain statements for its groups and locations)."""
    wanted = [int(i) for i in ids]
    rows = list(Intervention.objects.filter(pk__in=wanted).order_by("id").values_list(*IV_COLUMNS))
    marks = ", ".join(["%s"] * len(wanted))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT intervention_id, key FROM {InterventionTargetGroup._meta.db_table} "  # noqa: S608 - table names from the models, values bound
            f"WHERE intervention_id IN ({marks})",
            wanted,
        )
        groups = [(int(iv), str(key)) for iv, key in cursor.fetchall()]
        cursor.execute(
            f"SELECT intervention_id, region_id, reached, targeted "  # noqa: S608
            f"FROM {InterventionLocation._meta.db_table} WHERE intervention_id IN ({marks})",
            wanted,
        )
        locations = [(int(iv), str(c), int(r), int(t)) for iv, c, r, t in cursor.fetchall()]
    return _Read(interventions=rows, groups=groups, locations=locations)


def _activities(axes: _Axes, read: _Read, *, figure: int = APPROVED) -> engine.Activities:
    """The engine's view of what was read, counting the approved reach (``figure`` PENDING:
    the reported-but-unapproved reach, of the interventions that have some)."""
    rows = [row for row in read.interventions if row[STATUS] != Status.CANCELLED]
    if figure == PENDING:
        rows = [row for row in rows if row[PENDING] > 0]
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    amounts = np.array([row[figure] for row in rows], dtype=np.int64)
    first_axis = axes.years[0]

    def span(start: date | None, end: date | None) -> tuple[int, int]:
        first = start.year if start else first_axis
        last = end.year if end else max(axes.today.year, first)
        return first - first_axis, last - first_axis

    spans = [span(row[5], row[6]) for row in rows]
    group_rows = [(iv, GROUPS.index(key)) for iv, key in read.groups if key in GROUPS]
    kept = _locations(ids, located_shares(ids, amounts, read.locations))
    loc_iv = np.array([iv for iv, _code in kept], dtype=np.int64)
    loc_codes = [code for _iv, code in kept]
    loc_level = np.array([code.count(".") + 1 for code in loc_codes], dtype=np.int64)
    loc_pos = np.full(len(loc_codes), -1, dtype=np.int64)
    codes_arr = np.array(loc_codes, dtype=str)
    for lv in engine.LEVELS:
        at = loc_level == lv
        if at.any():
            known = axes.tree.codes[lv]
            pos = np.minimum(np.searchsorted(known, codes_arr[at]), max(len(known) - 1, 0))
            loc_pos[at] = np.where(known[pos] == codes_arr[at], pos, -1)
    figures = np.array(list(kept.values()), dtype=float).reshape(-1, 2)
    keep = loc_pos >= 0
    # Rows of the intervention ids we read (a cancelled one has none), sorted by owner.
    keep &= np.isin(loc_iv, ids)
    order = np.argsort(loc_iv[keep], kind="stable")
    counted = set(ids.tolist())
    group_rows = sorted((r for r in group_rows if r[0] in counted), key=lambda r: r[0])
    g_iv = np.array([iv for iv, _g in group_rows], dtype=np.int64)
    org = np.array([row[1] for row in rows], dtype=np.int64)
    org_pos = np.searchsorted(axes.organisations, org)
    org_known = (org_pos < len(axes.organisations)) & (
        axes.organisations[np.minimum(org_pos, max(len(axes.organisations) - 1, 0))] == org
    )
    return engine.Activities(
        ids=ids,
        organisation=np.where(org_known, org_pos, -1).astype(np.int64),
        split=np.array([row[2] == LocationMode.SPLIT for row in rows], dtype=bool),
        countable=np.array([row[3] in COUNTABLE_UNITS for row in rows], dtype=bool),
        public=np.array([row[4] == Visibility.PUBLIC for row in rows], dtype=bool),
        first_year=np.array([s[0] for s in spans], dtype=np.int64),
        last_year=np.array([s[1] for s in spans], dtype=np.int64),
        total_reached=amounts.astype(float),
        total_targeted=np.array([row[8] for row in rows], dtype=float),
        group_owner=np.searchsorted(ids, g_iv).astype(np.int64),
        group=np.array([g for _iv, g in group_rows], dtype=np.int64),
        loc_owner=np.searchsorted(ids, loc_iv[keep][order]).astype(np.int64),
        loc_level=loc_level[keep][order],
        loc_region=loc_pos[keep][order],
        loc_reached=figures[keep][order, 0],
        loc_targeted=figures[keep][order, 1],
    )


@dataclass(frozen=True)
class _Built:
    inputs: engine.Inputs  # approved reach
    pending: engine.Inputs  # the same axes and need, reported-but-unapproved reach
    organisations: np.ndarray
    need_periods: dict[tuple[str, int, int], str]


def _build_inputs() -> _Built:
    tree = _tree()
    today = timezone.localdate()
    years = _years(today)
    queryset = _active_interventions()
    organisations = np.array(
        sorted(set(queryset.values_list("organisation_id", flat=True).distinct())), dtype=np.int64
    )
    axes = _Axes(tree=tree, years=years, organisations=organisations, today=today)
    need, used = _need(tree, years)
    read = _read_all()
    inputs = engine.Inputs(
        tree=tree,
        groups=GROUPS,
        years=years,
        need=need,
        government=_government(tree, years),
        activities=_activities(axes, read),
        organisations=len(organisations),
    )
    pending = replace(inputs, activities=_activities(axes, read, figure=PENDING))
    return _Built(inputs=inputs, pending=pending, organisations=organisations, need_periods=used)


def snapshot_inputs() -> tuple[engine.Inputs, np.ndarray, dict[tuple[str, int, int], str]]:
    """The engine's inputs read from the database (approved reach), the organisation index and
    the atlas periods used for need."""
    built = _build_inputs()
    return built.inputs, built.organisations, built.need_periods


def snapshot_build() -> Snapshot:
    """Read everything and compute the whole table (and the pending one beside it)."""
    built = _build_inputs()
    return Snapshot(
        coverage=engine.compute(built.inputs),
        pending=engine.compute(built.pending),
        organisation_ids=built.organisations,
        need_periods=built.need_periods,
    )


# --- the per-process cache -------------------------------------------------------------------


def interventions_version() -> tuple[int, str]:
    """A token that moves whenever an intervention is created, changed or removed."""
    found = Intervention.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    last = found["last"]
    return int(found["n"]), last.isoformat() if last else ""


Version = tuple[tuple[str, str], tuple[int, str]]  # (atlas, interventions)


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.snapshot: Snapshot | None = None
        self.version: Version | None = None
        self.checked_at = -float("inf")
        self.known: set[int] = set()  # every intervention id the table has seen

    def version_now(self) -> Version:
        return (atlas_cache.refresh(), interventions_version())

    def get(self) -> Snapshot:
        with self.lock:
            now = time.monotonic()
            if self.snapshot is not None and now - self.checked_at < RECHECK_SECONDS:
                return self.snapshot
            version = self.version_now()
            self.checked_at = now
            if self.snapshot is None or version != self.version:
                self.known = set(Intervention.objects.values_list("id", flat=True))
                self.snapshot = snapshot_build()
                self.version = version
            return self.snapshot

    def clear(self) -> None:
        with self.lock:
            self.snapshot, self.version, self.checked_at = None, None, -float("inf")

    def changed(self, ids: Sequence[int]) -> None:
        """Apply a change to the cached table, or forget it when it cannot be applied (or
        is a bulk import's: one rebuild is cheaper than thousands of changes one by one)."""
        with self.lock:
            snapshot = self.snapshot
            if snapshot is None:
                return
            if len(ids) > APPLY_AT_MOST:
                self.clear()
                return
            coverage = snapshot.coverage
            axes = _Axes(
                tree=coverage.inputs.tree,
                years=coverage.inputs.years,
                organisations=snapshot.organisation_ids,
                today=timezone.localdate(),
            )
            read = _read_some(ids)
            fresh = _activities(axes, read)
            # Its pending interventions are among ``fresh``: the same checks cover them.
            pending = _activities(axes, read, figure=PENDING)
            within = (fresh.first_year >= 0).all() and (fresh.last_year < len(axes.years)).all()
            if not (engine.fits(coverage, fresh) and within):
                self.clear()
                return
            for iv in ids:
                for table, found in ((coverage, fresh), (snapshot.pending, pending)):
                    rows = np.flatnonzero(found.ids == iv)
                    engine.apply_change(table, int(iv), found.take(rows) if len(rows) else None)
            self.version = self._expected(read)

    def _expected(self, read: _Read) -> Version | None:
        """The version after this change, without re-counting every intervention: the count
        grows by the new ids, the latest change is the latest of these. (A change another
        process made at the same moment, with an earlier stamp and no new row, is seen at
        that process's next change; the adapter docs say so.)"""
        if self.version is None:
            return None
        atlas, (count, last) = self.version
        new = 0
        for pk, stamp in ((row[0], row[UPDATED_AT]) for row in read.interventions):
            if pk not in self.known:
                self.known.add(pk)
                new += 1
            last = max(last, stamp.isoformat())
        return atlas, (count + new, last)


_cache = _Cache()


def coverage_snapshot() -> Snapshot:
    """The coverage table for the current data (built once per data version)."""
    return _cache.get()


def coverage_forget() -> None:
    """Drop the cached table (tests; after bulk writes that bypass the services)."""
    _cache.clear()


def on_interventions_changed(ids: Sequence[int]) -> None:
    """The listener registered with interventions (``SynergyConfig.ready()``)."""
    _cache.changed(ids)


# --- reads -----------------------------------------------------------------------------------


def coverage_table(
    *, level: int, year: int, group: str, snapshot: Snapshot | None = None
) -> Table | None:
    """One level x year x target group; None when the year or group is not on the axes."""
    snap = snapshot or coverage_snapshot()
    g, y = snap.group_index(group), snap.year_index(year)
    if g is None or y is None or level not in engine.LEVELS:
        return None
    lv = snap.coverage.levels[level]
    return Table(
        codes=snap.codes(level),
        need=lv.need[g, y].copy(),
        reached=lv.reached[g, y].copy(),
        pending=snap.pending.levels[level].reached[g, y].copy(),
        planned=lv.planned[g, y].copy(),
        government=lv.government[g, y].copy(),
        apportioned=lv.apportioned[g, y].copy(),
        organisations=lv.organisations[g, y].copy(),
    )


def gap_matrix(*, level: int, year: int, combined: bool = True) -> GapMatrix | None:
    """The gap of every target group in every region of a level in one year (with
    government programmes counted unless ``combined`` is False)."""
    snap = coverage_snapshot()
    y = snap.year_index(year)
    if y is None or level not in engine.LEVELS:
        return None
    lv = snap.coverage.levels[level]
    reached = lv.reached[:, y] + (lv.government[:, y] if combined else 0.0)
    return GapMatrix(
        groups=snap.groups,
        codes=snap.codes(level),
        gap=engine.gap(reached, lv.need[:, y]),
        need=lv.need[:, y].copy(),
    )
