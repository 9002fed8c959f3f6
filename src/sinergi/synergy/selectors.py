"""Synergy reads: rows of the coverage table, blank spots and overlaps for pages and endpoints.

Figures come from the cached snapshot (``snapshot.py``); region and organisation names are read
in one query each. Two rules protect what the viewer may not see:

- **People reached are approved figures**; what was reported but not yet approved is carried
  beside them as ``reached_pending`` (the snapshot's pending table) and never added in.
- **Small counts of sensitive groups** (``core.taxonomy.SENSITIVE_PPKS``) are withheld on
  public views as the atlas withholds them: a cell whose need, reached, planned or programme
  figure lies between 0 and the group's threshold shows no figures (``suppressed``), unless the
  viewer sees full figures for that region (national admins; coordinators in their area).
- **Internal interventions** count in every figure (aggregates reveal no organisation), but
  the organisations behind an overlap are *named* only where the viewer may see them: every
  name for national admins and for coordinators whose area overlaps the cell's region; the
  viewer's own organisations; otherwise only organisations present through a public
  intervention. The others are counted as ``hidden``.

Gaps and over-coverage above the finest level are sums over the finest level with need figures
(``engines.aggregation.rollup``): a region's gap never nets one regency's surplus against another
regency's shortfall; the surplus is shown apart as ``over_covered``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from django.utils import timezone

from sinergi.atlas.access import sees_full_figures
from sinergi.atlas.layers import indicators
from sinergi.core.access import Principal, region_code_within
from sinergi.core.taxonomy import PPKS_BY_KEY, SENSITIVE_PPKS
from sinergi.partners.models import Organisation
from sinergi.regions.models import Region
from sinergi.synergy.engines import gaps
from sinergi.synergy.engines.aggregation import level_rollup
from sinergi.synergy.engines.coverage import ratio
from sinergi.synergy.snapshot import Snapshot, coverage_snapshot


@dataclass(frozen=True)
class Figures:
    """One cell's figures as shown (None: unknown or withheld)."""

    need: float | None
    reached: float | None  # approved reports only
    reached_pending: float | None  # reported, not yet approved: shown beside, never counted
    planned: float | None
    government: float | None
    apportioned: float | None
    coverage: float | None
    coverage_combined: float | None
    gap: float | None
    gap_combined: float | None
    over_covered: float | None
    over_covered_combined: float | None
    gap_need: float | None  # the need the gap is counted against (finest level, summed)
    unknown_regions: int  # regions at the finest level without need figures
    organisations: int
    apportioned_organisations: int  # present only through shares apportioned from above
    suppressed: bool


# Every figure a small count of a sensitive group could reveal: all of them are withheld.
WITHHELD_FIGURES = tuple(f.name for f in fields(Figures) if f.type == "float | None")


@dataclass(frozen=True)
class CoverageRow:
    code: str
    name: str
    figures: Figures


@dataclass(frozen=True)
class CellRow:
    """A blank spot or an overlap: a region x target group."""

    code: str
    name: str
    group: str
    group_label: str
    figures: Figures
    over_covered: bool
    with_government: bool
    kinds: tuple[str, ...]  # why it is an overlap (``gaps.KINDS``)
    named: tuple[str, ...]  # organisations the viewer may see, by name
    named_apportioned: tuple[str, ...]  # the same, present only through apportioned shares
    hidden: int  # organisations present that the viewer may not see


def coverage_years() -> tuple[int, ...]:
    return coverage_snapshot().years


def default_year(snapshot: Snapshot | None = None) -> int:
    """This year when it is on the axis, else the latest year before it (or the first)."""
    years = (snapshot or coverage_snapshot()).years
    today = timezone.localdate().year
    earlier = [y for y in years if y <= today]
    return earlier[-1] if earlier else years[0]


def _threshold(group: str) -> int:
    if group not in SENSITIVE_PPKS:
        return 0
    info = indicators().get(group)
    return info.suppress_below if info is not None else 0


def _clean(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 4)


@dataclass(frozen=True)
class _Counts:
    """A cell's organisation counts and summed gaps, as the engine gives them."""

    organisations: int
    present: int
    gap: float
    gap_combined: float
    over_covered: float
    over_covered_combined: float
    unknown: int
    gap_need: float


def _figures(values: dict[str, float], counts: _Counts, *, threshold: int, full: bool) -> Figures:
    small = [v for k, v in values.items() if k != "apportioned" and 0 < v < threshold]
    apportioned_orgs = counts.present - counts.organisations
    if small and not full:
        withheld: dict[str, Any] = dict.fromkeys(WITHHELD_FIGURES)
        return Figures(
            **withheld,
            unknown_regions=counts.unknown,
            organisations=counts.organisations,
            apportioned_organisations=apportioned_orgs,
            suppressed=True,
        )
    need, reached, gov = values["need"], values["reached"], values["government"]
    both = np.array([reached + gov])
    return Figures(
        need=_clean(need),
        reached=_clean(reached),
        reached_pending=_clean(values["pending"]),
        planned=_clean(values["planned"]),
        government=_clean(gov),
        apportioned=_clean(values["apportioned"]),
        coverage=_clean(float(ratio(np.array([reached]), np.array([need]))[0])),
        coverage_combined=_clean(float(ratio(both, np.array([need]))[0])),
        gap=_clean(counts.gap),
        gap_combined=_clean(counts.gap_combined),
        over_covered=_clean(counts.over_covered),
        over_covered_combined=_clean(counts.over_covered_combined),
        gap_need=_clean(counts.gap_need),
        unknown_regions=counts.unknown,
        organisations=counts.organisations,
        apportioned_organisations=apportioned_orgs,
        suppressed=False,
    )


def _names(codes: Sequence[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=list(set(codes))).values_list("code", "name"))


def coverage_rows(
    *, principal: Principal, level: int, year: int, group: str, parent: str
) -> list[CoverageRow]:
    """Every region of ``level`` inside ``parent`` ('' for all) for one group and year."""
    snap = coverage_snapshot()
    g, y = snap.group_index(group), snap.year_index(year)
    if g is None or y is None:
        return []
    window = snap.children(level, parent)
    lv = snap.coverage.levels[level]
    codes = [str(c) for c in snap.codes(level)[window]]
    names = _names(codes)
    threshold = _threshold(group)
    columns = {
        name: getattr(lv, name)[g, y, window]
        for name in ("need", "reached", "planned", "government", "apportioned")
    }
    columns["pending"] = snap.pending.levels[level].reached[g, y, window]
    orgs, present = lv.organisations[g, y, window], lv.present[g, y, window]
    one = np.array([g])
    partners = level_rollup(snap.coverage, level=level, year=y, groups=one)
    both = level_rollup(snap.coverage, level=level, year=y, groups=one, combined=True)
    rows = []
    for i, code in enumerate(codes):
        values = {name: float(column[i]) for name, column in columns.items()}
        at = (window.start or 0) + i
        counts = _Counts(
            organisations=int(orgs[i]),
            present=int(present[i]),
            gap=float(partners.gap[0, at]),
            gap_combined=float(both.gap[0, at]),
            over_covered=float(partners.over_covered[0, at]),
            over_covered_combined=float(both.over_covered[0, at]),
            unknown=int(both.unknown[0, at]),
            gap_need=float(both.need[0, at]),
        )
        full = threshold == 0 or sees_full_figures(principal, code)
        figures = _figures(values, counts, threshold=threshold, full=full)
        rows.append(CoverageRow(code, names.get(code, code), figures))
    return rows


def _may_name_all(principal: Principal, code: str) -> bool:
    if principal.is_national_admin:
        return True
    return any(
        region_code_within(code, root) or region_code_within(root, code)
        for root in principal.coordinated_regions()
    )


def _cell_rows(
    snap: Snapshot, principal: Principal, found: list[gaps.Cell], *, with_names: bool
) -> list[CellRow]:
    level = found[0].level if found else 1
    codes = [str(snap.codes(level)[cell.region]) for cell in found]
    names = _names(codes)
    cells = np.array([snap.coverage.cell(level, c.group, c.year, c.region) for c in found])
    none: list[list[int]] = [[] for _ in found]
    coverage = snap.coverage
    # "Any" presence: directly or through shares apportioned from above (a superset of direct).
    every = coverage.organisations_at(level, cells, apportioned=True) if with_names else none
    direct = coverage.organisations_at(level, cells) if with_names else none
    public = (
        coverage.organisations_at(level, cells, public_only=True, apportioned=True)
        if with_names
        else none
    )
    pending = snap.pending.levels[level].reached
    ids = snap.organisation_ids
    wanted = {int(ids[o]) for orgs in every for o in orgs}
    org_names = dict(Organisation.objects.filter(pk__in=wanted).values_list("pk", "name"))
    own = principal.organisation_ids()
    rows = []
    for cell, code, present, here, open_ in zip(found, codes, every, direct, public, strict=True):
        group = snap.groups[cell.group]
        threshold = _threshold(group)
        values = {
            "need": cell.need,
            "reached": cell.reached,
            "planned": cell.planned,
            "government": cell.government,
            "apportioned": cell.apportioned,
            "pending": float(pending[cell.group, cell.year, cell.region]),
        }
        full = threshold == 0 or sees_full_figures(principal, code)
        all_names = _may_name_all(principal, code)
        shown = [o for o in present if all_names or o in open_ or int(ids[o]) in own]
        counts = _Counts(
            organisations=cell.organisations,
            present=cell.present,
            gap=cell.partner_gap,
            gap_combined=cell.gap,
            over_covered=cell.partner_excess,
            over_covered_combined=cell.excess,
            unknown=cell.unknown,
            gap_need=cell.gap_need,
        )
        rows.append(
            CellRow(
                code=code,
                name=names.get(code, code),
                group=group,
                group_label=PPKS_BY_KEY[group].label,
                figures=_figures(values, counts, threshold=threshold, full=full),
                over_covered=cell.over_covered,
                with_government=cell.with_government,
                kinds=cell.kinds,
                named=tuple(sorted(org_names.get(int(ids[o]), "") for o in shown if o in here)),
                named_apportioned=tuple(
                    sorted(org_names.get(int(ids[o]), "") for o in shown if o not in here)
                ),
                hidden=len(present) - len(shown),
            )
        )
    return rows


def _query(
    snap: Snapshot, level: int, year: int, group: str | None, parent: str
) -> tuple[int, list[int] | None, slice] | None:
    y = snap.year_index(year)
    g = snap.group_index(group) if group else None
    if y is None or (group and g is None):
        return None
    return y, ([g] if g is not None else None), snap.children(level, parent)


def _cells_of(
    kind: str,
    *,
    principal: Principal,
    level: int,
    year: int,
    group: str | None,
    parent: str,
    limit: int,
) -> list[CellRow]:
    snap = coverage_snapshot()
    found = _query(snap, level, year, group, parent)
    if found is None:
        return []
    y, groups, window = found
    engine = gaps.ENGINES[kind]
    cells = engine(snap.coverage, level=level, year=y, groups=groups, regions=window, limit=limit)
    return _cell_rows(snap, principal, cells, with_names=kind == "overlaps")


def blank_spot_rows(
    *, principal: Principal, level: int, year: int, group: str | None, parent: str, limit: int
) -> list[CellRow]:
    """The largest uncovered needs (combined coverage under 10 %), largest gap first."""
    return _cells_of(
        "blank_spots",
        principal=principal,
        level=level,
        year=year,
        group=group,
        parent=parent,
        limit=limit,
    )


def overlap_rows(
    *, principal: Principal, level: int, year: int, group: str | None, parent: str, limit: int
) -> list[CellRow]:
    """Cells with several actors or more reached than in need, with who works there."""
    return _cells_of(
        "overlaps",
        principal=principal,
        level=level,
        year=year,
        group=group,
        parent=parent,
        limit=limit,
    )
