"""Writes for progress reports: the draft → submitted → approved / returned workflow.

Who may do each step is decided by ``access`` before these are called; these enforce the
states: only a draft or returned report changes; only a submitted one is approved or
returned; an approved one is locked until reopened (with a reason, audited).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.models import User
from sinergi.core.services import audit_record
from sinergi.interventions.evidence import evidence_check
from sinergi.interventions.models import (
    BREAKDOWN,
    Intervention,
    InterventionIndicator,
    Report,
    ReportEvidence,
    ReportStatus,
    ReportValue,
)
from sinergi.interventions.reach import intervention_reach_refresh
from sinergi.interventions.services import Locked, StaleVersion, period_due_on

EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


@dataclass(frozen=True)
class ValueEntry:
    value: Decimal
    breakdown: dict[str, int] = field(default_factory=dict)


def _audit(actor: User | None, report: Report, action: str, changes: dict[str, object]) -> None:
    audit_record(
        actor=actor,
        action=f"report.{action}",
        target_type="intervention_report",
        target_id=str(report.pk),
        changes={"intervention_id": report.intervention_id, "period": report.period, **changes},
    )


@transaction.atomic
def report_create(*, actor: User | None, intervention: Intervention, period: str) -> Report:
    due_on = period_due_on(period)
    if Report.objects.filter(intervention=intervention, period=period).exists():
        raise ValidationError({"period": _("There is already a report for this period.")})
    report = Report.objects.create(intervention=intervention, period=period, due_on=due_on)
    _audit(actor, report, "create", {})
    return report


def _locked_for_update(report: Report, version: int | None) -> Report:
    current = Report.objects.select_for_update().get(pk=report.pk)
    if version is not None and version != current.version:
        raise StaleVersion(current.version)
    return current


def _bump(report: Report) -> None:
    report.version += 1
    report.save()


def _check_values(values: Mapping[int, ValueEntry], tracked: set[int]) -> None:
    if set(values) - tracked:
        raise ValidationError({"values": _("The intervention does not track this indicator.")})
    for entry in values.values():
        if entry.value < 0 or set(entry.breakdown) - set(BREAKDOWN):
            raise ValidationError({"values": _("Unknown disaggregation or negative value.")})
        if any(part < 0 or part > entry.value for part in entry.breakdown.values()):
            raise ValidationError({"values": _("A disaggregated figure is larger than the total.")})


@transaction.atomic
def report_update(
    *,
    actor: User | None,
    report: Report,
    narrative: str | None,
    values: Mapping[int, ValueEntry],
    version: int | None,
) -> Report:
    """Change the narrative and indicator values (keyed by intervention-indicator id)."""
    current = _locked_for_update(report, version)
    if current.status not in EDITABLE:
        raise Locked(_("Only a draft or returned report can change; reopen it first."))
    tracked = {
        i.pk: i for i in InterventionIndicator.objects.filter(intervention=current.intervention_id)
    }
    _check_values(values, set(tracked))
    existing = {v.indicator_id: v for v in current.values.all()}
    changes: dict[str, object] = {}
    for indicator_id, entry in sorted(values.items()):
        before = existing.get(indicator_id)
        old = str(before.value) if before else None
        if before is None:
            ReportValue.objects.create(
                report=current,
                indicator_id=indicator_id,
                value=entry.value,
                breakdown=entry.breakdown,
            )
        elif before.value != entry.value or before.breakdown != entry.breakdown:
            before.value, before.breakdown = entry.value, entry.breakdown
            before.save()
        else:
            continue
        changes[tracked[indicator_id].indicator.code] = {"from": old, "to": str(entry.value)}
    if narrative is not None and narrative != current.narrative:
        changes["narrative"] = {"from": current.narrative, "to": narrative}
        current.narrative = narrative
    if changes:
        _bump(current)
        _audit(actor, current, "update", changes)
    return current


def _transition(
    actor: User | None,
    report: Report,
    *,
    allowed_from: frozenset[str],
    to: str,
    action: str,
    comment: str = "",
) -> Report:
    current = _locked_for_update(report, None)
    if current.status not in allowed_from:
        raise Locked(
            _("This step is not possible while the report is %(status)s.")
            % {"status": current.get_status_display()}
        )
    before = current.status
    current.status = to
    now = timezone.now()
    if to == ReportStatus.SUBMITTED:
        current.submitted_at = now
    if action in ("approved", "returned", "reopened"):
        current.reviewed_by, current.reviewed_at = actor, now
        current.review_comment = comment
    _bump(current)
    _audit(actor, current, action, {"status": {"from": before, "to": to}, "comment": comment})
    # Submitting, approving, returning and reopening all move the approved or pending reach.
    intervention_reach_refresh(intervention_ids=[current.intervention_id])
    return current


@transaction.atomic
def report_submit(*, actor: User | None, report: Report) -> Report:
    return _transition(
        actor, report, allowed_from=EDITABLE, to=ReportStatus.SUBMITTED, action="submitted"
    )


@transaction.atomic
def report_approve(*, actor: User | None, report: Report) -> Report:
    return _transition(
        actor,
        report,
        allowed_from=frozenset({ReportStatus.SUBMITTED}),
        to=ReportStatus.APPROVED,
        action="approved",
    )


@transaction.atomic
def report_return(*, actor: User | None, report: Report, comment: str) -> Report:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")})
    return _transition(
        actor,
        report,
        allowed_from=frozenset({ReportStatus.SUBMITTED}),
        to=ReportStatus.RETURNED,
        action="returned",
        comment=comment.strip(),
    )


@transaction.atomic
def report_reopen(*, actor: User | None, report: Report, reason: str) -> Report:
    """Unlock an approved period (it goes back to the organisation as returned)."""
    if not reason.strip():
        raise ValidationError({"comment": _("Say why the approved report is reopened.")})
    return _transition(
        actor,
        report,
        allowed_from=frozenset({ReportStatus.APPROVED}),
        to=ReportStatus.RETURNED,
        action="reopened",
        comment=reason.strip(),
    )


def _editable(report: Report) -> Report:
    current = _locked_for_update(report, None)
    if current.status not in EDITABLE:
        raise Locked(
            _("Evidence changes only while the report is a draft or returned (it is %(status)s).")
            % {"status": current.get_status_display()}
        )
    return current


@transaction.atomic
def report_evidence_add(
    *, actor: User | None, report: Report, file: IO[bytes], filename: str, title: str = ""
) -> ReportEvidence:
    """Attach a checked evidence file (PDF, JPEG, PNG, XLSX, CSV; at most 10 MB) to a draft or
    returned report, in private storage. Approved and submitted reports are locked."""
    current = _editable(report)
    checked = evidence_check(file, filename=filename)
    original = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "bukti"
    title = title.strip()[:200] or original
    evidence = ReportEvidence(
        report=current,
        title=title,
        original_name=original,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    evidence.file.save(
        f"interventions/reports/{current.pk}/{uuid.uuid4().hex}.{checked.extension}",
        ContentFile(checked.content),
        save=False,
    )
    # If saving the row fails after the file is written, the file goes too.
    name, storage = evidence.file.name or "", evidence.file.storage
    try:
        evidence.save()
        _audit(
            actor,
            current,
            "evidence_add",
            {"evidence": evidence.pk, "name": original, "sha256": checked.sha256},
        )
    except Exception:
        storage.delete(name)
        raise
    return evidence


@transaction.atomic
def report_evidence_remove(*, actor: User | None, evidence: ReportEvidence) -> None:
    """Delete an evidence file of a draft or returned report (the file goes after commit)."""
    current = _editable(evidence.report)
    name, storage, evidence_id = evidence.file.name or "", evidence.file.storage, evidence.pk
    original, sha256 = evidence.original_name, evidence.sha256
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))
    _audit(
        actor,
        current,
        "evidence_remove",
        {"evidence": evidence_id, "name": original, "sha256": sha256},
    )
