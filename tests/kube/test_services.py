"""Group rules (size, one village, officers), NIK handling and stage history."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from sinergi.core.models import AuditEvent
from sinergi.kube.identity import nik_hash
from sinergi.kube.models import Group, Member
from sinergi.kube.selectors import group_detail
from sinergi.kube.services import (
    MemberData,
    capital_grant_record,
    group_create,
    member_add,
    member_remove,
    stage_assess,
)
from tests.kube.factories import (
    BANDUNG_OTHER_VILLAGE,
    BANDUNG_VILLAGE,
    group,
    members,
    new_nik,
)

pytestmark = pytest.mark.django_db


def _create(people: list[MemberData], village: str = BANDUNG_VILLAGE) -> Group:
    return group_create(
        actor=None,
        name="KUBE Melati",
        village_code=village,
        business_category="crafts",
        formed_on=date(2025, 1, 1),
        members=people,
    )


@pytest.mark.parametrize("size", [5, 20])
def test_group_sizes_at_the_limits_are_accepted(size: int) -> None:
    created = _create(members(size))
    assert created.members.count() == size


@pytest.mark.parametrize("size", [0, 4, 21])
def test_group_sizes_outside_5_to_20_are_refused(size: int) -> None:
    with pytest.raises(ValidationError) as error:
        _create(members(size))
    assert "members" in error.value.message_dict
    assert not Group.objects.exists()


def test_every_member_lives_in_the_group_village() -> None:
    people = members(6)
    people[3] = MemberData("Tamu", new_nik(), "f", "30-44", village_code=BANDUNG_OTHER_VILLAGE)
    with pytest.raises(ValidationError) as error:
        _create(people)
    assert "members.3.village" in error.value.message_dict
    assert not Member.objects.exists()


def test_a_group_needs_a_village_not_a_district() -> None:
    with pytest.raises(ValidationError) as error:
        _create(members(6), village="32.73.01")
    assert "village" in error.value.message_dict


def test_each_officer_role_is_held_once() -> None:
    people = members(6)
    people[4] = MemberData("Ketua Dua", new_nik(), "m", "45-59", role="chair")
    with pytest.raises(ValidationError) as error:
        _create(people)
    assert "members.4.role" in error.value.message_dict


def test_members_can_be_added_up_to_20_and_removed_down_to_5() -> None:
    created = group(size=19)
    member_add(actor=None, group=created, data=MemberData("Baru", new_nik(), "f", "18-29"))
    with pytest.raises(ValidationError):
        member_add(actor=None, group=created, data=MemberData("Lagi", new_nik(), "f", "18-29"))
    small = group(size=5, name="KUBE Kecil")
    with pytest.raises(ValidationError):
        member_remove(actor=None, member=small.members.first())  # type: ignore[arg-type]
    assert small.members.count() == 5


def test_a_person_cannot_be_in_two_groups() -> None:
    nik = new_nik()
    first = members(5)
    first[0] = MemberData("Siti", nik, "f", "30-44", role="chair")
    _create(first)
    second = members(5)
    second[2] = MemberData("Siti (lagi)", f"{nik[:4]} {nik[4:]}", "f", "30-44")
    with pytest.raises(ValidationError) as error:
        _create(second, village=BANDUNG_OTHER_VILLAGE)
    assert "members.2.nik" in error.value.message_dict
    with pytest.raises(ValidationError):
        member_add(
            actor=None, group=Group.objects.get(), data=MemberData("Siti", nik, "f", "30-44")
        )


def test_the_same_person_twice_in_one_list_is_refused() -> None:
    people = members(6)
    people[5] = MemberData("Kembar", people[4].nik, "f", "30-44")
    with pytest.raises(ValidationError) as error:
        _create(people)
    assert "members.5.nik" in error.value.message_dict


def test_the_database_enforces_uniqueness_of_the_hash() -> None:
    created = group()
    existing = created.members.first()
    assert existing is not None
    with transaction.atomic(), pytest.raises(IntegrityError):
        Member.objects.create(
            group=created,
            name="Salinan",
            village_id=BANDUNG_VILLAGE,
            sex="f",
            age_band="30-44",
            nik_hash=existing.nik_hash,
            nik_masked=existing.nik_masked,
        )


def test_nik_is_stored_only_as_keyed_hash_and_masked_form(
    caplog: pytest.LogCaptureFixture,
) -> None:
    nik = "3273011234560001"
    people = members(5)
    people[0] = MemberData("Siti", nik, "f", "30-44", role="chair")
    with caplog.at_level(logging.DEBUG):
        created = _create(people)
    member = created.members.get(name="Siti")
    assert member.nik_masked == "3273********0001"
    # HMAC-SHA256 with the configured key: 64 hex digits, and a different key gives another.
    assert len(member.nik_hash) == 64 and nik not in member.nik_hash
    assert member.nik_hash == nik_hash(nik)
    with override_settings(NIK_HASH_KEY="another-key"):
        assert nik_hash(nik) != member.nik_hash
    stored = [str(v) for v in Member.objects.values_list(*[f.attname for f in Member._meta.fields])]
    assert not any(nik in value for value in stored)
    audit = " ".join(str(e.changes) for e in AuditEvent.objects.all())
    assert nik not in audit and "0001" not in audit
    assert nik not in caplog.text


def test_invalid_nik_is_reported_without_echoing_it() -> None:
    people = members(5)
    people[1] = MemberData("Salah", "32730112345", "m", "30-44")
    with pytest.raises(ValidationError) as error:
        _create(people)
    assert "32730112345" not in str(error.value.message_dict)


def test_stage_follows_the_latest_dated_assessment_and_history_is_kept() -> None:
    created = group()
    assert created.stage == "tumbuh"
    developing = ["officers_run_activities", "profit_to_capital_and_welfare", "iks_started"]
    stage_assess(actor=None, group=created, assessed_on=date(2025, 6, 1), criteria_met=developing)
    assert Group.objects.get(pk=created.pk).stage == "berkembang"
    advanced = [
        *developing,
        "profit_and_capital_growing",
        "iks_regular",
        "business_well_managed",
        "economic_relations",
    ]
    stage_assess(actor=None, group=created, assessed_on=date(2026, 1, 10), criteria_met=advanced)
    assert Group.objects.get(pk=created.pk).stage == "maju"
    # A late-entered assessment dated earlier is history, not the current stage.
    stage_assess(actor=None, group=created, assessed_on=date(2025, 2, 1), criteria_met=[])
    assert Group.objects.get(pk=created.pk).stage == "maju"
    history = [(a.assessed_on, a.stage) for a in group_detail(created).assessments]
    assert history == [
        (date(2026, 1, 10), "maju"),
        (date(2025, 6, 1), "berkembang"),
        (date(2025, 2, 1), "tumbuh"),
    ]
    changes = AuditEvent.objects.filter(action="kube.stage.change", target_id=str(created.pk))
    assert [e.changes["to"] for e in changes.order_by("id")] == ["berkembang", "maju"]


def test_two_of_four_developing_criteria_are_not_enough() -> None:
    created = group()
    stage_assess(
        actor=None,
        group=created,
        assessed_on=date(2025, 6, 1),
        criteria_met=["iks_started", "confidence_rising", "iks_regular", "economic_relations"],
    )
    assert Group.objects.get(pk=created.pk).stage == "tumbuh"


def test_unknown_criteria_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        stage_assess(actor=None, group=group(), assessed_on=date(2025, 6, 1), criteria_met=["x"])
    assert "criteria_met" in error.value.message_dict


def test_capital_is_shown_against_the_2_million_per_member_norm() -> None:
    created = group(size=10)
    capital_grant_record(
        actor=None,
        group=created,
        amount=Decimal(15_000_000),
        received_on=date(2025, 4, 1),
        source="ministry",
    )
    detail = group_detail(created)
    assert (detail.capital_total, detail.capital_norm) == (15_000_000, 20_000_000)
    with pytest.raises(ValidationError):
        capital_grant_record(
            actor=None, group=created, amount=Decimal(0), received_on=date(2025, 4, 1), source="x"
        )
