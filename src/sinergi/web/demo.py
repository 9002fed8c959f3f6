"""The demo scenario: labelled demo accounts for each role on top of the real registry.

Everything here is demo data, never official figures. Later apps add their own demo records
through their services from this one entry point, so `sinergi demo` builds the whole scenario.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from sinergi.atlas.demo import atlas_demo_seed
from sinergi.core.env import env_secret
from sinergi.core.models import PARTNER_ROLES, Role, User
from sinergi.core.services import role_assign, user_create
from sinergi.interventions.demo import interventions_demo_seed
from sinergi.kube.demo import kube_demo_seed
from sinergi.partners.demo import partners_demo_seed
from sinergi.regions.services import region_coordinator_assign
from sinergi.synergy.demo import synergy_demo_seed


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    region_code: str = ""
    description: str = ""


DEMO_ACCOUNTS = (
    DemoAccount(
        "admin",
        "Demo: Perencana Kemensos",
        Role.NATIONAL_ADMIN,
        description="national admin, sees everything; admin site",
    ),
    DemoAccount(
        "dinsos.jabar",
        "Demo: Dinsos Provinsi Jawa Barat",
        Role.REGIONAL_COORDINATOR,
        "32",
        description="regional coordinator for Jawa Barat (32)",
    ),
    DemoAccount(
        "dinsos.bandung",
        "Demo: Dinsos Kota Bandung",
        Role.REGIONAL_COORDINATOR,
        "32.73",
        description="regional coordinator for Kota Bandung (32.73)",
    ),
    DemoAccount(
        "mitra",
        "Demo: Staf mitra CSR",
        Role.PARTNER_ADMIN,
        description="partner admin of PT Sehat Bangsa Farma (Demo)",
    ),
    DemoAccount(
        "pembeli",
        "Demo: Pembeli Pasar KUBE",
        Role.BUYER,
        description="buyer in Pasar KUBE (/pasar/): inquiries and orders in every state",
    ),
    DemoAccount(
        "mentor",
        "Demo: Mentor KUBE (asosiasi pengusaha perempuan)",
        Role.MENTOR,
        description="KUBE mentor of demo groups in Kota Bandung; logs sessions",
    ),
)


def demo_password() -> str:
    """SINERGI_DEMO_PASSWORD, or a random one kept in the data directory (shown at start)."""
    configured = env_secret("SINERGI_DEMO_PASSWORD")
    if configured:
        return configured
    path = Path(settings.DATA_DIR) / "demo_password"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    password = "sinergi-" + secrets.token_urlsafe(9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password, encoding="utf-8")
    path.chmod(0o600)
    return password


@transaction.atomic
def demo_seed() -> list[DemoAccount]:
    """Create the demo accounts and their scopes. Idempotent."""
    password = demo_password()
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = user_create(
                username=account.username,
                password=password,
                full_name=account.full_name,
                is_staff=account.role == Role.NATIONAL_ADMIN,
            )
        if account.role == Role.REGIONAL_COORDINATOR:
            region_coordinator_assign(user=user, region_code=account.region_code)
        elif account.role not in PARTNER_ROLES:  # partner roles come with their organisation
            role_assign(user=user, role=account.role)
    atlas_demo_seed()
    partners_demo_seed()
    kube_demo_seed()  # after the partners demo: its mentors belong to the association
    interventions_demo_seed()
    synergy_demo_seed()  # after interventions: an adopted need is one
    return list(DEMO_ACCOUNTS)
