import pytest
from django.core.exceptions import ValidationError

from sinergi.core.models import AuditEvent, Role, RoleAssignment, User
from sinergi.core.selectors import audit_event_list
from sinergi.core.services import role_assign, user_create
from sinergi.regions.services import region_coordinator_assign

pytestmark = pytest.mark.django_db


class TestUserCreate:
    def test_it_creates_an_account_and_audits_it(self) -> None:
        user = user_create(username="dewi", password="a-long-test-passphrase-42")
        assert user.check_password("a-long-test-passphrase-42")
        assert [e.action for e in audit_event_list(target_type="user", target_id=str(user.pk))] == [
            "user.create"
        ]

    def test_it_rejects_weak_passwords_and_taken_names(self) -> None:
        with pytest.raises(ValidationError):
            user_create(username="dewi", password="12345678")
        user_create(username="dewi", password="a-long-test-passphrase-42")
        with pytest.raises(ValidationError) as taken:
            user_create(username="dewi", password="a-long-test-passphrase-42")
        assert list(taken.value.message_dict) == ["username"]
        assert User.objects.filter(username="dewi").count() == 1


class TestRoleAssign:
    def test_it_is_idempotent_and_audited_once(self, nadia: User) -> None:
        role_assign(user=nadia, role=Role.NATIONAL_ADMIN)
        assert RoleAssignment.objects.filter(user=nadia).count() == 1
        assert AuditEvent.objects.filter(action="role.assign", target_id=str(nadia.pk)).count() == 1

    def test_a_coordinator_needs_an_existing_region(self, nadia: User) -> None:
        with pytest.raises(ValidationError) as missing:
            role_assign(user=nadia, role=Role.REGIONAL_COORDINATOR)
        with pytest.raises(ValidationError) as unknown:
            region_coordinator_assign(user=nadia, region_code="99")
        assert (
            list(missing.value.message_dict) == list(unknown.value.message_dict) == ["region_code"]
        )
        assert "99" in unknown.value.message_dict["region_code"][0]
        assignment = region_coordinator_assign(user=nadia, region_code="3273")
        assert assignment.region_code == "32.73"

    def test_only_partner_roles_carry_an_organisation(self, nadia: User) -> None:
        with pytest.raises(ValidationError):
            role_assign(user=nadia, role=Role.NATIONAL_ADMIN, organisation_id=3)
        assert (
            role_assign(user=nadia, role=Role.PARTNER_VIEWER, organisation_id=3).organisation_id
            == 3
        )
