"""The organisation's PDF report and the period-by-period results view: targets per period
against approved values and the cumulative total, as a table, a chart, in the API and PDF."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader

from sinergi.core.models import User
from sinergi.interventions.models import Intervention
from sinergi.interventions.report_services import (
    ValueEntry,
    report_approve,
    report_create,
    report_submit,
    report_update,
)
from sinergi.interventions.selectors import intervention_results
from sinergi.interventions.services import LocationEntry, intervention_indicator_set
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention, library_indicator

pytestmark = pytest.mark.django_db


def _report(work: Intervention, tracked_id: int, period: str, value: int, actor: User) -> Any:
    report = report_create(actor=actor, intervention=work, period=period)
    return report_update(
        actor=actor,
        report=report,
        narrative="",
        values={tracked_id: ValueEntry(Decimal(value))},
        version=report.version,
    )


@pytest.fixture
def work(mitra_a: Organisation, bob: User, nadia: User) -> Intervention:
    made = intervention(
        mitra_a,
        ref="LAP-1",
        title="Pendampingan lansia Bandung",
        budget_idr=90_000_000,
        locations=[LocationEntry("32.73", 100, 40)],
    )
    tracked = intervention_indicator_set(
        actor=None,
        intervention=made,
        indicator=library_indicator(),
        baseline=Decimal(0),
        target=Decimal(100),
        targets={"2026-Q1": Decimal(20), "2026-Q2": Decimal(30), "2026-Q3": Decimal(50)},
    )
    first = _report(made, tracked.pk, "2026-Q1", 18, bob)
    report_approve(actor=nadia, report=report_submit(actor=bob, report=first))
    second = _report(made, tracked.pk, "2026-Q2", 35, bob)
    report_approve(actor=nadia, report=report_submit(actor=bob, report=second))
    _report(made, tracked.pk, "2026-Q3", 10, bob)  # a draft: not approved, not counted
    return made


def test_period_rows_set_targets_against_approved_and_cumulative(work: Intervention) -> None:
    (result,) = intervention_results(intervention=work)
    rows: list[tuple[object, ...]] = [
        (r.period, r.target, r.value, r.status, r.approved, r.cumulative) for r in result.periods
    ]
    assert rows == [
        ("2026-Q1", 20, 18, "approved", 18, 18),
        ("2026-Q2", 30, 35, "approved", 35, 53),
        ("2026-Q3", 50, 10, "draft", None, 53),
    ]
    assert result.approved_total == 53 and result.percent == 53


def test_the_results_endpoint_has_the_periods(work: Intervention, client: Any) -> None:
    body = client.get(f"/api/v1/interventions/{work.pk}/results").json()
    periods = body[0]["periods"]
    assert [p["period"] for p in periods] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert periods[1]["start"] == "2026-04-01" and periods[1]["end"] == "2026-06-30"
    assert float(periods[1]["target"]) == 30 and float(periods[1]["cumulative"]) == 53
    assert periods[2]["status"] == "draft" and periods[2]["approved"] is None


def test_the_intervention_page_shows_the_period_table_and_chart(
    work: Intervention, client: Any
) -> None:
    page = client.get(f"/kegiatan/{work.pk}/").content.decode()
    section = page[page.index('class="card result-periods"') :]
    assert "<svg" in section and "2026-Q2" in section
    assert section.index("2026-Q1") < section.index("2026-Q2") < section.index("2026-Q3")


def _pdf(response: Any) -> PdfReader:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    return " ".join(page.extract_text() for page in reader.pages)


def _drawings(reader: PdfReader) -> int:
    """Embedded pictures (the map and the charts are SVG, embedded as form XObjects)."""
    count = 0
    for page in reader.pages:
        resources = page.get("/Resources")
        objects = resources.get_object().get("/XObject") if resources else None
        count += len(objects.get_object()) if objects else 0
    return count


def test_the_pdf_report_has_interventions_results_charts_and_map(
    work: Intervention, mitra_a: Organisation, client: Any
) -> None:
    reader = _pdf(client.get(f"/api/v1/organisations/{mitra_a.pk}/report.pdf"))
    text = _text(reader)
    assert "Mitra A Sejahtera" in text and "Pendampingan lansia Bandung" in text
    assert "2026-Q2" in text and "Penerima manfaat yang direhabilitasi" in text
    assert _drawings(reader) >= 2  # the map and the indicator's chart


def test_internal_work_is_in_the_pdf_only_for_those_who_see_it(
    work: Intervention, mitra_a: Organisation, client_for: Any, vera: User, charlie: User
) -> None:
    intervention(mitra_a, ref="RAHASIA", title="Kegiatan internal", visibility="internal")
    path = f"/kegiatan/mitra/{mitra_a.pk}/laporan.pdf"
    assert "Kegiatan internal" in _text(_pdf(client_for(vera).get(path)))
    assert "Kegiatan internal" not in _text(_pdf(client_for(charlie).get(path)))


def test_unknown_organisations_and_invalid_ids(client: Any) -> None:
    assert client.get("/api/v1/organisations/999999/report.pdf").status_code == 404
    assert client.get("/api/v1/organisations/x/report.pdf").status_code == 422
    assert client.get("/kegiatan/mitra/999999/laporan.pdf").status_code == 404


def test_my_organisation_page_links_the_downloads(
    work: Intervention, mitra_a: Organisation, client_for: Any, bob: User
) -> None:
    page = client_for(bob).get("/kegiatan/saya/").content.decode()
    assert f"/kegiatan/mitra/{mitra_a.pk}/laporan.pdf" in page
    assert f"/kegiatan/mitra/{mitra_a.pk}/iati.xml" in page


def test_the_organisation_page_links_the_downloads(mitra_a: Organisation, client: Any) -> None:
    page = client.get(f"/mitra/{mitra_a.pk}/").content.decode()
    assert f"/kegiatan/mitra/{mitra_a.pk}/laporan.pdf" in page
    assert f"/kegiatan/mitra/{mitra_a.pk}/iati.xml" in page
