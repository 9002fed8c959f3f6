"""Evidence files on progress reports: content-checked types and size, private storage,
downloads under the report's access rules, changes only while draft or returned, audited."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from pytest_django.fixtures import Settings

from sinergi.core.models import AuditEvent, User
from sinergi.interventions import evidence
from sinergi.interventions.evidence import evidence_check
from sinergi.interventions.models import Report, ReportEvidence
from sinergi.interventions.report_services import (
    report_approve,
    report_create,
    report_evidence_add,
    report_evidence_remove,
    report_submit,
)
from sinergi.interventions.services import Locked
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 120, 0)).save(buffer, format=fmt)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.add_worksheet().write_row(0, 0, ["nama", "hadir"])
    workbook.close()
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def private_files(settings: Settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path / "private"


@pytest.fixture
def report(mitra_a: Organisation, bob: User) -> Report:
    return report_create(actor=bob, intervention=intervention(mitra_a), period="2026-Q1")


@pytest.mark.parametrize(
    ("name", "make", "content_type"),
    [
        ("daftar.pdf", lambda: PDF, "application/pdf"),
        ("foto.jpg", lambda: _image("JPEG"), "image/jpeg"),
        ("foto.PNG", lambda: _image("PNG"), "image/png"),
        ("hadir.xlsx", _xlsx, evidence.XLSX),
        ("hadir.csv", lambda: b"nama,hadir\nSiti,ya\n", "text/csv"),
    ],
)
def test_accepted_types_are_checked_by_content(name: str, make: Any, content_type: str) -> None:
    checked = evidence_check(io.BytesIO(make()), filename=name)
    assert checked.content_type == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("palsu.pdf", b"not a pdf"),
        ("foto.jpg", PDF),  # content does not match the name
        ("foto.png", _image("JPEG")),
        ("data.xlsx", b"PK\x03\x04garbage"),
        ("data.csv", b"a,b\x00c"),
        ("data.csv", b"\xff\xfe\xfa"),
        ("skrip.exe", PDF),
        ("tanpa-nama", PDF),
        ("kosong.csv", b""),
    ],
)
def test_other_content_is_refused(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError):
        evidence_check(io.BytesIO(content), filename=name)


def test_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence, "MAX_EVIDENCE_BYTES", 50)
    with pytest.raises(ValidationError):
        evidence_check(io.BytesIO(PDF + b" " * 60), filename="besar.pdf")


def test_files_are_private_audited_and_locked_when_approved(
    report: Report, bob: User, nadia: User, private_files: Path
) -> None:
    added = report_evidence_add(
        actor=bob, report=report, file=io.BytesIO(PDF), filename="C:\\dok\\daftar.pdf"
    )
    assert added.original_name == "daftar.pdf" and added.title == "daftar.pdf"
    stored = Path(added.file.path)
    assert stored.is_relative_to(private_files) and stored.read_bytes() == PDF
    with pytest.raises(ValueError, match="no URL"):
        _ = added.file.url
    assert AuditEvent.objects.filter(action="report.evidence_add").count() == 1
    report_approve(actor=nadia, report=report_submit(actor=bob, report=report))
    with pytest.raises(Locked):
        report_evidence_add(actor=bob, report=report, file=io.BytesIO(PDF), filename="b.pdf")
    with pytest.raises(Locked):
        report_evidence_remove(actor=bob, evidence=added)
    assert ReportEvidence.objects.count() == 1 and stored.exists()


def test_removing_deletes_the_file(
    report: Report, bob: User, django_capture_on_commit_callbacks: Any
) -> None:
    added = report_evidence_add(actor=bob, report=report, file=io.BytesIO(PDF), filename="a.pdf")
    stored = Path(added.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        report_evidence_remove(actor=bob, evidence=added)
    assert not stored.exists() and ReportEvidence.objects.count() == 0
    assert AuditEvent.objects.filter(action="report.evidence_remove").count() == 1


def _upload(client: Any, report: Report, name: str = "daftar.pdf", content: bytes = PDF) -> Any:
    return client.post(
        f"/api/v1/intervention-reports/{report.pk}/evidence",
        {"file": SimpleUploadedFile(name, content), "title": "Daftar hadir"},
    )


def test_api_upload_list_download_delete(
    client_for: Any, report: Report, bob: User, vera: User, charlie: User, dede: User
) -> None:
    made = _upload(client_for(bob), report)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["title"] == "Daftar hadir" and body["content_type"] == "application/pdf"
    base = f"/api/v1/intervention-reports/{report.pk}/evidence"
    # Seen like the report: the viewer and the coordinator of its region yes, outsiders no.
    for reader in (vera, dede):
        assert [e["id"] for e in client_for(reader).get(base).json()] == [body["id"]]
        download = client_for(reader).get(f"{base}/{body['id']}")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"].startswith("attachment")
    assert client_for(charlie).get(base).status_code == 200  # a public intervention
    assert client_for(vera).delete(f"{base}/{body['id']}").status_code == 403
    assert _upload(client_for(vera), report).status_code == 403
    assert _upload(client_for(charlie), report).status_code == 403
    assert _upload(client_for(None), report).status_code == 401
    assert client_for(bob).delete(f"{base}/{body['id']}").status_code == 204
    assert client_for(bob).get(f"{base}/{body['id']}").status_code == 404


def test_api_invalid_and_locked_uploads_change_nothing(
    client_for: Any, report: Report, bob: User, nadia: User
) -> None:
    client = client_for(bob)
    assert _upload(client, report, name="foto.jpg").status_code == 422
    assert client.post(f"/api/v1/intervention-reports/{report.pk}/evidence", {}).status_code == 422
    assert client.get("/api/v1/intervention-reports/abc/evidence").status_code == 422
    assert (
        client.get(f"/api/v1/intervention-reports/{report.pk}/evidence/999999").status_code == 404
    )
    assert ReportEvidence.objects.count() == 0
    report_submit(actor=bob, report=report)
    locked = _upload(client, report)
    assert locked.status_code == 409
    assert locked["Content-Type"] == "application/problem+json"
    assert ReportEvidence.objects.count() == 0


def test_internal_reports_evidence_is_404_to_outsiders(
    client_for: Any, mitra_a: Organisation, bob: User, charlie: User
) -> None:
    hidden = report_create(
        actor=bob, intervention=intervention(mitra_a, visibility="internal"), period="2026-Q1"
    )
    made = _upload(client_for(bob), hidden).json()
    base = f"/api/v1/intervention-reports/{hidden.pk}/evidence"
    assert client_for(charlie).get(base).status_code == 404
    assert client_for(charlie).get(f"{base}/{made['id']}").status_code == 404
    assert (
        client_for(None).get(f"/kegiatan/laporan/{hidden.pk}/bukti/{made['id']}/").status_code
        == 404
    )


def test_the_list_costs_a_constant_number_of_queries(
    client_for: Any, report: Report, bob: User
) -> None:
    client = client_for(bob)
    _upload(client, report)
    url = f"/api/v1/intervention-reports/{report.pk}/evidence"
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _index in range(3):
        _upload(client, report)
    with CaptureQueriesContext(connection) as four:
        assert len(client.get(url).json()) == 4
    assert len(four) == len(one)


def test_the_report_page_uploads_downloads_and_removes(
    client_for: Any, report: Report, bob: User, vera: User
) -> None:
    client = client_for(bob)
    page = f"/kegiatan/laporan/{report.pk}/"
    assert b'id="evidence-form"' in client.get(page).content
    assert b'id="evidence-form"' not in client_for(vera).get(page).content
    response = client.post(
        f"{page}bukti/", {"file": SimpleUploadedFile("foto.png", _image("PNG")), "title": ""}
    )
    assert response.status_code == 302
    item = ReportEvidence.objects.get()
    assert b"foto.png" in client.get(page).content
    download = client_for(vera).get(f"{page}bukti/{item.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    client.post(f"{page}bukti/", {"file": SimpleUploadedFile("x.pdf", b"nope")})
    assert ReportEvidence.objects.count() == 1
    assert client_for(vera).post(f"{page}bukti/{item.pk}/hapus/").status_code == 403
    assert client.post(f"{page}bukti/{item.pk}/hapus/").status_code == 302
    assert ReportEvidence.objects.count() == 0
