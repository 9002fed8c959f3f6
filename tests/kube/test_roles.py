"""The KUBE roles added to core: a facilitator is scoped to a region subtree."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sinergi.core.access import principal_for
from sinergi.core.models import Role
from sinergi.core.services import role_assign
from sinergi.kube.access import facilitated_regions, manages_region
from tests.partners.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_facilitator_needs_a_region_and_manages_only_its_subtree() -> None:
    user = UserFactory.create(username="pendamping")
    with pytest.raises(ValidationError):
        role_assign(user=user, role=Role.FACILITATOR)
    role_assign(user=user, role=Role.FACILITATOR, region_code="32.73.01")
    principal = principal_for(user)
    assert facilitated_regions(principal) == ("32.73.01",)
    assert manages_region(principal, "32.73.01.1001")
    assert not manages_region(principal, "32.73.02.1001")
    # A facilitator is not a coordinator: the coordinator-only rights stay closed.
    assert not principal.covers_region("32.73.01.1001")


def test_mentor_and_buyer_roles_have_no_region_scope() -> None:
    user = UserFactory.create(username="mentor")
    role_assign(user=user, role=Role.MENTOR)
    role_assign(user=user, role=Role.BUYER)
    principal = principal_for(user)
    assert {s.role for s in principal.scopes} == {"mentor", "buyer"}
    assert not manages_region(principal, "32")
