"""KUBE pages: who sees what (allowed, outsider 404, partner without the personal right 403),
forms that refuse bad input without changing anything, and the list's query count."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.core.models import AuditEvent, Role, User
from sinergi.interventions.models import Intervention
from sinergi.kube.mentoring import assignment_accept, matching_propose, session_record
from sinergi.kube.models import Assignment, CapitalGrant, Group, Member, Session, StageAssessment
from sinergi.kube.services import capital_grant_record, stage_assess
from tests.kube.factories import BANDUNG_VILLAGE, group, mentor, new_nik
from tests.partners.factories import OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def _assessed(kube: Group) -> Group:
    today = timezone.localdate()
    stage_assess(
        actor=None,
        group=kube,
        assessed_on=today - timedelta(days=200),
        criteria_met=["has_mentor", "officers_formed"],
    )
    stage_assess(
        actor=None,
        group=kube,
        assessed_on=today - timedelta(days=20),
        criteria_met=["officers_run_activities", "iks_started", "confidence_rising"],
    )
    capital_grant_record(
        actor=None,
        group=kube,
        amount=Decimal(6_000_000),
        received_on=today - timedelta(days=100),
        source="ministry",
    )
    return kube


def test_the_list_filters_and_hides_groups_out_of_scope(
    rahmat: User, citra: User, client_for: Any
) -> None:
    mawar = group(name="KUBE Mawar")
    group(name="KUBE Melati", category="crafts", village="32.73.01.1002")
    client = client_for(rahmat)
    page = client.get("/kube/").content.decode()
    assert "KUBE Mawar" in page and "KUBE Melati" in page
    only = client.get("/kube/?category=crafts").content.decode()
    assert "KUBE Melati" in only and "KUBE Mawar" not in only
    assert "KUBE Mawar" not in client_for(citra).get("/kube/").content.decode()
    assert client_for(None).get("/kube/").status_code == 302  # sign in first
    geo = client.get("/kube/peta.geojson").json()
    names = [g["name"] for f in geo["features"] for g in f["properties"]["groups"]]
    assert sorted(names) == ["KUBE Mawar", "KUBE Melati"]
    assert mawar.pk


def test_the_list_filters_by_supporting_organisation(rahmat: User, client_for: Any) -> None:
    iwapi = OrganisationFactory.create(name="IWAPI Uji")
    group(name="KUBE Didukung", organisation=iwapi)
    group(name="KUBE Sendiri", village="32.73.01.1002")
    page = client_for(rahmat).get(f"/kube/?organisation={iwapi.pk}").content.decode()
    assert "KUBE Didukung" in page and "KUBE Sendiri" not in page


def test_the_list_costs_a_fixed_number_of_queries(rahmat: User, client_for: Any) -> None:
    client = client_for(rahmat)
    group(name="KUBE 1")
    client.get("/kube/")
    with CaptureQueriesContext(connection) as few:
        client.get("/kube/")
    for index in range(2, 7):
        group(name=f"KUBE {index}")
    with CaptureQueriesContext(connection) as many:
        client.get("/kube/")
    assert len(many) == len(few)


def test_the_profile_shows_charts_without_personal_data(
    rahmat: User, citra: User, client_for: Any
) -> None:
    kube = _assessed(group())
    page = client_for(rahmat).get(f"/kube/kelompok/{kube.pk}/").content.decode()
    assert page.count("<svg") >= 3
    assert "6.000.000" in page  # capital received, Indonesian grouping
    assert "12.000.000" in page  # the norm: 6 members x Rp 2 million
    masked = Member.objects.filter(group=kube).values_list("nik_masked", flat=True)
    assert not any(m in page for m in masked)  # no personal data on the profile
    assert "Anggota 1" not in page and "1234567890" not in page
    assert client_for(citra).get(f"/kube/kelompok/{kube.pk}/").status_code == 404


def test_members_are_masked_logged_and_hidden_from_a_partner(rahmat: User, client_for: Any) -> None:
    iwapi = OrganisationFactory.create(name="IWAPI Uji")
    kube = group(organisation=iwapi)
    partner = member(iwapi, Role.PARTNER_ADMIN, "mitra-iwapi")
    stranger = UserFactory.create(username="orang-lain")
    path = f"/kube/kelompok/{kube.pk}/anggota/"
    page = client_for(rahmat).get(path).content.decode()
    masked = list(Member.objects.filter(group=kube).values_list("nik_masked", flat=True))
    assert all(m in page for m in masked) and all("*" in m for m in masked)
    assert AuditEvent.objects.filter(
        action="kube.personal_data.view", actor=rahmat, target_id=str(kube.pk)
    ).exists()
    # The partner sees the group but not its members; a stranger not even the group.
    assert client_for(partner).get(f"/kube/kelompok/{kube.pk}/").status_code == 200
    assert client_for(partner).get(path).status_code == 403
    assert client_for(stranger).get(path).status_code == 404
    assert not AuditEvent.objects.filter(action="kube.personal_data.view", actor=partner).exists()


def test_a_member_is_added_and_a_bad_one_changes_nothing(rahmat: User, client_for: Any) -> None:
    kube = group()
    path = f"/kube/kelompok/{kube.pk}/anggota/"
    client = client_for(rahmat)
    good = {"name": "Bu Tini", "nik": new_nik(), "sex": "f", "age_band": "30-44", "role": "member"}
    assert client.post(path, good).status_code == 302
    assert kube.members.count() == 7
    again = client.post(path, {**good, "name": "Bu Tini lagi"})  # the same person
    assert again.status_code == 422 and kube.members.count() == 7
    assert good["nik"] not in again.content.decode()


def test_a_coordinator_creates_a_group_with_members(rahmat: User, client_for: Any) -> None:
    data: dict[str, str] = {
        "name": "KUBE Baru",
        "village": BANDUNG_VILLAGE,
        "business_category": "crafts",
        "formed_on": "2025-06-01",
        "members-TOTAL_FORMS": "10",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
    }
    for index in range(5):
        data |= {
            f"members-{index}-name": f"Anggota {index}",
            f"members-{index}-nik": new_nik(),
            f"members-{index}-sex": "f",
            f"members-{index}-age_band": "30-44",
            f"members-{index}-role": "member",
        }
    client = client_for(rahmat)
    too_few = {k: v for k, v in data.items() if not k.startswith("members-4-")}
    assert client.post("/kube/kelompok/baru/", too_few).status_code == 422
    assert not Group.objects.filter(name="KUBE Baru").exists()
    response = client.post("/kube/kelompok/baru/", data)
    made = Group.objects.get(name="KUBE Baru")
    assert response.status_code == 302 and made.members.count() == 5


def test_a_group_out_of_scope_cannot_be_created_or_changed(
    rahmat: User, citra: User, client_for: Any
) -> None:
    kube = group()
    outsider = client_for(citra)
    assert outsider.get(f"/kube/kelompok/{kube.pk}/ubah/").status_code == 404
    assert outsider.post(f"/kube/kelompok/{kube.pk}/penilaian/", {}).status_code == 404
    plain = client_for(UserFactory.create(username="biasa"))
    assert plain.get("/kube/kelompok/baru/").status_code == 403
    edited = client_for(rahmat).post(
        f"/kube/kelompok/{kube.pk}/ubah/", {"name": "", "business_category": "crafts"}
    )
    assert edited.status_code == 422
    kube.refresh_from_db()
    assert kube.name == "KUBE Mawar"


def test_a_stage_assessment_is_entered(rahmat: User, client_for: Any) -> None:
    kube = group()
    client = client_for(rahmat)
    path = f"/kube/kelompok/{kube.pk}/penilaian/"
    assert client.get(path).status_code == 200
    bad = client.post(path, {"assessed_on": "not a date", "criteria_met": ["iks_started"]})
    assert bad.status_code == 422 and not StageAssessment.objects.exists()
    criteria = ["officers_run_activities", "iks_started", "confidence_rising"]
    client.post(path, {"assessed_on": "2026-01-10", "criteria_met": criteria})
    kube.refresh_from_db()
    assert kube.stage == "berkembang"


def test_a_partner_grant_becomes_an_intervention_once(rahmat: User, client_for: Any) -> None:
    csr = OrganisationFactory.create(name="PT CSR Uji")
    kube = group()
    client = client_for(rahmat)
    response = client.post(
        f"/kube/kelompok/{kube.pk}/modal/",
        {
            "amount": "5000000",
            "received_on": "2026-02-01",
            "source": "csr_partner",
            "organisation": str(csr.pk),
            "as_intervention": "on",
        },
    )
    assert response.status_code == 302
    grant = CapitalGrant.objects.get(group=kube)
    made = Intervention.objects.get(organisation=csr)
    assert (made.programme, made.budget_idr, made.reached) == ("KUBE", 5_000_000, 6)
    assert made.locations.get().region_id == BANDUNG_VILLAGE
    again = client.post(f"/kube/kelompok/{kube.pk}/modal/{grant.pk}/kegiatan/")
    assert again.status_code == 302 and Intervention.objects.count() == 1
    page = client.get(f"/kube/kelompok/{kube.pk}/").content.decode()
    assert made.ref in page


def test_a_ministry_grant_is_not_an_intervention(rahmat: User, client_for: Any) -> None:
    kube = group()
    grant = capital_grant_record(
        actor=None,
        group=kube,
        amount=Decimal(1_000_000),
        received_on=timezone.localdate(),
        source="ministry",
    )
    client = client_for(rahmat)
    client.post(f"/kube/kelompok/{kube.pk}/modal/{grant.pk}/kegiatan/")
    assert not Intervention.objects.exists()
    assert client.post(f"/kube/kelompok/{kube.pk}/modal/999999/kegiatan/").status_code == 404


def test_the_coordinator_matches_accepts_and_ends(
    rahmat: User, citra: User, client_for: Any
) -> None:
    kube = group()
    sari = mentor()
    other = mentor(name="Ibu Lain")
    client = client_for(rahmat)
    assert client.get("/kube/pencocokan/").status_code == 200
    assert client.post("/kube/pencocokan/", {"region": "35"}).status_code == 422
    assert not Assignment.objects.exists()
    client.post("/kube/pencocokan/", {"region": "32"})
    proposal = Assignment.objects.get(group=kube)
    page = client.get("/kube/pencocokan/?region=32").content.decode()
    assert "km" in page and sari.name in page
    assert (
        client_for(citra)
        .post(f"/kube/penugasan/{proposal.pk}/keputusan/", {"decision": "accept"})
        .status_code
        == 404
    )
    client.post(
        f"/kube/penugasan/{proposal.pk}/keputusan/",
        {"decision": "accept", "mentor": str(other.pk)},
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.mentor_id) == ("active", other.pk)
    client.post(f"/kube/penugasan/{proposal.pk}/keputusan/", {"decision": "end"})
    proposal.refresh_from_db()
    assert proposal.status == "ended"


def test_a_mentor_logs_a_session_on_their_page(client_for: Any) -> None:
    user = UserFactory.create(username="ibu-sari")
    kube = group()
    sari = mentor(user=user)
    active = assignment_accept(
        actor=None, assignment=matching_propose(actor=None, region_code="32")[0]
    )
    client = client_for(user)
    assert client.get("/kube/mentor/").status_code == 302  # to their own page
    page = client.get(f"/kube/mentor/{sari.pk}/").content.decode()
    assert kube.name in page
    path = f"/kube/penugasan/{active.pk}/sesi/"
    bad = client.post(path, {"held_on": "2099-01-01", "topics": "x", "attendance": "2"})
    assert bad.status_code == 422 and not Session.objects.exists()
    client.post(
        path,
        {
            "held_on": timezone.localdate().isoformat(),
            "topics": "Pembukuan",
            "action_items": "Catat penjualan\n\nBuka rekening",
            "attendance": "4",
        },
    )
    assert Session.objects.get().action_items == ["Catat penjualan", "Buka rekening"]
    assert client_for(UserFactory.create(username="x")).get(path).status_code == 404


def test_dashboards_by_region_organisation_and_mentor(
    nadia: User, rahmat: User, client_for: Any
) -> None:
    iwapi = OrganisationFactory.create(name="IWAPI Uji")
    kube = _assessed(group(organisation=iwapi))
    group(name="KUBE Surabaya", village="35.78.01.1001")
    sari = mentor(organisation=iwapi)
    active = assignment_accept(
        actor=None, assignment=matching_propose(actor=None, region_code="32.73")[0]
    )
    session_record(actor=None, assignment=active, held_on=timezone.localdate(), topics="Modal")
    client = client_for(nadia)
    national = client.get("/kube/dasbor/").content.decode()
    assert "Jawa Barat" in national and "Jawa Timur" in national
    assert national.count("<svg") == 4
    jabar = client_for(rahmat).get("/kube/dasbor/?region=32").content.decode()
    assert "Kota Bandung" in jabar and "Jawa Timur" not in jabar
    assert "IWAPI Uji" in client.get("/kube/dasbor/?dimension=organisation").content.decode()
    by_mentor = client.get("/kube/dasbor/?dimension=mentor").content.decode()
    assert sari.name in by_mentor
    assert client.get("/kube/dasbor/?dimension=nonsense&region=zz").status_code == 200
    assert kube.pk


def test_the_import_page_is_for_coordinators(rahmat: User, client_for: Any) -> None:
    assert client_for(rahmat).get("/kube/impor/").status_code == 200
    plain = client_for(UserFactory.create(username="biasa"))
    assert plain.get("/kube/impor/").status_code == 403
    broken = client_for(rahmat).post("/kube/impor/", {"file": _upload(b"not a sheet")})
    assert broken.status_code == 422 and not Group.objects.exists()


def _upload(content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("daftar.xlsx", content)
