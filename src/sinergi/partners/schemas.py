"""API shapes for organisations, teams, agreements and commitments: inputs and outputs apart.

Text inputs refuse control characters and have the model's length limits, ids and amounts
are bounded, so no input can reach the database in a form it would reject with a 500.
Vocabulary keys (sectors, PPKS, SDGs, functions, programmes, metrics) are checked by the
services against ``core.taxonomy`` and answered with a 422 naming the field.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Field, Schema

LINE = r"^[^\x00-\x1f\x7f]*$"
TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
MAX_ID = 2**63 - 1
MAX_LIMIT = 200
MAX_OFFSET: int = settings.SINERGI_MAX_OFFSET

ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
RegionCode = Annotated[
    str,
    Field(
        pattern=r"^\d{2}(\.?\d{2}(\.?\d{2}(\.?\d{4})?)?)?$",
        description="Kemendagri code, dotted or compact",
    ),
]
Key = Annotated[str, Field(pattern=r"^[A-Za-z0-9_]{1,32}$", description="Vocabulary key")]
Line50 = Annotated[str, Field(max_length=50, pattern=LINE)]
Line100 = Annotated[str, Field(max_length=100, pattern=LINE)]
Line200 = Annotated[str, Field(max_length=200, pattern=LINE)]
Line300 = Annotated[str, Field(max_length=300, pattern=LINE)]
Text = Annotated[str, Field(max_length=5000, pattern=TEXT)]
Amount = Annotated[Decimal, Field(ge=0, le=Decimal("99999999999999.99"), decimal_places=2)]
Year = Annotated[int, Field(ge=1800, le=2100)]
PartnerRole = Literal["partner_admin", "partner_editor", "partner_viewer"]
OrganisationTypeKey = Literal[
    "ministry",
    "regional_government",
    "state_owned",
    "private_company",
    "foundation",
    "association",
    "ngo",
    "university",
    "community",
]
BudgetBandKey = Literal["", "lt_100m", "100m_1b", "1b_10b", "10b_50b", "gt_50b"]
FootprintKindKey = Literal["operates", "ring_1"]
AgreementKindKey = Literal["mou", "pks"]
AgreementStatusKey = Literal["draft", "active", "expired", "terminated"]


class RegionRefOut(Schema):
    code: str
    name: str


# Organisations ------------------------------------------------------------------------------


class FootprintIn(Schema):
    region: RegionCode
    kind: FootprintKindKey = "operates"


class FootprintOut(Schema):
    region: RegionRefOut
    kind: FootprintKindKey


class OrganisationFiltersIn(Schema):
    q: Line100 | None = Field(None, description="Part of the name or short name.")
    type: OrganisationTypeKey | None = None
    sector: Key | None = None
    target_group: Key | None = Field(None, description="A PPKS key, e.g. NAPZA or LUT.")
    sdg: Key | None = Field(None, description="e.g. SDG4")
    region: RegionCode | None = Field(None, description="Who works in, around or above it.")
    verified: bool | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class OrganisationOut(Schema):
    """The public profile."""

    id: int
    name: str
    short_name: str
    type: OrganisationTypeKey
    type_label: str
    psks: str
    description: str
    website: str
    email: str
    phone: str
    address: str
    home_region: RegionRefOut | None
    nationwide: bool
    tjsl_mandatory: bool
    active_since: int | None
    verified: bool
    verified_at: datetime | None
    sectors: list[str]
    target_groups: list[str]
    sdgs: list[str]
    footprint: list[FootprintOut]
    logo_url: str | None
    profile_url: str


class OrganisationPage(Schema):
    items: list[OrganisationOut]
    count: int
    limit: int
    offset: int


class ContactOut(Schema):
    id: int
    name: str
    position: str
    email: str
    phone: str


class OrganisationPrivateOut(Schema):
    """Seen by national admins, coordinators in scope and the organisation's own team."""

    nib: str
    npwp: str
    ahu_number: str
    budget_band: BudgetBandKey
    contacts: list[ContactOut]


class OrganisationRightsOut(Schema):
    view_private: bool
    edit: bool
    verify: bool
    manage_team: bool
    archive: bool
    role: PartnerRole | None


class OrganisationDetailOut(OrganisationOut):
    private: OrganisationPrivateOut | None
    rights: OrganisationRightsOut


class OrganisationCreateIn(Schema):
    name: Line200
    type: OrganisationTypeKey
    short_name: Line50 = ""
    psks: Key | Literal[""] = ""
    nib: Line50 = ""
    npwp: Line50 = ""
    ahu_number: Line100 = ""
    tjsl_mandatory: bool = False
    description: Text = ""
    website: Line200 = ""
    email: Line200 = ""
    phone: Line50 = ""
    address: Line300 = ""
    home_region: RegionCode | None = None
    nationwide: bool = False
    budget_band: BudgetBandKey = ""
    active_since: Year | None = None
    sectors: list[Key] = Field(default_factory=list, max_length=50)
    target_groups: list[Key] = Field(default_factory=list, max_length=50)
    sdgs: list[Key] = Field(default_factory=list, max_length=17)
    footprint: list[FootprintIn] = Field(default_factory=list, max_length=500)


class OrganisationUpdateIn(Schema):
    """Only the fields sent are changed."""

    name: Line200 | None = None
    type: OrganisationTypeKey | None = None
    short_name: Line50 | None = None
    psks: Key | Literal[""] | None = None
    nib: Line50 | None = None
    npwp: Line50 | None = None
    ahu_number: Line100 | None = None
    tjsl_mandatory: bool | None = None
    description: Text | None = None
    website: Line200 | None = None
    email: Line200 | None = None
    phone: Line50 | None = None
    address: Line300 | None = None
    home_region: RegionCode | None = None
    nationwide: bool | None = None
    budget_band: BudgetBandKey | None = None
    active_since: Year | None = None
    sectors: list[Key] | None = Field(None, max_length=50)
    target_groups: list[Key] | None = Field(None, max_length=50)
    sdgs: list[Key] | None = Field(None, max_length=17)
    footprint: list[FootprintIn] | None = Field(None, max_length=500)


class VerifyIn(Schema):
    verified: bool = True


class ContactIn(Schema):
    name: Line200
    position: Line200 = ""
    email: Line200 = ""
    phone: Line50 = ""


class AuditEventOut(Schema):
    at: datetime
    actor: str | None
    action: str
    changes: dict[str, Any]


# Team ---------------------------------------------------------------------------------------


class MemberOut(Schema):
    user_id: int
    username: str
    name: str
    email: str
    role: PartnerRole


class MemberRoleIn(Schema):
    role: PartnerRole


class InvitationIn(Schema):
    email: Line200
    role: PartnerRole


class InvitationOut(Schema):
    id: int
    email: str
    role: PartnerRole
    invited_by: str | None
    created_at: datetime
    expires_at: datetime


# Agreements ---------------------------------------------------------------------------------


class PartyIn(Schema):
    organisation_id: ObjectId
    signatory_name: Line200 = Field("", description="As written on the document.")
    signatory_title: Line300 = Field("", description="As written on the document.")
    party_number: Line100 = Field("", description="The party's own number for the document.")


class PartyOut(Schema):
    organisation_id: int
    organisation_name: str
    signatory_name: str
    signatory_title: str
    party_number: str


class AgreementFiltersIn(Schema):
    q: Line100 | None = Field(None, description="Part of the title or number.")
    status: AgreementStatusKey | None = None
    kind: AgreementKindKey | None = None
    organisation: ObjectId | None = Field(None, description="Agreements it is a party to.")
    region: RegionCode | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class AgreementOut(Schema):
    id: int
    kind: AgreementKindKey
    number: str
    title: str
    summary: str
    parent_id: int | None
    status: AgreementStatusKey
    signed_on: date | None
    place: str
    valid_from: date | None
    valid_until: date | None
    ended_on: date | None
    end_reason: str
    parties: list[PartyOut]
    functions: list[str]
    programmes: list[str]
    target_groups: list[str]
    regions: list[RegionRefOut]
    can_edit: bool


class AgreementPage(Schema):
    items: list[AgreementOut]
    count: int
    limit: int
    offset: int


class AgreementCreateIn(Schema):
    kind: AgreementKindKey
    title: Line300
    number: Line100 = ""
    summary: Text = ""
    place: Line100 = ""
    parent_id: ObjectId | None = None
    signed_on: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    parties: list[PartyIn] = Field(max_length=50)
    functions: list[Key] = Field(default_factory=list, max_length=20)
    programmes: list[Key] = Field(default_factory=list, max_length=50)
    target_groups: list[Key] = Field(default_factory=list, max_length=50)
    regions: list[RegionCode] = Field(default_factory=list, max_length=1000)


class AgreementUpdateIn(Schema):
    """Only the fields sent are changed."""

    kind: AgreementKindKey | None = None
    title: Line300 | None = None
    number: Line100 | None = None
    summary: Text | None = None
    place: Line100 | None = None
    parent_id: ObjectId | None = None
    signed_on: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    parties: list[PartyIn] | None = Field(None, max_length=50)
    functions: list[Key] | None = Field(None, max_length=20)
    programmes: list[Key] | None = Field(None, max_length=50)
    target_groups: list[Key] | None = Field(None, max_length=50)
    regions: list[RegionCode] | None = Field(None, max_length=1000)


class StatusIn(Schema):
    status: AgreementStatusKey
    reason: Annotated[str, Field(max_length=2000, pattern=TEXT)] = ""
    on: date | None = Field(None, description="When it ended (terminated); default today.")


class ProgressOut(Schema):
    value: Decimal = Field(
        description="Progress from verified records (people reached: approved results only)."
    )
    percent: int
    as_of: date | None
    computed: bool
    achieved: bool
    overdue: bool
    pending: Decimal = Field(
        description="Reported, not yet approved: results in submitted reports waiting for "
        "approval. Shown beside the value, never included in it or in the percentage."
    )


class CommitmentOut(Schema):
    id: int
    agreement_id: int
    description: str
    metric: str
    metric_label: str
    unit: str
    target: Decimal
    deadline: date
    region: RegionRefOut | None
    organisation_id: int | None
    organisation_name: str | None
    progress: ProgressOut


class CommitmentFiltersIn(Schema):
    agreement: ObjectId | None = None
    organisation: ObjectId | None = Field(None, description="The committing party.")
    metric: Key | None = None
    region: RegionCode | None = Field(None, description="In, around or above this region.")
    due_before: date | None = Field(None, description="Deadline on or before this day.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class CommitmentPage(Schema):
    items: list[CommitmentOut]
    count: int
    limit: int
    offset: int


class CommitmentIn(Schema):
    description: Line300
    metric: Key
    target: Amount
    deadline: date
    region: RegionCode | None = None
    organisation_id: ObjectId | None = Field(None, description="The party that commits.")


class CommitmentUpdateIn(Schema):
    description: Line300 | None = None
    metric: Key | None = None
    target: Amount | None = None
    deadline: date | None = None
    region: RegionCode | None = None
    organisation_id: ObjectId | None = None


class ProgressIn(Schema):
    value: Amount = Field(description="Cumulative value reached, not an increment.")
    as_of: date
    note: Annotated[str, Field(max_length=500, pattern=TEXT)] = ""


class ProgressReportOut(Schema):
    id: int
    value: Decimal
    as_of: date
    note: str
    reported_by: str | None
    created_at: datetime


class DocumentOut(Schema):
    id: int
    title: str
    original_name: str
    size: int
    sha256: str
    uploaded_at: datetime
    download_url: str


class AgreementDetailOut(AgreementOut):
    commitments: list[CommitmentOut]
    documents: list[DocumentOut]


class AlertOut(Schema):
    kind: Literal["agreement_expiring", "agreement_expired", "commitment_due", "commitment_overdue"]
    agreement_id: int
    agreement_title: str
    commitment_id: int | None
    commitment_description: str | None
    due: date
    days: int


class MetricOut(Schema):
    key: str
    label: str
    unit: str
    computed: bool


class ImportRowOut(Schema):
    row: int
    action: Literal["create", "update", "unchanged"]
    name: str
    organisation_id: int | None
    changed: list[str]


class ImportReportOut(Schema):
    dry_run: bool
    created: int
    updated: int
    unchanged: int
    rows: list[ImportRowOut]


class ApiTokenIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=100, pattern=LINE)]


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the secret")
    created_by: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenCreatedOut(ApiTokenOut):
    secret: str = Field(
        description="Send as 'Authorization: Bearer <secret>'. Shown only now: store it."
    )
