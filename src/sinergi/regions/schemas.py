"""API shapes for regions and boundaries."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Field, Schema

from sinergi.regions.codes import Level
from sinergi.regions.models import Region

LevelKey = Literal["province", "regency", "district", "village"]
BoundaryLevelKey = Literal["province", "regency", "district"]
CodeSystem = Literal["kemendagri", "bps"]
MAX_LIMIT = 200
# Bounded so no offset can overflow a database integer (schemathesis found such 500s).
MAX_OFFSET: int = settings.SINERGI_MAX_OFFSET


# A Kemendagri code, dotted or compact (``32.73`` or ``3273``), or a 7-digit BPS district code.
CODE_PATTERN = r"^\d{2}(\.?\d{2}(\.?\d{2}(\.?\d{4})?)?)?$|^\d{7}$"
RegionCode = Annotated[str, Field(pattern=CODE_PATTERN, description="Region code")]


class RegionFilters(Schema):
    level: LevelKey | None = None
    parent: RegionCode | None = Field(None, description="Only regions in this region's subtree.")
    q: str | None = Field(None, max_length=100, description="Name or code; typos are forgiven.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class Point(Schema):
    lat: float
    lng: float


class RegionRef(Schema):
    code: str
    name: str
    level: LevelKey


class RegionOut(Schema):
    code: str
    name: str
    level: LevelKey
    type: str
    parent_code: str | None
    population: int | None
    population_male: int | None
    population_female: int | None
    area_km2: float | None
    density_per_km2: float | None
    centroid: Point | None
    bps_code: str | None
    retired_on: date | None


class SectionFactOut(Schema):
    label: str
    value: str


class SectionOut(Schema):
    """Aggregate figures another app adds about the region (e.g. KUBE groups)."""

    key: str
    title: str
    facts: list[SectionFactOut]


class RegionDetailOut(RegionOut):
    parents: list[RegionRef]
    child_count: int
    has_boundary: bool
    sections: list[SectionOut] = []


class RegionListItem(RegionOut):
    path: str  # ancestor names, nearest first: "Kec. Coblong, Kota Bandung, Jawa Barat"
    child_count: int | None = None


class RegionPage(Schema):
    items: list[RegionListItem]
    count: int
    limit: int
    offset: int


class FeatureCollectionOut(Schema):
    """GeoJSON (RFC 7946); each feature's ``id`` is a Kemendagri region code."""

    type: Literal["FeatureCollection"]
    features: list[dict[str, Any]]


def region_fields(region: Region) -> dict[str, Any]:
    centroid = (
        Point(lat=region.centroid_lat, lng=region.centroid_lng)
        if region.centroid_lat is not None and region.centroid_lng is not None
        else None
    )
    density = region.density
    return {
        "code": region.code,
        "name": region.name,
        "level": Level(region.level).key,
        "type": region.type,
        "parent_code": region.parent_id,
        "population": region.population,
        "population_male": region.population_male,
        "population_female": region.population_female,
        "area_km2": region.area_km2,
        "density_per_km2": round(density, 1) if density is not None else None,
        "centroid": centroid,
        "bps_code": region.bps_code or None,
        "retired_on": region.retired_on,
    }
