"""What templates show about an organisation: labels in the active language, region names
and the logo address, prepared once per page from prefetched rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import AuditEvent
from sinergi.core.taxonomy import PPKS, PSKS, SDGS, SECTORS, Term
from sinergi.partners.models import (
    BudgetBand,
    FocusKind,
    FootprintKind,
    Organisation,
    OrganisationType,
)
from sinergi.partners.presenters import logo_url

_TERMS: dict[str, dict[str, Term]] = {
    FocusKind.SECTOR: {t.key: t for t in SECTORS},
    FocusKind.TARGET_GROUP: {t.key: t for t in PPKS},
    FocusKind.SDG: {t.key: t for t in SDGS},
}
_PSKS = {t.key: t for t in PSKS}


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    ring_1: bool


@dataclass(frozen=True)
class OrganisationCard:
    organisation: Organisation
    type_label: str | Promise
    psks_label: str
    budget_label: str | Promise
    sectors: list[str]
    target_groups: list[str]
    sdgs: list[str]
    places: list[Place]
    logo_url: str | None


def _labels(organisation: Organisation, kind: str) -> list[str]:
    terms = _TERMS[kind]
    return [
        terms[f.key].label for f in organisation.focus.all() if f.kind == kind and f.key in terms
    ]


def organisation_card(organisation: Organisation) -> OrganisationCard:
    """Needs ``focus`` and ``footprint__region`` prefetched (``selectors.organisation_list``)."""
    psks = _PSKS.get(organisation.psks)
    return OrganisationCard(
        organisation=organisation,
        type_label=OrganisationType(organisation.type).label,
        psks_label=psks.label if psks else "",
        budget_label=BudgetBand(organisation.budget_band).label if organisation.budget_band else "",
        sectors=_labels(organisation, FocusKind.SECTOR),
        target_groups=_labels(organisation, FocusKind.TARGET_GROUP),
        sdgs=_labels(organisation, FocusKind.SDG),
        places=[
            Place(f.region.code, f.region.name, f.kind == FootprintKind.RING_1)
            for f in organisation.footprint.all()
        ],
        logo_url=logo_url(organisation),
    )


ACTION_LABELS: dict[str, str | Promise] = {
    "organisation.create": _("Registered"),
    "organisation.update": _("Profile changed"),
    "organisation.verify": _("Verification changed"),
    "organisation.archive": _("Archived"),
    "organisation.logo": _("Logo changed"),
    "organisation.contact_add": _("Contact person added"),
    "organisation.contact_remove": _("Contact person removed"),
    "organisation.invite": _("Invitation sent"),
    "organisation.invitation_revoke": _("Invitation withdrawn"),
    "organisation.member_join": _("Joined the team"),
    "organisation.member_role": _("Role changed"),
    "organisation.member_remove": _("Removed from the team"),
    "agreement.create": _("Recorded"),
    "agreement.update": _("Changed"),
    "agreement.status": _("Status changed"),
    "agreement.commitment_add": _("Commitment added"),
    "agreement.commitment_update": _("Commitment changed"),
    "agreement.progress": _("Progress reported"),
    "agreement.document_add": _("Document attached"),
    "agreement.document_remove": _("Document removed"),
}
FIELD_LABELS: dict[str, str | Promise] = {
    "name": _("Name"),
    "short_name": _("Short name"),
    "type": _("Type"),
    "psks": _("PSKS category"),
    "nib": _("NIB"),
    "npwp": _("NPWP"),
    "ahu_number": _("AHU decree number"),
    "tjsl_mandatory": _("TJSL mandatory"),
    "description": _("Description"),
    "website": _("Website"),
    "email": _("Email"),
    "phone": _("Phone"),
    "address": _("Address"),
    "home_region": _("Registered in"),
    "nationwide": _("Works nationwide"),
    "budget_band": _("Budget band"),
    "active_since": _("Active since"),
    "sectors": _("Sectors"),
    "target_groups": _("Target groups"),
    "sdgs": _("SDGs"),
    "footprint": _("Where it works"),
    "verified": _("Verified"),
    "archived": _("Archived"),
    "logo": _("Logo"),
    "contact": _("Contact person"),
    "invitation": _("Invitation"),
    "member": _("Team member"),
    "role": _("Role"),
    "kind": _("Kind"),
    "number": _("Number"),
    "title": _("Title"),
    "summary": _("Summary"),
    "place": _("Place of signing"),
    "signed_on": _("Signed on"),
    "valid_from": _("Valid from"),
    "valid_until": _("Valid until"),
    "parent_id": _("Carries out"),
    "status": _("Status"),
    "ended_on": _("Ended on"),
    "parties": _("Parties"),
    "functions": _("Functions"),
    "programmes": _("Programmes"),
    "regions": _("Regions"),
    "commitment": _("Commitment"),
    "metric": _("Metric"),
    "target": _("Target"),
    "deadline": _("Deadline"),
    "region": _("Region"),
    "organisation": _("Committed by"),
    "value": _("Value reached"),
    "as_of": _("As of"),
    "document": _("Document"),
    "sha256": _("Checksum (SHA-256)"),
}


@dataclass(frozen=True)
class HistoryEntry:
    event: AuditEvent
    action: str | Promise
    changes: list[tuple[str | Promise, str, str]]


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def history_entries(events: Iterable[AuditEvent]) -> list[HistoryEntry]:
    """Audit events as readable lines: the action, and each changed field from → to."""
    entries = []
    for event in events:
        changes = event.changes if isinstance(event.changes, dict) else {}
        entries.append(
            HistoryEntry(
                event=event,
                action=ACTION_LABELS.get(event.action, event.action),
                changes=[
                    (FIELD_LABELS.get(str(field), str(field)), _shown(pair[0]), _shown(pair[1]))
                    for field, pair in changes.items()
                    if isinstance(pair, list) and len(pair) == 2
                ],
            )
        )
    return entries
