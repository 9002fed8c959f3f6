"""Test data for KUBE market linkage: products, buyers and orders built through the services."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from sinergi.core.models import User
from sinergi.core.services import user_create
from sinergi.kube.engines.orders import Party
from sinergi.kube.market_services import (
    buyer_create,
    order_inquire,
    order_transition,
    product_create,
)
from sinergi.kube.models import Buyer, Group, Order, Product
from tests.conftest import PASSWORD

SELLER = frozenset({Party.SELLER})
BUYER = frozenset({Party.BUYER})
_names = itertools.count(1)


def product(
    group: Group,
    *,
    name: str = "Keripik Singkong",
    category: str = "food_processing",
    price: int = 15_000,
    active: bool = True,
) -> Product:
    return product_create(
        actor=None,
        group=group,
        name=name,
        category=category,
        unit="pak",
        price=Decimal(price),
        monthly_capacity=200,
        description="Renyah, tanpa pengawet.",
        active=active,
    )


def buyer_user(username: str | None = None) -> User:
    return user_create(username=username or f"buyer{next(_names)}", password=PASSWORD)


def buyer(
    *,
    user: User | None = None,
    name: str = "Toko Berkah",
    home: str = "32.73",
    categories: tuple[str, ...] = ("food_processing",),
    regions: tuple[str, ...] = (),
) -> Buyer:
    return buyer_create(
        actor=None,
        user=user or buyer_user(),
        buyer_type="shop",
        name=name,
        home_region_code=home,
        contact_name="Pak Budi",
        phone="0812000000",
        categories=list(categories),
        region_codes=list(regions),
    )


def order(
    the_buyer: Buyer,
    the_product: Product,
    *,
    quantity: int = 10,
    until: str = "new",
    delivered_on: date | None = None,
) -> Order:
    """An order moved along the happy path up to ``until`` (or cancelled from new)."""
    result = order_inquire(
        actor=the_buyer.user, buyer=the_buyer, product=the_product, quantity=quantity
    )
    steps = [
        ("quote", SELLER, "quoted"),
        ("confirm", BUYER, "confirmed"),
        ("deliver", SELLER, "delivered"),
        ("pay", SELLER, "paid"),
    ]
    if until == "cancelled":
        return order_transition(actor=None, order=result, action="cancel", parties=BUYER)
    for action, parties, reached in steps:
        if result.status == until:
            break
        result = order_transition(
            actor=None,
            order=result,
            action=action,
            parties=parties,
            unit_price=Decimal(14_000) if action == "quote" else None,
            delivered_on=delivered_on,
        )
        assert result.status == reached
    return result
