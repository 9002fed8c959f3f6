"""Per-process memo of everything derived from atlas data: decoded series, roll-ups, layers,
need indices and the served payloads, keyed by the data version.

The version is one small row (``DataVersion``: a counter and the time it last moved) plus the
region registry's checksum. It is re-read at most every ``RECHECK_SECONDS``, so a request
normally touches no database, and another process's import shows within seconds. A service
that writes calls ``atlas_cache.invalidate()`` so its own process sees the change at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sinergi.atlas.models import DataVersion
from sinergi.regions.models import ReferenceDataset
from sinergi.regions.reference import REGIONS_DATASET

T = TypeVar("T")


def current_version() -> tuple[str, str]:
    """Tokens of the data the atlas serves: (atlas values/catalogue/weights, region registry).
    Each changes whenever what it covers changes."""
    row = DataVersion.objects.filter(pk=1).values_list("number", "changed_at").first()
    regions = (
        ReferenceDataset.objects.filter(name=REGIONS_DATASET)
        .values_list("checksum", flat=True)
        .first()
    )
    atlas = f"{row[0]}@{row[1].timestamp():.6f}" if row else "0"
    return atlas, regions or ""


class AtlasCache:
    RECHECK_SECONDS = 2.0

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.store: dict[Hashable, Any] = {}  # keyed to both versions
        self.region_store: dict[Hashable, Any] = {}  # keyed to the registry's version only
        self.version: tuple[str, str] = ("", "")
        self.checked_at = -float("inf")

    def refresh(self) -> tuple[str, str]:
        now = time.monotonic()
        if now - self.checked_at >= self.RECHECK_SECONDS:
            version = current_version()
            with self.lock:
                if version != self.version:
                    self.store = {}
                    if version[1] != self.version[1]:
                        self.region_store = {}
                    self.version = version
                self.checked_at = now
        return self.version

    def invalidate(self) -> None:
        """Forget everything derived from atlas data (what the registry gives is kept)."""
        with self.lock:
            self.store = {}
            self.version = ("", self.version[1])
            self.checked_at = -float("inf")

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """The cached value for ``key`` under the current version, built once if missing."""
        return self._memo("store", key, build)

    def memo_regions(self, key: Hashable, build: Callable[[], T]) -> T:
        """Like ``memo`` for what depends on the region registry alone (lookups, the
        hierarchy): an import does not make the next request rebuild them."""
        return self._memo("region_store", key, build)

    def _memo(self, which: str, key: Hashable, build: Callable[[], T]) -> T:
        version = self.refresh()
        with self.lock:
            store: dict[Hashable, Any] = getattr(self, which)  # after refresh may replace it
            if key in store:
                cached: T = store[key]
                return cached
        value = build()
        with self.lock:
            if self.version == version:  # not built from data that has since changed
                getattr(self, which)[key] = value
        return value


atlas_cache = AtlasCache()
