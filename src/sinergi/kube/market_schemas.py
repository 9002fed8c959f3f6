"""API shapes for KUBE market linkage. Inputs are bounded so nothing reaches the database in a
form it would reject with a 500. Public catalogue shapes carry product and group facts only:
group name, village, regency and province, never members or the bank account."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from sinergi.kube.schemas import Category, Note
from sinergi.partners.schemas import (
    LINE,
    MAX_LIMIT,
    Line200,
    ObjectId,
    RegionCode,
)

Price = Annotated[Decimal, Field(gt=0, le=Decimal("999999999999"), decimal_places=0)]
Amount = Annotated[Decimal, Field(ge=0, le=Decimal("999999999999"), decimal_places=0)]
Unit = Annotated[str, Field(min_length=1, max_length=30, pattern=LINE)]
Phone = Annotated[str, Field(max_length=30, pattern=r"^[0-9+() \-]*$")]
Email = Annotated[str, Field(max_length=254, pattern=r"^([^@\s\x00-\x1f]+@[^@\s\x00-\x1f]+)?$")]
Month = Annotated[str, Field(pattern=r"^[1-9]\d{3}-(0[1-9]|1[0-2])$", description="YYYY-MM")]
BuyerTypeKey = Literal["company", "shop", "e_warong", "individual"]
StatusKey = Literal["new", "quoted", "confirmed", "delivered", "paid", "cancelled"]
Username = Annotated[str, Field(min_length=3, max_length=150, pattern=r"^[\w.@+-]+$")]


class CatalogueQuery(Schema):
    q: Annotated[str, Field(max_length=100, pattern=LINE)] | None = None
    category: Category | None = None
    region: RegionCode | None = Field(default=None, description="Province or regency code")
    price_min: Amount | None = None
    price_max: Amount | None = None
    limit: int = Field(default=24, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=100_000)


class PlaceOut(Schema):
    village: str
    regency: str | None
    province: str | None


class PublicProductOut(Schema):
    id: int
    name: str
    category: str
    unit: str
    price: Decimal
    monthly_capacity: int
    description: str
    photos: list[str] = Field(description="Photo addresses")
    group_id: int
    group_name: str
    place: PlaceOut


class CataloguePage(Schema):
    items: list[PublicProductOut]
    count: int
    limit: int
    offset: int


class ProductIn(Schema):
    name: Line200 = Field(min_length=1)
    category: Category
    unit: Unit
    price: Price
    monthly_capacity: int = Field(ge=0, le=10_000_000)
    description: Note = ""
    active: bool = True


class ProductOut(PublicProductOut):
    active: bool
    photo_ids: list[int]


class PhotoOut(Schema):
    id: int
    url: str


class BuyerProfileIn(Schema):
    buyer_type: BuyerTypeKey
    name: Line200 = Field(min_length=1)
    home_region: RegionCode
    contact_name: Line200 = ""
    phone: Phone = ""
    email: Email = ""
    categories: list[Category] = Field(default_factory=list, max_length=7)
    regions: list[RegionCode] = Field(default_factory=list, max_length=50)


class BuyerIn(BuyerProfileIn):
    username: Username
    password: Annotated[str, Field(min_length=8, max_length=128)]


class BuyerOut(Schema):
    id: int
    buyer_type: str
    name: str
    home_region: str
    contact_name: str
    phone: str
    email: str
    categories: list[str]
    regions: list[str]
    is_demo: bool


class SuggestionOut(Schema):
    product: PublicProductOut
    category_match: bool
    distance_km: float | None


class InquiryIn(Schema):
    product_id: ObjectId
    quantity: int = Field(ge=1, le=10_000_000)
    message: Note = ""


class OrderOut(Schema):
    id: int
    status: str
    product_id: int
    product_name: str
    unit: str
    group_id: int
    group_name: str
    buyer_id: int
    buyer_name: str
    quantity: int
    unit_price: Decimal | None
    total: Decimal | None
    delivered_on: date | None
    created_at: datetime
    updated_at: datetime


class OrderPage(Schema):
    items: list[OrderOut]
    count: int
    limit: int
    offset: int


class OrderQuery(Schema):
    side: Literal["buyer", "seller"] | None = Field(
        default=None, description="Default: buyer for a buyer account, else seller"
    )
    status: StatusKey | None = None
    group_id: ObjectId | None = None
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=100_000)


class OrderEventOut(Schema):
    from_status: str
    to_status: str
    at: datetime
    actor: str | None
    note: str


class OrderDetailOut(OrderOut):
    message: str
    quote_note: str
    quoted_at: datetime | None
    confirmed_at: datetime | None
    delivered_at: datetime | None
    paid_at: datetime | None
    cancelled_at: datetime | None
    history: list[OrderEventOut]
    actions: list[str] = Field(description="What the caller may do next")
    revenue_month: date | None = Field(description="Ledger month the revenue was booked in")


class TransitionIn(Schema):
    action: Literal["quote", "confirm", "deliver", "pay", "cancel"]
    unit_price: Price | None = Field(default=None, description="Required to quote")
    delivered_on: date | None = Field(default=None, description="For deliver; default today")
    note: Note = ""


class LedgerIn(Schema):
    other_revenue: Amount = Decimal(0)
    costs: Amount = Decimal(0)
    savings: Amount = Decimal(0)
    iks: Amount = Decimal(0)
    note: Note = ""


class LedgerRowOut(Schema):
    month: date
    order_revenue: Decimal
    other_revenue: Decimal
    revenue: Decimal
    costs: Decimal
    profit: Decimal
    savings: Decimal
    iks: Decimal
    entered: bool


class HealthOut(Schema):
    score: float = Field(description="0 to 100 (docs/methods/kube-health.md)")
    band: str
    components: dict[str, float]


class LedgerOut(Schema):
    group_id: int
    months: list[LedgerRowOut]
    health: HealthOut


class LedgerQuery(Schema):
    start: Month | None = Field(default=None, description="Default: 11 months before end")
    end: Month | None = Field(default=None, description="Default: this month")
