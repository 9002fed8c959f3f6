"""Region and boundary endpoints: allowed, not found and invalid cases for each."""

import gzip
import json
from typing import Any

import pytest
import shapely
from django.test import Client
from shapely.geometry import shape

from sinergi.regions.models import Region

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, **headers: str) -> Any:
    return client.get(url, headers=headers)


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["detail"]
    return body


class TestRegionDetail:
    def test_it_returns_facts_parents_and_child_count(self, client: Client) -> None:
        body = get(client, "/api/v1/regions/32.73.01").json()
        assert body["level"] == "district"
        assert [p["code"] for p in body["parents"]] == ["32", "32.73"]
        assert body["child_count"] == Region.objects.filter(parent_id="32.73.01").count() > 0

    def test_compact_codes_and_bps_codes_find_the_same_region(self, client: Client) -> None:
        assert get(client, "/api/v1/regions/3273").json()["code"] == "32.73"
        body = get(client, "/api/v1/regions/1101?system=bps").json()
        assert (body["code"], body["name"]) == ("11.09", "Kabupaten Simeulue")

    def test_a_village_has_its_point_and_density_is_derived(self, client: Client) -> None:
        village = get(client, "/api/v1/regions/32.73.01.1001").json()
        assert village["centroid"]["lat"] < 0 and village["level"] == "village"
        bandung = get(client, "/api/v1/regions/32.73").json()
        assert bandung["density_per_km2"] == round(2_591_763 / 166.593, 1)

    def test_unknown_codes_are_404_with_a_message(self, client: Client) -> None:
        assert "99.99" in problem(get(client, "/api/v1/regions/99.99"), 404)["detail"]
        problem(get(client, "/api/v1/regions/9999?system=bps"), 404)

    @pytest.mark.parametrize(
        "url", ["/api/v1/regions/abc", "/api/v1/regions/32.7", "/api/v1/regions/32?system=nasa"]
    )
    def test_malformed_input_is_422_naming_the_field(self, client: Client, url: str) -> None:
        body = problem(get(client, url), 422)
        assert body["errors"][0]["loc"] in (["code"], ["system"])


class TestChildren:
    def test_it_lists_direct_children_by_code(self, client: Client) -> None:
        children = get(client, "/api/v1/regions/32/children").json()
        codes = [c["code"] for c in children]
        assert len(codes) == 27 and codes == sorted(codes)
        assert all(c["parent_code"] == "32" for c in children)
        assert children[0]["child_count"] > 0 and children[0]["path"] == "Jawa Barat"

    def test_not_found_and_invalid(self, client: Client) -> None:
        problem(get(client, "/api/v1/regions/98/children"), 404)
        problem(get(client, "/api/v1/regions/x/children"), 422)


class TestRegionList:
    def test_filters_by_level_and_parent_subtree(self, client: Client) -> None:
        assert get(client, "/api/v1/regions?level=province").json()["count"] == 38
        page = get(client, "/api/v1/regions?level=district&parent=32.73&limit=5").json()
        assert page["count"] == 30 and len(page["items"]) == 5
        assert page["items"][0]["path"] == "Kota Bandung, Jawa Barat"

    def test_pages_do_not_overlap(self, client: Client) -> None:
        first = get(client, "/api/v1/regions?level=regency&limit=10").json()["items"]
        second = get(client, "/api/v1/regions?level=regency&limit=10&offset=10").json()["items"]
        assert {r["code"] for r in first}.isdisjoint({r["code"] for r in second})

    @pytest.mark.parametrize(
        ("query", "expected_first"),
        [
            ("bandng", {"32.04", "32.73"}),  # typo
            ("KOTA BANDUNG", {"32.73"}),  # case
            ("surabaya", {"35.78"}),
            ("kab simeulue", {"11.09"}),
            ("jawa bar", {"32"}),  # prefix
            ("32.73", {"32.73"}),  # code
        ],
    )
    def test_search_quality(self, client: Client, query: str, expected_first: set[str]) -> None:
        items = get(client, f"/api/v1/regions?q={query}&limit=5").json()["items"]
        assert items and items[0]["code"] in expected_first

    def test_search_within_a_region_finds_its_villages(self, client: Client) -> None:
        page = get(client, "/api/v1/regions?q=sukasari&parent=32.73&level=village").json()
        assert page["count"] >= 1
        assert all(
            i["code"].startswith("32.73.") and i["level"] == "village" for i in page["items"]
        )

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ("level=town", "level"),
            ("limit=0", "limit"),
            ("limit=201", "limit"),
            ("offset=-1", "offset"),
            ("offset=99999999999999999999", "offset"),
            ("parent=abc", "parent"),
        ],
    )
    def test_invalid_parameters_are_422(self, client: Client, query: str, field: str) -> None:
        body = problem(get(client, f"/api/v1/regions?{query}"), 422)
        assert body["errors"][0]["loc"] == [field]

    def test_unknown_parent_is_404(self, client: Client) -> None:
        problem(get(client, "/api/v1/regions?parent=99"), 404)

    def test_a_page_costs_a_constant_number_of_queries(
        self, client: Client, django_assert_max_num_queries: Any
    ) -> None:
        with django_assert_max_num_queries(4):  # parent, count, page, ancestor names
            get(client, "/api/v1/regions?level=village&parent=32&limit=200")


class TestBoundaries:
    @pytest.mark.parametrize(
        ("url", "count"),
        [
            ("/api/v1/boundaries/province", 38),
            ("/api/v1/boundaries/regency", 514),
            ("/api/v1/boundaries/regency?parent=32", 27),
            ("/api/v1/boundaries/district?parent=32.73", 30),
            ("/api/v1/boundaries/district?parent=3273", 30),
        ],
    )
    def test_valid_geojson_keyed_by_region_code(self, client: Client, url: str, count: int) -> None:
        response = get(client, url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/geo+json"
        document = json.loads(response.content)
        assert document["type"] == "FeatureCollection" and len(document["features"]) == count
        codes = {f["id"] for f in document["features"]}
        assert Region.objects.filter(code__in=codes).count() == count
        for feature in document["features"]:
            geometry = shape(feature["geometry"])
            assert geometry.geom_type in ("Polygon", "MultiPolygon")
            assert geometry.is_valid and not geometry.is_empty
            assert feature["properties"]["code"] == feature["id"]

    def test_every_district_is_served_within_its_province(self, client: Client) -> None:
        served: set[str] = set()
        for province in Region.objects.filter(level=1).values_list("code", flat=True):
            document = get(client, f"/api/v1/boundaries/district?parent={province}").json()
            served |= {f["id"] for f in document["features"]}
        assert served == set(Region.objects.filter(level=3).values_list("code", flat=True))

    def test_it_is_compressed_cached_and_revalidated(self, client: Client) -> None:
        zipped = get(client, "/api/v1/boundaries/province", accept_encoding="gzip")
        assert zipped["Content-Encoding"] == "gzip"
        plain = get(client, "/api/v1/boundaries/province")
        assert gzip.decompress(zipped.content) == plain.content
        assert "max-age" in plain["Cache-Control"]
        again = get(client, "/api/v1/boundaries/province", if_none_match=plain["ETag"])
        assert again.status_code == 304 and again.content == b""

    def test_served_shapes_are_simplified_but_faithful(self, client: Client) -> None:
        document = get(client, "/api/v1/boundaries/regency").json()
        assert len(json.dumps(document)) < 1_000_000
        by_code = {f["id"]: shape(f["geometry"]) for f in document["features"]}
        union = shapely.union_all(list(by_code.values()))
        assert by_code["32.73"].representative_point().within(union)
        bandung = Region.objects.get(code="32.73")
        assert (
            by_code["32.73"]
            .buffer(0.05)
            .contains(shapely.Point(bandung.centroid_lng, bandung.centroid_lat))
        )

    @pytest.mark.parametrize(
        ("url", "status"),
        [
            ("/api/v1/boundaries/district", 422),
            ("/api/v1/boundaries/village?parent=32.73.01", 422),
            ("/api/v1/boundaries/province?parent=32", 422),
            ("/api/v1/boundaries/regency?parent=32.73", 422),
            ("/api/v1/boundaries/district?parent=32.73.01", 422),
            ("/api/v1/boundaries/district?parent=zz", 422),
            ("/api/v1/boundaries/district?parent=99", 404),
        ],
    )
    def test_bad_requests_are_4xx_problems(self, client: Client, url: str, status: int) -> None:
        problem(get(client, url), status)
