from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.core.models import User
from sinergi.interventions.models import Intervention, ReportStatus
from sinergi.interventions.report_services import report_create, report_submit
from sinergi.interventions.services import LocationEntry
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention

pytestmark = pytest.mark.django_db


def test_the_list_filters_and_hides_internal_work(
    client_for: Any, mitra_a: Organisation, mitra_b: Organisation
) -> None:
    intervention(mitra_a, title="Dapur umum Bandung", function="bencana")
    intervention(
        mitra_b,
        title="Rahasia Surabaya",
        visibility="internal",
        locations=[LocationEntry("35.78", 5, 0)],
    )
    page = client_for(None).get("/kegiatan/?function=bencana").content.decode()
    assert "Dapur umum Bandung" in page and "Rahasia Surabaya" not in page
    assert "Rahasia" not in client_for(None).get("/kegiatan/").content.decode()
    geo = client_for(None).get("/kegiatan/peta.geojson").json()
    assert [f["properties"]["region"] for f in geo["features"]] == ["32.73"]


def test_the_list_costs_the_same_queries_for_more_rows(
    client_for: Any, mitra_a: Organisation
) -> None:
    client = client_for(None)
    intervention(mitra_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/kegiatan/").status_code == 200
        return len(captured)

    few = count()
    for _ in range(6):
        intervention(
            mitra_a, locations=[LocationEntry("32.73", 5, 1), LocationEntry("32.04", 5, 1)]
        )
    assert count() == few


def test_region_figures_count_each_person_once(client_for: Any, mitra_a: Organisation) -> None:
    intervention(mitra_a, locations=[LocationEntry("32", 1000, 0), LocationEntry("32.73", 300, 0)])
    intervention(mitra_a, locations=[LocationEntry("32.73.01", 20, 0)])
    page = client_for(None).get("/kegiatan/?region=32").content.decode()
    assert "1,020" in page or "1.020" in page


def test_internal_detail_is_404_for_another_partner(
    client_for: Any, mitra_a: Organisation, charlie: User, vera: User
) -> None:
    hidden = intervention(mitra_a, visibility="internal")
    assert client_for(charlie).get(f"/kegiatan/{hidden.pk}/").status_code == 404
    assert client_for(vera).get(f"/kegiatan/{hidden.pk}/").status_code == 200


def test_an_editor_creates_through_the_form(
    client_for: Any, bob: User, mitra_a: Organisation
) -> None:
    response = client_for(bob).post(
        f"/kegiatan/mitra/{mitra_a.pk}/baru/",
        {
            "ref": "F-1",
            "title": "Dari formulir",
            "function": "pemberdayaan_sosial",
            "programme": "KUBE",
            "target_groups": ["FM"],
            "status": "planned",
            "unit": "groups",
            "location_mode": "per_location",
            "locations": "32.73 10 0\n3273 5 0",
            "visibility": "public",
        },
    )
    # The same region twice (dotted and compact) is refused with the form shown again.
    assert response.status_code == 200 and not Intervention.objects.exists()
    response = client_for(bob).post(
        f"/kegiatan/mitra/{mitra_a.pk}/baru/",
        {
            "ref": "F-1",
            "title": "Dari formulir",
            "function": "pemberdayaan_sosial",
            "status": "planned",
            "unit": "groups",
            "location_mode": "per_location",
            "locations": "32.73 10 0\n327301 5 0",
            "visibility": "public",
        },
    )
    made = Intervention.objects.get(ref="F-1")
    assert response.status_code == 302 and made.targeted == 10


def test_a_viewer_may_not_open_the_form(client_for: Any, vera: User, mitra_a: Organisation) -> None:
    assert client_for(vera).get(f"/kegiatan/mitra/{mitra_a.pk}/baru/").status_code == 403


def test_upload_round_trip_on_the_web(client_for: Any, bob: User, mitra_a: Organisation) -> None:
    intervention(mitra_a, ref="U-1", title="Lama")
    client = client_for(bob)
    raw = client.get(f"/kegiatan/mitra/{mitra_a.pk}/templat.csv").content
    edited = raw.replace(b"Lama", b"Baru")
    upload = io.BytesIO(edited)
    upload.name = "3w.csv"
    response = client.post(f"/kegiatan/mitra/{mitra_a.pk}/unggah/", {"file": upload})
    assert response.status_code == 302
    assert Intervention.objects.get(ref="U-1").title == "Baru"
    bad = io.BytesIO(edited.replace(b"32.73", b"99.99"))
    bad.name = "3w.csv"
    rejected = client.post(f"/kegiatan/mitra/{mitra_a.pk}/unggah/", {"file": bad})
    assert rejected.status_code == 422 and b"99.99" in rejected.content


def test_the_queue_approves_in_scope(
    client_for: Any, mitra_a: Organisation, bob: User, rahmat: User
) -> None:
    work = intervention(mitra_a)
    report = report_submit(
        actor=bob, report=report_create(actor=bob, intervention=work, period="2026-Q1")
    )
    reviewer = client_for(rahmat)
    assert "2026-Q1" in reviewer.get("/kegiatan/tinjauan/").content.decode()
    response = reviewer.post(
        f"/kegiatan/laporan/{report.pk}/approve/", {"next": "/kegiatan/tinjauan/"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert (
        client_for(bob).post(f"/kegiatan/laporan/{report.pk}/reopen/", {"comment": "x"}).status_code
        == 403
    )


def test_my_organisation_shows_returned_reports(
    client_for: Any, mitra_a: Organisation, bob: User, nadia: User
) -> None:
    work = intervention(mitra_a)
    report = report_submit(
        actor=bob, report=report_create(actor=bob, intervention=work, period="2026-Q1")
    )
    client_for(nadia).post(f"/kegiatan/laporan/{report.pk}/return/", {"comment": "Tambah bukti"})
    page = client_for(bob).get("/kegiatan/saya/").content.decode()
    assert "Tambah bukti" in page


def test_the_hxl_export_has_only_public_interventions(
    client_for: Any, mitra_a: Organisation, nadia: User
) -> None:
    intervention(mitra_a, ref="PUB")
    intervention(mitra_a, ref="SECRET", visibility="internal")
    body = client_for(nadia).get("/kegiatan/3w-hxl.csv").content.decode()
    assert "PUB" in body and "SECRET" not in body
