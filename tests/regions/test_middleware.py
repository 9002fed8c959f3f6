"""The boundaries fast path answers exactly as the API would, without touching the database."""

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/api/v1/boundaries/district?parent=32.73"


def test_warm_requests_cost_no_query_and_match_the_api_byte_for_byte(
    client: Client, django_assert_num_queries: Any
) -> None:
    first = client.get(URL)
    with django_assert_num_queries(0):
        fast = client.get(URL)
    # An extra parameter the fast path does not know sends the request through the API view.
    through_api = client.get(URL + "&extra=1")
    assert fast.content == first.content == through_api.content
    assert fast["ETag"] == through_api["ETag"]
    assert fast["Cache-Control"] == through_api["Cache-Control"]


def test_compact_parent_codes_take_the_fast_path_too(client: Client) -> None:
    assert client.get("/api/v1/boundaries/district?parent=3273").content == client.get(URL).content


def test_unknown_hosts_are_still_refused(client: Client) -> None:
    assert client.get(URL, headers={"host": "evil.example"}).status_code == 400


def test_bundles_that_do_not_exist_fall_through_to_the_api_errors(client: Client) -> None:
    response = client.get("/api/v1/boundaries/province?parent=32")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_an_empty_parent_is_rejected_not_ignored(client: Client) -> None:
    response = client.get("/api/v1/boundaries/province?parent=")
    assert response.status_code == 422
