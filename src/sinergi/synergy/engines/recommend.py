"""Recommendations: where an organisation's passion meets the largest unmet need, and which
organisations fit a region's largest gaps (docs/methods/recommendations.md).

Pure: arrays and frozen dataclasses in, ranked candidates with their reasons out. Reasons are
numbers (people in need, coverage, other organisations, distance), not sentences: the adapter
words them in the reader's language.

Score of organisation *o* for cell *c* = (region *r*, target group *g*)::

    gap_share  = (gap_c / largest gap among the cells considered) ** ``weights.gap_exponent``
                 (0..1; the default 0.5 makes a gap four times larger rank twice as high)
    passion    = 1 if g is one of o's target groups,
                 ``weights.unfocused`` if o names no target group, else the cell is skipped
    footprint  = 1 if r lies inside (or contains) one of o's footprint regions, else 0
    proximity  = h / (h + d), d = km from r's centroid to o's nearest footprint centroid,
                 h = ``weights.half_distance_km`` (1 next door, 0.5 at h km; 0 if unknown)
    crowding   = 1 / (1 + ``weights.crowding`` * others), others = organisations other than o
                 already active in c
    score      = need * gap_share * passion * crowding
                 * (1 + ``weights.footprint`` * footprint + ``weights.proximity`` * proximity)

A cell without a gap scores 0 and is never recommended.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Weights:
    need: float = 1.0
    gap_exponent: float = 0.5
    footprint: float = 1.0
    proximity: float = 2.0
    crowding: float = 0.5
    half_distance_km: float = 100.0
    unfocused: float = 0.5


@dataclass(frozen=True)
class Cells:
    """One row per (region, target group): parallel arrays."""

    regions: np.ndarray  # region code (str) per cell
    groups: np.ndarray  # target-group key (str) per cell
    need: np.ndarray  # people in need (float, NaN unknown)
    reached: np.ndarray  # people reached (float)
    lat: np.ndarray  # region centroid (NaN unknown)
    lng: np.ndarray
    active: tuple[frozenset[int], ...]  # organisations active per cell
    # The unmet need per cell when the caller knows better than need - reached at the cell's
    # own level: the coverage table sums it from the finest level with need figures, so
    # over-coverage in one district never fills another's gap (docs/methods/coverage.md).
    unmet: np.ndarray | None = None

    @property
    def gap(self) -> np.ndarray:
        if self.unmet is not None:
            return np.asarray(self.unmet, dtype=float)
        need = np.nan_to_num(self.need, nan=0.0)
        return np.asarray(np.maximum(need - self.reached, 0.0), dtype=float)


@dataclass(frozen=True)
class Organisation:
    id: int
    groups: frozenset[str]  # PPKS focus; empty = no stated target group
    footprint: tuple[str, ...]  # region codes (any level)
    points: tuple[tuple[float, float], ...]  # (lat, lng) of footprint / home centroids


@dataclass(frozen=True)
class Candidate:
    cell: int  # index into Cells
    organisation: int
    score: float
    need: float
    gap: float
    coverage: float  # reached / need, 0..1 (NaN unknown)
    others: int  # other organisations active in the cell
    distance_km: float  # NaN when unknown
    in_footprint: bool


def within(code: str, root: str) -> bool:
    return code == root or code.startswith(root + ".")


def _footprint_mask(regions: np.ndarray, footprint: tuple[str, ...]) -> np.ndarray:
    mask = np.zeros(len(regions), dtype=bool)
    for root in footprint:
        inside = np.char.startswith(regions.astype(str), root + ".") | (regions == root)
        # A footprint finer than the cell (a district inside the regency) counts too.
        contains = np.array([root.startswith(code + ".") for code in regions], dtype=bool)
        mask |= inside | contains
    return mask


def distances_km(
    lat: np.ndarray, lng: np.ndarray, points: tuple[tuple[float, float], ...]
) -> np.ndarray:
    """Great-circle km from each (lat, lng) to the nearest point; NaN without points."""
    if not points:
        return np.full(len(lat), np.nan)
    phi = np.radians(lat)[:, None]
    lam = np.radians(lng)[:, None]
    p = np.radians(np.array(points, dtype=float))
    d_phi = p[None, :, 0] - phi
    d_lam = p[None, :, 1] - lam
    a = np.sin(d_phi / 2) ** 2 + np.cos(phi) * np.cos(p[None, :, 0]) * np.sin(d_lam / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return np.asarray(km.min(axis=1), dtype=float)


def _score(
    cells: Cells, organisation: Organisation, weights: Weights, subset: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Scores for the cells in ``subset`` (indices), with the parts the reasons need."""
    groups = cells.groups[subset]
    if organisation.groups:
        passion = np.isin(groups, list(organisation.groups)).astype(float)
    else:
        passion = np.full(len(subset), weights.unfocused)
    gap = cells.gap[subset]
    largest = float(gap.max()) if len(gap) else 0.0
    share = (gap / largest) ** weights.gap_exponent if largest > 0 else np.zeros(len(subset))
    in_footprint = _footprint_mask(cells.regions[subset], organisation.footprint)
    km = distances_km(cells.lat[subset], cells.lng[subset], organisation.points)
    proximity = np.where(
        np.isnan(km), 0.0, weights.half_distance_km / (weights.half_distance_km + np.nan_to_num(km))
    )
    others = np.fromiter(
        (len(cells.active[i] - {organisation.id}) for i in subset), dtype=float, count=len(subset)
    )
    crowding = 1.0 / (1.0 + weights.crowding * others)
    boost = 1.0 + weights.footprint * in_footprint + weights.proximity * proximity
    score = weights.need * share * passion * crowding * boost
    return score, gap, others, km, in_footprint


def _candidate(
    cells: Cells, cell: int, organisation: int, parts: tuple[float, float, float, float, bool]
) -> Candidate:
    score, gap, others, km, in_footprint = parts
    need = float(cells.need[cell])
    coverage = float(cells.reached[cell]) / need if need > 0 else float("nan")
    return Candidate(
        cell=cell,
        organisation=organisation,
        score=score,
        need=need,
        gap=gap,
        coverage=coverage,
        others=int(others),
        distance_km=km,
        in_footprint=in_footprint,
    )


def for_organisation(
    cells: Cells, organisation: Organisation, weights: Weights, *, limit: int = 20
) -> list[Candidate]:
    """The organisation's best (region, target group) cells, best first (ties by cell order)."""
    subset = np.arange(len(cells.regions))
    if organisation.groups:
        subset = subset[np.isin(cells.groups, list(organisation.groups))]
    score, gap, others, km, foot = _score(cells, organisation, weights, subset)
    keep = score > 0
    order = np.lexsort((subset[keep], -score[keep]))[:limit]
    positions = np.flatnonzero(keep)[order]
    return [
        _candidate(
            cells,
            int(subset[p]),
            organisation.id,
            (float(score[p]), float(gap[p]), float(others[p]), float(km[p]), bool(foot[p])),
        )
        for p in positions
    ]


def for_region(
    cells: Cells,
    region: str,
    organisations: list[Organisation],
    weights: Weights,
    *,
    gaps: int = 5,
    limit: int = 20,
) -> list[Candidate]:
    """Organisations that fit the region's largest gaps: each one's best cell among the
    region's ``gaps`` largest gaps, best organisation first.

    The gap share is relative to the largest gap of the region, so organisations compete on
    passion, footprint, distance and crowding for the same gaps."""
    in_region = np.flatnonzero(cells.regions == region)
    gap_all = cells.gap[in_region]
    top = in_region[np.lexsort((in_region, -gap_all))][:gaps]
    top = top[cells.gap[top] > 0]
    best: list[Candidate] = []
    for organisation in organisations:
        score, gap, others, km, foot = _score(cells, organisation, weights, top)
        if not len(top) or score.max() <= 0:
            continue
        p = int(np.argmax(score))
        parts = (float(score[p]), float(gap[p]), float(others[p]), float(km[p]), bool(foot[p]))
        best.append(_candidate(cells, int(top[p]), organisation.id, parts))
    best.sort(key=lambda c: (-c.score, c.organisation))
    return best[:limit]
