"""The access chokepoint's building blocks: who a user is, and which scopes they hold.

Every app's ``get_<noun>_for_user`` helper starts from :func:`principal_for`, so there is one
place that turns a request's user into scopes. Objects outside a user's scopes are reported as
missing (404), never as forbidden, so their existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from sinergi.core.models import PARTNER_ROLES, Role, RoleAssignment


def region_code_within(code: str, ancestor: str) -> bool:
    """True when ``code`` is ``ancestor`` or lies below it (codes are dotted prefixes)."""
    return code == ancestor or code.startswith(ancestor + ".")


@dataclass(frozen=True)
class Scope:
    role: str
    region_code: str = ""
    organisation_id: int | None = None


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    scopes: tuple[Scope, ...] = ()
    is_superuser: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_national_admin(self) -> bool:
        return self.is_superuser or any(s.role == Role.NATIONAL_ADMIN for s in self.scopes)

    def coordinated_regions(self) -> tuple[str, ...]:
        return tuple(s.region_code for s in self.scopes if s.role == Role.REGIONAL_COORDINATOR)

    def covers_region(self, code: str) -> bool:
        """May this principal act on region-scoped data for ``code``?"""
        if self.is_national_admin:
            return True
        return any(region_code_within(code, root) for root in self.coordinated_regions())

    def organisation_ids(self, roles: frozenset[str] = PARTNER_ROLES) -> frozenset[int]:
        return frozenset(
            s.organisation_id
            for s in self.scopes
            if s.role in roles and s.organisation_id is not None
        )


ANONYMOUS = Principal(user_id=None)
CACHE_ATTRIBUTE = "_sinergi_principal"


def principal_for(user: AbstractBaseUser | AnonymousUser | None) -> Principal:
    """The user's scopes, read once per user object (one query per request at most)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached: Principal | None = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    rows = RoleAssignment.objects.filter(user_id=user.pk).values_list(
        "role", "region_code", "organisation_id"
    )
    principal = Principal(
        user_id=int(user.pk),
        scopes=tuple(Scope(role, region, org) for role, region, org in rows),
        is_superuser=bool(getattr(user, "is_superuser", False)),
    )
    setattr(user, CACHE_ATTRIBUTE, principal)
    return principal
