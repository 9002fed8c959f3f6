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


OverlapKind = Literal["organisations", "government", "over_covered", "apportioned"]


class FiguresOut(Schema):
    """People in need, reached (partners' interventions, approved reports only) and planned;
    government programmes separately; coverage = reached ÷ need. The gap is the unmet need,
    max(need - reached, 0), summed over the finest level with need figures inside the region
    (over-coverage in one regency never fills another's gap); ``over_covered`` is the surplus,
    max(reached - need, 0), summed the same way. ``*_combined`` counts government programmes
    too. Reported figures not yet approved are ``reached_pending``, never counted. Null:
    unknown, or withheld (``suppressed``)."""

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
    over_covered: float | None = Field(
        description="People reached beyond need, summed over the finest level with need figures"
    )
    over_covered_combined: float | None
    gap_need: float | None = Field(
        description="The need the gap and over-coverage are counted against: need summed over "
        "the finest level with need figures (differs from need where levels' sources disagree)"
    )
    unknown_regions: int = Field(
        description="Regions at the finest level without need figures (add nothing to the gap)"
    )
    organisations: int = Field(description="Organisations working there (any visibility)")
    apportioned_organisations: int = Field(
        description="Further organisations present only through figures apportioned from a "
        "higher level"
    )
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
    kinds: list[OverlapKind] = Field(
        description="Why it is an overlap: several organisations, beside a government "
        "programme, over-covered, or an organisation present through figures apportioned "
        "from a higher level (empty for blank spots that are no overlap)"
    )
    organisations: list[str] = Field(description="Organisations you may see, by name")
    apportioned_organisations: list[str] = Field(
        description="Organisations you may see present only through figures apportioned "
        "from a higher level"
    )
    hidden_organisations: int = Field(description="Others present, not public")


class CellsOut(Schema):
    level: MapLevelKey
    year: int
    group: str | None
    parent: str | None
    items: list[CellOut]
