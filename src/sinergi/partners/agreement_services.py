"""Writes for agreements (MoU / PKS), their commitments, progress reports and documents.

Each write runs in a transaction and appends an audit event on the agreement
(``target_type="agreement"``) with field diffs ``{field: [old, new]}``. Callers check
permissions with ``partners.access`` first.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import IO, Any, NamedTuple, TypedDict

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.models import User
from sinergi.core.services import audit_record
from sinergi.partners import cleaning
from sinergi.partners.files import pdf_check
from sinergi.partners.metrics import METRICS
from sinergi.partners.models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementParty,
    AgreementScope,
    AgreementStatus,
    Commitment,
    Organisation,
    ProgressReport,
    ScopeKind,
)

SCALARS = ("kind", "number", "title", "summary", "place", "signed_on", "valid_from", "valid_until")
SCOPE_FIELDS = {
    "functions": (ScopeKind.FUNCTION, cleaning.FUNCTION_KEYS),
    "programmes": (ScopeKind.PROGRAMME, cleaning.PROGRAMME_KEYS),
    "target_groups": (ScopeKind.TARGET_GROUP, cleaning.TARGET_GROUP_KEYS),
}
# Which status may follow which. Expired → active is a renewal after extending the period.
TRANSITIONS: dict[str, frozenset[str]] = {
    AgreementStatus.DRAFT: frozenset({AgreementStatus.ACTIVE, AgreementStatus.TERMINATED}),
    AgreementStatus.ACTIVE: frozenset({AgreementStatus.TERMINATED, AgreementStatus.EXPIRED}),
    AgreementStatus.EXPIRED: frozenset({AgreementStatus.ACTIVE}),
    AgreementStatus.TERMINATED: frozenset(),
}


class PartyInput(NamedTuple):
    organisation_id: int
    signatory_name: str = ""
    signatory_title: str = ""
    party_number: str = ""


class AgreementFields(TypedDict, total=False):
    kind: str
    number: str
    title: str
    summary: str
    place: str
    parent_id: int | None
    signed_on: date | None
    valid_from: date | None
    valid_until: date | None
    parties: Sequence[PartyInput]
    functions: Sequence[str]
    programmes: Sequence[str]
    target_groups: Sequence[str]
    regions: Sequence[str]


def _identity(value: Any) -> Any:
    return value


def _checks() -> dict[str, cleaning.Check]:
    checks: dict[str, cleaning.Check] = {
        "kind": cleaning.choice_check("kind", AgreementKind.values),
        "number": cleaning.text_check("number", 100),
        "title": cleaning.text_check("title", 300, required=True),
        "summary": cleaning.text_check("summary", 5000),
        "place": cleaning.text_check("place", 100),
        "signed_on": _identity,
        "valid_from": _identity,
        "valid_until": _identity,
        "regions": lambda codes: sorted(cleaning.region_codes(codes or [], field="regions")),
    }
    for field, (_kind, allowed) in SCOPE_FIELDS.items():
        checks[field] = cleaning.keys_check(field, allowed)
    return checks


def _clean_parties(parties: Sequence[PartyInput], errors: cleaning.Errors) -> list[PartyInput]:
    cleaned: list[PartyInput] = []
    for raw in parties:
        party = PartyInput(*raw)
        try:
            cleaned.append(
                PartyInput(
                    party.organisation_id,
                    cleaning.text(party.signatory_name, field="parties", max_length=200),
                    cleaning.text(party.signatory_title, field="parties", max_length=300),
                    cleaning.text(party.party_number, field="parties", max_length=100),
                )
            )
        except ValidationError as error:
            errors.capture("parties", error)
    ids = [party.organisation_id for party in cleaned]
    if len(set(ids)) != len(ids):
        errors.add("parties", _("Each organisation signs once."))
    elif len(ids) < 2:
        errors.add("parties", _("An agreement has at least two parties."))
    known = set(
        Organisation.objects.filter(pk__in=ids, archived_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if set(ids) - known:
        errors.add("parties", _("Choose organisations from the registry."))
    return cleaned


def _check_parent(
    fields: AgreementFields, agreement: Agreement | None, errors: cleaning.Errors
) -> dict[str, Any]:
    if "parent_id" not in fields:
        return {}
    parent_id = fields["parent_id"]
    if parent_id is not None:
        parent = Agreement.objects.filter(pk=parent_id).first()
        if parent is None or (agreement is not None and parent.pk == agreement.pk):
            errors.add("parent_id", _("Choose another agreement."))
    return {"parent_id": parent_id}


def agreement_clean(fields: AgreementFields, *, agreement: Agreement | None) -> dict[str, Any]:
    """Normalised values for the keys in ``fields`` (everything required for a new
    agreement), or one ValidationError naming every bad field."""
    errors = cleaning.Errors()
    if agreement is None:
        cleaning.require(fields, ("kind", "title", "parties"), errors)
    clean = cleaning.run_checks(fields, _checks(), errors)
    if "parties" in fields:
        clean["parties"] = _clean_parties(fields["parties"], errors)
    clean |= _check_parent(fields, agreement, errors)
    start = clean.get("valid_from", agreement.valid_from if agreement else None)
    end = clean.get("valid_until", agreement.valid_until if agreement else None)
    if start and end and end < start:
        errors.add("valid_until", _("The end of the period comes before its start."))
    number = clean.get("number")
    others = Agreement.objects.exclude(pk=agreement.pk) if agreement else Agreement.objects.all()
    if number and others.filter(number=number).exists():
        errors.add("number", _("Another agreement already has this number."))
    errors.raise_if_any()
    return clean


def agreement_snapshot(agreement: Agreement) -> dict[str, Any]:
    snapshot: dict[str, Any] = {
        field: (value.isoformat() if isinstance(value, date) else value)
        for field in SCALARS
        for value in [getattr(agreement, field)]
    }
    snapshot["parent_id"] = agreement.parent_id
    snapshot["status"] = agreement.status
    snapshot["parties"] = [
        f"{p.organisation_id}|{p.signatory_name}|{p.signatory_title}|{p.party_number}"
        for p in AgreementParty.objects.filter(agreement=agreement).order_by("position", "id")
    ]
    scope = list(AgreementScope.objects.filter(agreement=agreement))
    for field, (kind, _keys) in SCOPE_FIELDS.items():
        snapshot[field] = sorted(s.key for s in scope if s.kind == kind)
    snapshot["regions"] = sorted(agreement.regions.values_list("code", flat=True))
    return snapshot


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


def _apply(agreement: Agreement, clean: dict[str, Any]) -> None:
    for field in (*SCALARS, "parent_id"):
        if field in clean:
            setattr(agreement, field, clean[field])
    agreement.save()
    if "parties" in clean:
        AgreementParty.objects.filter(agreement=agreement).delete()
        AgreementParty.objects.bulk_create(
            AgreementParty(
                agreement=agreement,
                organisation_id=party.organisation_id,
                signatory_name=party.signatory_name,
                signatory_title=party.signatory_title,
                party_number=party.party_number,
                position=position,
            )
            for position, party in enumerate(clean["parties"])
        )
    for field, (kind, _keys) in SCOPE_FIELDS.items():
        if field in clean:
            AgreementScope.objects.filter(agreement=agreement, kind=kind).delete()
            AgreementScope.objects.bulk_create(
                AgreementScope(agreement=agreement, kind=kind, key=key) for key in clean[field]
            )
    if "regions" in clean:
        agreement.regions.set(clean["regions"])


def _audit(actor: User | None, agreement: Agreement, action: str, changes: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type="agreement",
        target_id=str(agreement.pk),
        changes=changes,
    )


@transaction.atomic
def agreement_create(*, actor: User | None, fields: AgreementFields) -> Agreement:
    """Record an agreement as a draft, with two or more parties and their signatories as
    written on the document."""
    clean = agreement_clean(fields, agreement=None)
    agreement = Agreement(created_by=actor, status=AgreementStatus.DRAFT)
    _apply(agreement, clean)
    changes = {
        key: value
        for key, value in _diff({}, agreement_snapshot(agreement)).items()
        if value[1] not in ("", [], None)
    }
    _audit(actor, agreement, "agreement.create", changes)
    return agreement


@transaction.atomic
def agreement_update(
    *, actor: User | None, agreement: Agreement, fields: AgreementFields
) -> dict[str, list[Any]]:
    """Change the given fields; returns the diff (empty: nothing changed, nothing logged)."""
    clean = agreement_clean(fields, agreement=agreement)
    if (
        "parties" in clean
        and agreement.commitments.exclude(organisation__isnull=True)
        .exclude(organisation_id__in=[p.organisation_id for p in clean["parties"]])
        .exists()
    ):
        raise ValidationError(
            {"parties": _("A party with commitments cannot be removed from the agreement.")}
        )
    before = agreement_snapshot(agreement)
    _apply(agreement, clean)
    changes = _diff(before, agreement_snapshot(agreement))
    if changes:
        _audit(actor, agreement, "agreement.update", changes)
    return changes


def _check_activation(agreement: Agreement, today: date) -> None:
    errors = cleaning.Errors()
    if agreement.signed_on is None:
        errors.add("signed_on", _("An active agreement has a signing date."))
    parties = list(agreement.parties.all())
    if any(not party.signatory_name for party in parties):
        errors.add("parties", _("Write each party's signatory as on the document."))
    if agreement.valid_until is not None and agreement.valid_until < today:
        errors.add("valid_until", _("The validity period has ended: extend it first."))
    errors.raise_if_any()


@transaction.atomic
def agreement_status_change(
    *,
    actor: User | None,
    agreement: Agreement,
    status: str,
    reason: str = "",
    on: date | None = None,
) -> None:
    """Move the agreement along draft → active → expired / terminated.

    Activation needs a signing date and every signatory; ending it early (terminated) needs
    a reason. Expiry is normally done by ``agreement_expire_due``."""
    today = timezone.localdate()
    if status not in TRANSITIONS.get(agreement.status, frozenset()):
        raise ValidationError(
            {
                "status": _("An agreement cannot go from %(old)s to %(new)s.")
                % {
                    "old": AgreementStatus(agreement.status).label,
                    "new": AgreementStatus(status).label
                    if status in AgreementStatus.values
                    else status,
                }
            }
        )
    before = agreement_snapshot(agreement) | {
        "ended_on": agreement.ended_on.isoformat() if agreement.ended_on else None
    }
    if status == AgreementStatus.ACTIVE:
        _check_activation(agreement, today)
        agreement.ended_on, agreement.end_reason = None, ""
    elif status == AgreementStatus.TERMINATED:
        agreement.end_reason = cleaning.text(reason, field="reason", max_length=2000, required=True)
        agreement.ended_on = on or today
    else:
        agreement.ended_on = agreement.valid_until or today
    agreement.status = status
    agreement.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    after = {
        "status": agreement.status,
        "ended_on": agreement.ended_on.isoformat() if agreement.ended_on else None,
    }
    _audit(actor, agreement, "agreement.status", _diff(before, after))


@transaction.atomic
def agreement_expire_due(*, today: date) -> list[Agreement]:
    """Mark active agreements whose validity ended before ``today`` as expired."""
    due = list(
        Agreement.objects.select_for_update().filter(
            status=AgreementStatus.ACTIVE, valid_until__lt=today
        )
    )
    for agreement in due:
        agreement_status_change(actor=None, agreement=agreement, status=AgreementStatus.EXPIRED)
    return due


# Documents ----------------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *, actor: User | None, agreement: Agreement, file: IO[bytes], filename: str, title: str = ""
) -> AgreementDocument:
    """Attach a signed PDF (checked by content, at most 10 MB) to private storage."""
    checked = pdf_check(file, filename=filename)
    original = cleaning.text(filename.rsplit("/", 1)[-1], field="file", max_length=200)
    title = cleaning.text(title, field="title", max_length=200) or original
    document = AgreementDocument(
        agreement=agreement,
        title=title,
        original_name=original,
        size=len(checked.content),
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    document.file.save(
        f"agreements/{agreement.pk}/{uuid.uuid4().hex}.pdf",
        ContentFile(checked.content),
        save=False,
    )
    document.save()
    _audit(
        actor,
        agreement,
        "agreement.document_add",
        {"document": [None, document.pk], "sha256": [None, checked.sha256]},
    )
    return document


@transaction.atomic
def document_remove(*, actor: User | None, document: AgreementDocument) -> None:
    agreement, name, storage = document.agreement, document.file.name or "", document.file.storage
    document_id = document.pk
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
    _audit(actor, agreement, "agreement.document_remove", {"document": [document_id, None]})


# Commitments and progress -------------------------------------------------------------------


class CommitmentFields(TypedDict, total=False):
    description: str
    metric: str
    target: Decimal | int | str
    deadline: date
    region: str | None
    organisation_id: int | None


def _clean_commitment(
    agreement: Agreement, fields: CommitmentFields, *, partial: bool
) -> dict[str, Any]:
    errors = cleaning.Errors()
    if not partial:
        cleaning.require(fields, ("description", "metric", "target", "deadline"), errors)
    present = {key: value for key, value in fields.items() if value is not None or key == "region"}
    clean = cleaning.run_checks(
        present,
        {
            "description": cleaning.text_check("description", 300, required=True),
            "target": lambda value: cleaning.money(value, field="target", positive=True),
            "metric": cleaning.choice_check("metric", METRICS),
            "deadline": _identity,
            "region": cleaning.region_check("region"),
        },
        errors,
    )
    if "region" in clean:
        clean["region_id"] = clean.pop("region")
    if "organisation_id" in fields:
        party_ids = set(agreement.parties.values_list("organisation_id", flat=True))
        if fields["organisation_id"] is not None and fields["organisation_id"] not in party_ids:
            errors.add("organisation_id", _("Only a party of the agreement can commit to it."))
        clean["organisation_id"] = fields["organisation_id"]
    errors.raise_if_any()
    return clean


def _commitment_snapshot(commitment: Commitment) -> dict[str, Any]:
    return {
        "description": commitment.description,
        "metric": commitment.metric,
        "target": str(commitment.target),
        "deadline": commitment.deadline.isoformat(),
        "region": commitment.region_id,
        "organisation": commitment.organisation_id,
    }


def _check_open(agreement: Agreement) -> None:
    if agreement.status not in (AgreementStatus.DRAFT, AgreementStatus.ACTIVE):
        raise ValidationError(
            {"agreement": _("Commitments change only while the agreement is draft or active.")}
        )


@transaction.atomic
def commitment_create(
    *, actor: User | None, agreement: Agreement, fields: CommitmentFields
) -> Commitment:
    """Add a quantified promise (metric, target, deadline, optional region and party)."""
    _check_open(agreement)
    commitment = Commitment(
        agreement=agreement, **_clean_commitment(agreement, fields, partial=False)
    )
    commitment.save()
    changes = {k: [None, v] for k, v in _commitment_snapshot(commitment).items() if v}
    changes["commitment"] = [None, commitment.pk]
    _audit(actor, agreement, "agreement.commitment_add", changes)
    return commitment


@transaction.atomic
def commitment_update(
    *, actor: User | None, commitment: Commitment, fields: CommitmentFields
) -> dict[str, list[Any]]:
    agreement = commitment.agreement
    _check_open(agreement)
    clean = _clean_commitment(agreement, fields, partial=True)
    before = _commitment_snapshot(commitment)
    for field, value in clean.items():
        setattr(commitment, field, value)
    commitment.save()
    changes = _diff(before, _commitment_snapshot(commitment))
    if changes:
        changes["commitment"] = [commitment.pk, commitment.pk]
        _audit(actor, agreement, "agreement.commitment_update", changes)
    return changes


@transaction.atomic
def progress_report_create(
    *,
    actor: User | None,
    commitment: Commitment,
    value: Decimal | int | str,
    as_of: date,
    note: str = "",
) -> ProgressReport:
    """Report the cumulative value reached as of a date (not in the future)."""
    errors = cleaning.Errors()
    amount = Decimal(0)
    try:
        amount = cleaning.money(value, field="value", positive=False)
    except ValidationError as error:
        errors.capture("value", error)
    if as_of > timezone.localdate():
        errors.add("as_of", _("Progress cannot be reported for a future date."))
    try:
        note = cleaning.text(note, field="note", max_length=500)
    except ValidationError as error:
        errors.capture("note", error)
    if commitment.agreement.status == AgreementStatus.DRAFT:
        errors.add("commitment", _("Progress is reported once the agreement is active."))
    errors.raise_if_any()
    report = ProgressReport.objects.create(
        commitment=commitment, value=amount, as_of=as_of, note=note, reported_by=actor
    )
    _audit(
        actor,
        commitment.agreement,
        "agreement.progress",
        {
            "commitment": [commitment.pk, commitment.pk],
            "value": [None, str(amount)],
            "as_of": [None, as_of.isoformat()],
        },
    )
    return report
