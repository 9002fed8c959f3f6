"""Attaching or removing an evidence file on the report page keeps what was typed: the evidence
buttons post the report's values and narrative, which are saved as the draft first."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pytest_django.fixtures import Settings

from sinergi.core.models import User
from sinergi.interventions.models import Report, ReportEvidence
from sinergi.interventions.report_services import report_create, report_evidence_add
from sinergi.partners.models import Organisation
from tests.formpage import form_values
from tests.interventions.factories import intervention, library_indicator, tracked

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 120, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def private_files(settings: Settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


@pytest.fixture
def report(mitra_a: Organisation, bob: User) -> Report:
    work = intervention(mitra_a)
    tracked(work, library_indicator())
    return report_create(actor=bob, intervention=work, period="2026-Q1")


def _typed(client: Any, report: Report) -> dict[str, Any]:
    """The report form as the user left it: a narrative and a value typed, not saved."""
    values: dict[str, Any] = form_values(
        client.get(f"/kegiatan/laporan/{report.pk}/").content.decode(), "report-form"
    )
    value_field = next(name for name in values if name.startswith("value_"))
    values |= {"narrative": "Kunjungan rumah belum disimpan", value_field: "37"}
    return values


def test_attaching_a_file_saves_the_typed_draft_first(
    client_for: Any, report: Report, bob: User
) -> None:
    client = client_for(bob)
    posted = _typed(client, report)
    # The title and the file belong to the report's form (form="report-form").
    assert "title" in posted
    posted |= {"title": "Daftar hadir", "file": SimpleUploadedFile("hadir.png", _png())}
    response = client.post(f"/kegiatan/laporan/{report.pk}/bukti/", posted, follow=True)
    saved = Report.objects.get(pk=report.pk)
    assert saved.narrative == "Kunjungan rumah belum disimpan"
    assert [v.value for v in saved.values.all()] == [Decimal(37)]
    assert ReportEvidence.objects.get().title == "Daftar hadir"
    page = response.content.decode()
    assert "Draf disimpan" in page and "Kunjungan rumah belum disimpan" in page


def test_removing_a_file_saves_the_typed_draft_first(
    client_for: Any, report: Report, bob: User
) -> None:
    item = report_evidence_add(
        actor=bob, report=report, file=io.BytesIO(_png()), filename="lama.png"
    )
    client = client_for(bob)
    posted = _typed(client, report)
    response = client.post(f"/kegiatan/laporan/{report.pk}/bukti/{item.pk}/hapus/", posted)
    assert response.status_code == 302
    assert not ReportEvidence.objects.exists()
    assert Report.objects.get(pk=report.pk).narrative == "Kunjungan rumah belum disimpan"


def test_an_invalid_value_keeps_the_file_and_shows_what_was_typed(
    client_for: Any, report: Report, bob: User
) -> None:
    client = client_for(bob)
    posted = _typed(client, report)
    value_field = next(name for name in posted if name.startswith("value_"))
    posted |= {value_field: "-3", "file": SimpleUploadedFile("hadir.png", _png())}
    response = client.post(f"/kegiatan/laporan/{report.pk}/bukti/", posted)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kunjungan rumah belum disimpan" in page and 'value="-3"' in page
    assert not ReportEvidence.objects.exists()
    assert Report.objects.get(pk=report.pk).narrative == ""
