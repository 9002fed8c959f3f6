"""Market models → API shapes (no queries beyond what the selectors fetched). Public shapes
name the group and its place only: never members, officers or the bank account."""

from __future__ import annotations

from django.urls import reverse

from sinergi.kube.engines.health import HealthScore
from sinergi.kube.market_schemas import (
    BuyerOut,
    HealthOut,
    LedgerRowOut,
    OrderDetailOut,
    OrderEventOut,
    OrderOut,
    PlaceOut,
    ProductOut,
    PublicProductOut,
)
from sinergi.kube.market_selectors import LedgerRow
from sinergi.kube.models import Buyer, Order, OrderEvent, Product, ProductPhoto
from sinergi.regions.models import Region


def photo_url(photo: ProductPhoto) -> str:
    return reverse("pasar:product-photo", args=[photo.product_id, photo.pk])


def place_of(village: Region) -> PlaceOut:
    """Village, regency and province names (selectors load the parents with the village)."""
    district = village.parent
    regency = district.parent if district is not None else None
    province = regency.parent if regency is not None else None
    return PlaceOut(
        village=village.name,
        regency=regency.name if regency is not None else None,
        province=province.name if province is not None else None,
    )


def public_product_out(product: Product) -> PublicProductOut:
    photos = list(product.photos.all())
    return PublicProductOut(
        id=product.pk,
        name=product.name,
        category=product.category,
        unit=product.unit,
        price=product.price,
        monthly_capacity=product.monthly_capacity,
        description=product.description,
        photos=[photo_url(p) for p in photos],
        group_id=product.group_id,
        group_name=product.group.name,
        place=place_of(product.group.village),
    )


def product_out(product: Product) -> ProductOut:
    public = public_product_out(product)
    return ProductOut(
        **public.model_dump(),
        active=product.active,
        photo_ids=[p.pk for p in product.photos.all()],
    )


def buyer_out(buyer: Buyer) -> BuyerOut:
    return BuyerOut(
        id=buyer.pk,
        buyer_type=buyer.buyer_type,
        name=buyer.name,
        home_region=buyer.home_region_id,
        contact_name=buyer.contact_name,
        phone=buyer.phone,
        email=buyer.email,
        categories=list(buyer.categories),
        regions=sorted(r.pk for r in buyer.regions.all()),
        is_demo=buyer.is_demo,
    )


def order_out(order: Order) -> OrderOut:
    return OrderOut(
        id=order.pk,
        status=order.status,
        product_id=order.product_id,
        product_name=order.product.name,
        unit=order.product.unit,
        group_id=order.group_id,
        group_name=order.group.name,
        buyer_id=order.buyer_id,
        buyer_name=order.buyer.name,
        quantity=order.quantity,
        unit_price=order.unit_price,
        total=order.total,
        delivered_on=order.delivered_on,
        created_at=order.created_at,
        updated_at=order.updated_at,
    )


def order_detail_out(order: Order, events: list[OrderEvent], actions: list[str]) -> OrderDetailOut:
    revenue = getattr(order, "revenue", None)
    return OrderDetailOut(
        **order_out(order).model_dump(),
        message=order.message,
        quote_note=order.quote_note,
        quoted_at=order.quoted_at,
        confirmed_at=order.confirmed_at,
        delivered_at=order.delivered_at,
        paid_at=order.paid_at,
        cancelled_at=order.cancelled_at,
        history=[
            OrderEventOut(
                from_status=e.from_status,
                to_status=e.to_status,
                at=e.at,
                actor=e.actor.display_name() if e.actor else None,
                note=e.note,
            )
            for e in events
        ],
        actions=actions,
        revenue_month=revenue.month if revenue is not None else None,
    )


def ledger_row_out(row: LedgerRow) -> LedgerRowOut:
    return LedgerRowOut(
        month=row.month,
        order_revenue=row.order_revenue,
        other_revenue=row.other_revenue,
        revenue=row.revenue,
        costs=row.costs,
        profit=row.profit,
        savings=row.savings,
        iks=row.iks,
        entered=row.entered,
    )


def health_out(score: HealthScore) -> HealthOut:
    return HealthOut(score=score.score, band=score.band, components=score.components)
