"""Recommendations through the API: the obvious order on the small world, reasons in words,
404 for what does not exist, 422 for bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from sinergi.atlas.cache import atlas_cache
from sinergi.core.models import User
from sinergi.synergy import snapshot
from sinergi.synergy.needs import need_memo
from sinergi.synergy.plan_services import recommendation_weights_set
from tests.synergy.plan_world import YEAR


def test_an_organisation_sees_where_its_passion_meets_the_largest_gap(
    world: dict[str, Any], client_for: Any
) -> None:
    url = f"/api/v1/synergy/recommendations/organisations/{world['mitra_a'].pk}?year={YEAR}"
    english = client_for(world["alice"])
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = english.get(url).json()
    # Only the elderly (its passion). Bogor's 12,300 with nobody there, 100 km away, beats its
    # own Bandung, where Mitra B already works and 400 of 5,000 are reached; far Surabaya last.
    assert [(r["region"], r["target_group"]) for r in rows] == [
        ("32.01", "LUT"),
        ("32.73", "LUT"),
        ("35.78", "LUT"),
    ]
    bandung = rows[1]
    assert bandung["in_footprint"] and bandung["others"] == 1
    assert bandung["coverage_percent"] == pytest.approx(8.0)
    assert rows[0]["reason"].startswith(
        "Kabupaten Bogor: 12,300 Neglected elderly person in need, 0 % covered, "
        "no other partner active;"
    )
    assert "km from your nearest site" in rows[0]["reason"]


def test_reasons_are_in_indonesian_by_default(world: dict[str, Any], client: Client) -> None:
    url = f"/api/v1/synergy/recommendations/organisations/{world['mitra_a'].pk}?year={YEAR}"
    reason = client.get(url).json()[0]["reason"]
    assert "Lanjut Usia Terlantar" in reason and "membutuhkan" in reason


def test_weights_set_by_the_admin_change_the_order(world: dict[str, Any], client: Client) -> None:
    recommendation_weights_set(actor=None, values={"footprint": 50.0, "crowding": 0.0})
    url = f"/api/v1/synergy/recommendations/organisations/{world['mitra_a'].pk}?year={YEAR}"
    assert client.get(url).json()[0]["region"] == "32.73"


def test_a_region_sees_the_organisations_that_fit_its_gaps(
    world: dict[str, Any], client: Client
) -> None:
    rows = client.get(f"/api/v1/synergy/recommendations/regions/32.01?year={YEAR}").json()
    # Mitra A, 100 km away, fits the elderly gap; Mitra B fits the larger poverty gap (FM
    # 20,000) but works 700 km away.
    assert [(r["organisation_id"], r["target_group"]) for r in rows] == [
        (world["mitra_a"].pk, "LUT"),
        (world["mitra_b"].pk, "FM"),
    ]
    assert (
        client.get(f"/api/v1/synergy/recommendations/regions/32.01.01?year={YEAR}").json() == rows
    )


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/synergy/recommendations/organisations/999999", 404),
        ("/api/v1/synergy/recommendations/organisations/0", 422),
        ("/api/v1/synergy/recommendations/regions/32", 404),
        ("/api/v1/synergy/recommendations/regions/99.99", 404),
        ("/api/v1/synergy/recommendations/regions/nope", 422),
        ("/api/v1/synergy/recommendations/regions/32.01?year=1800", 422),
        ("/api/v1/synergy/recommendations/regions/32.01?limit=1000", 422),
    ],
)
def test_bad_requests_are_problems(
    world: dict[str, Any], client: Client, url: str, status: int
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


def test_an_archived_organisation_is_not_found_for_outsiders(
    world: dict[str, Any], client_for: Any, rahmat: User
) -> None:
    organisation = world["mitra_a"]
    organisation.archived_at = organisation.created_at
    organisation.save(update_fields=["archived_at"])
    url = f"/api/v1/synergy/recommendations/organisations/{organisation.pk}"
    assert client_for(rahmat).get(url).status_code == 404


def test_recommendations_take_a_bounded_number_of_queries(
    world: dict[str, Any],
    client: Client,
    django_assert_max_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"/api/v1/synergy/recommendations/organisations/{world['mitra_a'].pk}?year={YEAR}"
    client.get(url)  # warm: the tables are memoised per data version, rechecked every 2 s
    for cache in (atlas_cache, need_memo):
        monkeypatch.setattr(cache, "RECHECK_SECONDS", 60.0)
    monkeypatch.setattr(snapshot, "RECHECK_SECONDS", 60.0)
    client.get(url)
    # organisation, its focus and footprint (3), the weights, and the organisation's access
    with django_assert_max_num_queries(5):
        client.get(url)
