"""The Synergy dashboard page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from sinergi.interventions.services import LocationEntry
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention
from tests.synergy.helpers import need_import, reach_report, reached_intervention

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


@pytest.mark.usefixtures("scene")
def test_the_region_panel_shows_reach_waiting_for_approval_beside_reached(
    client: Client,
    mitra_a: Organisation,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    waiting = intervention(mitra_a, locations=[LocationEntry("32.04", 50, 30)])
    with django_capture_on_commit_callbacks(execute=True):
        reach_report(waiting, 12, approve=False)
    text = client.get("/sinergi/?region=32.04&group=LUT&year=2026").content.decode()
    summary = text[text.index('id="region-summary"') :]
    summary = summary[: summary.index("</dl>")]
    # Indonesian by default; the approved figure stays 0, the 12 are only shown beside it.
    assert 'Dijangkau mitra</dt><dd id="region-reached">0</dd>' in summary
    assert "12 dilaporkan, belum disetujui" in summary
    assert "tidak dihitung dalam jangkauan maupun cakupan" in summary
    # In the province's blank spots, Kabupaten Garut's row says the same.
    text = client.get("/sinergi/?region=32&group=LUT&year=2026").content.decode()
    spots = text[text.index('id="blank-spots"') :]
    assert "12 dilaporkan, belum disetujui" in spots[: spots.index("</table>")]
