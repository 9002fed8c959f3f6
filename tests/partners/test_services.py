import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from sinergi.core.models import AuditEvent, Role, RoleAssignment, User
from sinergi.partners.models import Invitation, Organisation, OrganisationFootprint
from sinergi.partners.services import (
    FootprintEntry,
    OrganisationFields,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    member_remove,
    member_role_change,
    organisation_archive,
    organisation_contact_add,
    organisation_contact_remove,
    organisation_create,
    organisation_logo_remove,
    organisation_logo_set,
    organisation_update,
    organisation_verify,
)
from tests.conftest import PASSWORD
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def events(organisation: Organisation) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(target_type="organisation", target_id=str(organisation.pk))
    )


def png(width: int, height: int) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (11, 110, 79)).save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


class TestOrganisationCreate:
    def test_it_normalises_identifiers_and_logs_what_was_set(self, nadia: User) -> None:
        organisation = organisation_create(
            actor=nadia,
            fields=OrganisationFields(
                name="  PT Maju Bersama ",
                type="private_company",
                nib="9120-0000-00001",
                npwp="01.234.567.8-901.000",
                website="majubersama.example",
                home_region="3273",
                sectors=["pendidikan", "kesehatan", "pendidikan"],
                footprint=[FootprintEntry("3578"), FootprintEntry("32.73", "ring_1")],
            ),
        )
        assert organisation.name == "PT Maju Bersama"
        assert organisation.nib == "9120000000001"
        assert organisation.npwp == "012345678901000"
        assert organisation.website == "https://majubersama.example"
        assert organisation.home_region_id == "32.73"
        assert organisation.psks == "DUNIA_USAHA"  # companies are PSKS "Dunia Usaha"
        assert organisation.verified_at is None
        [event] = events(organisation)
        assert event.action == "organisation.create" and event.actor == nadia
        assert event.changes["sectors"] == [None, ["kesehatan", "pendidikan"]]
        assert event.changes["footprint"] == [None, ["32.73:ring_1", "35.78:operates"]]

    def test_the_same_name_written_differently_is_a_duplicate(self, nadia: User) -> None:
        organisation_create(actor=nadia, fields={"name": "PT Maju Jaya", "type": "ngo"})
        with pytest.raises(ValidationError) as caught:
            organisation_create(actor=nadia, fields={"name": "pt. MAJU  jaya", "type": "ngo"})
        assert "name" in caught.value.message_dict
        assert Organisation.objects.count() == 1

    def test_a_legal_identifier_belongs_to_one_organisation(self, nadia: User) -> None:
        organisation_create(actor=nadia, fields={"name": "A", "type": "ngo", "nib": "1" * 13})
        with pytest.raises(ValidationError) as caught:
            organisation_create(actor=nadia, fields={"name": "B", "type": "ngo", "nib": "1" * 13})
        assert list(caught.value.message_dict) == ["nib"]

    def test_every_bad_field_is_reported_at_once(self, nadia: User) -> None:
        with pytest.raises(ValidationError) as caught:
            organisation_create(
                actor=nadia,
                fields=OrganisationFields(
                    name="",
                    type="spaceship",
                    nib="123",
                    email="not-an-email",
                    home_region="99.99",
                    sectors=["astronomy"],
                    target_groups=["NAPZA", "XYZ"],
                    footprint=[FootprintEntry("32.73", "everywhere")],
                ),
            )
        assert set(caught.value.message_dict) == {
            "name",
            "type",
            "nib",
            "email",
            "home_region",
            "sectors",
            "target_groups",
            "footprint",
        }
        assert "XYZ" in caught.value.message_dict["target_groups"][0]
        assert Organisation.objects.count() == 0

    def test_ring_1_wins_when_a_region_is_listed_both_ways(self, nadia: User) -> None:
        organisation = organisation_create(
            actor=nadia,
            fields=OrganisationFields(
                name="PT Tambang",
                type="private_company",
                footprint=[FootprintEntry("64.03"), FootprintEntry("64.03", "ring_1")],
            ),
        )
        rows = OrganisationFootprint.objects.filter(organisation=organisation)
        assert [(r.region_id, r.kind) for r in rows] == [("64.03", "ring_1")]


class TestOrganisationUpdate:
    def test_it_logs_field_diffs_and_nothing_when_nothing_changed(
        self, mitra_a: Organisation, alice: User
    ) -> None:
        changes = organisation_update(
            actor=alice,
            organisation=mitra_a,
            fields={"description": "Peduli lansia", "target_groups": ["LUT"]},
            may_verify=False,
        )
        assert changes == {"description": ["", "Peduli lansia"], "target_groups": [[], ["LUT"]]}
        [event] = events(mitra_a)
        assert event.action == "organisation.update" and event.actor == alice
        assert event.changes == changes
        again = organisation_update(
            actor=alice,
            organisation=mitra_a,
            fields={"description": "Peduli lansia"},
            may_verify=False,
        )
        assert again == {} and len(events(mitra_a)) == 1

    def test_a_partner_changing_its_identity_withdraws_the_verification(
        self, mitra_a: Organisation, alice: User, rahmat: User
    ) -> None:
        organisation_verify(actor=rahmat, organisation=mitra_a, verified=True)
        organisation_update(
            actor=alice, organisation=mitra_a, fields={"phone": "022 123456"}, may_verify=False
        )
        mitra_a.refresh_from_db()
        assert mitra_a.is_verified  # contact details are not identity
        changes = organisation_update(
            actor=alice, organisation=mitra_a, fields={"nib": "9999999999999"}, may_verify=False
        )
        mitra_a.refresh_from_db()
        assert not mitra_a.is_verified
        assert changes["verified"] == [True, False]

    def test_a_verifier_changing_identity_keeps_the_verification(
        self, mitra_a: Organisation, rahmat: User
    ) -> None:
        organisation_verify(actor=rahmat, organisation=mitra_a, verified=True)
        organisation_update(
            actor=rahmat, organisation=mitra_a, fields={"name": "Mitra A Baru"}, may_verify=True
        )
        mitra_a.refresh_from_db()
        assert mitra_a.is_verified and mitra_a.name_key == "mitra a baru"


class TestVerifyAndArchive:
    def test_verification_is_logged_once(self, mitra_a: Organisation, rahmat: User) -> None:
        organisation_verify(actor=rahmat, organisation=mitra_a, verified=True)
        organisation_verify(actor=rahmat, organisation=mitra_a, verified=True)
        mitra_a.refresh_from_db()
        assert mitra_a.verified_by == rahmat
        assert [e.changes for e in events(mitra_a)] == [{"verified": [False, True]}]

    def test_archiving_keeps_the_row(self, mitra_a: Organisation, nadia: User) -> None:
        organisation_archive(actor=nadia, organisation=mitra_a)
        mitra_a.refresh_from_db()
        assert mitra_a.archived_at is not None
        assert events(mitra_a)[0].action == "organisation.archive"


class TestLogo:
    def test_it_is_resized_to_a_png_in_private_storage(
        self, mitra_a: Organisation, alice: User, private_files: Path
    ) -> None:
        organisation_logo_set(actor=alice, organisation=mitra_a, file=png(1600, 800))
        mitra_a.refresh_from_db()
        stored = private_files / (mitra_a.logo.name or "")
        with Image.open(stored) as image:
            assert image.format == "PNG" and image.size == (512, 256)
        with pytest.raises(ValueError, match="no URL"):
            mitra_a.logo.url  # noqa: B018 - private files have no public address

    @pytest.mark.parametrize(
        "content", [b"%PDF-1.4 not an image", b"GIF89a" + b"\x00" * 20, b"<svg></svg>"]
    )
    def test_what_is_not_an_image_is_refused(
        self, mitra_a: Organisation, alice: User, content: bytes
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            organisation_logo_set(actor=alice, organisation=mitra_a, file=io.BytesIO(content))
        assert "logo" in caught.value.message_dict
        mitra_a.refresh_from_db()
        assert not mitra_a.logo


class TestContacts:
    def test_contacts_are_logged_by_id_not_by_personal_data(
        self, mitra_a: Organisation, alice: User
    ) -> None:
        contact = organisation_contact_add(
            actor=alice,
            organisation=mitra_a,
            name="Siti Aminah",
            position="Manajer CSR",
            email="siti@example.org",
        )
        contact_id = contact.pk
        organisation_contact_remove(actor=alice, contact=contact)
        logged = [e.changes for e in reversed(events(mitra_a))]
        assert logged == [{"contact": [None, contact_id]}, {"contact": [contact_id, None]}]
        assert "Siti" not in str(logged) and "siti@" not in str(logged)


def invite(organisation: Organisation, by: User, email: str, role: str) -> str:
    """Send an invitation and return the token from the emailed link."""
    invitation_create(
        actor=by, organisation=organisation, email=email, role=role, link_base="http://testserver/"
    )
    match = re.search(r"http://testserver/mitra/undangan/([^/\s]+)/", str(mail.outbox[-1].body))
    assert match is not None, mail.outbox[-1].body
    return match.group(1)


class TestInvitations:
    def test_the_link_is_emailed_and_only_its_hash_is_kept(
        self, mitra_a: Organisation, alice: User
    ) -> None:
        token = invite(mitra_a, alice, "Dewi@Example.org", "partner_editor")
        [message] = mail.outbox
        assert message.to == ["dewi@example.org"]
        assert mitra_a.name in message.subject
        invitation = Invitation.objects.get()
        assert token not in invitation.token_hash and len(invitation.token_hash) == 64
        [event] = events(mitra_a)
        assert event.action == "organisation.invite"
        assert "dewi" not in str(event.changes)

    def test_accepting_creates_the_account_with_the_role(
        self, mitra_a: Organisation, alice: User
    ) -> None:
        token = invite(mitra_a, alice, "dewi@example.org", "partner_editor")
        invitation = Invitation.objects.get()
        user = invitation_accept(
            invitation=invitation, username="dewi", full_name="Dewi", password=PASSWORD
        )
        assert user.email == "dewi@example.org" and user.check_password(PASSWORD)
        assert list(
            RoleAssignment.objects.filter(user=user).values_list("role", "organisation_id")
        ) == [("partner_editor", mitra_a.pk)]
        with pytest.raises(ValidationError):
            invitation_accept(invitation=invitation, username="dewi2", password=PASSWORD)
        assert token  # the link's token was in the email
        assert events(mitra_a)[0].action == "organisation.member_join"

    def test_a_weak_password_is_refused_and_nothing_is_created(
        self, mitra_a: Organisation, alice: User
    ) -> None:
        invite(mitra_a, alice, "dewi@example.org", "partner_viewer")
        with pytest.raises(ValidationError) as caught:
            invitation_accept(
                invitation=Invitation.objects.get(), username="dewi", password="12345678"
            )
        assert "password" in caught.value.message_dict
        assert not User.objects.filter(username="dewi").exists()
        assert Invitation.objects.get().accepted_at is None

    def test_an_expired_invitation_cannot_be_accepted(
        self, mitra_a: Organisation, alice: User
    ) -> None:
        invite(mitra_a, alice, "dewi@example.org", "partner_viewer")
        with (
            time_machine.travel(timezone.now() + timedelta(days=15)),
            pytest.raises(ValidationError),
        ):
            invitation_accept(
                invitation=Invitation.objects.get(), username="dewi", password=PASSWORD
            )

    def test_a_new_invitation_replaces_the_pending_one(
        self, mitra_a: Organisation, alice: User
    ) -> None:
        invite(mitra_a, alice, "dewi@example.org", "partner_viewer")
        invite(mitra_a, alice, "dewi@example.org", "partner_admin")
        first, second = Invitation.objects.order_by("id")
        assert first.revoked_at is not None and second.revoked_at is None

    def test_team_members_are_not_invited_again(
        self, mitra_a: Organisation, alice: User, bob: User
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            invite(mitra_a, alice, bob.email.upper(), "partner_admin")
        assert "email" in caught.value.message_dict
        assert mail.outbox == []

    def test_a_signed_in_member_accepting_gets_the_new_role(
        self, mitra_a: Organisation, alice: User, vera: User
    ) -> None:
        other = "vera.baru@example.org"
        invite(mitra_a, alice, other, "partner_editor")
        invitation_accept(invitation=Invitation.objects.get(), user=vera)
        roles = RoleAssignment.objects.filter(user=vera, organisation_id=mitra_a.pk)
        assert list(roles.values_list("role", flat=True)) == ["partner_editor"]

    def test_nothing_is_saved_when_the_email_cannot_be_sent(
        self, mitra_a: Organisation, alice: User, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def broken(*args: Any, **kwargs: Any) -> None:
            raise OSError("connection refused")

        monkeypatch.setattr("sinergi.partners.mail.send_mail", broken)
        with pytest.raises(ValidationError) as caught:
            invitation_create(
                actor=alice,
                organisation=mitra_a,
                email="dewi@example.org",
                role="partner_viewer",
                link_base="http://testserver/",
            )
        assert "email" in caught.value.message_dict


class TestTeam:
    def test_roles_change_and_members_leave_with_history(
        self, mitra_a: Organisation, alice: User, bob: User
    ) -> None:
        member_role_change(actor=alice, organisation=mitra_a, member=bob, role="partner_viewer")
        assert RoleAssignment.objects.get(user=bob).role == Role.PARTNER_VIEWER
        member_remove(actor=alice, organisation=mitra_a, member=bob)
        assert not RoleAssignment.objects.filter(user=bob).exists()
        assert [e.action for e in reversed(events(mitra_a))] == [
            "organisation.member_role",
            "organisation.member_remove",
        ]

    def test_the_last_partner_admin_stays(self, mitra_a: Organisation, alice: User) -> None:
        with pytest.raises(ValidationError):
            member_role_change(
                actor=alice, organisation=mitra_a, member=alice, role="partner_viewer"
            )
        with pytest.raises(ValidationError):
            member_remove(actor=alice, organisation=mitra_a, member=alice)
        second = member(mitra_a, Role.PARTNER_ADMIN, "adi")
        member_remove(actor=second, organisation=mitra_a, member=alice)
        assert not RoleAssignment.objects.filter(user=alice).exists()


def test_an_existing_account_signs_in_rather_than_registering_again(
    mitra_a: Organisation, alice: User, charlie: User
) -> None:
    invite(mitra_a, alice, charlie.email, "partner_editor")
    with pytest.raises(ValidationError) as caught:
        invitation_accept(invitation=Invitation.objects.get(), username="vera2", password=PASSWORD)
    assert "username" in caught.value.message_dict
    assert not User.objects.filter(username="vera2").exists()


def test_every_team_and_logo_change_is_in_the_history(mitra_a: Organisation, alice: User) -> None:
    organisation_logo_set(actor=alice, organisation=mitra_a, file=png(64, 64))
    organisation_logo_remove(actor=alice, organisation=mitra_a)
    invite(mitra_a, alice, "dewi@example.org", "partner_viewer")
    invitation_revoke(actor=alice, invitation=Invitation.objects.get())
    logged = [(e.action, e.actor, sorted(e.changes)) for e in reversed(events(mitra_a))]
    assert logged == [
        ("organisation.logo", alice, ["logo"]),
        ("organisation.logo", alice, ["logo"]),
        ("organisation.invite", alice, ["invitation", "role"]),
        ("organisation.invitation_revoke", alice, ["invitation"]),
    ]
    mitra_a.refresh_from_db()
    assert not mitra_a.logo
