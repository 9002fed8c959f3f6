"""Class breaks for choropleth maps: quantiles, equal intervals and natural breaks (Jenks).
Pure functions, no Django. The map page has the same three methods in JavaScript
(web/static/sinergi/js/map.js); this module draws the maps in PDFs and exports.

Breaks are the ``k - 1`` inner class boundaries: a value ``v`` falls in class ``i`` where
``i`` is the number of breaks ``<= v``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

MAX_JENKS_VALUES = 1_000  # Fisher-Jenks is O(k n^2): larger sets are sampled by quantile


def _clean(values: np.ndarray) -> np.ndarray:
    present = np.asarray(values, dtype=float)
    return np.sort(present[~np.isnan(present)])


def quantiles(values: np.ndarray, k: int) -> list[float]:
    data = _clean(values)
    if data.size == 0:
        return []
    return [float(data[min(data.size - 1, (i * data.size) // k)]) for i in range(1, k)]


def equal_interval(values: np.ndarray, k: int) -> list[float]:
    data = _clean(values)
    if data.size == 0:
        return []
    low, high = float(data[0]), float(data[-1])
    step = (high - low) / k
    return [low + step * i for i in range(1, k)]


def natural_breaks(values: np.ndarray, k: int) -> list[float]:
    """Fisher-Jenks optimal breaks: minimise the within-class sum of squared deviations."""
    data = _clean(values)
    if data.size == 0:
        return []
    if data.size > MAX_JENKS_VALUES:
        data = np.quantile(data, np.linspace(0, 1, MAX_JENKS_VALUES))
    n = data.size
    k = min(k, n)
    if k < 2:
        return []
    prefix = np.concatenate([[0.0], np.cumsum(data)])
    prefix_sq = np.concatenate([[0.0], np.cumsum(data * data)])

    def ssd(start: np.ndarray, end: int) -> np.ndarray:
        """Sum of squared deviations of data[start:end] for many starts at once."""
        count = end - start
        total = prefix[end] - prefix[start]
        return np.asarray(prefix_sq[end] - prefix_sq[start] - total * total / count, dtype=float)

    cost = np.full((k + 1, n + 1), np.inf)
    cut = np.zeros((k + 1, n + 1), dtype=np.int64)
    cost[1, 1:] = [ssd(np.array([0]), end)[0] for end in range(1, n + 1)]
    for classes in range(2, k + 1):
        for end in range(classes, n + 1):
            starts = np.arange(classes - 1, end)
            candidates = cost[classes - 1, starts] + ssd(starts, end)
            best = int(np.argmin(candidates))
            cost[classes, end] = candidates[best]
            cut[classes, end] = starts[best]
    breaks: list[float] = []
    end = n
    for classes in range(k, 1, -1):
        start = int(cut[classes, end])
        breaks.append(float(data[start]))
        end = start
    return sorted(breaks)


METHODS: dict[str, Callable[[np.ndarray, int], list[float]]] = {
    "quantiles": quantiles,
    "equal_interval": equal_interval,
    "natural_breaks": natural_breaks,
}


def class_of(value: float, breaks: list[float]) -> int:
    return sum(1 for edge in breaks if value >= edge)
