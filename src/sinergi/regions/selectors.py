"""Reads for the region registry. Pages and endpoints read regions only through these."""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from sinergi.regions.codes import Level, ancestors_of
from sinergi.regions.models import BoundaryBundle, ReferenceDataset, Region
from sinergi.regions.reference import BUNDLES_DATASET, REGIONS_DATASET
from sinergi.regions.search import Match, SearchIndex, build_index, search


def region_get(*, code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def region_get_by_bps(*, bps_code: str) -> Region | None:
    return Region.objects.filter(bps_code=bps_code).order_by("level").first()


def region_ancestors(*, region: Region) -> list[Region]:
    """The parent chain from the province down, in one query."""
    codes = ancestors_of(region.code)
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [by_code[code] for code in codes if code in by_code]


def region_child_count(*, region: Region) -> int:
    return Region.objects.filter(parent=region).count()


def region_children(*, region: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=region).annotate(child_count=Count("children"))


def region_filtered(*, level: Level | None, within: str | None) -> QuerySet[Region]:
    """Regions at ``level`` (any when None) inside ``within``'s subtree, by code."""
    regions = Region.objects.all()
    if level is not None:
        regions = regions.filter(level=level)
    if within:
        regions = regions.filter(code__startswith=within + ".")
    return regions.order_by("code")


def regions_by_codes(*, codes: list[str]) -> list[Region]:
    """Regions in the order of ``codes`` (used to page ranked search results)."""
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [by_code[code] for code in codes if code in by_code]


def ancestor_names(*, regions: list[Region]) -> dict[str, str]:
    """Code → name for every ancestor of ``regions``, in one query (for result paths)."""
    codes = {code for region in regions for code in ancestors_of(region.code)}
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def _data_version() -> str:
    return (
        ReferenceDataset.objects.filter(name=REGIONS_DATASET)
        .values_list("checksum", flat=True)
        .first()
        or ""
    )


_index_lock = threading.Lock()
_index: tuple[str, SearchIndex] | None = None


def region_search(*, query: str, level: Level | None, within: str | None) -> list[Match]:
    """Ranked matches; the in-memory index is built once per data version and process."""
    global _index
    version = _data_version()
    with _index_lock:
        if _index is None or _index[0] != version:
            rows = Region.objects.order_by("code").values_list(
                "code", "search_name", "level", "population"
            )
            _index = (version, build_index(rows))
        index = _index[1]
    return search(index, query, level=level, within=within)


@dataclass(frozen=True)
class ServedBundle:
    etag: str
    gzip_body: bytes
    body: bytes


class _BundleCache:
    """Served boundary bytes per process. Freshness is checked against the bundles' data
    version at most every ``RECHECK_SECONDS``, so a request normally touches no database and
    a reload shows on the map within seconds."""

    RECHECK_SECONDS = 5.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bundles: dict[tuple[int, str], ServedBundle | None] = {}
        self.version: str | None = None
        self.checked_at = -float("inf")

    def refresh(self) -> None:
        now = time.monotonic()
        if now - self.checked_at < self.RECHECK_SECONDS:
            return
        version = (
            ReferenceDataset.objects.filter(name=BUNDLES_DATASET)
            .values_list("checksum", flat=True)
            .first()
        )
        with self.lock:
            if version != self.version:
                self.bundles = {}
                self.version = version
            self.checked_at = now

    def get(self, level: Level, parent_code: str) -> ServedBundle | None:
        self.refresh()
        key = (level.value, parent_code)
        if key in self.bundles:
            return self.bundles[key]
        stored = BoundaryBundle.objects.filter(level=level, parent_code=parent_code).first()
        served = None
        if stored is not None:
            body_gzip = bytes(stored.body_gzip)
            served = ServedBundle(stored.etag, body_gzip, gzip.decompress(body_gzip))
        with self.lock:
            self.bundles[key] = served
        return served


_bundle_cache = _BundleCache()


def boundary_bundle_get(*, level: Level, parent_code: str) -> ServedBundle | None:
    """A served FeatureCollection (None where no such bundle exists), from the process cache."""
    return _bundle_cache.get(level, parent_code)
