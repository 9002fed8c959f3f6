"""Test data for KUBE. Groups are built through the services (the rules under test live
there); NIKs are generated per test so no two people collide by accident."""

from __future__ import annotations

import itertools
from datetime import date

from sinergi.core.models import User
from sinergi.kube.mentoring import mentor_create
from sinergi.kube.models import Group, Mentor
from sinergi.kube.services import MemberData, group_create
from sinergi.partners.models import Organisation

BANDUNG_VILLAGE = "32.73.01.1001"  # Sukarasa, Kota Bandung (Jawa Barat)
BANDUNG_OTHER_VILLAGE = "32.73.01.1002"
SURABAYA_VILLAGE = "35.78.01.1001"  # Karang Pilang, Kota Surabaya (Jawa Timur)

_niks = itertools.count(1)


def new_nik(prefix: str = "3273") -> str:
    """A fresh, well-formed 16-digit NIK."""
    return f"{prefix}{next(_niks):012d}"


def members(count: int, *, village: str | None = None, prefix: str = "3273") -> list[MemberData]:
    roles = ["chair", "secretary", "treasurer"]
    return [
        MemberData(
            name=f"Anggota {index + 1}",
            nik=new_nik(prefix),
            sex="f" if index % 2 else "m",
            age_band="30-44",
            role=roles[index] if index < len(roles) else "member",
            decile=1 + index % 4,
            village_code=village,
        )
        for index in range(count)
    ]


def group(
    *,
    village: str = BANDUNG_VILLAGE,
    size: int = 6,
    category: str = "food_processing",
    name: str = "KUBE Mawar",
    facilitator: User | None = None,
    organisation: Organisation | None = None,
) -> Group:
    return group_create(
        actor=None,
        name=name,
        village_code=village,
        business_category=category,
        formed_on=date(2025, 3, 1),
        members=members(size, prefix=village[:2] + village[3:5]),
        bank_account="1234567890",
        bank_name="BRI",
        facilitator=facilitator,
        organisation=organisation,
    )


def mentor(
    *,
    name: str = "Ibu Sari",
    home: str = "32.73",
    regions: tuple[str, ...] = ("32.73",),
    expertise: tuple[str, ...] = ("food_processing",),
    capacity: int = 3,
    organisation: Organisation | None = None,
    user: User | None = None,
) -> Mentor:
    return mentor_create(
        actor=None,
        name=name,
        home_region_code=home,
        expertise=list(expertise),
        region_codes=list(regions),
        capacity=capacity,
        languages=["id", "su"],
        organisation=organisation,
        user=user,
    )
