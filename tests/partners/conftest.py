"""Personas for partners: one partner ("Mitra A", registered in Kota Bandung 32.73, so in
rahmat's Jawa Barat and out of citra's Jawa Timur) with its admin alice, editor bob and
viewer vera; another partner ("Mitra B", in Surabaya) with its admin charlie."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from sinergi.core.models import Role, User
from sinergi.partners import metrics
from sinergi.partners.models import Agreement, Organisation
from tests.partners.factories import (
    OrganisationFactory,
    agreement_between,
    footprint,
    member,
    set_regions,
)
from tests.partners.world import World, build_world


@pytest.fixture(autouse=True)
def reported_progress_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Progress from reports alone: apps above partners (KUBE, interventions) register metric
    sources when installed, and tests here must not depend on which are."""
    monkeypatch.setattr(metrics, "_SOURCES", {})


@pytest.fixture(autouse=True)
def private_files(settings: Settings, tmp_path: Path) -> Path:
    """Uploaded documents and logos go to a temporary data directory."""
    settings.DATA_DIR = tmp_path
    return tmp_path / "private"


@pytest.fixture
def mitra_a(db: None) -> Organisation:
    organisation: Organisation = OrganisationFactory.create(
        name="Mitra A Sejahtera", home_region_id="32.73", nib="1234567890123"
    )
    footprint(organisation, "32.73")
    return organisation


@pytest.fixture
def mitra_b(db: None) -> Organisation:
    organisation: Organisation = OrganisationFactory.create(
        name="Mitra B Peduli", home_region_id="35.78", type="foundation"
    )
    footprint(organisation, "35.78")
    return organisation


@pytest.fixture
def alice(mitra_a: Organisation) -> User:
    """Partner admin of Mitra A."""
    return member(mitra_a, Role.PARTNER_ADMIN, "alice")


@pytest.fixture
def bob(mitra_a: Organisation) -> User:
    """Partner editor of Mitra A."""
    return member(mitra_a, Role.PARTNER_EDITOR, "bob")


@pytest.fixture
def vera(mitra_a: Organisation) -> User:
    """Partner viewer of Mitra A."""
    return member(mitra_a, Role.PARTNER_VIEWER, "vera")


@pytest.fixture
def charlie(mitra_b: Organisation) -> User:
    """Partner admin of Mitra B: an outsider to Mitra A."""
    return member(mitra_b, Role.PARTNER_ADMIN, "charlie")


@pytest.fixture
def kemensos(db: None) -> Organisation:
    organisation: Organisation = OrganisationFactory.create(
        name="Kementerian Sosial", type="ministry", home_region_id="31.71", nationwide=True
    )
    return organisation


@pytest.fixture
def agreement_a(mitra_a: Organisation, kemensos: Organisation) -> Agreement:
    """An active PKS between the ministry and Mitra A, for Kota Bandung."""
    agreement = agreement_between(kemensos, mitra_a)
    set_regions(agreement, "32.73")
    return agreement


@pytest.fixture
def world(
    request: pytest.FixtureRequest,
    mitra_a: Organisation,
    mitra_b: Organisation,
    kemensos: Organisation,
    agreement_a: Agreement,
) -> World:
    """Everything the persona matrices need (see ``tests.partners.world``)."""
    return build_world(request, mitra_a, mitra_b, kemensos, agreement_a)
