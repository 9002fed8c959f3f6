"""Turn records into API output schemas. Pure formatting: the records arrive with their
related rows already fetched by the selectors."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from sinergi.core.models import AuditEvent, RoleAssignment
from sinergi.partners.access import OrganisationRights
from sinergi.partners.imports import ImportReport
from sinergi.partners.metrics import METRICS, metric_source
from sinergi.partners.models import (
    Agreement,
    AgreementDocument,
    Commitment,
    FocusKind,
    Invitation,
    Organisation,
    OrganisationContact,
    OrganisationType,
    ProgressReport,
    ScopeKind,
)
from sinergi.partners.schemas import (
    AgreementDetailOut,
    AgreementOut,
    AuditEventOut,
    CommitmentOut,
    ContactOut,
    DocumentOut,
    FootprintOut,
    ImportReportOut,
    ImportRowOut,
    InvitationOut,
    MemberOut,
    MetricOut,
    OrganisationDetailOut,
    OrganisationOut,
    OrganisationPrivateOut,
    OrganisationRightsOut,
    PartyOut,
    ProgressOut,
    ProgressReportOut,
    RegionRefOut,
)
from sinergi.partners.selectors import Progress
from sinergi.regions.models import Region


def region_ref(region: Region | None) -> RegionRefOut | None:
    return RegionRefOut(code=region.code, name=region.name) if region is not None else None


def logo_url(organisation: Organisation) -> str | None:
    if not organisation.logo:
        return None
    url = reverse("partners:organisation-logo", args=[organisation.pk])
    # The file name carries the content hash: a new logo gets a new address (cache busting).
    name = organisation.logo.name or ""
    return f"{url}?v={name.rsplit('-', 1)[-1].removesuffix('.png')}"


def organisation_out(organisation: Organisation) -> OrganisationOut:
    focus = list(organisation.focus.all())
    return OrganisationOut(
        id=organisation.pk,
        name=organisation.name,
        short_name=organisation.short_name,
        type=organisation.type,  # type: ignore[arg-type]
        type_label=str(OrganisationType(organisation.type).label),
        psks=organisation.psks,
        description=organisation.description,
        website=organisation.website,
        email=organisation.email,
        phone=organisation.phone,
        address=organisation.address,
        home_region=region_ref(organisation.home_region),
        nationwide=organisation.nationwide,
        tjsl_mandatory=organisation.tjsl_mandatory,
        active_since=organisation.active_since,
        verified=organisation.is_verified,
        verified_at=organisation.verified_at,
        sectors=[f.key for f in focus if f.kind == FocusKind.SECTOR],
        target_groups=[f.key for f in focus if f.kind == FocusKind.TARGET_GROUP],
        sdgs=[f.key for f in focus if f.kind == FocusKind.SDG],
        footprint=[
            FootprintOut(region=RegionRefOut(code=f.region.code, name=f.region.name), kind=f.kind)  # type: ignore[arg-type]
            for f in organisation.footprint.all()
        ],
        logo_url=logo_url(organisation),
        profile_url=reverse("partners:organisation-detail", args=[organisation.pk]),
    )


def organisation_detail_out(
    organisation: Organisation,
    rights: OrganisationRights,
    contacts: Sequence[OrganisationContact] = (),
) -> OrganisationDetailOut:
    private = None
    if rights.view_private:
        private = OrganisationPrivateOut(
            nib=organisation.nib,
            npwp=organisation.npwp,
            ahu_number=organisation.ahu_number,
            budget_band=organisation.budget_band,  # type: ignore[arg-type]
            contacts=[contact_out(c) for c in contacts],
        )
    return OrganisationDetailOut(
        **organisation_out(organisation).dict(),
        private=private,
        rights=OrganisationRightsOut(
            view_private=rights.view_private,
            edit=rights.edit,
            verify=rights.verify,
            manage_team=rights.manage_team,
            archive=rights.archive,
            role=rights.role,  # type: ignore[arg-type]
        ),
    )


def contact_out(contact: OrganisationContact) -> ContactOut:
    return ContactOut(
        id=contact.pk,
        name=contact.name,
        position=contact.position,
        email=contact.email,
        phone=contact.phone,
    )


def audit_out(event: AuditEvent) -> AuditEventOut:
    return AuditEventOut(
        at=event.at,
        actor=event.actor.display_name() if event.actor else None,
        action=event.action,
        changes=event.changes,
    )


def member_out(assignment: RoleAssignment) -> MemberOut:
    return MemberOut(
        user_id=assignment.user.pk,
        username=assignment.user.username,
        name=assignment.user.display_name(),
        email=assignment.user.email,
        role=assignment.role,  # type: ignore[arg-type]
    )


def invitation_out(invitation: Invitation) -> InvitationOut:
    return InvitationOut(
        id=invitation.pk,
        email=invitation.email,
        role=invitation.role,  # type: ignore[arg-type]
        invited_by=invitation.invited_by.display_name() if invitation.invited_by else None,
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
    )


def agreement_out(agreement: Agreement, *, can_edit: bool) -> AgreementOut:
    scope = list(agreement.scope.all())
    return AgreementOut(
        id=agreement.pk,
        kind=agreement.kind,  # type: ignore[arg-type]
        number=agreement.number,
        title=agreement.title,
        summary=agreement.summary,
        parent_id=agreement.parent_id,
        status=agreement.status,  # type: ignore[arg-type]
        signed_on=agreement.signed_on,
        place=agreement.place,
        valid_from=agreement.valid_from,
        valid_until=agreement.valid_until,
        ended_on=agreement.ended_on,
        end_reason=agreement.end_reason,
        parties=[
            PartyOut(
                organisation_id=party.organisation_id,
                organisation_name=party.organisation.name,
                signatory_name=party.signatory_name,
                signatory_title=party.signatory_title,
                party_number=party.party_number,
            )
            for party in agreement.parties.all()
        ],
        functions=[s.key for s in scope if s.kind == ScopeKind.FUNCTION],
        programmes=[s.key for s in scope if s.kind == ScopeKind.PROGRAMME],
        target_groups=[s.key for s in scope if s.kind == ScopeKind.TARGET_GROUP],
        regions=[RegionRefOut(code=r.code, name=r.name) for r in agreement.regions.all()],
        can_edit=can_edit,
    )


def progress_out(progress: Progress) -> ProgressOut:
    return ProgressOut(
        value=progress.value,
        percent=progress.percent,
        as_of=progress.as_of,
        computed=progress.computed,
        achieved=progress.achieved,
        overdue=progress.overdue,
        pending=progress.pending,
    )


def commitment_out(commitment: Commitment, progress: Progress) -> CommitmentOut:
    metric = METRICS.get(commitment.metric)
    return CommitmentOut(
        id=commitment.pk,
        agreement_id=commitment.agreement_id,
        description=commitment.description,
        metric=commitment.metric,
        metric_label=str(metric.label) if metric else commitment.metric,
        unit=str(metric.unit) if metric else "",
        target=commitment.target,
        deadline=commitment.deadline,
        region=region_ref(commitment.region),
        organisation_id=commitment.organisation_id,
        organisation_name=commitment.organisation.name if commitment.organisation else None,
        progress=progress_out(progress),
    )


def document_out(document: AgreementDocument) -> DocumentOut:
    return DocumentOut(
        id=document.pk,
        title=document.title,
        original_name=document.original_name,
        size=document.size,
        sha256=document.sha256,
        uploaded_at=document.uploaded_at,
        download_url=reverse(
            "partners:document-download", args=[document.agreement_id, document.pk]
        ),
    )


def agreement_detail_out(
    agreement: Agreement,
    *,
    can_edit: bool,
    commitments: Sequence[Commitment],
    progress: dict[int, Progress],
    documents: Sequence[AgreementDocument],
) -> AgreementDetailOut:
    return AgreementDetailOut(
        **agreement_out(agreement, can_edit=can_edit).dict(),
        commitments=[commitment_out(c, progress[c.pk]) for c in commitments],
        documents=[document_out(d) for d in documents],
    )


def report_out(report: ProgressReport) -> ProgressReportOut:
    return ProgressReportOut(
        id=report.pk,
        value=report.value,
        as_of=report.as_of,
        note=report.note,
        reported_by=report.reported_by.display_name() if report.reported_by else None,
        created_at=report.created_at,
    )


def metric_list_out() -> list[MetricOut]:
    return [
        MetricOut(
            key=metric.key,
            label=str(metric.label),
            unit=str(metric.unit),
            computed=metric_source(metric.key) is not None,
        )
        for metric in METRICS.values()
    ]


def import_report_out(report: ImportReport) -> ImportReportOut:
    return ImportReportOut(
        dry_run=report.dry_run,
        created=report.count("create"),
        updated=report.count("update"),
        unchanged=report.count("unchanged"),
        rows=[
            ImportRowOut(
                row=row.row,
                action=row.action,  # type: ignore[arg-type]
                name=row.name,
                organisation_id=row.organisation_id,
                changed=row.changed,
            )
            for row in report.rows
        ],
    )
