"""Shared test setup: the real reference data in every worker's test database, personas,
and the fast password hasher."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from sinergi.core.models import Role, User
from sinergi.core.services import role_assign, user_create
from sinergi.regions.services import reference_load, region_coordinator_assign

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config: pytest.Config) -> None:
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load the shipped registry once per worker; tests run in transactions on top of it."""
    with django_db_blocker.unblock():
        reference_load()


PASSWORD = "a-long-test-passphrase-42"


def _user(username: str) -> User:
    return user_create(username=username, password=PASSWORD, full_name=username.title())


@pytest.fixture
def nadia(db: None) -> User:
    """National admin (Kemensos planner)."""
    user = _user("nadia")
    role_assign(user=user, role=Role.NATIONAL_ADMIN)
    return user


@pytest.fixture
def rahmat(db: None) -> User:
    """Regional coordinator for Jawa Barat (32)."""
    user = _user("rahmat")
    region_coordinator_assign(user=user, region_code="32")
    return user


@pytest.fixture
def citra(db: None) -> User:
    """Regional coordinator for Jawa Timur (35): out of scope for anything in Jawa Barat."""
    user = _user("citra")
    region_coordinator_assign(user=user, region_code="35")
    return user


@pytest.fixture
def client_for() -> Iterator[Any]:
    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    yield make
