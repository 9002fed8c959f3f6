"""The KUBE demo: a few hundred labelled demo groups in four provinces, in every stage, with
capital, assessments, IKS, and mentors from the demo women entrepreneurs' association matched
and mentoring. Runs after the partners demo. NIKs are synthetic (they start with 00, which no
real NIK does). Idempotent: nothing is added once demo groups exist."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sinergi.core.models import User
from sinergi.core.text import search_key
from sinergi.kube.market_demo import market_demo_seed
from sinergi.kube.mentoring import (
    assignment_accept,
    matching_propose,
    mentor_create,
    session_record,
)
from sinergi.kube.models import Assignment, AssignmentStatus, BusinessCategory, Group, Mentor
from sinergi.kube.services import (
    MemberData,
    capital_grant_record,
    group_create,
    iks_contribution_record,
    stage_assess,
)
from sinergi.kube.stages import BERKEMBANG, MAJU, TUMBUH
from sinergi.partners.demo import ASSOCIATION
from sinergi.partners.models import Organisation
from sinergi.partners.selectors import user_by_username
from sinergi.regions.codes import Level
from sinergi.regions.models import Region

# Regencies with demo groups: Kota Bandung, Kab. Bandung, Kota Surabaya, Kab. Sidoarjo,
# Kota Semarang, Kota Samarinda, Kab. Kutai Kartanegara.
REGENCIES = ("32.73", "32.04", "35.78", "35.15", "33.74", "64.72", "64.02")
GROUPS_PER_REGENCY = 40
MENTORS_PER_REGENCY = 4
NAMES = ("Mawar", "Melati", "Anggrek", "Kenanga", "Dahlia", "Cempaka", "Teratai", "Seroja")
PEOPLE = ("Siti", "Sri", "Dewi", "Nur", "Ani", "Rina", "Budi", "Agus", "Wati", "Yanti", "Eka")
TOPICS = ("Pembukuan sederhana", "Pemasaran daring", "Pengemasan produk", "Perizinan PIRT")


def _members(rng: random.Random, village: str, count: int, serial: list[int]) -> list[MemberData]:
    roles = ("chair", "secretary", "treasurer")
    people = []
    for index in range(count):
        serial[0] += 1
        people.append(
            MemberData(
                name=f"{rng.choice(PEOPLE)} (Demo {serial[0]})",
                nik=f"00{serial[0]:014d}",
                sex="f" if rng.random() < 0.7 else "m",
                age_band=rng.choice(("18-29", "30-44", "45-59")),
                role=roles[index] if index < len(roles) else "member",
                decile=rng.randint(1, 4),
                village_code=village,
            )
        )
    return people


def _assess(rng: random.Random, admin: User | None, group: Group, stage: str, day: date) -> None:
    criteria = list(TUMBUH)
    if stage in ("berkembang", "maju"):
        criteria += rng.sample(BERKEMBANG, 3)
    if stage == "maju":
        criteria += list(BERKEMBANG) + rng.sample(MAJU, 4)
    stage_assess(actor=admin, group=group, assessed_on=day, criteria_met=criteria, notes="Demo")


def _demo_group(
    rng: random.Random,
    admin: User | None,
    association: Organisation | None,
    name: str,
    village: str,
    serial: list[int],
    today: date,
) -> Group:
    group = group_create(
        actor=admin,
        name=name,
        village_code=village,
        business_category=rng.choice(BusinessCategory.values),
        formed_on=today - timedelta(days=rng.randint(200, 1500)),
        members=_members(rng, village, rng.randint(5, 12), serial),
        bank_name="Bank Demo",
        bank_account=f"DEMO{serial[0]:08d}",
        organisation=association if rng.random() < 0.6 else None,
        is_demo=True,
    )
    capital_grant_record(
        actor=admin,
        group=group,
        amount=Decimal(2_000_000 * group.members.count()),
        received_on=group.formed_on + timedelta(days=60),
        source=rng.choice(("ministry", "ministry", "regional_budget", "csr_partner")),
    )
    stage = rng.choices(("tumbuh", "berkembang", "maju"), weights=(5, 3, 2))[0]
    _assess(rng, admin, group, "tumbuh", group.formed_on + timedelta(days=90))
    if stage != "tumbuh":
        _assess(rng, admin, group, stage, today - timedelta(days=rng.randint(10, 120)))
        iks_contribution_record(
            actor=admin,
            group=group,
            contributed_on=today - timedelta(days=rng.randint(5, 60)),
            amount=Decimal(rng.randint(2, 20) * 50_000),
            purpose="Demo: bantuan anggota sakit",
        )
    return group


def _demo_mentoring(
    rng: random.Random, admin: User | None, association: Organisation | None, today: date
) -> None:
    for regency in REGENCIES:
        for index in range(MENTORS_PER_REGENCY):
            mentor_create(
                actor=admin,
                name=f"Ibu {rng.choice(PEOPLE)} {regency} #{index + 1} (Demo)",
                home_region_code=regency,
                expertise=rng.sample(BusinessCategory.values, 3),
                region_codes=[regency],
                capacity=rng.randint(4, 7),
                languages=["id"],
                organisation=association,
                is_demo=True,
            )
    for province in sorted({r[:2] for r in REGENCIES}):
        for proposal in matching_propose(actor=admin, region_code=province):
            if rng.random() >= 0.8:
                continue  # left for the coordinator to decide
            active = assignment_accept(actor=admin, assignment=proposal)
            for _session in range(rng.randint(0, 3)):
                session_record(
                    actor=admin,
                    assignment=active,
                    held_on=today - timedelta(days=rng.randint(1, 90)),
                    topics=rng.choice(TOPICS),
                    notes="Demo",
                    action_items=["Demo: catat penjualan harian"],
                    attendance=rng.randint(3, 5),
                )


def _demo_history(rng: random.Random, admin: User | None, today: date) -> None:
    """A year of history for the charts: advanced groups passed through berkembang first, and
    active assignments started months ago with sessions spread over the months since."""
    for group in Group.objects.filter(is_demo=True, stage="maju").order_by("pk"):
        _assess(rng, admin, group, "berkembang", today - timedelta(days=rng.randint(150, 330)))
    for assignment in Assignment.objects.filter(
        group__is_demo=True, status=AssignmentStatus.ACTIVE
    ).order_by("pk"):
        started = today - timedelta(days=rng.randint(200, 360))
        # Demo backdating of the start (the service dates acceptance today).
        Assignment.objects.filter(pk=assignment.pk).update(started_on=started)
        for _session in range(rng.randint(1, 5)):
            session_record(
                actor=admin,
                assignment=assignment,
                held_on=started + timedelta(days=rng.randint(0, (today - started).days)),
                topics=rng.choice(TOPICS),
                notes="Demo",
                attendance=rng.randint(3, 5),
            )


def _demo_mentor_account() -> None:
    """The demo account ``mentor`` (web demo accounts) is the first Kota Bandung mentor."""
    user = user_by_username(username="mentor")
    first = Mentor.objects.filter(is_demo=True, home_region_id="32.73").order_by("pk").first()
    if user is not None and first is not None and first.user_id is None:
        Mentor.objects.filter(pk=first.pk).update(user=user)


@transaction.atomic
def kube_demo_seed(*, today: date | None = None) -> int:
    """Create the demo groups, mentors and mentoring; returns the number of groups made."""
    if Group.objects.filter(is_demo=True).exists():
        return 0
    today = today or timezone.localdate()
    rng = random.Random(2015)  # noqa: S311 - reproducible demo data, not a secret
    admin = user_by_username(username="admin")
    association = Organisation.objects.filter(name_key=search_key(ASSOCIATION)).first()
    villages: dict[str, list[str]] = {}
    for code in Region.objects.filter(
        level=Level.VILLAGE, parent__parent__in=REGENCIES, retired_on__isnull=True
    ).values_list("code", flat=True):
        villages.setdefault(code[:5], []).append(code)
    serial = [0]
    made = 0
    for regency in REGENCIES:
        for index, village in enumerate(sorted(villages.get(regency, []))[:GROUPS_PER_REGENCY]):
            name = f"KUBE {NAMES[index % len(NAMES)]} {index + 1} (Demo)"
            _demo_group(rng, admin, association, name, village, serial, today)
            made += 1
    _demo_mentoring(rng, admin, association, today)
    _demo_history(rng, admin, today)
    _demo_mentor_account()
    market_demo_seed(admin=admin, today=today)
    return made
