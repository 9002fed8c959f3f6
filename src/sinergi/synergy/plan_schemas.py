"""API shapes for recommendations, the allocation plan and the etalase: inputs and outputs
apart, every input bounded so nothing reaches the database in a form it would refuse."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from sinergi.interventions.schemas import Rupiah
from sinergi.partners.schemas import (
    LINE,
    MAX_LIMIT,
    MAX_OFFSET,
    Key,
    ObjectId,
    RegionCode,
    Text,
)

Year = Annotated[int, Field(ge=2000, le=2100)]
Limit = Annotated[int, Field(ge=1, le=100)]
NeedStatusKey = Literal["open", "partly", "adopted"]


class RecommendationQuery(Schema):
    year: Year | None = None
    limit: Limit = 20


class RecommendationOut(Schema):
    region: str
    region_name: str
    target_group: str
    target_group_name: str
    organisation_id: int
    organisation_name: str
    score: float
    need: float
    gap: float
    coverage_percent: float | None
    others: int
    distance_km: float | None
    in_footprint: bool
    reason: str


class UnitCostOut(Schema):
    target_group: str
    cost_idr: int
    basis: str
    is_default: bool


class UnitCostIn(Schema):
    cost_idr: Annotated[int, Field(ge=1, le=10**12)]
    basis: Annotated[str, Field(max_length=300, pattern=LINE)] = ""


class PledgeIn(Schema):
    organisation_id: ObjectId
    year: Year
    amount_idr: Rupiah


class PledgeOut(Schema):
    organisation_id: int
    organisation: str
    year: int
    amount_idr: int


class BoundIn(Schema):
    region: RegionCode
    minimum: Rupiah = 0
    maximum: Rupiah | None = None


class ChangesIn(Schema):
    budgets: Annotated[
        dict[Annotated[str, Field(pattern=r"^[1-9][0-9]{0,11}$")], Rupiah], Field(max_length=5000)
    ] = {}
    unit_costs: Annotated[
        dict[Key, Annotated[int, Field(ge=1, le=10**12)]], Field(max_length=40)
    ] = {}
    bounds: Annotated[list[BoundIn], Field(max_length=600)] = []


class ScenarioIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=120, pattern=LINE)]
    year: Year
    changes: ChangesIn = ChangesIn()


class MetricsOut(Schema):
    people: int = Field(description="whole people; the plan's equals the sum of its rows")
    weighted: float
    regions: int
    spend_idr: int


class AllocationRowOut(Schema):
    organisation_id: int
    organisation: str
    region: str
    region_name: str
    target_group: str
    people: int = Field(description="whole people, rounded by largest remainder")
    amount_idr: int


class ScenarioOut(Schema):
    id: int
    name: str
    year: int
    created_at: datetime
    feasible: bool
    explanation: str
    plan: MetricsOut | None = None
    greedy: MetricsOut | None = None
    current: MetricsOut | None = None
    changes: dict[str, Any]


class ScenarioDetailOut(ScenarioOut):
    rows: list[AllocationRowOut]


class NeedFiltersIn(Schema):
    region: RegionCode | None = None
    target_group: Key | None = None
    status: NeedStatusKey | None = None
    q: Annotated[str, Field(max_length=100, pattern=LINE)] | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 50
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0


class AdoptionOut(Schema):
    organisation_id: int
    organisation: str
    intervention_id: int
    people: int
    adopted_at: datetime


class NeedOut(Schema):
    id: int
    region: str
    region_name: str
    target_group: str
    title: str
    description: str
    people: int
    budget_idr: int
    status: NeedStatusKey
    adopted_people: int
    has_evidence: bool
    published_at: datetime
    adoptions: list[AdoptionOut]


class NeedPage(Schema):
    items: list[NeedOut]
    count: int
    limit: int
    offset: int


class NeedIn(Schema):
    region: RegionCode
    target_group: Key
    title: Annotated[str, Field(min_length=1, max_length=200, pattern=LINE)]
    description: Text = ""
    people: Annotated[int, Field(ge=1, le=10_000_000)]
    budget_idr: Rupiah


class AdoptionIn(Schema):
    organisation_id: ObjectId
    people: Annotated[int, Field(ge=1, le=10_000_000)]
    function: Key = "perlindungan_sosial"
    budget_idr: Rupiah | None = None
    start_date: date | None = None
    end_date: date | None = None
