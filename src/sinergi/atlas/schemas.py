"""API shapes of the atlas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from sinergi.regions.schemas import LevelKey, RegionCode, RegionRef

MapLevelKey = Literal["province", "regency", "district"]
ExportFormat = Literal["csv", "hxl", "xlsx", "geojson"]
TemplateFormat = Literal["csv", "xlsx"]
TemplateLayout = Literal["long", "wide"]
LayerKey = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9_.]{1,40}$",
        description="An indicator key, `need_index`, or `pin.<PPKS key>` (people in need)",
    ),
]
PeriodText = Annotated[
    str, Field(pattern=r"^\d{4}(-(0[1-9]|1[0-2]))?$", description="YYYY or YYYY-MM")
]


class IndicatorOut(Schema):
    key: str
    name: str
    name_id: str
    name_en: str
    short_name: str
    kind: str
    theme: str
    theme_label: str
    unit: str
    unit_label: str
    direction: str
    decimals: int
    additive: bool
    sensitive: bool
    suppress_below: int
    levels: list[LevelKey]
    sdgs: list[str]
    source: str
    pin_group: str
    periods: dict[str, list[str]] = Field(description="Map level → periods with figures")


class ValuesQuery(Schema):
    level: MapLevelKey = "province"
    period: PeriodText | None = Field(None, description="Latest period when omitted")
    parent: RegionCode | None = Field(None, description="Only regions inside this region")


class ValuesOut(Schema):
    """A layer as ``{code: value}``; codes missing from ``values`` have no figure."""

    key: str
    level: MapLevelKey
    period: str
    parent: str | None
    unit: str
    decimals: int
    direction: str
    values: dict[str, float]
    rolled_up: list[str] = Field(description="Sums of the regions below (counts only)")
    modelled: list[str] = Field(description="People in need estimated as rate x population")
    suppressed: list[str] = Field(description="Small counts of a sensitive group, withheld")
    demo: list[str] = Field(description="Demo figures, not official")
    notes: dict[str, str]


class ExportQuery(ValuesQuery):
    format: ExportFormat = "csv"


class TrendPointOut(Schema):
    period: str
    value: float
    boundary_break: bool


class HeadlineOut(Schema):
    key: str
    name: str
    unit: str
    period: str
    value: float
    rolled_up: bool
    note: str
    trend: list[TrendPointOut]


class ComponentOut(Schema):
    key: str
    name: str
    period: str
    weight: float
    share: float
    value: float | None
    score: float | None


class NeedIndexOut(Schema):
    year: str
    score: float
    coverage: float
    rank_national: int
    ranked_national: int
    rank_within_parent: int
    ranked_within_parent: int
    components: list[ComponentOut]


class PeopleInNeedOut(Schema):
    group: str
    name: str
    sensitive: bool
    period: str | None
    value: float | None
    method: Literal["counted", "official", "modelled", "none"]
    suppressed: bool
    demo: bool
    rolled_up: bool


class SourceOut(Schema):
    name: str
    publication: str
    licence: str
    caveats: str


class ProfileOut(Schema):
    region: RegionRef
    headline: list[HeadlineOut]
    need_index: NeedIndexOut | None
    people_in_need: list[PeopleInNeedOut]
    sources: list[SourceOut]
    demo_used: bool


class WeightOut(Schema):
    key: str
    name: str
    direction: str
    weight: float
    share: float


class WeightsOut(Schema):
    components: list[WeightOut]
    min_coverage: float


class WeightsIn(Schema):
    weights: dict[Annotated[str, Field(max_length=40)], float] = Field(
        description="Indicator key → relative weight (0 removes the component)"
    )


class ImportOut(Schema):
    id: int
    status: str
    status_label: str
    dry_run: bool
    filename: str
    layout: str
    stage: str
    rows_total: int
    rows_done: int
    inserted: int
    updated: int
    unchanged: int
    error_count: int
    created_at: datetime
    finished_at: datetime | None
    preview: list[dict[str, str | int]]


class ImportPage(Schema):
    items: list[ImportOut]
    count: int
    limit: int
    offset: int


class ImportListQuery(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


class RowErrorOut(Schema):
    row: int
    column: str
    value: str
    reason: str
    reason_code: str
    suggestion: str


class ErrorReportOut(Schema):
    id: int
    status: str
    error_count: int = Field(description="All errors found")
    errors: list[RowErrorOut] = Field(description="The first 1,000, by row")


class ErrorReportQuery(Schema):
    format: Literal["json", "csv"] = "json"


class TemplateQuery(Schema):
    format: TemplateFormat = "xlsx"
    indicators: str | None = Field(
        None,
        max_length=500,
        pattern=r"^[A-Za-z0-9_,]*$",
        description="Wide layout: comma-separated indicator keys (default: the PPKS groups)",
    )
