"""Pasar KUBE pages: the public catalogue and product page, buyer sign-up, both sides'
order pages, the group side's products and the ledger; outsiders get 404s."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from sinergi.core.models import Role, User
from sinergi.core.services import role_assign
from sinergi.kube.models import Buyer, Member, Order, OrderRevenue
from tests.kube.factories import group
from tests.kube.market_factories import buyer, order, product
from tests.partners.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(nadia: User, rahmat: User, citra: User) -> dict[str, Any]:
    pendamping: User = UserFactory.create(username="pendamping")
    role_assign(user=pendamping, role=Role.FACILITATOR, region_code="32.73.01")
    the_group = group(facilitator=pendamping)
    return {
        "group": the_group,
        "product": product(the_group, name="Keripik Tempe"),
        "buyer": buyer(name="Toko Berkah"),
        "pendamping": pendamping,
    }


def test_the_catalogue_page_is_public_searchable_and_has_no_personal_data(
    client_for: Any, world: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    product(world["group"], name="Batik Cap", category="crafts", price=150_000)
    client = client_for(None)
    with django_assert_max_num_queries(6):
        response = client.get("/pasar/", {"q": "KERIPIK"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Keripik Tempe" in text and "Batik Cap" not in text
    for member in Member.objects.filter(group=world["group"]):
        assert member.name not in text and member.nik_masked not in text
    assert "Batik Cap" in client.get("/pasar/", {"category": "crafts"}).content.decode()
    assert "Batik Cap" in client.get("/pasar/", {"price_min": 100000}).content.decode()
    assert client.get("/pasar/", {"price_min": 10, "price_max": 5}).status_code == 422
    assert client.get("/pasar/", {"region": "99"}).status_code == 422


def test_a_buyer_sends_an_inquiry_from_the_product_page(
    client_for: Any, world: dict[str, Any], rahmat: User
) -> None:
    url = f"/pasar/produk/{world['product'].pk}/"
    assert "daftar" in client_for(None).get(url).content.decode()
    shop = client_for(world["buyer"].user)
    assert shop.post(url, {"quantity": 0}).status_code == 422
    response = shop.post(url, {"quantity": 25, "message": "Untuk minggu depan"})
    created = Order.objects.get(buyer=world["buyer"])
    assert response.status_code == 302
    assert response["Location"] == f"/pasar/pesanan/{created.pk}/"
    assert client_for(rahmat).post(url, {"quantity": 1}).status_code == 403
    assert client_for(None).get("/pasar/produk/999999/").status_code == 404


def test_buyer_signup_creates_an_account_and_signs_in(
    client_for: Any, world: dict[str, Any]
) -> None:
    client = client_for(None)
    assert client.get("/pasar/daftar/").status_code == 200
    bad = client.post("/pasar/daftar/", {"username": "x"})
    assert bad.status_code == 422
    response = client.post(
        "/pasar/daftar/",
        {
            "username": "warung.baru",
            "password": "a-long-test-passphrase-42",
            "buyer_type": "e_warong",
            "name": "e-Warong Baru",
            "home_region": "3273",
            "categories": ["food_processing"],
        },
    )
    assert response.status_code == 302, response.content
    assert Buyer.objects.get(user__username="warung.baru").home_region_id == "32.73"
    assert client.get("/pasar/pesanan/").status_code == 200


def test_both_sides_move_the_order_on_its_page_and_outsiders_get_404(
    client_for: Any, world: dict[str, Any], citra: User
) -> None:
    the_order = order(world["buyer"], world["product"], quantity=4)
    url = f"/pasar/pesanan/{the_order.pk}/"
    seller, shop = client_for(world["pendamping"]), client_for(world["buyer"].user)
    assert client_for(citra).get(url).status_code == 404
    assert client_for(buyer(name="Lain").user).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302  # to sign in
    assert shop.post(url, {"action": "quote", "unit_price": 5}).status_code == 403
    assert seller.post(url, {"action": "deliver"}).status_code == 409
    assert seller.post(url, {"action": "quote", "unit_price": 15000}).status_code == 302
    assert shop.post(url, {"action": "confirm"}).status_code == 302
    assert seller.post(url, {"action": "deliver", "delivered_on": "2026-07-01"}).status_code == 302
    assert OrderRevenue.objects.get(order=the_order).amount == 60_000
    page = seller.get(url).content.decode()
    assert "Payment received" in page or "Pembayaran diterima" in page
    assert f"#{the_order.pk}" in shop.get("/pasar/pesanan/").content.decode()
    assert f"#{the_order.pk}" in seller.get("/pasar/pesanan/").content.decode()
    assert f"#{the_order.pk}" not in client_for(citra).get("/pasar/pesanan/").content.decode()


def test_the_group_side_manages_products_and_photos(
    client_for: Any, world: dict[str, Any], citra: User
) -> None:
    seller = client_for(world["pendamping"])
    group_url = f"/pasar/kelompok/{world['group'].pk}/"
    assert "KUBE Mawar" in seller.get("/pasar/kelompok/").content.decode()
    assert client_for(citra).get(group_url).status_code == 404
    assert client_for(world["buyer"].user).get(group_url).status_code == 404
    new = {
        "name": "Dodol",
        "category": "food_processing",
        "unit": "pak",
        "price": 9000,
        "monthly_capacity": 50,
        "active": "on",
    }
    assert seller.post(group_url, {**new, "price": 0}).status_code == 422
    assert seller.post(group_url, new).status_code == 302
    edit_url = f"/pasar/produk/{world['product'].pk}/ubah/"
    assert client_for(citra).get(edit_url).status_code == 404
    image = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 80, 10)).save(image, format="JPEG")
    image.seek(0)
    image.name = "foto.jpg"
    assert seller.post(edit_url, {"photo": image}).status_code == 302
    fake = io.BytesIO(b"not an image")
    fake.name = "x.jpg"
    assert seller.post(edit_url, {"photo": fake}).status_code == 422
    photo = world["product"].photos.get()
    photo_url = f"/pasar/produk/{world['product'].pk}/foto/{photo.pk}.png"
    assert client_for(None).get(photo_url).status_code == 200
    changed = {**new, "name": "Keripik Tempe", "active": ""}
    assert seller.post(edit_url, changed).status_code == 302
    # Hidden from the catalogue now: the photo is for the group side only.
    assert client_for(None).get(photo_url).status_code == 404
    assert seller.get(photo_url).status_code == 200
    assert (
        seller.post(f"/pasar/produk/{world['product'].pk}/foto/{photo.pk}/hapus/").status_code
        == 302
    )


def test_the_ledger_page_shows_order_revenue_and_takes_entries(
    client_for: Any, world: dict[str, Any], citra: User, rahmat: User
) -> None:
    today = timezone.localdate()
    order(world["buyer"], world["product"], quantity=10, until="delivered", delivered_on=today)
    url = f"/pasar/kelompok/{world['group'].pk}/buku-kas/"
    seller = client_for(world["pendamping"])
    page = seller.get(url).content.decode()
    assert "140.000" in page or "140,000" in page
    assert client_for(citra).get(url).status_code == 404
    assert client_for(world["buyer"].user).get(url).status_code == 404
    month = today.strftime("%Y-%m")
    entry = {"month": month, "other_revenue": 10000, "costs": 50000, "savings": 5000, "iks": 1000}
    assert client_for(rahmat).post(url, entry).status_code == 302
    assert seller.post(url, {**entry, "costs": -5}).status_code == 422
    assert seller.post(url, {**entry, "month": "2026-13"}).status_code == 422
    page = seller.get(url).content.decode()
    assert "100.000" in page or "100,000" in page  # profit: 140,000 + 10,000 - 50,000
