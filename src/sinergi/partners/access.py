"""Who may see and change organisations and agreements. The one place that decides.

Scopes come from ``core.access.principal_for``. The rules:

- An organisation's public profile is open to everyone while it is not archived (archived
  ones: national admins only).
- Its private data (contacts, legal identifiers, budget band, team, history) is for national
  admins, its own members (any partner role), and regional coordinators whose subtree holds its
  registered region or overlaps a region of its footprint.
- Editing the profile: national admins, coordinators over its registered region, its partner
  admins and editors. Verifying: national admins and coordinators over its registered region.
  Managing the team: national admins, coordinators over its registered region, its partner
  admins. Archiving: national admins.
- An agreement is seen by national admins, members of any party, and coordinators whose
  subtree overlaps one of its regions or holds a party's registered region. It is changed by
  national admins and by partner admins and editors of a party.

What a user may not see is a 404 (``Http404``); what they may see but not change is a 403
(``PermissionDenied``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sinergi.core.access import Principal, principal_for, region_code_within
from sinergi.core.models import Role
from sinergi.partners.models import Agreement, AgreementDocument, Commitment, Organisation
from sinergi.partners.selectors import (
    agreement_get,
    commitment_get,
    document_get,
    organisation_footprint_codes,
    organisation_get,
)

AnyUser = AbstractBaseUser | AnonymousUser | None
EDITING_ROLES = frozenset({Role.PARTNER_ADMIN, Role.PARTNER_EDITOR})


def regions_overlap(code: str, other: str) -> bool:
    """True when one region lies within the other (or they are the same)."""
    return region_code_within(code, other) or region_code_within(other, code)


def _coordinates(principal: Principal, code: str | None) -> bool:
    return code is not None and any(
        region_code_within(code, root) for root in principal.coordinated_regions()
    )


def _overlaps(principal: Principal, codes: Iterable[str]) -> bool:
    roots = principal.coordinated_regions()
    return any(regions_overlap(code, root) for code in codes for root in roots)


@dataclass(frozen=True)
class OrganisationRights:
    view_private: bool
    edit: bool
    verify: bool
    manage_team: bool
    archive: bool
    role: str | None  # the user's own partner role here, if any


def organisation_rights(principal: Principal, organisation: Organisation) -> OrganisationRights:
    national = principal.is_national_admin
    roles = {
        s.role for s in principal.scopes if s.organisation_id == organisation.pk and s.role
    } & {Role.PARTNER_ADMIN, Role.PARTNER_EDITOR, Role.PARTNER_VIEWER}
    role = next(
        (r for r in (Role.PARTNER_ADMIN, Role.PARTNER_EDITOR, Role.PARTNER_VIEWER) if r in roles),
        None,
    )
    home = _coordinates(principal, organisation.home_region_id)
    footprint = (
        not national
        and not home
        and role is None
        and bool(principal.coordinated_regions())
        and _overlaps(principal, organisation_footprint_codes(organisation=organisation))
    )
    return OrganisationRights(
        view_private=national or home or footprint or role is not None,
        edit=national or home or role in EDITING_ROLES,
        verify=national or home,
        manage_team=national or home or role == Role.PARTNER_ADMIN,
        archive=national,
        role=str(role) if role else None,
    )


def _visible_organisation(user: AnyUser, organisation_id: int) -> tuple[Organisation, Principal]:
    principal = principal_for(user)
    organisation = organisation_get(organisation_id=organisation_id)
    if organisation is None or (
        organisation.archived_at is not None and not principal.is_national_admin
    ):
        raise Http404(_("No organisation has this number."))
    return organisation, principal


def get_organisation_for_user(
    user: AnyUser, organisation_id: int, *, write: bool = False
) -> Organisation:
    """The organisation's public record; with ``write``, only for those who may edit it."""
    organisation, principal = _visible_organisation(user, organisation_id)
    if write and not organisation_rights(principal, organisation).edit:
        raise PermissionDenied(_("You may not change this organisation."))
    return organisation


def get_organisation_private_for_user(
    user: AnyUser, organisation_id: int, *, manage_team: bool = False
) -> tuple[Organisation, OrganisationRights]:
    """The organisation when the user may see its private data (contacts, team, history),
    else 404; with ``manage_team``, 403 unless they may also manage its team."""
    organisation, principal = _visible_organisation(user, organisation_id)
    rights = organisation_rights(principal, organisation)
    if not rights.view_private:
        raise Http404(_("No organisation has this number."))
    if manage_team and not rights.manage_team:
        raise PermissionDenied(_("Only the organisation's partner admins manage its team."))
    return organisation, rights


def may_manage_tokens(rights: OrganisationRights, principal: Principal) -> bool:
    """API tokens act as the organisation's editor, so only those who are (or rank above)
    one may make them: its partner admins and national admins. A coordinator who manages the
    team of an organisation in her region does not edit its interventions, so she gets none."""
    return principal.is_national_admin or rights.role == Role.PARTNER_ADMIN


def get_organisation_tokens_for_user(user: AnyUser, organisation_id: int) -> Organisation:
    """The organisation whose API tokens the user manages; 404 unless they may see its
    private data, 403 unless they are its partner admin or a national admin."""
    organisation, rights = get_organisation_private_for_user(user, organisation_id)
    if not may_manage_tokens(rights, principal_for(user)):
        raise PermissionDenied(_("Only the organisation's partner admins manage its API tokens."))
    return organisation


def get_organisation_to_verify_for_user(user: AnyUser, organisation_id: int) -> Organisation:
    organisation, principal = _visible_organisation(user, organisation_id)
    if not organisation_rights(principal, organisation).verify:
        raise PermissionDenied(
            _("Only a national admin or the coordinator of its region may verify it.")
        )
    return organisation


def get_organisation_to_archive_for_user(user: AnyUser, organisation_id: int) -> Organisation:
    organisation, principal = _visible_organisation(user, organisation_id)
    if not organisation_rights(principal, organisation).archive:
        raise PermissionDenied(_("Only a national admin may archive an organisation."))
    return organisation


def may_create_organisation(principal: Principal, home_region_code: str | None) -> bool:
    """National admins register any organisation; coordinators those registered in their
    subtree (Dinsos registering an LKS of its area)."""
    return principal.is_national_admin or _coordinates(principal, home_region_code)


def may_set_home_region(principal: Principal, organisation: Organisation, code: str | None) -> bool:
    """Moving an organisation's registered region: coordinators only within their subtree."""
    if principal.is_national_admin or code == organisation.home_region_id:
        return True
    if _coordinates(principal, organisation.home_region_id):
        return _coordinates(principal, code)
    return True  # partner admins/editors may correct their own registered region


@dataclass(frozen=True)
class AgreementRights:
    edit: bool


def agreement_rights(principal: Principal, agreement: Agreement) -> AgreementRights:
    if principal.is_national_admin:
        return AgreementRights(edit=True)
    party_ids = {party.organisation_id for party in agreement.parties.all()}
    return AgreementRights(edit=bool(party_ids & principal.organisation_ids(EDITING_ROLES)))


def _agreement_visible(principal: Principal, agreement: Agreement) -> bool:
    if principal.is_national_admin:
        return True
    parties = list(agreement.parties.all())
    if {party.organisation_id for party in parties} & principal.organisation_ids():
        return True
    if not principal.coordinated_regions():
        return False
    homes = [p.organisation.home_region_id for p in parties if p.organisation.home_region_id]
    return any(_coordinates(principal, code) for code in homes) or _overlaps(
        principal, (region.code for region in agreement.regions.all())
    )


def get_agreement_for_user(user: AnyUser, agreement_id: int, *, write: bool = False) -> Agreement:
    """The agreement if the user may see it (else 404); with ``write``, 403 unless they may
    change it, its commitments, progress and documents."""
    principal = principal_for(user)
    agreement = agreement_get(agreement_id=agreement_id)
    if agreement is None or not _agreement_visible(principal, agreement):
        raise Http404(_("No agreement has this number."))
    if write and not agreement_rights(principal, agreement).edit:
        raise PermissionDenied(_("Only the parties' partner admins and editors change it."))
    return agreement


def get_commitment_for_user(
    user: AnyUser, commitment_id: int, *, write: bool = False
) -> Commitment:
    commitment = commitment_get(commitment_id=commitment_id)
    if commitment is None:
        raise Http404(_("No commitment has this number."))
    get_agreement_for_user(user, commitment.agreement_id, write=write)
    return commitment


def get_document_for_user(user: AnyUser, agreement_id: int, document_id: int) -> AgreementDocument:
    """A document of an agreement the user may see; anything else is a 404."""
    agreement = get_agreement_for_user(user, agreement_id)
    document = document_get(agreement=agreement, document_id=document_id)
    if document is None:
        raise Http404(_("No document has this number."))
    return document


def may_be_party(principal: Principal, organisation_ids: Iterable[int]) -> bool:
    """A partner creating an agreement must sign it as one of its parties."""
    return principal.is_national_admin or bool(
        set(organisation_ids) & principal.organisation_ids(EDITING_ROLES)
    )
