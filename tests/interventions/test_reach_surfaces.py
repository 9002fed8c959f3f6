"""Where the interventions app shows people reached (API, list and detail pages, region
totals, map, organisation PDF): the approved figure counts; the pending (submitted, not yet
approved) and declared figures are shown beside it, labelled, never added in."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db.models import Q
from pypdf import PdfReader

from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.interventions.models import Intervention
from sinergi.interventions.report_pdf import organisation_report_context
from sinergi.interventions.report_services import (
    report_approve,
)
from sinergi.interventions.selectors import InterventionFilters, intervention_list, region_figures
from sinergi.interventions.services import LocationEntry
from sinergi.partners.models import Organisation
from tests.interventions.factories import (
    intervention,
    library_indicator,
    submitted_report,
    tracked,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(mitra_a: Organisation, bob: User, rahmat: User) -> Intervention:
    """Declared 90 + 30 reached; 80 approved (Q1) and 20 submitted (Q2) since. Shared 90 : 30
    over the two regencies, the approved 80 is 60 and 20, the pending 20 is 15 and 5."""
    made = intervention(
        mitra_a,
        ref="JANGKAU-1",
        title="Pendampingan lansia Bandung Raya",
        locations=[LocationEntry("32.73", 300, 90), LocationEntry("32.04", 100, 30)],
    )
    people = tracked(made, library_indicator("RS-01", counts_reached=True), target=400)
    report_approve(actor=rahmat, report=submitted_report(made, people.pk, "2026-Q1", 80, bob))
    submitted_report(made, people.pk, "2026-Q2", 20, bob)
    made.refresh_from_db()
    return made


def _text(html: str) -> str:
    """The page's text with tags and runs of whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _inside(html: str, marker: str, end: str) -> str:
    """What follows the tag holding ``marker``, up to ``end``."""
    start = html.index(">", html.index(marker)) + 1
    return html[start : html.index(end, start)]


def test_the_api_names_approved_pending_and_declared_reach(
    work: Intervention, client_for: Any
) -> None:
    body = client_for(None).get(f"/api/v1/interventions/{work.pk}").json()
    assert (body["reached_approved"], body["reached_pending"]) == (80, 20)
    # The declared figure, under its own name and (for older clients) the old one.
    assert (body["reached_declared"], body["reached"]) == (120, 120)
    assert [
        (loc["region"], loc["reached"], loc["reached_approved"]) for loc in body["locations"]
    ] == [
        ("32.04", 30, 20),
        ("32.73", 90, 60),
    ]
    (item,) = client_for(None).get("/api/v1/interventions?region=32").json()["items"]
    assert (item["reached_approved"], item["reached_pending"], item["reached_declared"]) == (
        80,
        20,
        120,
    )


def test_the_list_shows_approved_reach_with_pending_and_declared_beside_it(
    work: Intervention, client_for: Any
) -> None:
    page = client_for(None).get("/kegiatan/").content.decode()
    assert "Terjangkau (disetujui)" in page
    cell = _text(_inside(page, 'class="num reach"', "</td>"))
    assert cell == "80 20 dilaporkan, belum disetujui 120 dinyatakan"


def test_region_totals_count_approved_reach_apportioned_over_the_locations(
    work: Intervention, mitra_a: Organisation, client_for: Any
) -> None:
    # Another intervention in Kota Bandung with declared reach but no report: it adds its
    # target and its declaration, and no one reached.
    intervention(mitra_a, locations=[LocationEntry("32.73", 50, 50)])

    def figures(region: str) -> tuple[int, int, int, int]:
        found = intervention_list(visible=Q(), filters=InterventionFilters(region=region))
        result = region_figures(interventions=found, region=region)
        return result.targeted, result.approved, result.pending, result.declared

    assert figures("32.73") == (350, 60, 15, 140)
    assert figures("32.04") == (100, 20, 5, 30)
    assert figures("32") == (450, 80, 20, 170)
    assert figures("35") == (0, 0, 0, 0)
    line = _text(client_for(None).get("/kegiatan/?region=32.73").content.decode())
    assert (
        "di 32.73: 350 sasaran, 60 terjangkau (disetujui; setiap orang dihitung sekali)"
        " · 15 dilaporkan, belum disetujui · 140 dinyatakan oleh organisasi"
    ) in line


def test_the_detail_page_shows_the_three_figures_apart(work: Intervention, client_for: Any) -> None:
    page = client_for(None).get(f"/kegiatan/{work.pk}/").content.decode()
    assert _text(_inside(page, 'id="reach"', "</dd>")).startswith(
        "80 · 20 dilaporkan, belum disetujui · 120 dinyatakan oleh organisasi"
    )
    locations = _inside(page, 'id="locations"', "</table>")
    rows = re.findall(r"<tr><td>[^<]*</td><td>([\d.]+)</td>(.*?)</tr>", locations)
    figures = {code: re.findall(r">([\d.,]+)</td>", cells) for code, cells in rows}
    # Targeted, reached (approved: its share of the 80), reached (declared).
    assert figures == {"32.73": ["300", "60", "90"], "32.04": ["100", "20", "30"]}


def test_the_map_gives_each_location_its_approved_share(
    work: Intervention, client_for: Any
) -> None:
    geo = client_for(None).get("/kegiatan/peta.geojson").json()
    shares = {
        f["properties"]["region"]: (
            f["properties"]["reached_approved"],
            f["properties"]["reached_declared"],
        )
        for f in geo["features"]
    }
    assert shares == {"32.73": (60, 90), "32.04": (20, 30)}


def test_the_organisation_report_counts_approved_reach_and_shows_pending_beside_it(
    work: Intervention, mitra_a: Organisation, vera: User, client_for: Any
) -> None:
    context = organisation_report_context(
        mitra_a, principal_for(vera), now=datetime(2026, 11, 20, tzinfo=UTC)
    )
    assert (context["totals"]["reached"], context["totals"]["pending"]) == (80, 20)
    response = client_for(vera).get(f"/kegiatan/mitra/{mitra_a.pk}/laporan.pdf")
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Terjangkau (disetujui) 80 (20 dilaporkan, belum disetujui)" in text
    assert "120" not in text  # the declared figure is not reported
