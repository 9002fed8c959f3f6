"""Personas for interventions: Mitra A (Kota Bandung 32.73: in rahmat's Jawa Barat, out of
citra's Jawa Timur) with admin alice, editor bob and viewer vera; Mitra B (Surabaya) with
its admin charlie; and dede, coordinator of Kota Bandung only."""

from __future__ import annotations

import pytest

from sinergi.core.models import Role, User
from sinergi.partners.models import Organisation
from sinergi.regions.services import region_coordinator_assign
from tests.partners.factories import OrganisationFactory, UserFactory, member


@pytest.fixture
def mitra_a(db: None) -> Organisation:
    organisation: Organisation = OrganisationFactory.create(
        name="Mitra A Sejahtera", home_region_id="32.73"
    )
    return organisation


@pytest.fixture
def mitra_b(db: None) -> Organisation:
    organisation: Organisation = OrganisationFactory.create(
        name="Mitra B Peduli", home_region_id="35.78", type="foundation"
    )
    return organisation


@pytest.fixture
def alice(mitra_a: Organisation) -> User:
    return member(mitra_a, Role.PARTNER_ADMIN, "alice")


@pytest.fixture
def bob(mitra_a: Organisation) -> User:
    return member(mitra_a, Role.PARTNER_EDITOR, "bob")


@pytest.fixture
def vera(mitra_a: Organisation) -> User:
    return member(mitra_a, Role.PARTNER_VIEWER, "vera")


@pytest.fixture
def charlie(mitra_b: Organisation) -> User:
    return member(mitra_b, Role.PARTNER_ADMIN, "charlie")


@pytest.fixture
def dede(db: None) -> User:
    """Coordinator of Kota Bandung (32.73) only."""
    user: User = UserFactory.create(username="dede")
    region_coordinator_assign(user=user, region_code="32.73")
    return user
