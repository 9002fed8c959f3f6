"""An intervention's indicators on its page, as a partner meets them (Indonesian by default):
track a library indicator, make an own one, change targets, stop tracking one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sinergi.core.models import User
from sinergi.interventions.models import Indicator, Intervention, InterventionIndicator
from sinergi.interventions.report_services import ValueEntry, report_create, report_update
from sinergi.interventions.services import indicator_create
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention, library_indicator, tracked

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(mitra_a: Organisation) -> Intervention:
    return intervention(mitra_a, title="Pendampingan lansia Bandung")


def test_the_page_offers_the_actions_to_editors_only(
    client_for: Any, work: Intervention, alice: User, vera: User
) -> None:
    page = client_for(alice).get(f"/kegiatan/{work.pk}/").content.decode()
    assert "Tambah indikator dari pustaka" in page and "Buat indikator sendiri" in page
    page = client_for(vera).get(f"/kegiatan/{work.pk}/").content.decode()
    assert "Tambah indikator dari pustaka" not in page


def test_an_admin_tracks_a_library_indicator_with_targets(
    client_for: Any, work: Intervention, alice: User, mitra_b: Organisation
) -> None:
    chosen = library_indicator("RS-01")
    indicator_create(actor=None, code="M-B-001", name="Milik B", unit="unit", organisation=mitra_b)
    client = client_for(alice)
    page = client.get(f"/kegiatan/{work.pk}/indikator/tambah/").content.decode()
    # The choice shows the function and SDG tags; another organisation's own is not offered.
    assert "RS-01 · Penerima manfaat yang direhabilitasi (orang)" in page
    assert "Rehabilitasi Sosial" in page and "SDG1, SDG10" in page
    assert "Milik B" not in page
    response = client.post(
        f"/kegiatan/{work.pk}/indikator/tambah/",
        {
            "indicator": str(chosen.pk),
            "baseline": "5",
            "target": "120",
            "targets": "2026-Q2 70\n2026-Q1: 50",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/kegiatan/{work.pk}/"
    saved = InterventionIndicator.objects.get(intervention=work)
    assert saved.indicator_id == chosen.pk
    assert (saved.baseline, saved.target) == (Decimal(5), Decimal(120))
    assert saved.targets == {"2026-Q1": "50", "2026-Q2": "70"}
    detail = client.get(f"/kegiatan/{work.pk}/").content.decode()
    assert "Indikator telah ditambahkan ke kegiatan." in detail
    # Once tracked it is no longer offered.
    assert "RS-01 ·" not in client.get(f"/kegiatan/{work.pk}/indikator/tambah/").content.decode()


def test_bad_period_lines_are_shown_on_the_field(
    client_for: Any, work: Intervention, alice: User
) -> None:
    chosen = library_indicator("RS-01")
    for targets, message in (
        ("2026-Q5 10", "Bukan baris periode: 2026-Q5 10"),
        ("2026-Q1 10\n2026-Q1 20", "Periode 2026-Q1 tercantum dua kali."),
        ("1999-Q1 10", "Tulis periode dengan format TTTT-Qn"),
    ):
        response = client_for(alice).post(
            f"/kegiatan/{work.pk}/indikator/tambah/",
            {"indicator": str(chosen.pk), "baseline": "0", "target": "10", "targets": targets},
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not InterventionIndicator.objects.exists()


def test_an_editor_makes_an_own_indicator_that_counts_people(
    client_for: Any, work: Intervention, bob: User, mitra_a: Organisation
) -> None:
    client = client_for(bob)
    page = client.get(f"/kegiatan/{work.pk}/indikator/baru/").content.decode()
    assert "Nilainya adalah orang (atau keluarga) yang dijangkau kegiatan ini" in page
    response = client.post(
        f"/kegiatan/{work.pk}/indikator/baru/",
        {
            "name": "Lansia yang dikunjungi di rumah",
            "unit": "orang",
            "function": "rehabilitasi_sosial",
            "programme": "ATENSI",
            "sdgs": ["SDG3", "SDG1"],
            "counts_reached": "on",
            "baseline": "0",
            "target": "80",
            "targets": "2026-Q3 40",
        },
    )
    assert response.status_code == 302
    made = Indicator.objects.get(organisation=mitra_a)
    assert made.name == "Lansia yang dikunjungi di rumah" and made.counts_reached
    assert made.code == f"M{mitra_a.pk}-001" and made.sdgs == ["SDG1", "SDG3"]
    followed = InterventionIndicator.objects.get(intervention=work, indicator=made)
    assert followed.target == Decimal(80) and followed.targets == {"2026-Q3": "40"}
    # The organisation's own indicator is offered for its other interventions.
    other = intervention(mitra_a)
    page = client.get(f"/kegiatan/{other.pk}/indikator/tambah/").content.decode()
    assert "Lansia yang dikunjungi di rumah" in page and "indikator sendiri" in page


def test_a_second_counting_indicator_shows_the_services_refusal(
    client_for: Any, work: Intervention, alice: User, mitra_a: Organisation
) -> None:
    counting = indicator_create(
        actor=None, code="A-01", name="Orang", unit="orang", counts_reached=True
    )
    tracked(work, counting)
    response = client_for(alice).post(
        f"/kegiatan/{work.pk}/indikator/baru/",
        {
            "name": "Orang lain",
            "unit": "orang",
            "function": "rehabilitasi_sosial",
            "counts_reached": "on",
            "baseline": "0",
            "target": "10",
        },
    )
    assert response.status_code == 200
    assert (
        "Kegiatan ini sudah memantau indikator yang menghitung orang terjangkau."
        in response.content.decode()
    )
    assert not Indicator.objects.filter(organisation=mitra_a).exists()


def test_an_editor_changes_baseline_and_targets(
    client_for: Any, work: Intervention, bob: User
) -> None:
    followed = tracked(work, library_indicator("RS-01"), target=100)
    client = client_for(bob)
    url = f"/kegiatan/{work.pk}/indikator/{followed.pk}/ubah/"
    assert "Ubah target" in client.get(f"/kegiatan/{work.pk}/").content.decode()
    page = client.get(url).content.decode()
    assert "Nilai awal dan target" in page and "RS-01" in page
    response = client.post(url, {"baseline": "2.5", "target": "150", "targets": "2026-Q4 150"})
    assert response.status_code == 302
    followed.refresh_from_db()
    assert (followed.baseline, followed.target) == (Decimal("2.5"), Decimal(150))
    assert followed.targets == {"2026-Q4": "150"}
    assert "2026-Q4 150" in client.get(url).content.decode()


def test_removing_a_tracked_indicator_only_without_values(
    client_for: Any, work: Intervention, alice: User
) -> None:
    empty = tracked(work, library_indicator("RS-01"))
    reported = tracked(work, library_indicator("RS-02"))
    report = report_create(actor=alice, intervention=work, period="2026-Q1")
    report_update(
        actor=alice,
        report=report,
        narrative="",
        values={reported.pk: ValueEntry(Decimal(4))},
        version=report.version,
    )
    client = client_for(alice)
    page = client.get(f"/kegiatan/{work.pk}/").content.decode()
    # Only the indicator without values offers "Hapus".
    assert f"/indikator/{empty.pk}/hapus/" in page
    assert f"/indikator/{reported.pk}/hapus/" not in page
    assert client.get(f"/kegiatan/{work.pk}/indikator/{empty.pk}/hapus/").status_code == 405
    response = client.post(f"/kegiatan/{work.pk}/indikator/{reported.pk}/hapus/", follow=True)
    assert "sudah memiliki nilai yang dilaporkan" in response.content.decode()
    response = client.post(f"/kegiatan/{work.pk}/indikator/{empty.pk}/hapus/", follow=True)
    assert "Indikator tidak lagi dipantau." in response.content.decode()
    assert list(InterventionIndicator.objects.filter(intervention=work)) == [reported]


def test_outsiders_get_404_viewers_403_and_strangers_the_login(
    client_for: Any, work: Intervention, vera: User, charlie: User, mitra_b: Organisation
) -> None:
    followed = tracked(work, library_indicator("RS-01"))
    hidden = intervention(mitra_b, visibility="internal")
    urls = [
        f"/kegiatan/{work.pk}/indikator/tambah/",
        f"/kegiatan/{work.pk}/indikator/baru/",
        f"/kegiatan/{work.pk}/indikator/{followed.pk}/ubah/",
    ]
    for url in urls:
        assert client_for(vera).get(url).status_code == 403
        assert client_for(None).get(url).status_code == 302
    remove = f"/kegiatan/{work.pk}/indikator/{followed.pk}/hapus/"
    assert client_for(vera).post(remove).status_code == 403
    # Mitra B's admin edits nothing of Mitra A's (a public intervention: 403), and an
    # internal intervention of another organisation is not there at all.
    assert client_for(charlie).post(remove).status_code == 403
    assert client_for(vera).get(f"/kegiatan/{hidden.pk}/indikator/tambah/").status_code == 404
    # A tracked indicator of another intervention is not this one's.
    elsewhere = intervention(work.organisation)
    assert (
        client_for(charlie)
        .get(f"/kegiatan/{elsewhere.pk}/indikator/{followed.pk}/ubah/")
        .status_code
        == 403
    )
    assert InterventionIndicator.objects.filter(pk=followed.pk).exists()
