"""The market API: public catalogue without personal data, products and photos, buyers,
the order flow with each side's rights (outsiders 404, wrong side 403, wrong state 409), the
ledger and health, invalid input as 422, and fixed query counts for the lists."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from sinergi.core.models import Role, User
from sinergi.core.services import role_assign
from sinergi.kube.models import Member, OrderRevenue
from tests.kube.factories import SURABAYA_VILLAGE, group
from tests.kube.market_factories import buyer, order, product
from tests.partners.factories import UserFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def world(nadia: User, rahmat: User, citra: User) -> dict[str, Any]:
    pendamping: User = UserFactory.create(username="pendamping")
    role_assign(user=pendamping, role=Role.FACILITATOR, region_code="32.73.01")
    the_group = group(facilitator=pendamping)
    item = product(the_group, name="Keripik Tempe")
    shop = buyer(name="Toko Berkah")
    stranger = buyer(name="Toko Lain")
    return {
        "group": the_group,
        "product": item,
        "buyer": shop,
        "stranger": stranger,
        "pendamping": pendamping,
    }


def _json(response: Any) -> Any:
    return json.loads(response.content)


def test_the_catalogue_is_public_and_has_no_personal_data(
    client_for: Any, world: dict[str, Any], django_assert_num_queries: Any
) -> None:
    client = client_for(None)
    with django_assert_num_queries(3):
        response = client.get("/api/v1/kube/catalogue", {"q": "keripik TEMPE"})
    assert response.status_code == 200
    body = _json(response)
    assert body["count"] == 1
    item = body["items"][0]
    assert item["group_name"] == "KUBE Mawar"
    assert item["place"]["regency"] and item["place"]["province"]
    text = response.content.decode()
    for member in Member.objects.filter(group=world["group"]):
        assert member.name not in text and member.nik_masked not in text
    assert "1234567890" not in text  # the bank account
    detail = client.get(f"/api/v1/kube/catalogue/{world['product'].pk}")
    assert detail.status_code == 200


def test_catalogue_filters_and_bad_input(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(None)
    assert _json(client.get("/api/v1/kube/catalogue", {"region": "35"}))["count"] == 0
    assert _json(client.get("/api/v1/kube/catalogue", {"region": "3273"}))["count"] == 1
    assert _json(client.get("/api/v1/kube/catalogue", {"price_max": 1000}))["count"] == 0
    for bad in ({"category": "rockets"}, {"price_min": 10, "price_max": 5}, {"limit": 0}):
        response = client.get("/api/v1/kube/catalogue", bad)
        assert response.status_code == 422
        assert response["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/kube/catalogue/999999").status_code == 404


def test_inactive_products_are_not_public(client_for: Any, world: dict[str, Any]) -> None:
    hidden = product(world["group"], name="Rahasia", active=False)
    assert client_for(None).get(f"/api/v1/kube/catalogue/{hidden.pk}").status_code == 404


def _product_payload(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Sambal Roa",
        "category": "food_processing",
        "unit": "botol",
        "price": 25000,
        "monthly_capacity": 300,
        **extra,
    }


def test_products_are_managed_by_the_group_side_only(
    client_for: Any, world: dict[str, Any], rahmat: User, citra: User
) -> None:
    url = f"/api/v1/kube/groups/{world['group'].pk}/products"
    for user in (world["pendamping"], rahmat):
        response = client_for(user).post(url, _product_payload(), content_type=JSON)
        assert response.status_code == 201, response.content
    assert client_for(citra).post(url, _product_payload(), content_type=JSON).status_code == 404
    assert (
        client_for(world["buyer"].user).post(url, _product_payload(), content_type=JSON).status_code
        == 404
    )
    assert client_for(None).post(url, _product_payload(), content_type=JSON).status_code == 401
    bad = client_for(rahmat).post(url, _product_payload(price=0, unit=""), content_type=JSON)
    assert bad.status_code == 422
    listed = client_for(rahmat).get(url)
    assert [p["name"] for p in _json(listed)] == ["Keripik Tempe", "Sambal Roa", "Sambal Roa"]
    product_url = f"/api/v1/kube/products/{world['product'].pk}"
    changed = client_for(rahmat).put(
        product_url, _product_payload(name="Keripik Tempe Pedas", active=False), content_type=JSON
    )
    assert changed.status_code == 200 and _json(changed)["active"] is False
    assert (
        client_for(citra).put(product_url, _product_payload(), content_type=JSON).status_code == 404
    )


def test_photo_upload_is_checked_and_served(
    client_for: Any, world: dict[str, Any], citra: User
) -> None:
    url = f"/api/v1/kube/products/{world['product'].pk}/photos"
    image = io.BytesIO()
    Image.new("RGB", (1200, 900), (10, 150, 60)).save(image, format="PNG")
    image.seek(0)
    image.name = "foto.png"
    client = client_for(world["pendamping"])
    response = client.post(url, {"file": image})
    assert response.status_code == 201, response.content
    served = client_for(None).get(_json(response)["url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    fake = io.BytesIO(b"GIF89a not really")
    fake.name = "x.gif"
    assert client.post(url, {"file": fake}).status_code == 422
    image.seek(0)
    assert client_for(citra).post(url, {"file": image}).status_code == 404
    delete = client.delete(f"{url}/{_json(response)['id']}")
    assert delete.status_code == 204


def _buyer_payload(**extra: Any) -> dict[str, Any]:
    return {
        "username": "pengadaan.pt",
        "password": "a-long-test-passphrase-42",
        "buyer_type": "company",
        "name": "PT Maju Bersama",
        "home_region": "31.71",
        "categories": ["food_processing"],
        **extra,
    }


def test_buyers_are_registered_by_admins_and_manage_their_profile(
    client_for: Any, world: dict[str, Any], nadia: User
) -> None:
    response = client_for(nadia).post("/api/v1/kube/buyers", _buyer_payload(), content_type=JSON)
    assert response.status_code == 201, response.content
    forbidden = client_for(world["buyer"].user).post(
        "/api/v1/kube/buyers", _buyer_payload(username="other"), content_type=JSON
    )
    assert forbidden.status_code == 403
    bad = client_for(nadia).post(
        "/api/v1/kube/buyers", _buyer_payload(username="x2", categories=["x"]), content_type=JSON
    )
    assert bad.status_code == 422
    me = client_for(world["buyer"].user)
    assert _json(me.get("/api/v1/kube/buyers/me"))["name"] == "Toko Berkah"
    profile = {
        k: v
        for k, v in _buyer_payload(name="Toko Berkah Jaya").items()
        if k not in ("username", "password")
    }
    assert _json(me.put("/api/v1/kube/buyers/me", profile, content_type=JSON))["name"] == (
        "Toko Berkah Jaya"
    )
    assert client_for(nadia).get("/api/v1/kube/buyers/me").status_code == 404
    suggestions = _json(me.get("/api/v1/kube/buyers/me/suggestions"))
    assert suggestions[0]["product"]["name"] == "Keripik Tempe"
    assert suggestions[0]["category_match"] is True


def test_the_order_flow_through_the_api(
    client_for: Any, world: dict[str, Any], citra: User
) -> None:
    shop = client_for(world["buyer"].user)
    seller = client_for(world["pendamping"])
    created = shop.post(
        "/api/v1/kube/orders",
        {"product_id": world["product"].pk, "quantity": 20, "message": "Untuk toko"},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    order_id = _json(created)["id"]
    assert _json(created)["actions"] == ["cancel"]
    move = f"/api/v1/kube/orders/{order_id}/transitions"
    # The buyer may not quote its own inquiry; the group side may not confirm for the buyer.
    assert (
        shop.post(move, {"action": "quote", "unit_price": 1}, content_type=JSON).status_code == 403
    )
    wrong_state = seller.post(move, {"action": "deliver"}, content_type=JSON)
    assert wrong_state.status_code == 409
    assert (
        "confirmed" in _json(wrong_state)["detail"].lower()
        or "dikonfirmasi" in _json(wrong_state)["detail"].lower()
    )
    no_price = seller.post(move, {"action": "quote"}, content_type=JSON)
    assert no_price.status_code == 422
    quoted = seller.post(move, {"action": "quote", "unit_price": 14000}, content_type=JSON)
    assert _json(quoted)["status"] == "quoted" and _json(quoted)["total"] == "280000"
    assert seller.post(move, {"action": "confirm"}, content_type=JSON).status_code == 403
    assert _json(shop.post(move, {"action": "confirm"}, content_type=JSON))["status"] == "confirmed"
    delivered = seller.post(
        move, {"action": "deliver", "delivered_on": "2026-05-04"}, content_type=JSON
    )
    assert _json(delivered)["revenue_month"] == "2026-05-01"
    paid = _json(seller.post(move, {"action": "pay"}, content_type=JSON))
    assert [h["to_status"] for h in paid["history"]] == [
        "new",
        "quoted",
        "confirmed",
        "delivered",
        "paid",
    ]
    assert OrderRevenue.objects.filter(order_id=order_id).count() == 1
    # Outsiders: another buyer, a coordinator elsewhere, nobody signed in.
    assert (
        client_for(world["stranger"].user).get(f"/api/v1/kube/orders/{order_id}").status_code == 404
    )
    assert client_for(citra).get(f"/api/v1/kube/orders/{order_id}").status_code == 404
    assert client_for(citra).post(move, {"action": "cancel"}, content_type=JSON).status_code == 404
    assert client_for(None).get(f"/api/v1/kube/orders/{order_id}").status_code == 401
    assert shop.post(move, {"action": "fly"}, content_type=JSON).status_code == 422


def test_only_buyers_inquire_and_only_about_public_products(
    client_for: Any, world: dict[str, Any], rahmat: User
) -> None:
    payload = {"product_id": world["product"].pk, "quantity": 1}
    assert (
        client_for(rahmat).post("/api/v1/kube/orders", payload, content_type=JSON).status_code
        == 403
    )
    hidden = product(world["group"], active=False)
    shop = client_for(world["buyer"].user)
    assert (
        shop.post(
            "/api/v1/kube/orders", {"product_id": hidden.pk, "quantity": 1}, content_type=JSON
        ).status_code
        == 404
    )
    assert (
        shop.post("/api/v1/kube/orders", {**payload, "quantity": 0}, content_type=JSON).status_code
        == 422
    )


def test_order_lists_show_each_side_its_own(
    client_for: Any, world: dict[str, Any], citra: User, django_assert_num_queries: Any
) -> None:
    other_group = group(name="KUBE Surabaya", village=SURABAYA_VILLAGE)
    for _ in range(3):
        order(world["buyer"], world["product"], until="quoted")
    order(world["stranger"], product(other_group, name="Kerupuk"))
    shop = client_for(world["buyer"].user)
    shop.get("/api/v1/kube/buyers/me")  # warm the session
    # session + user, buyer profile, count, page
    with django_assert_num_queries(5):
        mine = _json(shop.get("/api/v1/kube/orders"))
    assert mine["count"] == 3
    seller = _json(client_for(world["pendamping"]).get("/api/v1/kube/orders"))
    assert seller["count"] == 3
    assert _json(client_for(citra).get("/api/v1/kube/orders"))["count"] == 1
    assert _json(client_for(citra).get("/api/v1/kube/orders", {"status": "quoted"}))["count"] == 0
    assert client_for(citra).get("/api/v1/kube/orders", {"status": "lost"}).status_code == 422
    assert client_for(citra).get("/api/v1/kube/orders", {"side": "buyer"}).status_code == 404


def test_ledger_entry_and_reading(
    client_for: Any, world: dict[str, Any], citra: User, rahmat: User
) -> None:
    order(
        world["buyer"],
        world["product"],
        quantity=10,
        until="delivered",
        delivered_on=date(2026, 4, 2),
    )
    url = f"/api/v1/kube/groups/{world['group'].pk}/ledger"
    client = client_for(world["pendamping"])
    entered = client.put(
        f"{url}/2026-04",
        {"other_revenue": 50000, "costs": 120000, "savings": 10000, "iks": 5000},
        content_type=JSON,
    )
    assert entered.status_code == 200, entered.content
    row = _json(entered)
    assert (row["order_revenue"], row["revenue"], row["profit"]) == ("140000", "190000", "70000")
    ledger = _json(client_for(rahmat).get(url, {"start": "2026-03", "end": "2026-05"}))
    assert [m["revenue"] for m in ledger["months"]] == ["0", "190000", "0"]
    assert 0 <= ledger["health"]["score"] <= 100
    assert client_for(citra).get(url).status_code == 404
    assert client_for(world["buyer"].user).get(url).status_code == 404
    assert client_for(citra).put(f"{url}/2026-04", {}, content_type=JSON).status_code == 404
    assert client.put(f"{url}/2026-13", {}, content_type=JSON).status_code == 422
    assert client.put(f"{url}/2026-04", {"costs": -1}, content_type=JSON).status_code == 422
    assert client.get(url, {"start": "2026-05", "end": "2026-01"}).status_code == 422


def _queries(client: Any, url: str, params: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_list_queries_do_not_grow_with_rows(client_for: Any, world: dict[str, Any]) -> None:
    seller = client_for(world["pendamping"])
    products = f"/api/v1/kube/groups/{world['group'].pk}/products"
    order(world["buyer"], world["product"])
    seller.get(products)  # warm the session
    few = (_queries(seller, products), _queries(seller, "/api/v1/kube/orders"))
    for index in range(4):
        order(world["buyer"], product(world["group"], name=f"Produk {index}"), until="quoted")
    many = (_queries(seller, products), _queries(seller, "/api/v1/kube/orders"))
    assert few == many
    catalogue = client_for(None)
    assert _queries(catalogue, "/api/v1/kube/catalogue") == 3
