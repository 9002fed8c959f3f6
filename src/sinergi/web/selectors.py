"""Reads for the home page and dashboards."""

from __future__ import annotations

from django.db.models import Count

from sinergi.regions.models import Region


def region_counts() -> dict[int, int]:
    """Number of regions per level, in one grouped query."""
    rows = Region.objects.values("level").annotate(n=Count("code")).order_by()
    return {row["level"]: row["n"] for row in rows}
