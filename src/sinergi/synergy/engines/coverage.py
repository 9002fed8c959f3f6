"""Coverage against need: people in need, reached and planned for every region x target group
x year at the analysis levels (1 province, 2 regency/city, 3 district). Pure numpy, no Django.

The rules (docs/methods/coverage.md):

- an intervention is active in every year its period overlaps (the adapter gives each one a
  first and last year index on the ``years`` axis);
- per-location figures count where they are given; a location inside another location of the
  same intervention is a breakdown of it, so the outer location only contributes what its
  breakdown leaves over (its *residual*);
- a single total over several regions (split mode) is shared among its outermost locations in
  proportion to need (equally where need is unknown everywhere);
- an intervention working for several target groups shares each figure among its groups in
  proportion to each group's need in that region (equally where unknown);
- an entry at a higher level counts at that level and is apportioned down, level by level, in
  proportion to need (equally among the children where their need is unknown); the part of a
  cell's figure that came from above is kept as ``apportioned``;
- levels above sum the levels below (a region without children keeps what it was given);
- an organisation whose people were apportioned to a region counts as *present* there, flagged
  as apportioned (``Level.present`` counts both kinds; ``Level.organisations`` only direct);
- unmet need does not roll up as need - reached: ``aggregation.rollup`` sums
  max(need - reached, 0) over the finest level with need figures, so over-coverage in one
  regency never fills another regency's gap; the surplus is summed separately.

Arrays are shaped (groups, years, regions of the level). ``compute`` builds everything in a
handful of vectorised passes; ``apply_change`` replaces one intervention's contribution in
place, touching only the cells it reaches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from sinergi.synergy.engines.arrays import LEVELS as LEVELS
from sinergi.synergy.engines.arrays import Keys as Keys
from sinergi.synergy.engines.arrays import Presence as Presence
from sinergi.synergy.engines.arrays import PresenceKeys as PresenceKeys
from sinergi.synergy.engines.arrays import Tree as Tree
from sinergi.synergy.engines.arrays import repeat_ranges, segment_share, sum_children, unique


@dataclass(frozen=True)
class Activities:
    """Interventions as entered. Per intervention (``ids`` order): the lead organisation
    (dense index), whether one total is split, whether its unit counts against need, its
    active years (indices into the years axis, inclusive) and its totals. Per target group
    row: the intervention row it belongs to and the group index. Per location row: the
    intervention row, the level and position of the region, and its figures."""

    ids: np.ndarray
    organisation: np.ndarray
    split: np.ndarray
    countable: np.ndarray
    public: np.ndarray
    first_year: np.ndarray
    last_year: np.ndarray
    total_reached: np.ndarray
    total_targeted: np.ndarray
    group_owner: np.ndarray
    group: np.ndarray
    loc_owner: np.ndarray
    loc_level: np.ndarray
    loc_region: np.ndarray
    loc_reached: np.ndarray
    loc_targeted: np.ndarray

    def take(self, rows: np.ndarray) -> Activities:
        """The activities of the intervention rows ``rows`` only (renumbered 0..n-1). Group
        and location rows must be sorted by owner (``activities`` and the adapter do so)."""
        rows = np.sort(np.asarray(rows, dtype=np.int64))
        renumber = np.full(len(self.ids), -1, dtype=np.int64)
        renumber[rows] = np.arange(len(rows))

        def within(owners: np.ndarray) -> np.ndarray:
            lo = np.searchsorted(owners, rows, side="left")
            hi = np.searchsorted(owners, rows, side="right")
            parts = [np.arange(a, b) for a, b in zip(lo, hi, strict=True)]
            return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

        g = within(self.group_owner).astype(np.int64)
        lo = within(self.loc_owner).astype(np.int64)
        return Activities(
            ids=self.ids[rows],
            organisation=self.organisation[rows],
            split=self.split[rows],
            countable=self.countable[rows],
            public=self.public[rows],
            first_year=self.first_year[rows],
            last_year=self.last_year[rows],
            total_reached=self.total_reached[rows],
            total_targeted=self.total_targeted[rows],
            group_owner=renumber[self.group_owner[g]],
            group=self.group[g],
            loc_owner=renumber[self.loc_owner[lo]],
            loc_level=self.loc_level[lo],
            loc_region=self.loc_region[lo],
            loc_reached=self.loc_reached[lo],
            loc_targeted=self.loc_targeted[lo],
        )


def activities(
    *,
    interventions: Sequence[tuple[int, int, bool, bool, bool, int, int, float, float]],
    groups: Sequence[tuple[int, int]],
    locations: Sequence[tuple[int, int, int, float, float]],
) -> Activities:
    """Build ``Activities`` from plain rows (for tests and small inputs): interventions as
    (id, organisation, split, countable, public, first_year, last_year, total_reached,
    total_targeted); groups as (intervention row, group); locations as (intervention row,
    level, position, reached, targeted)."""
    iv = list(zip(*interventions, strict=True)) if interventions else [()] * 9
    gr = list(zip(*sorted(groups, key=lambda r: r[0]), strict=True)) if groups else [()] * 2
    lo = list(zip(*sorted(locations, key=lambda r: r[0]), strict=True)) if locations else [()] * 5
    return Activities(
        ids=np.array(iv[0], dtype=np.int64),
        organisation=np.array(iv[1], dtype=np.int64),
        split=np.array(iv[2], dtype=bool),
        countable=np.array(iv[3], dtype=bool),
        public=np.array(iv[4], dtype=bool),
        first_year=np.array(iv[5], dtype=np.int64),
        last_year=np.array(iv[6], dtype=np.int64),
        total_reached=np.array(iv[7], dtype=float),
        total_targeted=np.array(iv[8], dtype=float),
        group_owner=np.array(gr[0], dtype=np.int64),
        group=np.array(gr[1], dtype=np.int64),
        loc_owner=np.array(lo[0], dtype=np.int64),
        loc_level=np.array(lo[1], dtype=np.int64),
        loc_region=np.array(lo[2], dtype=np.int64),
        loc_reached=np.array(lo[3], dtype=float),
        loc_targeted=np.array(lo[4], dtype=float),
    )


@dataclass(frozen=True)
class Inputs:
    tree: Tree
    groups: tuple[str, ...]
    years: tuple[int, ...]
    need: Mapping[int, np.ndarray]  # level → (G, Y, n) people in need, NaN unknown
    government: Mapping[int, np.ndarray]  # level → (G, Y, n) reached by government programmes
    activities: Activities
    organisations: int  # size of the dense organisation index


@dataclass(frozen=True)
class Rows:
    """Expanded rows: one per (location, target group, active year) with its shares."""

    owner: np.ndarray
    organisation: np.ndarray
    group: np.ndarray
    year: np.ndarray
    level: np.ndarray
    region: np.ndarray
    reached: np.ndarray
    targeted: np.ndarray
    public: np.ndarray


@dataclass(frozen=True)
class Level:
    """One level's table, (G, Y, n) each. Figures are floats (shares of people); callers
    round for display. ``organisations`` counts distinct lead organisations present."""

    level: int
    need: np.ndarray
    reached: np.ndarray
    planned: np.ndarray
    apportioned: np.ndarray  # part of ``reached`` that came from entries at coarser levels
    government: np.ndarray
    organisations: np.ndarray
    # Organisations present directly or through a share apportioned from above (≥ organisations).
    present: np.ndarray


@dataclass(frozen=True)
class Coverage:
    """The result. Arrays are updated in place by ``apply_change``."""

    inputs: Inputs
    levels: Mapping[int, Level]
    presence: Mapping[int, Presence]
    public_presence: Mapping[int, Presence]  # the same from public interventions only
    # The same two including organisations present only through apportioned shares.
    any_presence: Mapping[int, Presence]
    any_public_presence: Mapping[int, Presence]
    fractions: Mapping[int, np.ndarray]  # level → (G, Y, n): each region's share of its parent
    overrides: dict[int, Activities | None] = field(default_factory=dict)

    def cell(self, level: int, group: int, year: int, region: int) -> int:
        size = self.inputs.tree.size(level)
        return (group * len(self.inputs.years) + year) * size + region

    def organisations_at(
        self,
        level: int,
        cells: np.ndarray,
        *,
        public_only: bool = False,
        apportioned: bool = False,
    ) -> list[list[int]]:
        """Dense organisation indices present in each of ``cells`` (flat cell indices); with
        ``public_only``, only those present through a public intervention; with
        ``apportioned``, also those present only through a share apportioned from above."""
        if apportioned:
            stores = self.any_public_presence if public_only else self.any_presence
        else:
            stores = self.public_presence if public_only else self.presence
        presence = stores[level]
        n_org = max(self.inputs.organisations, 1)
        out: list[list[int]] = []
        for cell in np.asarray(cells, dtype=np.int64):
            lo = int(np.searchsorted(presence.keys, cell * n_org))
            hi = int(np.searchsorted(presence.keys, (cell + 1) * n_org))
            found = {
                int(k % n_org)
                for k, c in zip(presence.keys[lo:hi], presence.counts[lo:hi], strict=True)
                if c > 0
            }
            found |= {k % n_org for k, c in presence.added.items() if k // n_org == cell and c > 0}
            out.append(sorted(found))
        return out


# --- derived figures -------------------------------------------------------------------------


def ratio(reached: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Coverage = reached ÷ need; NaN where need is unknown or zero."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(need > 0, reached / np.where(need > 0, need, 1.0), np.nan)


def gap(reached: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Gap = max(need - reached, 0); NaN where need is unknown."""
    return np.where(np.isnan(need), np.nan, np.maximum(np.nan_to_num(need) - reached, 0.0))


# --- expansion -------------------------------------------------------------------------------


def _nearest_outer(tree: Tree, act: Activities) -> np.ndarray:
    """For each location row, the row of the nearest location of the same intervention that
    contains it (-1 if none)."""
    n = len(act.loc_owner)
    out = np.full(n, -1, dtype=np.int64)
    if not n:
        return out
    width = max(tree.size(lv) for lv in LEVELS) + 1
    keys = (act.loc_owner * 4 + act.loc_level) * width + act.loc_region
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    for target in (2, 1):  # nearest first: a district looks at its regency, then province
        deeper = (act.loc_level > target) & (out < 0)
        if not deeper.any():
            continue
        rows = np.flatnonzero(deeper)
        anc = np.full(len(rows), -1, dtype=np.int64)
        for level in (2, 3):
            at = act.loc_level[rows] == level
            anc[at] = tree.ancestor(level, act.loc_region[rows[at]], target)
        wanted = (act.loc_owner[rows] * 4 + target) * width + anc
        pos = np.minimum(np.searchsorted(sorted_keys, wanted), len(keys) - 1)
        hit = (sorted_keys[pos] == wanted) & (anc >= 0)
        out[rows[hit]] = order[pos[hit]]
    return out


def expand(inputs: Inputs, act: Activities) -> Rows:
    """Every (location, target group, active year) row with its share of the figures."""
    tree, n_years = inputs.tree, len(inputs.years)
    outer = _nearest_outer(tree, act)
    owner = act.loc_owner
    split = act.split[owner] if len(owner) else np.zeros(0, dtype=bool)
    # Residuals: what a location leaves over after its own breakdown (never below 0).
    inner_r = np.bincount(outer[outer >= 0], act.loc_reached[outer >= 0], minlength=len(owner))
    inner_t = np.bincount(outer[outer >= 0], act.loc_targeted[outer >= 0], minlength=len(owner))
    figure_r = np.where(split, act.total_reached[owner], np.maximum(act.loc_reached - inner_r, 0.0))
    figure_t = np.where(
        split, act.total_targeted[owner], np.maximum(act.loc_targeted - inner_t, 0.0)
    )
    # Groups per intervention (group rows sorted by owner).
    g_order = np.argsort(act.group_owner, kind="stable")
    g_sorted = act.group[g_order]
    g_count = np.bincount(act.group_owner, minlength=len(act.ids))
    g_start = np.cumsum(g_count) - g_count
    loc_rows, g_pos = repeat_ranges(g_start[owner], g_count[owner])
    groups = g_sorted[g_pos] if len(g_pos) else np.zeros(0, dtype=np.int64)
    # Years.
    first = np.clip(act.first_year, 0, n_years)
    y_count = np.maximum(np.minimum(act.last_year, n_years - 1) - first + 1, 0)
    own = owner[loc_rows]
    rows, years = repeat_ranges(first[own], y_count[own])
    loc = loc_rows[rows]
    group = groups[rows]
    own = owner[loc]
    level = act.loc_level[loc]
    region = act.loc_region[loc]
    weight = np.zeros(len(loc))
    for lv in LEVELS:
        at = level == lv
        if at.any():
            weight[at] = inputs.need[lv][group[at], years[at], region[at]]
    weight = np.nan_to_num(np.maximum(weight, 0.0))
    is_split = split[loc]
    eligible = ~is_split | (outer[loc] < 0)  # split: the outermost locations only
    # Split: one segment per (intervention, year) over its (location, group) rows; otherwise
    # one per (location, year) over its groups.
    segment = np.where(
        is_split,
        -(own * n_years + years) - 1,
        loc * n_years + years,
    )
    share = segment_share(segment, weight, eligible)
    countable = act.countable[own]
    return Rows(
        owner=own,
        organisation=act.organisation[own],
        group=group,
        year=years,
        level=level,
        region=region,
        reached=np.where(countable, figure_r[loc] * share, 0.0),
        targeted=np.where(countable, figure_t[loc] * share, 0.0),
        public=act.public[own],
    )


# --- apportioning and summing ----------------------------------------------------------------


def fractions(tree: Tree, need: Mapping[int, np.ndarray]) -> dict[int, np.ndarray]:
    """Each region's share of its parent (levels 2 and 3): its need over its siblings', or
    equal among the siblings where none of them has a known need."""
    out: dict[int, np.ndarray] = {}
    for level in LEVELS[1:]:
        parents = tree.parents[level]
        size_up = tree.size(level - 1)
        w = np.nan_to_num(np.maximum(need[level], 0.0))
        safe = np.maximum(parents, 0)
        sums = sum_children(tree, level - 1, w)
        count = np.bincount(parents[parents >= 0], minlength=size_up).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            by_need = w / np.where(sums[..., safe] > 0, sums[..., safe], 1.0)
        equal = 1.0 / np.maximum(count[safe], 1.0)
        frac = np.where(sums[..., safe] > 0, by_need, equal)
        out[level] = np.where(parents >= 0, frac, 0.0)
    return out


def _scatter(inputs: Inputs, rows: Rows, level: int, values: np.ndarray) -> np.ndarray:
    shape = (len(inputs.groups), len(inputs.years), inputs.tree.size(level))
    at = rows.level == level
    flat = (rows.group[at] * shape[1] + rows.year[at]) * shape[2] + rows.region[at]
    return np.bincount(flat, values[at], minlength=int(np.prod(shape))).reshape(shape)


def _cascade(
    inputs: Inputs, frac: Mapping[int, np.ndarray], direct: Mapping[int, np.ndarray]
) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Totals and apportioned parts per level from the entries made at each level."""
    tree = inputs.tree
    carried = direct[1]
    apportioned = {1: np.zeros_like(direct[1])}
    for level in LEVELS[1:]:
        apportioned[level] = carried[..., np.maximum(tree.parents[level], 0)] * frac[level]
        carried = direct[level] + apportioned[level]
    total = {3: carried}
    for level in (2, 1):
        starts, ends = tree.child_ranges(level)
        below = sum_children(tree, level, total[level + 1])
        own = direct[level] + apportioned[level]
        total[level] = np.where(ends > starts, below, own)
    return total, apportioned


def _apportioned_cells(
    inputs: Inputs, frac: Mapping[int, np.ndarray], rows: Rows, target: int
) -> tuple[np.ndarray, np.ndarray]:
    """(row, cell at ``target``) for every region at ``target`` that receives a positive share
    of a row entered at a coarser level: where its people were apportioned to."""
    tree, n_years = inputs.tree, len(inputs.years)
    coarse = np.flatnonzero((rows.level < target) & ((rows.reached + rows.targeted) > 0))
    row_parts: list[np.ndarray] = []
    cell_parts: list[np.ndarray] = []
    for level in range(1, target):
        picked = coarse[rows.level[coarse] == level]
        if not len(picked):
            continue
        lo, hi = rows.region[picked], rows.region[picked] + 1
        for down in range(level + 1, target + 1):  # descendants are contiguous, level by level
            starts, ends = tree.child_ranges(down - 1)
            empty = hi <= lo
            last = max(len(starts) - 1, 0)
            lo, hi = starts[np.minimum(lo, last)], ends[np.clip(hi - 1, 0, last)]
            hi = np.where(empty, lo, np.maximum(hi, lo))
        which, region = repeat_ranges(lo, hi - lo)
        row = picked[which]
        g, y = rows.group[row], rows.year[row]
        share = np.ones(len(row))
        position = region
        for down in range(target, level, -1):
            share = share * frac[down][g, y, position]
            position = tree.parents[down][position]
        keep = share > 0
        row_parts.append(row[keep])
        cell_parts.append(((g * n_years + y) * tree.size(target) + region)[keep])
    if not row_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(row_parts), np.concatenate(cell_parts)


def _presence(
    inputs: Inputs, frac: Mapping[int, np.ndarray], rows: Rows
) -> dict[int, PresenceKeys]:
    """Presence keys per level (an organisation working in a region works in its ancestors
    too; one whose figures were apportioned to a region is present there as apportioned)."""
    n_org, n_years = max(inputs.organisations, 1), len(inputs.years)
    out: dict[int, PresenceKeys] = {}
    for target in LEVELS:
        anc = np.full(len(rows.level), -1, dtype=np.int64)
        for level in LEVELS[target - 1 :]:
            at = rows.level == level
            if at.any():
                anc[at] = inputs.tree.ancestor(level, rows.region[at], target)
        cell = (rows.group * n_years + rows.year) * inputs.tree.size(target) + anc
        key = cell * n_org + rows.organisation
        valid = anc >= 0
        down_row, down_cell = _apportioned_cells(inputs, frac, rows, target)
        down_key = down_cell * n_org + rows.organisation[down_row]
        down_public = rows.public[down_row]
        out[target] = PresenceKeys(
            direct=unique(key[valid]),
            direct_public=unique(key[valid & rows.public]),
            any=unique(np.concatenate([key[valid], down_key])),
            any_public=unique(np.concatenate([key[valid & rows.public], down_key[down_public]])),
        )
    return out


def compute(inputs: Inputs) -> Coverage:
    """The whole table for every level, group and year."""
    rows = expand(inputs, inputs.activities)
    frac = fractions(inputs.tree, inputs.need)
    direct_r = {lv: _scatter(inputs, rows, lv, rows.reached) for lv in LEVELS}
    direct_t = {lv: _scatter(inputs, rows, lv, rows.targeted) for lv in LEVELS}
    reached, apportioned = _cascade(inputs, frac, direct_r)
    planned, _ = _cascade(inputs, frac, direct_t)
    presence = _presence(inputs, frac, rows)
    levels: dict[int, Level] = {}
    shape_gy = (len(inputs.groups), len(inputs.years))
    n_org = max(inputs.organisations, 1)

    def count(keys: np.ndarray, lv: int) -> np.ndarray:
        size = int(np.prod(shape_gy)) * inputs.tree.size(lv)
        found = np.bincount(keys // n_org, minlength=size)
        return found.reshape((*shape_gy, inputs.tree.size(lv))).astype(np.int64)

    for lv in LEVELS:
        levels[lv] = Level(
            level=lv,
            need=inputs.need[lv],
            reached=reached[lv],
            planned=planned[lv],
            apportioned=apportioned[lv],
            government=inputs.government[lv],
            organisations=count(presence[lv].direct[0], lv),
            present=count(presence[lv].any[0], lv),
        )
    return Coverage(
        inputs=inputs,
        levels=levels,
        presence={lv: Presence(*presence[lv].direct) for lv in LEVELS},
        public_presence={lv: Presence(*presence[lv].direct_public) for lv in LEVELS},
        any_presence={lv: Presence(*presence[lv].any) for lv in LEVELS},
        any_public_presence={lv: Presence(*presence[lv].any_public) for lv in LEVELS},
        fractions=frac,
    )


# --- incremental update ----------------------------------------------------------------------


def _current(coverage: Coverage, intervention_id: int) -> Activities | None:
    if intervention_id in coverage.overrides:
        return coverage.overrides[intervention_id]
    act = coverage.inputs.activities
    at = int(np.searchsorted(act.ids, intervention_id))
    found = at < len(act.ids) and act.ids[at] == intervention_id
    return act.take(np.array([at])) if found else None


def _add_rows(coverage: Coverage, rows: Rows, sign: float) -> None:
    tree, frac = coverage.inputs.tree, coverage.fractions
    lv = coverage.levels
    for i in range(len(rows.owner)):
        g, y, level, r = (
            int(rows.group[i]),
            int(rows.year[i]),
            int(rows.level[i]),
            int(rows.region[i]),
        )
        dr, dt = sign * float(rows.reached[i]), sign * float(rows.targeted[i])
        if dr == 0 and dt == 0:
            continue
        # The region itself and its ancestors.
        position = r
        for up in range(level, 0, -1):
            lv[up].reached[g, y, position] += dr
            lv[up].planned[g, y, position] += dt
            if up > 1:
                position = int(tree.parents[up][position])
        # Its descendants, level by level, in proportion to need.
        lo, hi = r, r + 1
        share = np.ones(1)
        for down in range(level + 1, 4):
            starts, ends = tree.child_ranges(down - 1)
            new_lo, new_hi = int(starts[lo]), int(ends[hi - 1])
            if new_hi <= new_lo:
                break
            parent_of = tree.parents[down][new_lo:new_hi] - lo
            share = share[parent_of] * frac[down][g, y, new_lo:new_hi]
            lo, hi = new_lo, new_hi
            lv[down].reached[g, y, lo:hi] += dr * share
            lv[down].planned[g, y, lo:hi] += dt * share
            lv[down].apportioned[g, y, lo:hi] += dr * share


def _move_presence(coverage: Coverage, rows: Rows, sign: int) -> None:
    inputs = coverage.inputs
    n_org = max(inputs.organisations, 1)
    for target, found in _presence(inputs, coverage.fractions, rows).items():
        level = coverage.levels[target]
        _move_keys(coverage.public_presence[target], *found.direct_public, sign, None, n_org)
        _move_keys(coverage.any_public_presence[target], *found.any_public, sign, None, n_org)
        orgs = level.organisations.reshape(-1)
        _move_keys(coverage.presence[target], *found.direct, sign, orgs, n_org)
        present = level.present.reshape(-1)
        _move_keys(coverage.any_presence[target], *found.any, sign, present, n_org)


def _move_keys(
    store: Presence,
    keys: np.ndarray,
    counts: np.ndarray,
    sign: int,
    orgs: np.ndarray | None,
    n_org: int,
) -> None:
    for key, count in zip(keys.tolist(), counts.tolist(), strict=True):
        before = store.count(key)
        at = int(np.searchsorted(store.keys, key))
        if at < len(store.keys) and store.keys[at] == key:
            store.counts[at] += sign * count
        else:
            store.added[key] = store.added.get(key, 0) + sign * count
        after = before + sign * count
        if orgs is not None and (before > 0) != (after > 0):
            orgs[key // n_org] += 1 if after > 0 else -1


def apply_change(coverage: Coverage, intervention_id: int, new: Activities | None) -> None:
    """Replace one intervention's contribution (``new`` None: it is gone). ``new`` holds that
    intervention alone, with organisation and year indices on the coverage's axes; the
    caller rebuilds instead when they fall outside them (``fits``)."""
    old = _current(coverage, intervention_id)
    if old is not None and len(old.ids):
        old_rows = expand(coverage.inputs, old)
        _add_rows(coverage, old_rows, -1.0)
        _move_presence(coverage, old_rows, -1)
    if new is not None and len(new.ids):
        new_rows = expand(coverage.inputs, new)
        _add_rows(coverage, new_rows, 1.0)
        _move_presence(coverage, new_rows, 1)
    coverage.overrides[intervention_id] = new


def fits(coverage: Coverage, new: Activities) -> bool:
    """Can ``apply_change`` take ``new`` (its organisations are on the index)?"""
    return bool(
        (new.organisation >= 0).all() and (new.organisation < coverage.inputs.organisations).all()
    )


ENGINES = {"coverage": compute}
