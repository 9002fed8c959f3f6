"""Writes for KUBE groups, members, capital, assessments and IKS. Every write is audited with
non-personal summaries only: no names and never a NIK (not even masked) in the audit log.

Mentors, matching, assignments and sessions are in ``mentoring``; the spreadsheet import in
``imports``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.core.models import User
from sinergi.core.services import audit_record
from sinergi.kube.identity import nik_clean, nik_hash, nik_mask
from sinergi.kube.models import (
    MAX_MEMBERS,
    MIN_MEMBERS,
    OFFICER_ROLES,
    AgeBand,
    BusinessCategory,
    CapitalGrant,
    CapitalSource,
    Group,
    IksContribution,
    Member,
    MemberRole,
    Sex,
    Stage,
    StageAssessment,
)
from sinergi.kube.stages import stage_for, unknown_criteria
from sinergi.partners.models import Organisation
from sinergi.regions.codes import Level, level_of
from sinergi.regions.models import Region


@dataclass(frozen=True)
class MemberData:
    name: str
    nik: str
    sex: str
    age_band: str
    role: str = MemberRole.MEMBER
    decile: int | None = None
    village_code: str | None = None  # defaults to the group's village


def _member_errors(data: MemberData, index: int | str) -> dict[str, str]:
    """Field problems of one member (never echoing the NIK)."""
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors[f"members.{index}.name"] = _("A name is required.")
    if nik_clean(data.nik) is None:
        errors[f"members.{index}.nik"] = _("A NIK has exactly 16 digits.")
    if data.sex not in Sex.values:
        errors[f"members.{index}.sex"] = _("Unknown sex.")
    if data.age_band not in AgeBand.values:
        errors[f"members.{index}.age_band"] = _("Unknown age band.")
    if data.role not in MemberRole.values:
        errors[f"members.{index}.role"] = _("Unknown role.")
    if data.decile is not None and not 1 <= data.decile <= 10:
        errors[f"members.{index}.decile"] = _("A decile is between 1 and 10.")
    return errors


def _village(code: str) -> Region:
    region = Region.objects.filter(pk=code, retired_on__isnull=True).first()
    if region is None or level_of(code) != Level.VILLAGE:
        raise ValidationError({"village": _("Choose an existing village (desa/kelurahan).")})
    return region


def members_validate(*, village: Region, members: Sequence[MemberData]) -> list[Member]:
    """Unsaved members for a new group: 5 to 20 households, one village, officers at most once,
    no person twice (in the list or in any group). Raises ValidationError with every problem."""
    errors: dict[str, str] = {}
    if not MIN_MEMBERS <= len(members) <= MAX_MEMBERS:
        errors["members"] = _(
            "A KUBE has between %(low)d and %(high)d member households (it has %(count)d)."
        ) % {"low": MIN_MEMBERS, "high": MAX_MEMBERS, "count": len(members)}
    built: list[Member] = []
    seen: dict[str, int] = {}
    officers: set[str] = set()
    for index, data in enumerate(members):
        problems = _member_errors(data, index)
        if (data.village_code or village.pk) != village.pk:
            problems[f"members.{index}.village"] = _(
                "Every member lives in the group's village (%(village)s)."
            ) % {"village": village.name}
        if data.role in OFFICER_ROLES:
            if data.role in officers:
                problems[f"members.{index}.role"] = _("Each officer role is held once.")
            officers.add(data.role)
        nik = nik_clean(data.nik)
        if nik is not None:
            key = nik_hash(nik)
            if key in seen:
                problems[f"members.{index}.nik"] = _(
                    "The same person is listed twice (see member %(other)d)."
                ) % {"other": seen[key] + 1}
            seen.setdefault(key, index)
            built.append(
                Member(
                    name=data.name.strip(),
                    village=village,
                    sex=data.sex,
                    age_band=data.age_band,
                    role=data.role,
                    decile=data.decile,
                    nik_hash=key,
                    nik_masked=nik_mask(nik),
                )
            )
        errors.update(problems)
    taken = set(Member.objects.filter(nik_hash__in=seen).values_list("nik_hash", flat=True))
    for key in taken:
        errors[f"members.{seen[key]}.nik"] = _("This person is already a member of another KUBE.")
    if errors:
        raise ValidationError(errors)
    return built


@transaction.atomic
def group_create(
    *,
    actor: User | None,
    name: str,
    village_code: str,
    business_category: str,
    formed_on: date,
    members: Sequence[MemberData],
    bank_name: str = "",
    bank_account: str = "",
    facilitator: User | None = None,
    organisation: Organisation | None = None,
    is_demo: bool = False,
) -> Group:
    village = _village(village_code)
    if not name.strip():
        raise ValidationError({"name": _("A name is required.")})
    if business_category not in BusinessCategory.values:
        raise ValidationError({"business_category": _("Unknown business type.")})
    built = members_validate(village=village, members=members)
    group = Group.objects.create(
        name=name.strip(),
        village=village,
        business_category=business_category,
        formed_on=formed_on,
        bank_name=bank_name,
        bank_account=bank_account,
        facilitator=facilitator,
        organisation=organisation,
        is_demo=is_demo,
    )
    for member in built:
        member.group = group
    Member.objects.bulk_create(built)
    audit_record(
        actor=actor,
        action="kube.group.create",
        target_type="kube_group",
        target_id=str(group.pk),
        changes={"village": village.pk, "members": len(built)},
    )
    return group


@transaction.atomic
def group_update(
    *,
    actor: User | None,
    group: Group,
    name: str,
    business_category: str,
    bank_name: str = "",
    bank_account: str = "",
    organisation: Organisation | None = None,
) -> Group:
    """Change what a group may change (its village and formation date stay)."""
    if not name.strip():
        raise ValidationError({"name": _("A name is required.")})
    if business_category not in BusinessCategory.values:
        raise ValidationError({"business_category": _("Unknown business type.")})
    before = {
        "name": group.name,
        "business_category": group.business_category,
        "organisation": group.organisation_id,
        "bank": bool(group.bank_account),
    }
    group.name = name.strip()
    group.business_category = business_category
    group.bank_name, group.bank_account = bank_name, bank_account
    group.organisation = organisation
    group.save(
        update_fields=["name", "business_category", "bank_name", "bank_account", "organisation"]
    )
    after = {
        "name": group.name,
        "business_category": group.business_category,
        "organisation": group.organisation_id,
        "bank": bool(group.bank_account),
    }
    # The account number is financial data: the audit says that it changed, not what it is.
    changes = {k: {"from": before[k], "to": v} for k, v in after.items() if before[k] != v}
    audit_record(
        actor=actor,
        action="kube.group.update",
        target_type="kube_group",
        target_id=str(group.pk),
        changes=changes,
    )
    return group


@transaction.atomic
def member_add(*, actor: User | None, group: Group, data: MemberData) -> Member:
    group = Group.objects.select_for_update().get(pk=group.pk)
    errors = _member_errors(data, "new")
    if (data.village_code or group.village_id) != group.village_id:
        errors["members.new.village"] = _("Every member lives in the group's village.")
    if group.members.count() >= MAX_MEMBERS:
        errors["members"] = _("A KUBE has at most %(high)d member households.") % {
            "high": MAX_MEMBERS
        }
    if data.role in OFFICER_ROLES and group.members.filter(role=data.role).exists():
        errors["members.new.role"] = _("Each officer role is held once.")
    nik = nik_clean(data.nik)
    if nik is not None and Member.objects.filter(nik_hash=nik_hash(nik)).exists():
        errors["members.new.nik"] = _("This person is already a member of a KUBE.")
    if errors or nik is None:
        raise ValidationError(errors)
    member = Member.objects.create(
        group=group,
        name=data.name.strip(),
        village_id=group.village_id,
        sex=data.sex,
        age_band=data.age_band,
        role=data.role,
        decile=data.decile,
        nik_hash=nik_hash(nik),
        nik_masked=nik_mask(nik),
    )
    audit_record(
        actor=actor,
        action="kube.member.add",
        target_type="kube_group",
        target_id=str(group.pk),
        changes={"member": member.pk},
    )
    return member


@transaction.atomic
def member_remove(*, actor: User | None, member: Member) -> None:
    group = Group.objects.select_for_update().get(pk=member.group_id)
    if group.members.count() <= MIN_MEMBERS:
        raise ValidationError(
            {
                "members": _("A KUBE keeps at least %(low)d member households.")
                % {"low": MIN_MEMBERS}
            }
        )
    member_id = member.pk
    member.delete()
    audit_record(
        actor=actor,
        action="kube.member.remove",
        target_type="kube_group",
        target_id=str(group.pk),
        changes={"member": member_id},
    )


@transaction.atomic
def capital_grant_record(
    *,
    actor: User | None,
    group: Group,
    amount: Decimal,
    received_on: date,
    source: str,
    organisation: Organisation | None = None,
) -> CapitalGrant:
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be positive.")})
    if source not in CapitalSource.values:
        raise ValidationError({"source": _("Unknown source of capital.")})
    grant = CapitalGrant.objects.create(
        group=group,
        amount=amount,
        received_on=received_on,
        source=source,
        organisation=organisation,
    )
    audit_record(
        actor=actor,
        action="kube.capital.record",
        target_type="kube_group",
        target_id=str(group.pk),
        changes={"amount": str(amount), "source": source},
    )
    return grant


@transaction.atomic
def stage_assess(
    *,
    actor: User | None,
    group: Group,
    assessed_on: date,
    criteria_met: Sequence[str],
    notes: str = "",
) -> StageAssessment:
    """Record a dated assessment; the stage follows from the criteria met, and the group's
    current stage is that of its latest assessment (by date)."""
    unknown = unknown_criteria(criteria_met)
    if unknown:
        raise ValidationError(
            {"criteria_met": _("Unknown criteria: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    stage = stage_for(criteria_met)
    assessment = StageAssessment.objects.create(
        group=group,
        assessed_on=assessed_on,
        assessor=actor,
        criteria_met=sorted(set(criteria_met)),
        stage=stage,
        notes=notes,
    )
    latest = StageAssessment.objects.filter(group=group).order_by("-assessed_on", "-id").first()
    current = latest.stage if latest else Stage.TUMBUH
    if current != group.stage:
        previous = group.stage
        Group.objects.filter(pk=group.pk).update(stage=current)
        group.stage = current
        audit_record(
            actor=actor,
            action="kube.stage.change",
            target_type="kube_group",
            target_id=str(group.pk),
            changes={"from": previous, "to": current},
        )
    audit_record(
        actor=actor,
        action="kube.stage.assess",
        target_type="kube_group",
        target_id=str(group.pk),
        changes={"assessment": assessment.pk, "stage": stage},
    )
    return assessment


@transaction.atomic
def iks_contribution_record(
    *, actor: User | None, group: Group, contributed_on: date, amount: Decimal, purpose: str = ""
) -> IksContribution:
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be positive.")})
    contribution = IksContribution.objects.create(
        group=group, contributed_on=contributed_on, amount=amount, purpose=purpose
    )
    audit_record(
        actor=actor,
        action="kube.iks.record",
        target_type="kube_group",
        target_id=str(group.pk),
        changes={"amount": str(amount)},
    )
    return contribution


def personal_data_view_record(*, actor: User | None, group: Group, what: str) -> None:
    """Log that ``actor`` saw the members' personal data of ``group`` (UU PDP accountability)."""
    audit_record(
        actor=actor,
        action="kube.personal_data.view",
        target_type="kube_group",
        target_id=str(group.pk),
        changes={"what": what},
    )
