"""Products, buyers, the order state machine with its history, and revenue booking."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from sinergi.core.models import AuditEvent, Role, RoleAssignment
from sinergi.kube.engines.orders import TransitionError
from sinergi.kube.market_selectors import (
    ledger_monthly_series,
    order_events,
    order_revenue_lines,
)
from sinergi.kube.market_services import (
    BuyerProfile,
    buyer_register,
    ledger_month_save,
    order_inquire,
    order_transition,
    product_photo_add,
    product_update,
)
from sinergi.kube.models import OrderRevenue
from tests.kube.factories import group
from tests.kube.market_factories import BUYER, SELLER, buyer, order, product

pytestmark = pytest.mark.django_db


def _png(width: int = 1600, height: int = 1200) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(data, format="JPEG")
    data.seek(0)
    return data


def test_product_search_name_is_folded_and_updates_follow() -> None:
    item = product(group(), name="Kopi Arabika Ciwidéy")
    assert item.search_name == "kopi arabika ciwidey"
    product_update(
        actor=None,
        product=item,
        name="Teh Hijau",
        category="agriculture",
        unit="kg",
        price=Decimal(50_000),
        monthly_capacity=10,
        description="",
        active=False,
    )
    item.refresh_from_db()
    assert (item.search_name, item.active, item.price) == ("teh hijau", False, Decimal(50_000))


def test_it_refuses_bad_products() -> None:
    with pytest.raises(ValidationError) as error:
        product(group(), name=" ", category="rockets", price=0)
    assert set(error.value.message_dict) == {"name", "category", "price"}


def test_photos_are_validated_and_resized() -> None:
    item = product(group())
    photo = product_photo_add(actor=None, product=item, file=_png())
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG"
        assert max(image.size) == 800
    with pytest.raises(ValidationError) as error:
        product_photo_add(actor=None, product=item, file=io.BytesIO(b"<svg></svg>"))
    assert "photo" in error.value.message_dict


def test_buyer_registration_creates_account_profile_and_role() -> None:
    created = buyer_register(
        username="warung.sejahtera",
        password="a-long-test-passphrase-42",
        profile=BuyerProfile(
            buyer_type="e_warong",
            name="e-Warong Sejahtera",
            home_region_code="32.73",
            categories=["food_processing", "agriculture"],
        ),
    )
    assert RoleAssignment.objects.filter(user=created.user, role=Role.BUYER).exists()
    with pytest.raises(ValidationError) as error:
        buyer_register(
            username="another",
            password="a-long-test-passphrase-42",
            profile=BuyerProfile(buyer_type="spaceship", name="X", home_region_code="99"),
        )
    assert {"buyer_type", "home_region"} <= set(error.value.message_dict)


def test_the_happy_path_keeps_timestamps_and_history() -> None:
    item = product(group())
    result = order(buyer(), item, quantity=12, until="paid", delivered_on=date(2026, 1, 15))
    assert result.total == 12 * 14_000
    assert all(getattr(result, f"{s}_at") for s in ("quoted", "confirmed", "delivered", "paid"))
    assert [(e.from_status, e.to_status) for e in order_events(result)] == [
        ("", "new"),
        ("new", "quoted"),
        ("quoted", "confirmed"),
        ("confirmed", "delivered"),
        ("delivered", "paid"),
    ]
    assert AuditEvent.objects.filter(action="kube.order.pay", target_id=str(result.pk)).exists()


def test_delivery_books_revenue_once_in_the_delivery_month() -> None:
    the_group = group()
    result = order(
        buyer(), product(the_group), quantity=5, until="delivered", delivered_on=date(2026, 2, 3)
    )
    lines = order_revenue_lines(the_group, date(2026, 2, 1))
    assert [(line.order_id, line.amount) for line in lines] == [(result.pk, Decimal(70_000))]
    # Payment does not book it again, and the database refuses a second line.
    order_transition(actor=None, order=result, action="pay", parties=SELLER)
    assert OrderRevenue.objects.filter(order=result).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderRevenue.objects.create(group=the_group, order=result, month=date(2026, 2, 1), amount=1)
    series = ledger_monthly_series([the_group.pk], date(2026, 1, 1), date(2026, 3, 1))
    assert [row.order_revenue for row in series[the_group.pk]] == [0, 70_000, 0]


def test_wrong_state_and_wrong_party_are_refused_and_change_nothing() -> None:
    the_buyer, item = buyer(), product(group())
    fresh = order(the_buyer, item)
    with pytest.raises(TransitionError) as refused:
        order_transition(actor=None, order=fresh, action="quote", parties=BUYER)
    assert refused.value.kind == "party"
    with pytest.raises(TransitionError) as refused:
        order_transition(actor=None, order=fresh, action="deliver", parties=SELLER)
    assert refused.value.kind == "state"
    paid = order(the_buyer, item, until="paid")
    with pytest.raises(TransitionError):
        order_transition(actor=None, order=paid, action="cancel", parties=SELLER | BUYER)
    fresh.refresh_from_db()
    paid.refresh_from_db()
    assert (fresh.status, paid.status) == ("new", "paid")
    assert len(order_events(fresh)) == 1


def test_quote_needs_a_price_and_delivery_a_past_date() -> None:
    the_buyer, item = buyer(), product(group())
    fresh = order(the_buyer, item)
    with pytest.raises(ValidationError):
        order_transition(actor=None, order=fresh, action="quote", parties=SELLER)
    confirmed = order(the_buyer, item, until="confirmed")
    with pytest.raises(ValidationError):
        order_transition(
            actor=None,
            order=confirmed,
            action="deliver",
            parties=SELLER,
            # Tomorrow, the nearest future day: ``.replace(year=...)`` broke on 29 February.
            delivered_on=timezone.localdate() + timedelta(days=1),
        )
    fresh.refresh_from_db()
    confirmed.refresh_from_db()
    assert (fresh.status, confirmed.status) == ("new", "confirmed")


def test_cancelled_orders_book_nothing() -> None:
    cancelled = order(buyer(), product(group()), until="cancelled")
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None
    assert not OrderRevenue.objects.exists()


def test_inquiries_need_an_active_product() -> None:
    item = product(group(), active=False)
    with pytest.raises(ValidationError):
        order_inquire(actor=None, buyer=buyer(), product=item, quantity=1)


def test_ledger_entry_is_one_row_per_month_and_adds_to_order_revenue() -> None:
    the_group = group()
    order(
        buyer(), product(the_group), quantity=10, until="delivered", delivered_on=date(2026, 3, 9)
    )
    for costs in (Decimal(50_000), Decimal(60_000)):
        ledger_month_save(
            actor=None,
            group=the_group,
            month=date(2026, 3, 20),
            other_revenue=Decimal(100_000),
            costs=costs,
            savings=Decimal(20_000),
            iks=Decimal(5_000),
        )
    [row] = ledger_monthly_series([the_group.pk], date(2026, 3, 1), date(2026, 3, 1))[the_group.pk]
    assert (row.order_revenue, row.other_revenue, row.revenue, row.profit) == tuple(
        Decimal(v) for v in (140_000, 100_000, 240_000, 180_000)
    )
    assert row.entered


def test_ledger_refuses_future_months_and_negative_amounts() -> None:
    the_group = group()
    next_year = date(timezone.localdate().year + 1, 1, 1)
    with pytest.raises(ValidationError):
        ledger_month_save(
            actor=None,
            group=the_group,
            month=next_year,
            other_revenue=Decimal(0),
            costs=Decimal(0),
            savings=Decimal(0),
            iks=Decimal(0),
        )
    with pytest.raises(ValidationError) as error:
        ledger_month_save(
            actor=None,
            group=the_group,
            month=date(2026, 1, 1),
            other_revenue=Decimal(-1),
            costs=Decimal(0),
            savings=Decimal(0),
            iks=Decimal(0),
        )
    assert "other_revenue" in error.value.message_dict
