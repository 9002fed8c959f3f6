"""Where an intervention's approved (or pending) total lies, per location row, for a whole
national read at once: ``counting.apportion``'s rule in arrays. Pure numpy, no Django.

The coverage adapter (``synergy.snapshot``) reads every intervention's approved and pending
reach and its location rows with the declared figures; these functions give each row its part
of the total, so the engine can count people where the declared figures put them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from sinergi.interventions.counting import apportion


@dataclass(frozen=True)
class LocationCodes:
    """The distinct location codes, sorted (a code's rank is its place here, so ranks sort as
    the codes do), and for each the ranks of its ancestors that are also listed (-1: none)."""

    names: list[str]
    ancestors: np.ndarray  # (codes, 3)

    @classmethod
    def of(cls, codes: Iterable[str]) -> tuple[LocationCodes, dict[str, int]]:
        names = sorted(set(codes))
        rank = {code: i for i, code in enumerate(names)}
        ancestors = np.full((len(names), 3), -1, dtype=np.int64)
        for i, code in enumerate(names):
            parts = code.split(".")
            for n in range(1, min(len(parts), 4)):
                ancestors[i, n - 1] = rank.get(".".join(parts[:n]), -1)
        return cls(names, ancestors), rank


def location_shares(
    owner: np.ndarray,
    rank: np.ndarray,
    codes: LocationCodes,
    declared: np.ndarray,
    amount: np.ndarray,
) -> np.ndarray:
    """Each location row's part of its intervention's ``amount`` (given per row), as
    ``counting.apportion`` shares it by the declared (reached, targeted) figures in
    ``declared`` (rows x 2); ``rank`` is each row's code in ``codes``. A national read has
    ~200,000 interventions, so the usual one, whose locations do not nest, is split here in
    arrays (the same largest-remainder rule); the few with a breakdown go through ``apportion``
    itself. Rows with nothing to share stay 0."""
    out = np.zeros(len(owner), dtype=np.int64)
    live = np.flatnonzero(amount > 0)
    if not len(live):
        return out
    order = np.lexsort((rank[live], owner[live]))
    rows = live[order]
    iv, rk = owner[rows], rank[rows]
    # Sorted, a location inside another follows it directly (see ``counting.outermost``), so an
    # intervention has a breakdown exactly when one of its rows lies inside the row before it.
    inside = np.zeros(len(rows), dtype=bool)
    inside[1:] = (iv[1:] == iv[:-1]) & (codes.ancestors[rk[1:]] == rk[:-1, None]).any(axis=1)
    nested = np.isin(iv, iv[inside])
    by_owner: dict[int, list[int]] = {}
    for p in np.flatnonzero(nested).tolist():
        by_owner.setdefault(int(iv[p]), []).append(p)
    for positions in by_owner.values():
        figures = {
            codes.names[rk[p]]: (int(declared[rows[p], 0]), int(declared[rows[p], 1]))
            for p in positions
        }
        parts = apportion(int(amount[rows[positions[0]]]), figures)
        for p in positions:
            out[rows[p]] = parts[codes.names[rk[p]]]
    plain = ~nested
    rows, iv, rk = rows[plain], iv[plain], rk[plain]
    if not len(rows):
        return out
    _ivs, start, group, count = np.unique(
        iv, return_index=True, return_inverse=True, return_counts=True
    )
    group = group.reshape(-1)
    reached, targeted = declared[rows, 0], declared[rows, 1]
    # Declared reach weighs the split; declared targets where none is declared; else equal.
    weight = np.where((np.add.reduceat(reached, start) > 0)[group], reached, targeted)
    whole = np.add.reduceat(weight, start)
    weight = np.where((whole == 0)[group], 1, weight)
    whole = np.where(whole == 0, count, whole)[group]
    total = amount[rows]
    shares = total * weight // whole
    left = total[start] - np.add.reduceat(shares, start)
    # The people left over go one each to the largest remainders (ties: the lower code).
    order = np.lexsort((rk, -(total * weight % whole), group))
    place = np.arange(len(order)) - start[group[order]]
    shares[order[place < left[group[order]]]] += 1
    out[rows] = shares
    return out


def located_shares(
    ids: np.ndarray, amounts: np.ndarray, locations: Sequence[tuple[int, str, int, int]]
) -> list[tuple[int, str, int, int]]:
    """The location rows of the interventions ``ids`` with their part of ``amounts`` (per
    intervention) as the reached figure, the declared target kept."""
    if not locations or not len(ids):
        return []
    owner = np.fromiter((row[0] for row in locations), dtype=np.int64, count=len(locations))
    at = np.minimum(np.searchsorted(ids, owner), len(ids) - 1)
    known = ids[at] == owner
    if not known.all():
        locations = [row for row, keep in zip(locations, known.tolist(), strict=True) if keep]
        owner, at = owner[known], at[known]
    size = len(locations)
    names = [row[1] for row in locations]
    codes, rank = LocationCodes.of(names)
    declared = np.empty((size, 2), dtype=np.int64)
    declared[:, 0] = np.fromiter((row[2] for row in locations), dtype=np.int64, count=size)
    declared[:, 1] = np.fromiter((row[3] for row in locations), dtype=np.int64, count=size)
    ranks = np.fromiter(map(rank.__getitem__, names), dtype=np.int64, count=size)
    parts = location_shares(owner, ranks, codes, declared, amounts[at])
    return list(zip(owner.tolist(), names, parts.tolist(), declared[:, 1].tolist(), strict=True))
