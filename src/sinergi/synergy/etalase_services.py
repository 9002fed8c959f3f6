"""Writes for the etalase: publishing a verified need, withdrawing it, and adopting it.

Adopting calls the interventions service, so the adoption *is* a planned intervention (with
its audit trail, reference and location) linked to the need. The need's status follows the
people adopted: nobody yet → open, some → partly covered, all → adopted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.core.services import audit_record
from sinergi.core.taxonomy import PPKS, SECTORS
from sinergi.interventions.models import Status
from sinergi.interventions.services import InterventionData, LocationEntry, intervention_create
from sinergi.partners.models import Organisation
from sinergi.regions.models import Region
from sinergi.synergy.models import EtalaseNeed, NeedAdoption, NeedStatus

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {b"%PDF-": ".pdf", b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg"}
GROUP_KEYS = frozenset(group.key for group in PPKS)
SECTOR_KEYS = frozenset(term.key for term in SECTORS)


@dataclass(frozen=True)
class NeedData:
    region: str
    target_group: str
    title: str
    people: int
    budget_idr: int
    description: str = ""


def evidence_check(file: IO[bytes], *, filename: str) -> tuple[bytes, str]:
    """The evidence's bytes and extension when it really is a PDF, PNG or JPEG under 10 MB."""
    content = file.read(MAX_EVIDENCE_BYTES + 1)
    if len(content) > MAX_EVIDENCE_BYTES:
        raise ValidationError({"evidence": _("The evidence file is larger than 10 MB.")})
    for magic, extension in EVIDENCE_TYPES.items():
        if content.startswith(magic):
            return content, extension
    raise ValidationError({"evidence": _("Attach the evidence as a PDF, PNG or JPEG file.")})


def _clean(data: NeedData) -> None:
    errors: dict[str, list[str]] = {}
    if not Region.objects.filter(code=data.region, retired_on__isnull=True).exists():
        errors["region"] = [_("Not a current Kemendagri region code.")]
    if data.target_group not in GROUP_KEYS:
        errors["target_group"] = [_("Not a PPKS target group.")]
    if not data.title.strip():
        errors["title"] = [_("Give the need a title.")]
    if data.people <= 0:
        errors["people"] = [_("The number of people must be at least 1.")]
    if data.budget_idr < 0:
        errors["budget_idr"] = [_("The budget estimate cannot be negative.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def need_publish(
    *,
    actor: User,
    data: NeedData,
    evidence: IO[bytes] | None = None,
    evidence_name: str = "",
) -> EtalaseNeed:
    """Publish a verified need. Only a coordinator of its region (or a national admin)."""
    _clean(data)
    if not principal_for(actor).covers_region(data.region):
        raise PermissionDenied(_("You coordinate no region that holds this one."))
    need = EtalaseNeed(
        region_id=data.region,
        target_group=data.target_group,
        title=data.title.strip(),
        description=data.description.strip(),
        people=data.people,
        budget_idr=data.budget_idr,
        published_by=actor,
    )
    if evidence is not None:
        content, extension = evidence_check(evidence, filename=evidence_name)
        digest = hashlib.sha256(content).hexdigest()
        need.evidence.save(f"etalase/{digest}{extension}", ContentFile(content), save=False)
        need.evidence_name = (evidence_name or f"evidence{extension}")[:200]
        need.evidence_sha256 = digest
    need.save()
    audit_record(
        actor=actor,
        action="etalase.publish",
        target_type="etalase_need",
        target_id=str(need.pk),
        changes={"region": data.region, "target_group": data.target_group, "people": data.people},
    )
    return need


@transaction.atomic
def need_withdraw(*, actor: User, need: EtalaseNeed) -> None:
    """Withdraw a need nobody has adopted yet (an adopted one is a promise: it stays)."""
    if need.adoptions.exists():
        raise ValidationError({"need": _("This need has been adopted and cannot be withdrawn.")})
    audit_record(
        actor=actor, action="etalase.withdraw", target_type="etalase_need", target_id=str(need.pk)
    )
    if need.evidence:
        need.evidence.delete(save=False)
    need.delete()


def _status(need: EtalaseNeed, adopted: int) -> str:
    if adopted >= need.people:
        return NeedStatus.ADOPTED
    return NeedStatus.PARTLY if adopted > 0 else NeedStatus.OPEN


@dataclass(frozen=True)
class AdoptionData:
    people: int
    function: str = "perlindungan_sosial"
    budget_idr: int | None = None
    start_date: date | None = None
    end_date: date | None = None


@transaction.atomic
def need_adopt(
    *, actor: User, need: EtalaseNeed, organisation: Organisation, data: AdoptionData
) -> NeedAdoption:
    """Adopt (part of) a need: a planned intervention for the need's region and target group,
    linked to it; the need's status follows. The caller has checked the organisation is the
    actor's (``access.get_adopting_organisation_for_user``)."""
    need = EtalaseNeed.objects.select_for_update().get(pk=need.pk)
    remaining = need.people - need.adopted_people
    if remaining <= 0:
        raise ValidationError({"need": _("This need is already fully adopted.")})
    if not 0 < data.people <= remaining:
        raise ValidationError(
            {"people": _("Adopt between 1 and %(remaining)s people.") % {"remaining": remaining}}
        )
    if data.function not in SECTOR_KEYS:
        raise ValidationError({"function": _("Not a known function or sector.")})
    number = need.adoptions.count() + 1
    intervention = intervention_create(
        actor=actor,
        organisation=organisation,
        data=InterventionData(
            ref=f"ETALASE-{need.pk}-{number}",
            title=need.title,
            function=data.function,
            description=need.description,
            status=Status.PLANNED,
            start_date=data.start_date,
            end_date=data.end_date,
            budget_idr=data.budget_idr,
            target_groups=[need.target_group],
            locations=[LocationEntry(need.region_id, targeted=data.people)],
        ),
    )
    adoption = NeedAdoption.objects.create(
        need=need,
        organisation=organisation,
        intervention=intervention,
        people=data.people,
        adopted_by=actor,
    )
    adopted = need.adoptions.aggregate(total=Sum("people"))["total"] or 0
    need.adopted_people = adopted
    need.status = _status(need, adopted)
    need.save(update_fields=["adopted_people", "status"])
    audit_record(
        actor=actor,
        action="etalase.adopt",
        target_type="etalase_need",
        target_id=str(need.pk),
        changes={
            "organisation": organisation.pk,
            "intervention": intervention.pk,
            "people": data.people,
        },
    )
    return adoption
