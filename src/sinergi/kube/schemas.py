"""API shapes for KUBE. Inputs are bounded so nothing reaches the database in a form it would
reject with a 500. Member outputs carry the masked NIK only; the NIK itself is input-only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from sinergi.partners.schemas import (
    LINE,
    MAX_LIMIT,
    TEXT,
    Line100,
    Line200,
    Line300,
    ObjectId,
    RegionCode,
)

Category = Literal[
    "food_processing", "crafts", "agriculture", "livestock", "fisheries", "trade", "services"
]
StageKey = Literal["tumbuh", "berkembang", "maju"]
Criterion = Annotated[str, Field(pattern=r"^[a-z_]{1,40}$")]
Nik = Annotated[str, Field(min_length=16, max_length=24, pattern=r"^[0-9 .\-]+$")]
Money = Annotated[Decimal, Field(gt=0, le=Decimal("999999999999"), decimal_places=0)]
Note = Annotated[str, Field(max_length=5000, pattern=TEXT)]
Account = Annotated[str, Field(max_length=34, pattern=LINE)]


class MemberIn(Schema):
    name: Line200
    nik: Nik = Field(description="16-digit NIK; stored only as a keyed hash and a masked form")
    sex: Literal["f", "m"]
    age_band: Literal["18-29", "30-44", "45-59", "60+"]
    role: Literal["chair", "secretary", "treasurer", "member"] = "member"
    decile: int | None = Field(default=None, ge=1, le=10)


class GroupIn(Schema):
    name: Line200
    village: RegionCode
    business_category: Category
    formed_on: date
    bank_name: Line100 = ""
    bank_account: Account = ""
    organisation_id: ObjectId | None = None
    members: list[MemberIn] = Field(max_length=40)


class GroupOut(Schema):
    id: int
    name: str
    village_code: str
    village_name: str
    business_category: str
    stage: str
    formed_on: date
    member_count: int
    organisation_id: int | None
    organisation_name: str | None
    is_demo: bool
    mentor_id: int | None = Field(
        default=None, description="the current mentor: the group's active assignment"
    )
    mentor_name: str | None = None


class GroupPage(Schema):
    items: list[GroupOut]
    count: int
    limit: int
    offset: int


class GrantOut(Schema):
    id: int
    amount: Decimal
    received_on: date
    source: str
    intervention_id: int | None = None  # when recorded as the partner's intervention


class AssessmentOut(Schema):
    id: int
    assessed_on: date
    stage: str
    criteria_met: list[str]
    notes: str


class AssignmentOut(Schema):
    id: int
    group_id: int
    group_name: str
    mentor_id: int
    mentor_name: str
    status: str
    cost: float | None
    reasons: dict[str, bool | int | float]
    started_on: date | None
    ended_on: date | None


class GroupDetailOut(GroupOut):
    capital_total: int
    capital_norm: int = Field(description="Rp 2 million per member: guidance, not a rule")
    grants: list[GrantOut]
    assessments: list[AssessmentOut]
    iks_total: int
    assignments: list[AssignmentOut]
    bank_name: str | None = Field(description="Only for roles that may see personal data")
    bank_account: str | None = Field(description="Only for roles that may see personal data")


class MemberOut(Schema):
    id: int
    name: str
    nik_masked: str
    sex: str
    age_band: str
    role: str
    decile: int | None


class GrantIn(Schema):
    amount: Money
    received_on: date
    source: Literal["ministry", "regional_budget", "csr_partner"]
    organisation_id: ObjectId | None = None


class AssessmentIn(Schema):
    assessed_on: date
    criteria_met: list[Criterion] = Field(max_length=20)
    notes: Note = ""


class IksIn(Schema):
    contributed_on: date
    amount: Money
    purpose: Line200 = ""


class MentorIn(Schema):
    name: Line200
    home_region: RegionCode
    expertise: list[Category] = Field(min_length=1, max_length=7)
    regions: list[RegionCode] = Field(default_factory=list, max_length=200)
    capacity: int = Field(ge=1, le=50)
    languages: list[Line100] = Field(default_factory=list, max_length=10)
    organisation_id: ObjectId | None = None


class MentorOut(Schema):
    id: int
    name: str
    organisation_name: str | None
    home_region_code: str
    expertise: list[str]
    regions: list[str]
    capacity: int
    load: int
    languages: list[str]


class MatchingIn(Schema):
    region: RegionCode


class MatchingOut(Schema):
    proposed: int
    items: list[AssignmentOut]


class DecisionIn(Schema):
    decision: Literal["accept", "reject", "end"]
    mentor_id: ObjectId | None = Field(default=None, description="accept with another mentor")
    ended_on: date | None = None


class SessionIn(Schema):
    held_on: date
    topics: Line300
    notes: Note = ""
    action_items: list[Line300] = Field(default_factory=list, max_length=30)
    attendance: int = Field(default=0, ge=0, le=20)


class SessionOut(Schema):
    id: int
    held_on: date
    topics: str
    notes: str
    action_items: list[str]
    attendance: int


class ImportReportOut(Schema):
    dry_run: bool
    groups: int
    members: int


class Paging(Schema):
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=100_000)
    region: RegionCode | None = None
    stage: StageKey | None = None
    category: Category | None = None
    q: Annotated[str, Field(max_length=100, pattern=LINE)] | None = None
    needs_mentor: bool | None = None


class GrantInterventionOut(Schema):
    """A capital grant recorded as an intervention of the granting partner."""

    grant_id: int
    intervention_id: int
    intervention_ref: str
