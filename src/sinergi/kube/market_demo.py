"""The Pasar KUBE demo: products for most demo groups, labelled demo buyers of every type,
orders in every state spread over the last twelve months (delivered ones book revenue), and
twelve months of ledgers, so every market page and chart has data. Called at the end of
``kube.demo.kube_demo_seed``; everything goes through the services.

The buyer profile of the ``pembeli`` demo login (created by ``web.demo``) is filled here and
given orders in every state with Kota Bandung groups, which the ``dinsos.bandung`` login
manages as the group side.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta
from decimal import Decimal

from sinergi.core.calendar import add_months, month_start
from sinergi.core.models import User
from sinergi.core.services import user_create
from sinergi.kube.engines.orders import Party
from sinergi.kube.market_services import (
    BuyerProfile,
    buyer_create,
    ledger_month_save,
    order_inquire,
    order_transition,
    product_create,
)
from sinergi.kube.models import Buyer, Group, LedgerMonth, OrderRevenue, Product
from sinergi.partners.selectors import user_by_username

BUYER_LOGIN = "pembeli"
SELLER = frozenset({Party.SELLER})
BUYER = frozenset({Party.BUYER})
STEPS = (("quote", SELLER), ("confirm", BUYER), ("deliver", SELLER), ("pay", SELLER))
UNTIL = ("new", "quoted", "confirmed", "delivered", "paid", "paid", "paid", "cancelled")

# (name, unit, price in Rp) per business category.
PRODUCTS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "food_processing": (
        ("Keripik Singkong Balado", "pak 250 g", 15_000),
        ("Dodol Ketan", "kotak", 25_000),
        ("Sambal Roa", "botol", 35_000),
        ("Kerupuk Udang", "pak 500 g", 30_000),
        ("Rengginang", "pak", 18_000),
    ),
    "crafts": (
        ("Tas Anyaman Pandan", "buah", 85_000),
        ("Batik Cap", "lembar", 150_000),
        ("Keranjang Rotan", "buah", 65_000),
        ("Tenun Ikat", "lembar", 350_000),
    ),
    "agriculture": (
        ("Beras Organik", "kg", 16_000),
        ("Kopi Arabika Sangrai", "pak 250 g", 55_000),
        ("Cabai Merah", "kg", 40_000),
        ("Jahe Merah", "kg", 30_000),
    ),
    "livestock": (
        ("Telur Ayam Kampung", "butir", 2_500),
        ("Ayam Kampung", "ekor", 85_000),
        ("Susu Kambing", "liter", 35_000),
    ),
    "fisheries": (
        ("Ikan Lele Segar", "kg", 25_000),
        ("Ikan Asin Jambal", "pak 500 g", 60_000),
        ("Abon Ikan Tuna", "pak 200 g", 45_000),
    ),
    "trade": (
        ("Paket Sembako", "paket", 150_000),
        ("Gula Aren Cetak", "kg", 28_000),
    ),
    "services": (
        ("Jasa Jahit Seragam", "stel", 120_000),
        ("Katering Nasi Kotak", "kotak", 25_000),
        ("Jasa Cuci Setrika", "kg", 8_000),
    ),
}

# (name, type, home regency, categories of interest, regions of interest)
BUYERS = (
    ("PT Sumber Pangan Nusantara (Demo)", "company", "31.71", ("food_processing",), ()),
    ("Koperasi Karyawan Sehat Bangsa (Demo)", "company", "32.73", ("food_processing", "trade"), ()),
    ("Hotel Parahyangan (Demo)", "company", "32.73", ("agriculture", "livestock"), ("32",)),
    ("Toko Oleh-oleh Khas Jawa Timur (Demo)", "shop", "35.78", ("food_processing",), ("35",)),
    ("Galeri Kriya Semarang (Demo)", "shop", "33.74", ("crafts",), ()),
    ("Pasar Segar Samarinda (Demo)", "shop", "64.72", ("fisheries", "agriculture"), ("64",)),
    ("e-Warong KUBE-PKH Sidoarjo (Demo)", "e_warong", "35.15", ("trade", "agriculture"), ("35",)),
    ("e-Warong Sejahtera Bandung (Demo)", "e_warong", "32.04", ("trade", "food_processing"), ()),
    ("Katering Ibu Ratna (Demo)", "individual", "33.74", ("livestock", "fisheries"), ()),
    ("Bapak Hendra, pembeli perorangan (Demo)", "individual", "64.02", ("crafts", "services"), ()),
)


def _buyers(admin: User | None) -> list[Buyer]:
    made = []
    for index, (name, kind, home, categories, regions) in enumerate(BUYERS):
        user = user_create(
            username=f"demo.pembeli.{index + 1}",
            password=secrets.token_urlsafe(18),  # not a login: the demo buyer login is below
            full_name=name,
            created_by=admin,
        )
        made.append(
            buyer_create(
                actor=admin,
                user=user,
                profile=BuyerProfile(
                    kind, name, home, "Demo", "0800000000", "", categories, regions
                ),
                is_demo=True,
            )
        )
    login = user_by_username(username=BUYER_LOGIN)
    if login is not None and not Buyer.objects.filter(user=login).exists():
        made.append(
            buyer_create(
                actor=admin,
                user=login,
                profile=BuyerProfile(
                    buyer_type="shop",
                    name="Toko Demo Sejahtera (Demo)",
                    home_region_code="32.73",
                    contact_name="Demo: Pembeli",
                    phone="0800000001",
                    categories=("food_processing", "crafts", "agriculture"),
                ),
                is_demo=True,
            )
        )
    return made


def _products(rng: random.Random, admin: User | None, groups: list[Group]) -> list[Product]:
    products = []
    for group in groups:
        if rng.random() < 0.15:
            continue  # some groups have not listed anything yet
        choices = PRODUCTS[group.business_category]
        for name, unit, price in rng.sample(choices, min(len(choices), rng.randint(1, 3))):
            products.append(
                product_create(
                    actor=admin,
                    group=group,
                    name=name,
                    category=group.business_category,
                    unit=unit,
                    price=Decimal(round(price * rng.uniform(0.85, 1.2), -2)),
                    monthly_capacity=rng.choice((50, 100, 200, 500)),
                    description="Demo: produk kelompok, dibuat dan dikemas oleh anggota.",
                    active=rng.random() > 0.05,
                )
            )
    return products


def _order(
    rng: random.Random,
    admin: User | None,
    buyer: Buyer,
    product: Product,
    until: str,
    delivered_on: date,
) -> None:
    order = order_inquire(
        actor=buyer.user,
        buyer=buyer,
        product=product,
        quantity=rng.choice((10, 20, 25, 50, 100)),
        message="Demo: mohon penawaran harga dan waktu kirim.",
    )
    if until == "cancelled":
        order_transition(actor=buyer.user, order=order, action="cancel", parties=BUYER)
        return
    for action, parties in STEPS:
        if order.status == until:
            return
        order = order_transition(
            actor=buyer.user if Party.BUYER in parties else admin,
            order=order,
            action=action,
            parties=parties,
            unit_price=product.price if action == "quote" else None,
            delivered_on=delivered_on if action == "deliver" else None,
            note="Demo",
        )


def _orders(
    rng: random.Random,
    admin: User | None,
    buyers: list[Buyer],
    products: list[Product],
    today: date,
) -> None:
    active = [p for p in products if p.active]
    for product in active:
        fitting = [b for b in buyers if product.category in b.categories] or buyers
        for _index in range(rng.randint(0, 3)):
            days = rng.randint(0, 360)
            _order(
                rng, admin, rng.choice(fitting), product, rng.choice(UNTIL), today - timedelta(days)
            )
    login = next((b for b in buyers if b.user.username == BUYER_LOGIN), None)
    bandung = [p for p in active if p.group.village_id.startswith("32.73.")]
    if login is not None and bandung:
        for index, until in enumerate(
            ("new", "quoted", "confirmed", "delivered", "paid", "cancelled")
        ):
            _order(
                rng, admin, login, bandung[index % len(bandung)], until, today - timedelta(index)
            )


def _ledgers(rng: random.Random, admin: User | None, groups: list[Group], today: date) -> None:
    """Twelve months per group: other sales, costs against all revenue, savings and IKS that
    are more regular in later stages."""
    last = month_start(today)
    months = [add_months(last, -offset) for offset in range(11, -1, -1)]
    booked: dict[tuple[int, date], Decimal] = {}
    for line in OrderRevenue.objects.filter(group__in=groups):
        key = (line.group_id, line.month)
        booked[key] = booked.get(key, Decimal(0)) + line.amount
    regularity = {"tumbuh": 0.3, "berkembang": 0.7, "maju": 1.0}
    for group in groups:
        base = rng.randint(5, 40) * 100_000
        growth = rng.uniform(-0.03, 0.06) + (0.03 if group.stage == "maju" else 0.0)
        for step, month in enumerate(months):
            other = Decimal(round(base * (1 + growth) ** step * rng.uniform(0.8, 1.2), -3))
            revenue = other + booked.get((group.pk, month), Decimal(0))
            ratio = rng.uniform(0.6, 0.8) if group.stage == "maju" else rng.uniform(0.65, 0.95)
            costs = Decimal(round(float(revenue) * ratio, -3))
            regular = rng.random() < regularity.get(group.stage, 0.3)
            ledger_month_save(
                actor=admin,
                group=group,
                month=month,
                other_revenue=other,
                costs=costs,
                savings=Decimal(round(float(revenue - costs) * 0.3, -3)) if regular else Decimal(0),
                iks=Decimal(round(float(revenue - costs) * 0.05, -3)) if regular else Decimal(0),
                note="Demo",
            )


def market_demo_seed(*, admin: User | None, today: date) -> int:
    """Products, buyers, orders and ledgers for the demo groups; returns the product count.
    Idempotent: nothing is added once demo groups have ledgers."""
    groups = list(Group.objects.filter(is_demo=True).order_by("id"))
    if not groups or LedgerMonth.objects.filter(group__is_demo=True).exists():
        return 0
    rng = random.Random(2019)  # noqa: S311 - reproducible demo data, not a secret
    buyers = _buyers(admin)
    products = _products(rng, admin, groups)
    for product in products:
        product.group = next(g for g in groups if g.pk == product.group_id)
    _orders(rng, admin, buyers, products, today)
    _ledgers(rng, admin, groups, today)
    return len(products)
