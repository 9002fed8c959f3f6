"""Input and output schemas of the synergy endpoints."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Field, Schema

from sinergi.regions.schemas import RegionCode

MapLevelKey = Literal["province", "regency", "district"]
GroupKey = Annotated[
    str, Field(pattern=r"^[A-Z]{2,6}$", description="A PPKS target group key, e.g. LUT")
]
Year = Annotated[int, Field(ge=1900, le=2200, description="Calendar year")]


class CoverageQuery(Schema):
    level: MapLevelKey = "province"
    year: Year | None = Field(None, description="This year (or the latest) when omitted")
    group: GroupKey = "FM"
    parent: RegionCode | None = Field(None, description="Only regions inside this region")


class CellQuery(Schema):
    level: MapLevelKey = "province"
    year: Year | None = Field(None, description="This year (or the latest) when omitted")
    group: GroupKey | None = Field(None, description="One target group; all when omitted")
    parent: RegionCode | None = Field(None, description="Only regions inside this region")
    limit: int = Field(20, ge=1, le=200)


class FiguresOut(Schema):
    """People in need, reached (partners' interventions, approved reports only) and planned;
    government programmes separately; coverage = reached ÷ need; gap = max(need - reached, 0).
    ``*_combined`` counts government programmes too. Reported figures not yet approved are
    ``reached_pending``, never counted. Null: unknown, or withheld (``suppressed``)."""

    need: float | None
    reached: float | None = Field(
        description="People reached according to approved progress reports"
    )
    reached_pending: float | None = Field(
        description="Reported, not yet approved; not counted in reached, coverage or gap"
    )
    planned: float | None
    government: float | None
    apportioned: float | None = Field(description="Part of reached apportioned from above")
    coverage: float | None
    coverage_combined: float | None
    gap: float | None
    gap_combined: float | None
    organisations: int = Field(description="Organisations working there (any visibility)")
    suppressed: bool


class CoverageRowOut(Schema):
    code: str
    name: str
    figures: FiguresOut


class CoverageOut(Schema):
    level: MapLevelKey
    year: int
    group: str
    group_label: str
    parent: str | None
    years: list[int]
    rows: list[CoverageRowOut]


class CellOut(Schema):
    code: str
    name: str
    group: str
    group_label: str
    figures: FiguresOut
    over_covered: bool
    with_government: bool
    organisations: list[str] = Field(description="Organisations you may see, by name")
    hidden_organisations: int = Field(description="Others present, not public")


class CellsOut(Schema):
    level: MapLevelKey
    year: int
    group: str | None
    parent: str | None
    items: list[CellOut]
