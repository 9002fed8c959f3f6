from typing import Any

import pytest

from sinergi.core.models import User

pytestmark = pytest.mark.django_db


def test_me_anonymous(client_for: Any) -> None:
    body = client_for(None).get("/api/v1/me").json()
    assert body == {
        "authenticated": False,
        "username": None,
        "name": None,
        "is_national_admin": False,
        "scopes": [],
    }


def test_me_shows_the_coordinators_scope(client_for: Any, rahmat: User) -> None:
    body = client_for(rahmat).get("/api/v1/me").json()
    assert body["username"] == "rahmat" and not body["is_national_admin"]
    assert body["scopes"] == [
        {"role": "regional_coordinator", "region_code": "32", "organisation_id": None}
    ]


def test_unknown_api_paths_are_404(client_for: Any) -> None:
    assert client_for(None).get("/api/v1/nothing-here").status_code == 404
