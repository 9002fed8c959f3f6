"""Blank spots and overlaps from a coverage table. Pure numpy, no Django.

- A **blank spot** is a cell (region x target group, one year) with known need whose combined
  coverage (partners + government programmes) is below a threshold (10 % by default); they are
  ranked by the people left uncovered (the combined gap), largest first.
- An **overlap** is a cell where two or more organisations are present, or an organisation and
  a government programme, or where partners and programmes together reach more people than
  are in need (*over-covered*). They are ranked by the number of actors, then by the excess.
  An organisation present only through figures apportioned from a higher level counts as an
  actor too: such overlaps carry the kind ``apportioned`` rather than being hidden.

Gaps and excesses above the finest level are the sums of the finest level with need figures
(``aggregation.rollup``): a province's gap is the sum of its regencies' (or districts') unmet
need, and their over-coverage is summed apart, never netted against it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sinergi.synergy.engines.aggregation import Rollup, level_rollup
from sinergi.synergy.engines.coverage import Coverage, ratio

BLANK_THRESHOLD = 0.10


KINDS = ("organisations", "government", "over_covered", "apportioned")


@dataclass(frozen=True)
class Cell:
    """One region x target group in one year, at one level (positions on the coverage axes).
    ``gap`` and ``excess`` count partners and programmes together, summed from the finest level
    with need figures (NaN: no need figure known); ``partner_*`` count partners only;
    ``unknown`` counts the regions there without need figures (contributing nothing)."""

    level: int
    group: int
    year: int
    region: int
    need: float  # NaN: unknown
    reached: float
    planned: float
    government: float
    apportioned: float
    organisations: int  # present directly
    present: int  # present directly or through a share apportioned from above
    gap: float
    excess: float
    partner_gap: float
    partner_excess: float
    unknown: int
    gap_need: float  # the need the gap is counted against (summed like the gap)

    @property
    def combined(self) -> float:
        return self.reached + self.government

    @property
    def coverage(self) -> float | None:
        return None if not self.need > 0 else self.combined / self.need

    @property
    def over_covered(self) -> bool:
        return self.excess > 1e-9

    @property
    def with_government(self) -> bool:
        return self.present >= 1 and self.government > 0

    @property
    def kinds(self) -> tuple[str, ...]:
        """Why the cell is an overlap, in ``KINDS`` order (empty: it is not one)."""
        actors = self.present >= 2 or self.with_government
        found = {
            "organisations": self.organisations >= 2,
            "government": self.with_government,
            "over_covered": self.over_covered,
            "apportioned": actors and self.present > self.organisations,
        }
        return tuple(kind for kind in KINDS if found[kind])


def cells(
    coverage: Coverage, *, level: int, year: int, groups: np.ndarray, regions: np.ndarray
) -> list[Cell]:
    """The cells at (group, region) position pairs, for one level and year."""
    lv = coverage.levels[level]
    g, r = np.asarray(groups, dtype=np.int64), np.asarray(regions, dtype=np.int64)
    if not len(g):
        return []
    wanted = np.unique(g)
    at = np.searchsorted(wanted, g)
    both = level_rollup(coverage, level=level, year=year, groups=wanted, combined=True)
    partners = level_rollup(coverage, level=level, year=year, groups=wanted)
    columns = (lv.need, lv.reached, lv.planned, lv.government, lv.apportioned)
    need, reached, planned, gov, app = (a[g, year, r] for a in columns)
    orgs, present = lv.organisations[g, year, r], lv.present[g, year, r]
    return [
        Cell(
            level=level,
            group=int(g[i]),
            year=year,
            region=int(r[i]),
            need=float(need[i]),
            reached=float(reached[i]),
            planned=float(planned[i]),
            government=float(gov[i]),
            apportioned=float(app[i]),
            organisations=int(orgs[i]),
            present=int(present[i]),
            gap=float(both.gap[at[i], r[i]]),
            excess=float(both.over_covered[at[i], r[i]]),
            partner_gap=float(partners.gap[at[i], r[i]]),
            partner_excess=float(partners.over_covered[at[i], r[i]]),
            unknown=int(both.unknown[at[i], r[i]]),
            gap_need=float(both.need[at[i], r[i]]),
        )
        for i in range(len(g))
    ]


def _window(
    coverage: Coverage, level: int, year: int, groups: Sequence[int] | None, regions: slice | None
) -> tuple[np.ndarray, slice, dict[str, np.ndarray]]:
    lv = coverage.levels[level]
    g = np.arange(len(coverage.inputs.groups)) if groups is None else np.asarray(groups)
    window = regions or slice(0, coverage.inputs.tree.size(level))
    both: Rollup = level_rollup(coverage, level=level, year=year, groups=g, combined=True)
    arrays = {
        "need": lv.need[g, year, window],
        "combined": lv.reached[g, year, window] + lv.government[g, year, window],
        "organisations": lv.organisations[g, year, window],
        "present": lv.present[g, year, window],
        "government": lv.government[g, year, window],
        "gap": both.gap[:, window],
        "excess": both.over_covered[:, window],
    }
    return g, window, arrays


def _top(
    g: np.ndarray, window: slice, mask: np.ndarray, score: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    flat = np.flatnonzero(mask.reshape(-1))
    order = flat[np.lexsort((flat, -score.reshape(-1)[flat]))][:limit]
    rows, cols = np.divmod(order, mask.shape[1])
    return g[rows], cols + (window.start or 0)


def blank_spots(
    coverage: Coverage,
    *,
    level: int,
    year: int,
    groups: Sequence[int] | None = None,
    regions: slice | None = None,
    threshold: float = BLANK_THRESHOLD,
    limit: int = 20,
) -> list[Cell]:
    """Cells with known need and combined coverage below ``threshold``, the largest gap first.
    ``regions`` restricts to a contiguous range of positions (the children of one region)."""
    g, window, a = _window(coverage, level, year, groups, regions)
    cov = ratio(a["combined"], a["need"])
    mask = (a["need"] > 0) & (np.nan_to_num(cov) < threshold)
    score = np.nan_to_num(a["gap"])
    gs, rs = _top(g, window, mask, score, limit)
    return cells(coverage, level=level, year=year, groups=gs, regions=rs)


def overlaps(
    coverage: Coverage,
    *,
    level: int,
    year: int,
    groups: Sequence[int] | None = None,
    regions: slice | None = None,
    limit: int = 50,
) -> list[Cell]:
    """Cells with two or more organisations, an organisation beside a government programme,
    or more people reached than in need; most actors first, then the largest excess."""
    g, window, a = _window(coverage, level, year, groups, regions)
    mask, excess = _overlap_mask(a)
    actors = a["present"] + (a["government"] > 0)
    score = actors * 1e12 + np.maximum(excess, 0.0)
    gs, rs = _top(g, window, mask, score, limit)
    return cells(coverage, level=level, year=year, groups=gs, regions=rs)


def _overlap_mask(a: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    # Organisations present through apportioned shares count as actors ("apportioned" kind);
    # the excess is the summed over-coverage of the finest level, so a province is over-covered
    # when one of its regencies is, even if the province as a whole is not.
    orgs = a["present"]
    excess = np.nan_to_num(a["excess"])
    return (orgs >= 2) | ((orgs >= 1) & (a["government"] > 0)) | (excess > 1e-9), excess


def count_overlaps(coverage: Coverage, *, level: int, year: int) -> int:
    """How many cells of the level and year are overlaps (all groups)."""
    return int(_overlap_mask(_window(coverage, level, year, None, None)[2])[0].sum())


ENGINES = {"blank_spots": blank_spots, "overlaps": overlaps}
