"""The Synergy dashboard page."""

from __future__ import annotations

import pytest
from django.test import Client

from sinergi.interventions.services import LocationEntry
from sinergi.partners.models import Organisation
from tests.synergy.helpers import need_import, reached_intervention

pytestmark = pytest.mark.usefixtures("stats")


@pytest.fixture
def scene(mitra_a: Organisation, mitra_b: Organisation) -> None:
    need_import([("32.73", "LUT", "2026", 1000), ("32.04", "LUT", "2026", 500)])
    reached_intervention(mitra_a)
    reached_intervention(mitra_b, visibility="internal", locations=[LocationEntry("32.73", 20, 10)])


@pytest.mark.usefixtures("scene")
def test_the_dashboard_for_a_province(client: Client) -> None:
    page = client.get("/sinergi/?region=32&group=LUT&year=2026")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'href="/sinergi/"' in text  # in the navigation
    assert 'data-level="regency"' in text and 'data-region="32"' in text
    assert 'id="blank-spots"' in text and "Kota Bandung" in text
    assert 'id="overlap-table"' in text and "Mitra A Sejahtera" in text
    assert "Mitra B Peduli" not in text
    assert "1 other organisation (not public)" in text or "1 organisasi lain" in text
    assert 'id="region-summary"' in text


@pytest.mark.usefixtures("scene")
def test_the_national_dashboard_and_its_defaults(client: Client) -> None:
    page = client.get("/sinergi/?group=NOPE&year=abc")
    assert page.status_code == 200
    assert 'data-level="province"' in page.content.decode()
    assert 'data-group="FM"' in page.content.decode()


def test_a_district_shows_its_regency_and_unknown_regions_are_404(client: Client) -> None:
    page = client.get("/sinergi/?region=32.73.01")
    assert page.status_code == 200
    assert 'data-region="32.73"' in page.content.decode()
    assert client.get("/sinergi/?region=99").status_code == 404
    assert client.get("/sinergi/?region=not-a-code").status_code == 404
