"""API shapes for interventions, indicators and reports: inputs and outputs apart.

Inputs are bounded (lengths, counts, amounts) so nothing reaches the database in a form it
would refuse with a 500; vocabulary keys are checked by the services (a 422 naming the field).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from sinergi.partners.schemas import (
    LINE,
    MAX_LIMIT,
    MAX_OFFSET,
    TEXT,
    Key,
    Line300,
    ObjectId,
    RegionCode,
    Text,
)

People = Annotated[int, Field(ge=0, le=10_000_000)]
Rupiah = Annotated[int, Field(ge=0, le=10**15)]
Value = Annotated[Decimal, Field(ge=0, le=Decimal("99999999999999.99"), decimal_places=2)]
Ref = Annotated[str, Field(min_length=1, max_length=64, pattern=LINE)]
Period = Annotated[str, Field(pattern=r"^\d{4}-Q[1-4]$", description="e.g. 2026-Q1")]
StatusKey = Literal["planned", "ongoing", "completed", "cancelled"]
UnitKey = Literal["persons", "households", "groups"]
ModeKey = Literal["per_location", "split"]
VisibilityKey = Literal["public", "internal"]
RoleKey = Literal["implementer", "funder", "accountable"]
BreakdownKey = Literal["female", "male", "children", "adults", "elderly", "disability"]
FigureKey = Literal["targeted", "reached"]


class LocationIn(Schema):
    region: RegionCode
    targeted: People = 0
    reached: People = 0


class PartyIn(Schema):
    organisation: ObjectId
    role: RoleKey


class InterventionFieldsIn(Schema):
    ref: Ref
    title: Line300
    description: Text = ""
    function: Key
    programme: Annotated[str, Field(max_length=16, pattern=r"^[A-Z_]*$")] = ""
    status: StatusKey = "planned"
    start_date: date | None = None
    end_date: date | None = None
    budget_idr: Rupiah | None = None
    spend_idr: Rupiah | None = None
    unit: UnitKey = "persons"
    location_mode: ModeKey = Field(
        "per_location",
        description="per_location: each location has its own figures; split: one total "
        "(targeted, reached) shared across the locations in proportion to population",
    )
    targeted: People = 0
    reached: People = 0
    breakdown: dict[FigureKey, dict[BreakdownKey, People]] = Field(default_factory=dict)
    target_groups: list[Key] = Field(default_factory=list, max_length=30)
    locations: list[LocationIn] = Field(min_length=1, max_length=200)
    parties: list[PartyIn] = Field(default_factory=list, max_length=20)
    agreement: ObjectId | None = None
    visibility: VisibilityKey = "public"


class InterventionCreateIn(InterventionFieldsIn):
    organisation: ObjectId


class InterventionUpdateIn(InterventionFieldsIn):
    version: Annotated[int, Field(ge=1, le=2**31 - 1, description="The version you read")]


class OrganisationRefOut(Schema):
    id: int
    name: str


class LocationOut(Schema):
    region: str
    name: str
    level: int
    targeted: int
    reached: int = Field(description="The declared figure for this location: never counted")
    reached_approved: int = Field(
        description="The intervention's approved reach apportioned to this location in "
        "proportion to the declared figures (a location inside another is a breakdown)"
    )


class PartyOut(Schema):
    organisation: OrganisationRefOut
    role: str


class InterventionOut(Schema):
    id: int
    ref: str
    title: str
    organisation: OrganisationRefOut
    function: str
    programme: str
    status: str
    start_date: date | None
    end_date: date | None
    unit: str
    targeted: int
    reached: int = Field(
        description="The declared figure, as the organisation typed it (same as "
        "reached_declared; kept for compatibility): never counted"
    )
    reached_declared: int = Field(
        description="People reached as the organisation declared it on the form or sheet: "
        "not verified, never counted"
    )
    reached_approved: int = Field(
        description="People reached according to approved progress reports of the indicator "
        "that counts people reached: the figure every total counts"
    )
    reached_pending: int = Field(
        description="People reached in submitted reports that are not yet approved: shown "
        "beside reached_approved, never added to it"
    )
    visibility: str
    target_groups: list[str]
    locations: list[LocationOut]


class InterventionDetailOut(InterventionOut):
    description: str
    budget_idr: int | None
    spend_idr: int | None
    location_mode: str
    breakdown: dict[str, dict[str, int]]
    parties: list[PartyOut]
    agreement: int | None
    version: int
    can_edit: bool
    can_review: bool


class InterventionPage(Schema):
    items: list[InterventionOut]
    count: int = Field(description="matches, counted up to 1,000 (see count_capped)")
    count_capped: bool = Field(description="true: more than `count` interventions match")
    limit: int
    offset: int


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_text(value: object) -> object:
    """Query dates must be written YYYY-MM-DD: pydantic would read "0" as 1970-01-01."""
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError("use the form YYYY-MM-DD")
    if isinstance(value, int | float):
        raise ValueError("use the form YYYY-MM-DD")
    return value


QueryDate = Annotated[date, BeforeValidator(_iso_date_text)]


class InterventionFiltersIn(Schema):
    function: Key | None = None
    programme: Key | None = None
    target_group: Key | None = None
    organisation: ObjectId | None = None
    region: RegionCode | None = None
    status: StatusKey | None = None
    active_from: QueryDate | None = None
    active_until: QueryDate | None = None
    q: Annotated[str, Field(max_length=100, pattern=LINE)] | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 50
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    function: str
    programme: str
    sdgs: list[str]
    counts_reached: bool = Field(
        description="its approved values are the people (or families) an intervention reached"
    )
    custom: bool
    organisation: int | None = Field(description="the owner of a custom indicator")


class IndicatorPage(Schema):
    items: list[IndicatorOut]
    count: int
    limit: int
    offset: int


class IndicatorFiltersIn(Schema):
    function: Key | None = None
    programme: Key | None = None
    q: Annotated[str, Field(max_length=100, pattern=LINE)] | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 50
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0


IndicatorCode = Annotated[
    str, Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$", max_length=32, description="e.g. RS-08")
]
IndicatorName = Annotated[str, Field(min_length=1, max_length=300, pattern=LINE)]
IndicatorUnit = Annotated[str, Field(min_length=1, max_length=32, pattern=LINE)]
SdgKeys = Annotated[list[Key], Field(max_length=17, description="SDG goals, e.g. SDG1")]


class IndicatorCreateIn(Schema):
    code: IndicatorCode
    name: IndicatorName
    unit: IndicatorUnit
    function: Key | Literal[""] = ""
    programme: Key | Literal[""] = ""
    sdgs: SdgKeys = []
    counts_reached: bool = False


class IndicatorUpdateIn(Schema):
    """Only the fields sent change; the code never does."""

    name: IndicatorName | None = None
    unit: IndicatorUnit | None = None
    function: Key | Literal[""] | None = None
    programme: Key | Literal[""] | None = None
    sdgs: SdgKeys | None = None
    counts_reached: bool | None = None


class TrackIn(Schema):
    indicator: ObjectId
    baseline: Value = Decimal(0)
    target: Value
    targets: dict[Period, Value] = Field(default_factory=dict, max_length=40)


class ResultPeriodOut(Schema):
    period: str
    start: date
    end: date
    target: Decimal | None = Field(description="The target set for this period, if any")
    value: Decimal | None = Field(description="The value reported for this period (any status)")
    status: str | None = Field(description="The period's report status; null if not reported")
    approved: Decimal | None = Field(description="The value, once its report is approved")
    cumulative: Decimal = Field(description="Approved values of this and earlier periods")


class ResultOut(Schema):
    id: int
    indicator: IndicatorOut
    baseline: Decimal
    target: Decimal
    targets: dict[str, str]
    approved_total: Decimal
    percent: int
    per_period: dict[str, Decimal]
    periods: list[ResultPeriodOut]


class ReportIn(Schema):
    period: Period


class ValueIn(Schema):
    indicator: Annotated[int, Field(ge=1, le=2**63 - 1, description="tracked indicator id")]
    value: Value
    breakdown: dict[BreakdownKey, People] = Field(default_factory=dict)


class ReportUpdateIn(Schema):
    narrative: Annotated[str, Field(max_length=20_000, pattern=TEXT)] | None = None
    values: list[ValueIn] = Field(default_factory=list, max_length=100)
    version: Annotated[int, Field(ge=1, le=2**31 - 1)]


class ReviewIn(Schema):
    comment: Annotated[str, Field(max_length=5000, pattern=TEXT)] = ""


class ValueOut(Schema):
    indicator: int
    code: str
    value: Decimal
    breakdown: dict[str, int]


class ReportOut(Schema):
    id: int
    intervention: int
    period: str
    due_on: date
    status: str
    narrative: str
    review_comment: str
    submitted_at: datetime | None
    reviewed_at: datetime | None
    version: int
    values: list[ValueOut]


class ImportRowOut(Schema):
    row: int
    action: str
    ref: str
    organisation: str
    intervention: int | None


class ImportReportOut(Schema):
    dry_run: bool
    created: int
    updated: int
    unchanged: int
    rows: list[ImportRowOut]


class EvidenceOut(Schema):
    id: int
    title: str
    name: str = Field(description="The uploaded file's name")
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by: str | None
