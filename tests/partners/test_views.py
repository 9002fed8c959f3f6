"""Pages: the persona matrix over every page and form, then what they show, CSRF on every
form, and documents served only to those who may see them."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from PIL import Image

from sinergi.core.models import RoleAssignment, User
from sinergi.partners.models import Organisation, OrganisationFootprint
from sinergi.partners.services import organisation_logo_set
from tests.conftest import PASSWORD
from tests.partners.factories import report
from tests.partners.world import PDF, PERSONAS, World

pytestmark = pytest.mark.django_db
LOGIN = 302  # anonymous visitors of a signed-in page are sent to the sign-in page


@dataclass(frozen=True)
class Page:
    name: str
    path: Callable[[World], str]
    expected: dict[str, int]
    post: Callable[[World], dict[str, Any]] | None = None


def statuses(default: int, **by_persona: int) -> dict[str, int]:
    return {persona: by_persona.get(persona, default) for persona in PERSONAS}


def org(w: World) -> str:
    return f"/mitra/{w.mitra_a.pk}"


def agr(w: World) -> str:
    return f"/kesepakatan/{w.agreement.pk}"


PRIVATE = statuses(200, citra=404, charlie=404, anonymous=LOGIN)
EDIT_FORM = statuses(403, nadia=200, rahmat=200, alice=200, bob=200, anonymous=LOGIN)
EDIT_POST = statuses(403, nadia=302, rahmat=302, alice=302, bob=302, anonymous=LOGIN)
TEAM_POST = statuses(302, bob=403, vera=403, citra=404, charlie=404, anonymous=LOGIN)
AGREEMENT = statuses(200, citra=404, charlie=404, anonymous=LOGIN)
AGREEMENT_POST = statuses(302, rahmat=403, vera=403, citra=404, charlie=404, anonymous=LOGIN)

PAGES = [
    Page("directory", lambda w: "/mitra/", statuses(200)),
    Page("profile", lambda w: org(w) + "/", statuses(200)),
    Page(
        "my organisation",
        lambda w: "/mitra/saya/",
        statuses(200, alice=302, bob=302, vera=302, charlie=302, anonymous=LOGIN),
    ),
    Page(
        "register form",
        lambda w: "/mitra/baru/",
        statuses(403, nadia=200, rahmat=200, citra=200, anonymous=LOGIN),
    ),
    Page(
        "register",
        lambda w: "/mitra/baru/",
        statuses(403, nadia=302, rahmat=302, citra=422, anonymous=LOGIN),  # Bandung: not citra's
        post=lambda w: {"name": "LKS Baru", "type": "ngo", "home_region": "32.73"},
    ),
    Page("import form", lambda w: "/mitra/impor/", statuses(403, nadia=200, anonymous=LOGIN)),
    Page("edit form", lambda w: org(w) + "/ubah/", EDIT_FORM),
    Page(
        "edit",
        lambda w: org(w) + "/ubah/",
        EDIT_POST,
        post=lambda w: {
            "name": "Mitra A Sejahtera",
            "type": "private_company",
            "home_region": "32.73",
            "phone": "022 1",
        },
    ),
    Page(
        "verify",
        lambda w: org(w) + "/verifikasi/",
        statuses(403, nadia=302, rahmat=302, anonymous=LOGIN),
        post=lambda w: {"verified": "1"},
    ),
    Page(
        "archive",
        lambda w: org(w) + "/arsipkan/",
        statuses(403, nadia=302, anonymous=LOGIN),
        post=lambda w: {},
    ),
    Page("history", lambda w: org(w) + "/riwayat/", PRIVATE),
    Page("team", lambda w: org(w) + "/tim/", PRIVATE),
    Page(
        "invite",
        lambda w: org(w) + "/tim/",
        TEAM_POST,
        post=lambda w: {"email": "baru@example.org", "role": "partner_viewer"},
    ),
    Page(
        "change role",
        lambda w: org(w) + f"/tim/{w.users['bob'].pk}/peran/",  # type: ignore[union-attr]
        TEAM_POST,
        post=lambda w: {"role": "partner_viewer"},
    ),
    Page(
        "remove member",
        lambda w: org(w) + f"/tim/{w.users['vera'].pk}/keluarkan/",  # type: ignore[union-attr]
        TEAM_POST,
        post=lambda w: {},
    ),
    Page(
        "withdraw invitation",
        lambda w: org(w) + f"/undangan/{w.invitation.pk}/batal/",
        TEAM_POST,
        post=lambda w: {},
    ),
    Page(
        "add contact",
        lambda w: org(w) + "/kontak/",
        EDIT_POST,
        post=lambda w: {"name": "Budi"},
    ),
    Page(
        "remove contact",
        lambda w: org(w) + f"/kontak/{w.contact.pk}/hapus/",
        EDIT_POST,
        post=lambda w: {},
    ),
    Page("agreements", lambda w: "/kesepakatan/", statuses(200, anonymous=LOGIN)),
    Page("alerts", lambda w: "/kesepakatan/peringatan/", statuses(200, anonymous=LOGIN)),
    Page(
        "record form",
        lambda w: "/kesepakatan/baru/",
        statuses(403, nadia=200, alice=200, bob=200, charlie=200, anonymous=LOGIN),
    ),
    Page("agreement", lambda w: agr(w) + "/", AGREEMENT),
    Page(
        "agreement edit form",
        lambda w: agr(w) + "/ubah/",
        statuses(200, rahmat=403, vera=403, citra=404, charlie=404, anonymous=LOGIN),
    ),
    Page(
        "agreement status",
        lambda w: agr(w) + "/status/",
        AGREEMENT_POST,
        post=lambda w: {"status": "terminated", "reason": "Selesai"},
    ),
    Page(
        "commitment",
        lambda w: agr(w) + "/komitmen/",
        AGREEMENT_POST,
        post=lambda w: {
            "description": "Membuka pasar bagi 20 KUBE",
            "metric": "kube_market_linked",
            "target": "20",
            "deadline": "2027-03-31",
        },
    ),
    Page(
        "commitment edit form",
        lambda w: f"/kesepakatan/komitmen/{w.commitment.pk}/ubah/",
        statuses(200, rahmat=403, vera=403, citra=404, charlie=404, anonymous=LOGIN),
    ),
    Page(
        "commitment edit",
        lambda w: f"/kesepakatan/komitmen/{w.commitment.pk}/ubah/",
        AGREEMENT_POST,
        post=lambda w: {
            "description": "Mendampingi 150 KUBE",
            "metric": "kube_mentored",
            "target": "150",
            "deadline": "2027-06-30",
        },
    ),
    Page(
        "progress",
        lambda w: f"/kesepakatan/komitmen/{w.commitment.pk}/kemajuan/",
        AGREEMENT_POST,
        post=lambda w: {"value": "7", "as_of": "2026-01-31"},
    ),
    Page(
        "document upload",
        lambda w: agr(w) + "/dokumen/",
        AGREEMENT_POST,
        post=lambda w: {"title": "Adendum", "file": _pdf()},
    ),
    Page("document", lambda w: agr(w) + f"/dokumen/{w.document.pk}/", AGREEMENT),
    Page(
        "document remove",
        lambda w: agr(w) + f"/dokumen/{w.document.pk}/hapus/",
        AGREEMENT_POST,
        post=lambda w: {},
    ),
]


def _pdf() -> io.BytesIO:
    buffer = io.BytesIO(PDF)
    buffer.name = "adendum.pdf"
    return buffer


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("screen", PAGES, ids=[screen.name for screen in PAGES])
def test_persona_matrix(screen: Page, persona: str, world: World, client_for: Any) -> None:
    client = client_for(world.users[persona])
    path = screen.path(world)
    response = client.post(path, screen.post(world)) if screen.post else client.get(path)
    assert response.status_code == screen.expected[persona], response.content[:500]
    if response.status_code == LOGIN and persona == "anonymous":
        assert response["Location"].startswith("/akun/masuk/")


def test_every_form_needs_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["nadia"])  # type: ignore[arg-type]
    for screen in PAGES:
        if screen.post is not None:
            response = client.post(screen.path(world), screen.post(world))
            assert response.status_code == 403, screen.name


def test_profile_shows_private_details_only_to_those_who_may_see_them(
    world: World, client_for: Any
) -> None:
    path = org(world) + "/"
    public = client_for(world.users["charlie"]).get(path).content.decode()
    private = client_for(world.users["vera"]).get(path).content.decode()
    assert "Mitra A Sejahtera" in public and "Kota Bandung" in public
    assert "1234567890123" not in public and "s@x.id" not in public
    assert "1234567890123" in private and "s@x.id" in private


def test_directory_filters_from_the_page(world: World, client: Client) -> None:
    html = client.get("/mitra/", {"type": "foundation"}).content.decode()
    assert "Mitra B Peduli" in html and "Mitra A Sejahtera" not in html
    html = client.get("/mitra/", {"region": "3273"}).content.decode()
    assert "Mitra A Sejahtera" in html and "Mitra B Peduli" not in html
    assert "Kementerian Sosial" in html  # nationwide
    html = client.get("/mitra/", {"region": "Bandung"}).content.decode()
    assert "Tidak ada organisasi" in html  # not a code: nobody, rather than everybody


def test_registering_an_organisation_from_the_form(nadia: User, client_for: Any) -> None:
    client = client_for(nadia)
    response = client.post(
        "/mitra/baru/",
        {
            "name": "Yayasan Lansia Bahagia",
            "type": "foundation",
            "sectors": ["kesehatan"],
            "target_groups": ["LUT"],
            "footprint": "64.72, 6403",
            "ring_1": "64.71",
            "nib": "12",
        },
    )
    assert response.status_code == 422
    assert "NIB" in response.content.decode()  # the service's error, next to the field
    response = client.post(
        "/mitra/baru/",
        {
            "name": "Yayasan Lansia Bahagia",
            "type": "foundation",
            "sectors": ["kesehatan"],
            "target_groups": ["LUT"],
            "footprint": "64.72, 6403",
            "ring_1": "64.71",
        },
    )
    organisation = Organisation.objects.get(name="Yayasan Lansia Bahagia")
    assert response["Location"] == f"/mitra/{organisation.pk}/"
    assert sorted(
        OrganisationFootprint.objects.filter(organisation=organisation).values_list(
            "region_id", "kind"
        )
    ) == [("64.03", "operates"), ("64.71", "ring_1"), ("64.72", "operates")]
    assert "Lanjut Usia Terlantar" in client.get(response["Location"]).content.decode()


def test_history_page_shows_who_changed_what(world: World, client_for: Any) -> None:
    bob = client_for(world.users["bob"])
    bob.post(
        org(world) + "/ubah/",
        {
            "name": "Mitra A Sejahtera",
            "type": "private_company",
            "home_region": "32.73",
            "phone": "022 7654321",
        },
    )
    html = client_for(world.users["alice"]).get(org(world) + "/riwayat/").content.decode()
    assert "Profil diubah" in html and "Bob" in html and "022 7654321" in html


def test_the_agreement_page_has_a_progress_bar_per_commitment(
    world: World, client_for: Any
) -> None:
    report(world.commitment, 64)
    html = client_for(world.users["vera"]).get(agr(world) + "/").content.decode()
    bars = re.findall(r'role="progressbar"[^>]*aria-valuenow="(\d+)"', html)
    assert bars == ["64"]
    assert "Laporkan kemajuan" not in html  # viewers read, they do not report


def test_documents_are_served_only_after_the_access_check(world: World, client_for: Any) -> None:
    path = agr(world) + f"/dokumen/{world.document.pk}/"
    response = client_for(world.users["vera"]).get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF
    other = f"/kesepakatan/{world.agreement.pk}/dokumen/{world.document.pk + 1}/"
    assert client_for(world.users["vera"]).get(other).status_code == 404
    assert client_for(world.users["charlie"]).get(path).status_code == 404
    # the file itself lives outside every static and media address
    assert not str(world.document.file.path).startswith(str(settings.STATIC_ROOT))


def test_logos_are_served_for_public_profiles(world: World, client: Client) -> None:
    image = io.BytesIO()
    Image.new("RGB", (30, 30)).save(image, format="PNG")
    image.seek(0)
    organisation_logo_set(actor=None, organisation=world.mitra_a, file=image)
    response = client.get(org(world) + "/logo/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client.get(f"/mitra/{world.mitra_b.pk}/logo/").status_code == 404


class TestInvitationPage:
    def invite(self, world: World, client_for: Any) -> str:
        client_for(world.users["alice"]).post(
            org(world) + "/tim/", {"email": "dewi@example.org", "role": "partner_editor"}
        )
        match = re.search(r"(/mitra/undangan/[^/\s]+/)", str(mail.outbox[-1].body))
        assert match is not None
        return match.group(1)

    def test_a_new_person_creates_an_account_and_joins(self, world: World, client_for: Any) -> None:
        link = self.invite(world, client_for)
        client = Client()
        assert "dewi@example.org" in client.get(link).content.decode()
        weak = client.post(
            link,
            {"full_name": "Dewi", "username": "dewi", "password1": "dewi", "password2": "dewi"},
        )
        assert weak.status_code == 422
        assert not User.objects.filter(username="dewi").exists()
        response = client.post(
            link,
            {
                "full_name": "Dewi Lestari",
                "username": "dewi",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        assert response["Location"] == org(world) + "/"
        dewi = User.objects.get(username="dewi")
        assert RoleAssignment.objects.get(user=dewi).role == "partner_editor"
        assert "Dewi Lestari" in client.get(org(world) + "/tim/").content.decode()
        assert client.get(link).status_code == 404  # used once

    def test_a_signed_in_user_accepts_with_one_click(self, world: World, client_for: Any) -> None:
        link = self.invite(world, client_for)
        charlie = world.users["charlie"]
        client = client_for(charlie)
        assert client.post(link).status_code == 302
        assert RoleAssignment.objects.filter(
            user=charlie, organisation_id=world.mitra_a.pk, role="partner_editor"
        ).exists()

    def test_an_unknown_token_says_so(self, client: Client) -> None:
        response = client.get("/mitra/undangan/not-a-real-token/")
        assert response.status_code == 404
        assert "tidak dapat digunakan" in response.content.decode()


def test_a_commitment_is_edited_from_its_page(world: World, client_for: Any) -> None:
    client = client_for(world.users["bob"])
    path = f"/kesepakatan/komitmen/{world.commitment.pk}/ubah/"
    assert 'value="100.00"' in client.get(path).content.decode()
    refused = client.post(
        path,
        {
            "description": "x",
            "metric": "kube_mentored",
            "target": "5",
            "deadline": "2027-06-30",
            "region": "99",
        },
    )
    assert refused.status_code == 422 and "99" in refused.content.decode()
    client.post(
        path,
        {
            "description": "Mendampingi 150 KUBE",
            "metric": "kube_mentored",
            "target": "150",
            "deadline": "2027-06-30",
            "region": "32",
        },
    )
    world.commitment.refresh_from_db()
    assert (world.commitment.target, world.commitment.region_id) == (Decimal(150), "32")
