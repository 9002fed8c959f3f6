"""Blank spots and overlaps from a coverage table. Pure numpy, no Django.

- A **blank spot** is a cell (region x target group, one year) with known need whose combined
  coverage (partners + government programmes) is below a threshold (10 % by default); they are
  ranked by the people left uncovered (the combined gap), largest first.
- An **overlap** is a cell where two or more organisations are present, or an organisation and
  a government programme, or where partners and programmes together reach more people than
  are in need (*over-covered*). They are ranked by the number of actors, then by the excess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sinergi.synergy.engines.coverage import Coverage, gap, ratio

BLANK_THRESHOLD = 0.10


@dataclass(frozen=True)
class Cell:
    """One region x target group in one year, at one level (positions on the coverage axes)."""

    level: int
    group: int
    year: int
    region: int
    need: float  # NaN: unknown
    reached: float
    planned: float
    government: float
    apportioned: float
    organisations: int

    @property
    def combined(self) -> float:
        return self.reached + self.government

    @property
    def coverage(self) -> float | None:
        return None if not self.need > 0 else self.combined / self.need

    @property
    def gap(self) -> float | None:
        return None if np.isnan(self.need) else max(self.need - self.combined, 0.0)

    @property
    def excess(self) -> float:
        return 0.0 if np.isnan(self.need) else max(self.combined - self.need, 0.0)

    @property
    def over_covered(self) -> bool:
        return self.excess > 0

    @property
    def with_government(self) -> bool:
        return self.organisations >= 1 and self.government > 0


def cells(
    coverage: Coverage, *, level: int, year: int, groups: np.ndarray, regions: np.ndarray
) -> list[Cell]:
    """The cells at (group, region) position pairs, for one level and year."""
    lv = coverage.levels[level]
    g, r = np.asarray(groups, dtype=np.int64), np.asarray(regions, dtype=np.int64)
    columns = (lv.need, lv.reached, lv.planned, lv.government, lv.apportioned, lv.organisations)
    need, reached, planned, gov, app, orgs = (a[g, year, r] for a in columns)
    return [
        Cell(
            level,
            int(gi),
            year,
            int(ri),
            float(n),
            float(rc),
            float(p),
            float(go),
            float(a),
            int(o),
        )
        for gi, ri, n, rc, p, go, a, o in zip(
            g, r, need, reached, planned, gov, app, orgs, strict=True
        )
    ]


def _window(
    coverage: Coverage, level: int, year: int, groups: Sequence[int] | None, regions: slice | None
) -> tuple[np.ndarray, slice, dict[str, np.ndarray]]:
    lv = coverage.levels[level]
    g = np.arange(len(coverage.inputs.groups)) if groups is None else np.asarray(groups)
    window = regions or slice(0, coverage.inputs.tree.size(level))
    arrays = {
        "need": lv.need[g, year, window],
        "combined": lv.reached[g, year, window] + lv.government[g, year, window],
        "organisations": lv.organisations[g, year, window],
        "government": lv.government[g, year, window],
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
    score = np.nan_to_num(gap(a["combined"], a["need"]))
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
    actors = a["organisations"] + (a["government"] > 0)
    score = actors * 1e12 + np.maximum(excess, 0.0)
    gs, rs = _top(g, window, mask, score, limit)
    return cells(coverage, level=level, year=year, groups=gs, regions=rs)


def _overlap_mask(a: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    orgs, need = a["organisations"], a["need"]
    excess = np.where(need >= 0, a["combined"] - np.nan_to_num(need), 0.0)
    return (orgs >= 2) | ((orgs >= 1) & (a["government"] > 0)) | (excess > 1e-9), excess


def count_overlaps(coverage: Coverage, *, level: int, year: int) -> int:
    """How many cells of the level and year are overlaps (all groups)."""
    return int(_overlap_mask(_window(coverage, level, year, None, None)[2])[0].sum())


ENGINES = {"blank_spots": blank_spots, "overlaps": overlaps}
