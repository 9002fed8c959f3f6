"""Organisation and team endpoints (``/api/v1/organisations``); agreements, commitments and
alerts are in ``agreement_api`` and mounted on the same router.

The directory and public profiles need no account. Everything else needs a session (401
without one; unsafe methods also a CSRF token). Private data of an organisation a user may not
see is a 404; a change they may not make to something they can see is a 403.
"""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from sinergi.core.access import principal_for
from sinergi.core.problems import ApiError, problem_response
from sinergi.core.schemas import FieldError
from sinergi.core.tabular import ImportRejected, UnreadableFile
from sinergi.partners import presenters
from sinergi.partners.access import (
    get_organisation_for_user,
    get_organisation_private_for_user,
    get_organisation_to_archive_for_user,
    get_organisation_to_verify_for_user,
    may_create_organisation,
    may_set_home_region,
    organisation_rights,
)
from sinergi.partners.agreement_api import router as agreement_router
from sinergi.partners.api_common import (
    PUBLIC_ERRORS,
    SIGNED_IN,
    SIGNED_IN_ERRORS,
    actor,
    allowed,
    region_filter,
)
from sinergi.partners.imports import organisations_import
from sinergi.partners.models import Organisation
from sinergi.partners.schemas import (
    AuditEventOut,
    ContactIn,
    ContactOut,
    ImportReportOut,
    InvitationIn,
    InvitationOut,
    MemberOut,
    MemberRoleIn,
    ObjectId,
    OrganisationCreateIn,
    OrganisationDetailOut,
    OrganisationFiltersIn,
    OrganisationPage,
    OrganisationUpdateIn,
    VerifyIn,
)
from sinergi.partners.selectors import (
    OrganisationFilters,
    contact_get,
    contact_list,
    invitation_get,
    invitation_pending_list,
    member_get,
    member_list,
    organisation_history,
    organisation_list,
    organisation_profile,
)
from sinergi.partners.services import (
    FootprintEntry,
    OrganisationFields,
    invitation_create,
    invitation_revoke,
    member_remove,
    member_role_change,
    organisation_archive,
    organisation_contact_add,
    organisation_contact_remove,
    organisation_create,
    organisation_logo_set,
    organisation_update,
    organisation_verify,
)
from sinergi.partners.token_api import router as token_router

router = Router(tags=["partners"])
router.add_router("", agreement_router)
router.add_router("", token_router)


def _detail(request: HttpRequest, organisation: Organisation) -> OrganisationDetailOut:
    rights = organisation_rights(principal_for(request.user), organisation)
    contacts = list(contact_list(organisation=organisation)) if rights.view_private else []
    return presenters.organisation_detail_out(
        organisation_profile(organisation_id=organisation.pk), rights, contacts
    )


def _fields(payload: OrganisationCreateIn | OrganisationUpdateIn) -> OrganisationFields:
    data = payload.dict(exclude_unset=True)
    if "footprint" in data:
        data["footprint"] = [FootprintEntry(f["region"], f["kind"]) for f in data["footprint"]]
    return cast(OrganisationFields, data)


@router.get(
    "/organisations",
    response={200: OrganisationPage, **PUBLIC_ERRORS},
    summary="The partner directory, filtered by type, focus and region",
)
def organisation_directory(
    request: HttpRequest, filters: Query[OrganisationFiltersIn]
) -> OrganisationPage:
    wanted = filters.dict(exclude={"limit", "offset"}, exclude_none=True)
    if "region" in wanted:
        wanted["region"] = region_filter(wanted["region"])
    found = organisation_list(filters=OrganisationFilters(**wanted))
    page = list(found[filters.offset : filters.offset + filters.limit])
    return OrganisationPage(
        items=[presenters.organisation_out(o) for o in page],
        count=found.count(),
        limit=filters.limit,
        offset=filters.offset,
    )


@router.post(
    "/organisations",
    response={201: OrganisationDetailOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Register an organisation (national admins; coordinators within their region)",
)
def organisation_create_endpoint(
    request: HttpRequest, payload: OrganisationCreateIn
) -> Status[OrganisationDetailOut]:
    if not may_create_organisation(principal_for(request.user), payload.home_region):
        raise ApiError(
            403,
            _("National admins, or coordinators for its region, register organisations."),
            field=["home_region"],
        )
    organisation = organisation_create(actor=actor(request), fields=_fields(payload))
    return Status(201, _detail(request, organisation))


@router.post(
    "/organisations/import",
    response={200: ImportReportOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Import organisations from CSV or XLSX (national admins); all or nothing",
)
def organisation_import(
    request: HttpRequest, file: File[UploadedFile], dry_run: bool = False
) -> ImportReportOut | HttpResponse:
    """Every bad cell is listed in the problem's ``errors`` as ``loc = [row, column]``."""
    if not principal_for(request.user).is_national_admin:
        raise ApiError(403, _("Only national admins import organisations."))
    try:
        report = organisations_import(
            file=file, filename=file.name or "", actor=actor(request), dry_run=dry_run
        )
    except UnreadableFile as error:
        raise ApiError(422, str(error), field=["file"]) from error
    except ImportRejected as rejected:
        errors = [
            FieldError(
                loc=[e.row, e.column], msg=f"{e.reason} ({e.value})" if e.value else e.reason
            )
            for e in rejected.errors
        ]
        detail = _("%(count)s error(s); nothing was imported.") % {"count": len(errors)}
        return problem_response(422, detail, errors)
    return presenters.import_report_out(report)


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationDetailOut, **PUBLIC_ERRORS},
    summary="An organisation's profile (with its private data for those who may see it)",
)
def organisation_detail(request: HttpRequest, organisation_id: ObjectId) -> OrganisationDetailOut:
    return _detail(request, get_organisation_for_user(request.user, organisation_id))


@router.patch(
    "/organisations/{organisation_id}",
    response={200: OrganisationDetailOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Change an organisation's profile (only the fields sent)",
)
def organisation_update_endpoint(
    request: HttpRequest, organisation_id: ObjectId, payload: OrganisationUpdateIn
) -> OrganisationDetailOut:
    organisation = allowed(
        lambda: get_organisation_for_user(request.user, organisation_id, write=True)
    )
    principal = principal_for(request.user)
    fields = _fields(payload)
    if "home_region" in fields and not may_set_home_region(
        principal, organisation, fields["home_region"]
    ):
        raise ApiError(403, _("Choose a region within your own."), field=["home_region"])
    rights = organisation_rights(principal, organisation)
    organisation_update(
        actor=actor(request), organisation=organisation, fields=fields, may_verify=rights.verify
    )
    return _detail(request, organisation)


@router.post(
    "/organisations/{organisation_id}/verification",
    response={200: OrganisationDetailOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Verify an organisation, or withdraw the verification",
)
def organisation_verification(
    request: HttpRequest, organisation_id: ObjectId, payload: VerifyIn
) -> OrganisationDetailOut:
    organisation = allowed(
        lambda: get_organisation_to_verify_for_user(request.user, organisation_id)
    )
    organisation_verify(actor=actor(request), organisation=organisation, verified=payload.verified)
    return _detail(request, organisation)


@router.post(
    "/organisations/{organisation_id}/archive",
    response={204: None, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Archive an organisation (national admins): hidden, never deleted",
)
def organisation_archive_endpoint(request: HttpRequest, organisation_id: ObjectId) -> Status[None]:
    organisation = allowed(
        lambda: get_organisation_to_archive_for_user(request.user, organisation_id)
    )
    organisation_archive(actor=actor(request), organisation=organisation)
    return Status(204, None)


@router.post(
    "/organisations/{organisation_id}/logo",
    response={200: OrganisationDetailOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Upload a logo (PNG, JPEG, WebP or GIF; resized to at most 512 px)",
)
def organisation_logo(
    request: HttpRequest, organisation_id: ObjectId, file: File[UploadedFile]
) -> OrganisationDetailOut:
    organisation = allowed(
        lambda: get_organisation_for_user(request.user, organisation_id, write=True)
    )
    organisation_logo_set(actor=actor(request), organisation=organisation, file=file)
    return _detail(request, organisation)


@router.get(
    "/organisations/{organisation_id}/history",
    response={200: list[AuditEventOut], **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Who changed what in the organisation and its team, newest first",
)
def organisation_history_list(
    request: HttpRequest, organisation_id: ObjectId
) -> list[AuditEventOut]:
    organisation, _rights = get_organisation_private_for_user(request.user, organisation_id)
    return [presenters.audit_out(e) for e in organisation_history(organisation=organisation)]


@router.post(
    "/organisations/{organisation_id}/contacts",
    response={201: ContactOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Add a contact person (private: not on the public profile)",
)
def contact_add(
    request: HttpRequest, organisation_id: ObjectId, payload: ContactIn
) -> Status[ContactOut]:
    organisation = allowed(
        lambda: get_organisation_for_user(request.user, organisation_id, write=True)
    )
    contact = organisation_contact_add(
        actor=actor(request), organisation=organisation, **payload.dict()
    )
    return Status(201, presenters.contact_out(contact))


@router.api_operation(
    ["DELETE"],
    "/organisations/{organisation_id}/contacts/{contact_id}",
    response={204: None, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Remove a contact person",
)
def contact_remove(
    request: HttpRequest, organisation_id: ObjectId, contact_id: ObjectId
) -> Status[None]:
    organisation = allowed(
        lambda: get_organisation_for_user(request.user, organisation_id, write=True)
    )
    contact = contact_get(organisation=organisation, contact_id=contact_id)
    if contact is None:
        raise ApiError(404, _("No contact has this number."))
    organisation_contact_remove(actor=actor(request), contact=contact)
    return Status(204, None)


@router.get(
    "/organisations/{organisation_id}/members",
    response={200: list[MemberOut], **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="The organisation's team and their partner roles",
)
def member_list_endpoint(request: HttpRequest, organisation_id: ObjectId) -> list[MemberOut]:
    organisation, _rights = get_organisation_private_for_user(request.user, organisation_id)
    return [presenters.member_out(m) for m in member_list(organisation=organisation)]


def _team(request: HttpRequest, organisation_id: int) -> Organisation:
    organisation, _rights = allowed(
        lambda: get_organisation_private_for_user(request.user, organisation_id, manage_team=True)
    )
    return organisation


@router.patch(
    "/organisations/{organisation_id}/members/{user_id}",
    response={200: MemberOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Give a team member another partner role",
)
def member_role_update(
    request: HttpRequest, organisation_id: ObjectId, user_id: ObjectId, payload: MemberRoleIn
) -> MemberOut:
    organisation = _team(request, organisation_id)
    member = member_get(organisation=organisation, user_id=user_id)
    if member is None:
        raise ApiError(404, _("This person is not in the team."))
    member_role_change(
        actor=actor(request), organisation=organisation, member=member.user, role=payload.role
    )
    changed = member_get(organisation=organisation, user_id=user_id)
    assert changed is not None  # noqa: S101 - the service just assigned the role
    return presenters.member_out(changed)


@router.api_operation(
    ["DELETE"],
    "/organisations/{organisation_id}/members/{user_id}",
    response={204: None, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Remove someone from the team",
)
def member_remove_endpoint(
    request: HttpRequest, organisation_id: ObjectId, user_id: ObjectId
) -> Status[None]:
    organisation = _team(request, organisation_id)
    member = member_get(organisation=organisation, user_id=user_id)
    if member is None:
        raise ApiError(404, _("This person is not in the team."))
    member_remove(actor=actor(request), organisation=organisation, member=member.user)
    return Status(204, None)


@router.get(
    "/organisations/{organisation_id}/invitations",
    response={200: list[InvitationOut], **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Invitations that have not been accepted yet",
)
def invitation_list(request: HttpRequest, organisation_id: ObjectId) -> list[InvitationOut]:
    organisation = _team(request, organisation_id)
    pending = invitation_pending_list(organisation=organisation)
    return [presenters.invitation_out(i) for i in pending]


@router.post(
    "/organisations/{organisation_id}/invitations",
    response={201: InvitationOut, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Invite someone by email to the team (the link is emailed, never returned)",
)
def invitation_create_endpoint(
    request: HttpRequest, organisation_id: ObjectId, payload: InvitationIn
) -> Status[InvitationOut]:
    organisation = _team(request, organisation_id)
    invitation = invitation_create(
        actor=actor(request),
        organisation=organisation,
        email=payload.email,
        role=payload.role,
        link_base=request.build_absolute_uri("/"),
    )
    return Status(201, presenters.invitation_out(invitation))


@router.api_operation(
    ["DELETE"],
    "/organisations/{organisation_id}/invitations/{invitation_id}",
    response={204: None, **SIGNED_IN_ERRORS},
    auth=SIGNED_IN,
    summary="Withdraw an invitation",
)
def invitation_revoke_endpoint(
    request: HttpRequest, organisation_id: ObjectId, invitation_id: ObjectId
) -> Status[None]:
    organisation = _team(request, organisation_id)
    invitation = invitation_get(organisation=organisation, invitation_id=invitation_id)
    if invitation is None:
        raise ApiError(404, _("No invitation has this number."))
    invitation_revoke(actor=actor(request), invitation=invitation)
    return Status(204, None)
