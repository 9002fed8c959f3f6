"""Sign-in rate limit (counted in the database, so it holds across worker processes) and the
session cookie's flags."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import Client
from django.utils import timezone

from sinergi.core.models import LoginFailure, User
from sinergi.core.selectors import LOGIN_MAX_FAILURES, LOGIN_WINDOW
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str) -> int:
    return client.post("/akun/masuk/", {"username": username, "password": password}).status_code


def test_repeated_failures_block_even_the_right_password_until_the_window_passes(
    rahmat: User,
) -> None:
    client = Client()
    for _ in range(LOGIN_MAX_FAILURES):
        assert sign_in(client, "rahmat", "wrong") == 200
    blocked = client.post("/akun/masuk/", {"username": "Rahmat", "password": PASSWORD})
    assert blocked.status_code == 200  # refused: the form again, with the reason
    assert "Terlalu banyak upaya masuk" in blocked.content.decode()
    with time_machine.travel(timezone.now() + LOGIN_WINDOW + timedelta(seconds=1)):
        assert sign_in(Client(), "rahmat", PASSWORD) == 302


def test_the_count_is_shared_by_every_process(rahmat: User) -> None:
    """Failures seen by other workers are rows in the database, not memory of this one."""
    LoginFailure.objects.bulk_create(
        LoginFailure(username_key="rahmat", ip="10.0.0.9", at=timezone.now())
        for _ in range(LOGIN_MAX_FAILURES)
    )
    assert authenticate(None, username="rahmat", password=PASSWORD) is None


def test_a_success_resets_the_count_and_other_users_are_unaffected(
    rahmat: User, citra: User
) -> None:
    client = Client()
    for _ in range(LOGIN_MAX_FAILURES - 1):
        sign_in(client, "rahmat", "wrong")
    assert sign_in(Client(), "citra", "wrong") == 200
    assert sign_in(client, "rahmat", PASSWORD) == 302
    assert not LoginFailure.objects.filter(username_key="rahmat").exists()
    assert LoginFailure.objects.filter(username_key="citra").count() == 1


def test_the_admin_login_is_limited_too(nadia: User) -> None:
    client = Client()
    for _ in range(LOGIN_MAX_FAILURES):
        client.post("/admin/login/", {"username": "nadia", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "nadia", "password": PASSWORD})
    assert response.status_code == 200  # the login form again, not a redirect into the admin


def test_the_session_cookie_is_http_only_and_same_site(rahmat: User) -> None:
    client = Client()
    response = client.post("/akun/masuk/", {"username": "rahmat", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] == ("True" if settings.SESSION_COOKIE_SECURE else "")
