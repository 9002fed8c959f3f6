"""Test data for partners. Factories build rows directly (fast, any state); behaviour under
test always goes through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory import declarations

from sinergi.core.models import Role, User
from sinergi.core.services import role_assign
from sinergi.core.text import search_key
from sinergi.partners.models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    Commitment,
    FocusKind,
    FootprintKind,
    Organisation,
    OrganisationFocus,
    OrganisationFootprint,
    ProgressReport,
)
from sinergi.regions.models import Region
from tests.conftest import PASSWORD


# Typed wrappers for factory-boy's declarations (the library leaves them unannotated).
def sequence(make: Callable[[int], Any]) -> Any:
    return declarations.Sequence(make)  # type: ignore[no-untyped-call]


def lazy(make: Callable[[Any], Any]) -> Any:
    return declarations.LazyAttribute(make)  # type: ignore[no-untyped-call]


def sub_factory(factory_class: Any) -> Any:
    return declarations.SubFactory(factory_class)  # type: ignore[no-untyped-call]


def password(raw: str) -> Any:
    return factory.django.Password(raw)  # type: ignore[no-untyped-call]


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = sequence(lambda n: f"user{n}")
    email = lazy(lambda u: f"{u.username}@example.org")
    full_name = lazy(lambda u: u.username.title())
    password = password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = sequence(lambda n: f"Organisasi Uji {n}")
    name_key = lazy(lambda o: search_key(o.name))
    type = "private_company"
    home_region_id = "32.73"


class AgreementFactory(factory.django.DjangoModelFactory[Agreement]):
    class Meta:
        model = Agreement

    kind = "pks"
    number = sequence(lambda n: f"PKS/{n:03d}/2026")
    title = sequence(lambda n: f"Perjanjian uji {n}")
    status = AgreementStatus.ACTIVE
    signed_on = date(2026, 1, 15)
    valid_from = date(2026, 1, 15)
    valid_until = date(2027, 1, 14)


class CommitmentFactory(factory.django.DjangoModelFactory[Commitment]):
    class Meta:
        model = Commitment

    agreement = sub_factory(AgreementFactory)
    description = "Mendampingi 100 KUBE"
    metric = "kube_mentored"
    target = Decimal(100)
    deadline = date(2026, 12, 31)


def member(organisation: Organisation, role: Role, username: str) -> User:
    user: User = UserFactory.create(username=username)
    role_assign(user=user, role=role, organisation_id=organisation.pk)
    return user


def focus(organisation: Organisation, kind: FocusKind, *keys: str) -> None:
    OrganisationFocus.objects.bulk_create(
        OrganisationFocus(organisation=organisation, kind=kind, key=key) for key in keys
    )


def footprint(organisation: Organisation, *codes: str, kind: str = FootprintKind.OPERATES) -> None:
    OrganisationFootprint.objects.bulk_create(
        OrganisationFootprint(organisation=organisation, region_id=code, kind=kind)
        for code in codes
    )


def agreement_between(*organisations: Organisation, **fields: Any) -> Agreement:
    agreement: Agreement = AgreementFactory.create(**fields)
    AgreementParty.objects.bulk_create(
        AgreementParty(
            agreement=agreement,
            organisation=organisation,
            signatory_name=f"Penandatangan {index}",
            position=index,
        )
        for index, organisation in enumerate(organisations)
    )
    return agreement


def report(commitment: Commitment, value: int, days_ago: int = 1) -> ProgressReport:
    as_of = timezone.localdate() - timedelta(days=days_ago)
    return ProgressReport.objects.create(commitment=commitment, value=Decimal(value), as_of=as_of)


def set_regions(agreement: Agreement, *codes: str) -> None:
    agreement.regions.set(Region.objects.filter(code__in=codes))
