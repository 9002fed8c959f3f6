import pytest

from sinergi.core.access import ANONYMOUS, Principal, Scope, principal_for, region_code_within
from sinergi.core.models import Role, User


@pytest.mark.parametrize(
    ("code", "ancestor", "inside"),
    [
        ("32.73.01", "32", True),
        ("32", "32", True),
        ("32.73", "32.7", False),
        ("320", "32", False),
        ("35.78", "32", False),
    ],
)
def test_region_code_within_is_a_dotted_prefix(code: str, ancestor: str, inside: bool) -> None:
    assert region_code_within(code, ancestor) is inside


def test_a_coordinator_covers_only_their_subtree() -> None:
    principal = Principal(user_id=1, scopes=(Scope(Role.REGIONAL_COORDINATOR, "32.73"),))
    assert principal.covers_region("32.73.01.1001")
    assert not principal.covers_region("32")
    assert not principal.covers_region("32.04")
    assert not principal.is_national_admin


def test_a_national_admin_covers_everything_and_anonymous_nothing() -> None:
    admin = Principal(user_id=1, scopes=(Scope(Role.NATIONAL_ADMIN),))
    assert admin.covers_region("91.03")
    assert not ANONYMOUS.covers_region("32")
    assert not ANONYMOUS.is_authenticated


def test_partner_scopes_name_their_organisations() -> None:
    principal = Principal(
        user_id=1,
        scopes=(
            Scope(Role.PARTNER_EDITOR, organisation_id=7),
            Scope(Role.REGIONAL_COORDINATOR, "32"),
        ),
    )
    assert principal.organisation_ids() == frozenset({7})
    assert not principal.covers_region("35")


@pytest.mark.django_db
def test_principal_for_reads_scopes_once_per_user_object(
    rahmat: User, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        first = principal_for(rahmat)
        second = principal_for(rahmat)
    assert first is second
    assert first.coordinated_regions() == ("32",)


@pytest.mark.django_db
def test_inactive_users_have_no_scopes(rahmat: User) -> None:
    rahmat.is_active = False
    assert principal_for(rahmat) is ANONYMOUS
