"""KUBE endpoints (``/api/v1/kube/…``). All need a session: 401 without one; something out of
scope is a 404, something visible but not changeable a 403. Members' personal data needs the
facilitator, coordinator-in-scope or national-admin right, and every view of it is logged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from sinergi.core.access import principal_for
from sinergi.core.problems import ApiError, problem_response
from sinergi.core.schemas import FieldError
from sinergi.core.tabular import ImportRejected, UnreadableFile
from sinergi.kube import mentoring, presenters, services
from sinergi.kube.access import (
    facilitated_regions,
    get_assignment_for_user,
    get_group_for_user,
    get_group_personal_for_user,
    get_mentor_for_user,
    group_rights,
    may_create_group,
    may_import,
    may_manage_mentors,
    may_propose_matching,
)
from sinergi.kube.grant_links import grant_intervention_record
from sinergi.kube.imports import kube_import
from sinergi.kube.schemas import (
    AssessmentIn,
    AssessmentOut,
    AssignmentOut,
    DecisionIn,
    GrantIn,
    GrantInterventionOut,
    GrantOut,
    GroupDetailOut,
    GroupIn,
    GroupPage,
    IksIn,
    ImportReportOut,
    MatchingIn,
    MatchingOut,
    MemberIn,
    MemberOut,
    MentorIn,
    MentorOut,
    Paging,
    SessionIn,
    SessionOut,
)
from sinergi.kube.selectors import (
    GroupFilters,
    assignment_list,
    group_detail,
    group_list,
    member_get,
    member_list,
    mentor_list,
    session_list,
)
from sinergi.partners.api_common import SIGNED_IN, SIGNED_IN_ERRORS, actor, allowed
from sinergi.partners.models import Organisation
from sinergi.regions.codes import InvalidCodeError, normalise_code

router = Router(tags=["kube"], auth=SIGNED_IN)


def _code(raw: str, field: str) -> str:
    try:
        return normalise_code(raw)
    except InvalidCodeError as error:
        raise ApiError(422, _("Not a region code."), field=[field]) from error


def _organisation(organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = Organisation.objects.filter(pk=organisation_id, archived_at__isnull=True).first()
    if organisation is None:
        raise ApiError(422, _("Unknown organisation."), field=["organisation_id"])
    return organisation


def _member_data(member: MemberIn) -> services.MemberData:
    return services.MemberData(
        name=member.name,
        nik=member.nik,
        sex=member.sex,
        age_band=member.age_band,
        role=member.role,
        decile=member.decile,
    )


@router.get("/kube/groups", response={200: GroupPage, **SIGNED_IN_ERRORS})
def group_index(request: HttpRequest, filters: Query[Paging]) -> GroupPage:
    region = _code(filters.region, "region") if filters.region else None
    groups, total = group_list(
        principal_for(request.user),
        GroupFilters(
            region=region,
            stage=filters.stage,
            category=filters.category,
            q=filters.q,
            needs_mentor=filters.needs_mentor,
        ),
        limit=filters.limit,
        offset=filters.offset,
    )
    return GroupPage(
        items=[presenters.group_out(g, int(getattr(g, "member_count", 0))) for g in groups],
        count=total,
        limit=filters.limit,
        offset=filters.offset,
    )


@router.post("/kube/groups", response={201: GroupDetailOut, **SIGNED_IN_ERRORS})
def group_new(request: HttpRequest, payload: GroupIn) -> Status[GroupDetailOut]:
    user = actor(request)
    village = _code(payload.village, "village")
    principal = principal_for(user)
    if not may_create_group(principal, village):
        raise ApiError(403, _("You may not create groups in this region."))
    facilitator = user if facilitated_regions(principal) else None
    group = services.group_create(
        actor=user,
        name=payload.name,
        village_code=village,
        business_category=payload.business_category,
        formed_on=payload.formed_on,
        members=[_member_data(m) for m in payload.members],
        bank_name=payload.bank_name,
        bank_account=payload.bank_account,
        facilitator=facilitator,
        organisation=_organisation(payload.organisation_id),
    )
    group = get_group_for_user(user, group.pk)
    return Status(201, presenters.group_detail_out(group_detail(group), personal=True))


@router.get("/kube/groups/{group_id}", response={200: GroupDetailOut, **SIGNED_IN_ERRORS})
def group_show(request: HttpRequest, group_id: int) -> GroupDetailOut:
    user = actor(request)
    group = get_group_for_user(user, group_id)
    personal = group_rights(principal_for(user), group).personal
    if personal and group.bank_account:
        services.personal_data_view_record(actor=user, group=group, what="bank_account")
    return presenters.group_detail_out(group_detail(group), personal=personal)


@router.get("/kube/groups/{group_id}/members", response={200: list[MemberOut], **SIGNED_IN_ERRORS})
def member_index(request: HttpRequest, group_id: int) -> list[MemberOut]:
    user = actor(request)
    group = allowed(lambda: get_group_personal_for_user(user, group_id))
    services.personal_data_view_record(actor=user, group=group, what="members")
    return [presenters.member_out(m) for m in member_list(group)]


@router.post("/kube/groups/{group_id}/members", response={201: MemberOut, **SIGNED_IN_ERRORS})
def member_new(request: HttpRequest, group_id: int, payload: MemberIn) -> Status[MemberOut]:
    user = actor(request)
    group = allowed(lambda: get_group_for_user(user, group_id, write=True))
    member = services.member_add(actor=user, group=group, data=_member_data(payload))
    return Status(201, presenters.member_out(member))


@router.api_operation(
    ["DELETE"],
    "/kube/groups/{group_id}/members/{member_id}",
    response={204: None, **SIGNED_IN_ERRORS},
)
def member_delete(request: HttpRequest, group_id: int, member_id: int) -> Status[None]:
    user = actor(request)
    group = allowed(lambda: get_group_for_user(user, group_id, write=True))
    member = member_get(group, member_id)
    services.member_remove(actor=user, member=member)
    return Status(204, None)


@router.post("/kube/groups/{group_id}/capital", response={201: GrantOut, **SIGNED_IN_ERRORS})
def capital_new(request: HttpRequest, group_id: int, payload: GrantIn) -> Status[GrantOut]:
    user = actor(request)
    group = allowed(lambda: get_group_for_user(user, group_id, write=True))
    grant = services.capital_grant_record(
        actor=user,
        group=group,
        amount=payload.amount,
        received_on=payload.received_on,
        source=payload.source,
        organisation=_organisation(payload.organisation_id),
    )
    return Status(
        201,
        GrantOut(
            id=grant.pk, amount=grant.amount, received_on=grant.received_on, source=grant.source
        ),
    )


@router.post(
    "/kube/groups/{group_id}/capital/{grant_id}/intervention",
    response={201: GrantInterventionOut, **SIGNED_IN_ERRORS},
)
def capital_intervention_new(
    request: HttpRequest, group_id: int, grant_id: int
) -> Status[GrantInterventionOut]:
    """Record a partner's grant as that partner's intervention (programme KUBE), once."""
    user = actor(request)
    group = allowed(lambda: get_group_for_user(user, group_id, write=True))
    grant = group.capital_grants.filter(pk=grant_id).first()
    if grant is None:
        raise ApiError(404, _("No such grant for this group."))
    intervention = grant_intervention_record(actor=user, grant=grant)
    return Status(
        201,
        GrantInterventionOut(
            grant_id=grant.pk, intervention_id=intervention.pk, intervention_ref=intervention.ref
        ),
    )


@router.post(
    "/kube/groups/{group_id}/assessments", response={201: AssessmentOut, **SIGNED_IN_ERRORS}
)
def assessment_new(
    request: HttpRequest, group_id: int, payload: AssessmentIn
) -> Status[AssessmentOut]:
    user = actor(request)
    group = allowed(lambda: get_group_for_user(user, group_id, write=True))
    assessment = services.stage_assess(
        actor=user,
        group=group,
        assessed_on=payload.assessed_on,
        criteria_met=payload.criteria_met,
        notes=payload.notes,
    )
    return Status(
        201,
        AssessmentOut(
            id=assessment.pk,
            assessed_on=assessment.assessed_on,
            stage=assessment.stage,
            criteria_met=list(assessment.criteria_met),
            notes=assessment.notes,
        ),
    )


@router.post("/kube/groups/{group_id}/iks", response={201: None, **SIGNED_IN_ERRORS})
def iks_new(request: HttpRequest, group_id: int, payload: IksIn) -> Status[None]:
    user = actor(request)
    group = allowed(lambda: get_group_for_user(user, group_id, write=True))
    services.iks_contribution_record(
        actor=user,
        group=group,
        contributed_on=payload.contributed_on,
        amount=payload.amount,
        purpose=payload.purpose,
    )
    return Status(201, None)


@router.get("/kube/mentors", response={200: list[MentorOut], **SIGNED_IN_ERRORS})
def mentor_index(request: HttpRequest) -> list[MentorOut]:
    principal = principal_for(actor(request))
    if not (may_manage_mentors(principal) or facilitated_regions(principal)):
        raise ApiError(403, _("Only coordinators and facilitators see the mentor list."))
    return [presenters.mentor_out(m) for m in mentor_list()[:500]]


@router.post("/kube/mentors", response={201: MentorOut, **SIGNED_IN_ERRORS})
def mentor_new(request: HttpRequest, payload: MentorIn) -> Status[MentorOut]:
    user = actor(request)
    principal = principal_for(user)
    home = _code(payload.home_region, "home_region")
    if not (may_manage_mentors(principal) and principal.covers_region(home)):
        raise ApiError(403, _("You may not register mentors in this region."))
    mentor = mentoring.mentor_create(
        actor=user,
        name=payload.name,
        home_region_code=home,
        expertise=payload.expertise,
        region_codes=[_code(code, "regions") for code in payload.regions],
        capacity=payload.capacity,
        languages=payload.languages,
        organisation=_organisation(payload.organisation_id),
    )
    return Status(201, presenters.mentor_out(mentor_list().get(pk=mentor.pk)))


@router.post("/kube/matching", response={201: MatchingOut, **SIGNED_IN_ERRORS})
def matching_new(request: HttpRequest, payload: MatchingIn) -> Status[MatchingOut]:
    user = actor(request)
    region = _code(payload.region, "region")
    if not may_propose_matching(principal_for(user), region):
        raise ApiError(403, _("You may not propose mentors in this region."))
    created = mentoring.matching_propose(actor=user, region_code=region)
    items = assignment_list(principal_for(user)).filter(pk__in=[a.pk for a in created])
    return Status(
        201, MatchingOut(proposed=len(created), items=[presenters.assignment_out(a) for a in items])
    )


@router.get("/kube/assignments", response={200: list[AssignmentOut], **SIGNED_IN_ERRORS})
def assignment_index(
    request: HttpRequest, status: str | None = None, region: str | None = None
) -> list[AssignmentOut]:
    code = _code(region, "region") if region else None
    rows = assignment_list(principal_for(actor(request)), status=status, region=code)[:500]
    return [presenters.assignment_out(a) for a in rows]


@router.post(
    "/kube/assignments/{assignment_id}/decision",
    response={200: AssignmentOut, **SIGNED_IN_ERRORS},
)
def assignment_decide(
    request: HttpRequest, assignment_id: int, payload: DecisionIn
) -> AssignmentOut:
    user = actor(request)
    assignment = allowed(lambda: get_assignment_for_user(user, assignment_id, decide=True))
    if payload.decision == "accept":
        mentor_id = payload.mentor_id
        mentor = allowed(lambda: get_mentor_for_user(user, mentor_id)) if mentor_id else None
        assignment = mentoring.assignment_accept(actor=user, assignment=assignment, mentor=mentor)
    elif payload.decision == "reject":
        assignment = mentoring.assignment_reject(actor=user, assignment=assignment)
    else:
        if payload.ended_on is None:
            raise ApiError(422, _("Give the date the assignment ended."), field=["ended_on"])
        assignment = mentoring.assignment_end(
            actor=user, assignment=assignment, ended_on=payload.ended_on
        )
    return presenters.assignment_out(assignment_list(principal_for(user)).get(pk=assignment.pk))


@router.get(
    "/kube/assignments/{assignment_id}/sessions",
    response={200: list[SessionOut], **SIGNED_IN_ERRORS},
)
def session_index(request: HttpRequest, assignment_id: int) -> list[SessionOut]:
    assignment = get_assignment_for_user(actor(request), assignment_id)
    return [presenters.session_out(s) for s in session_list(assignment)]


@router.post(
    "/kube/assignments/{assignment_id}/sessions",
    response={201: SessionOut, **SIGNED_IN_ERRORS},
)
def session_new(request: HttpRequest, assignment_id: int, payload: SessionIn) -> Status[SessionOut]:
    user = actor(request)
    assignment = allowed(lambda: get_assignment_for_user(user, assignment_id, record=True))
    session = mentoring.session_record(
        actor=user,
        assignment=assignment,
        held_on=payload.held_on,
        topics=payload.topics,
        notes=payload.notes,
        action_items=payload.action_items,
        attendance=payload.attendance,
    )
    return Status(201, presenters.session_out(session))


@router.post("/kube/import", response={200: ImportReportOut, **SIGNED_IN_ERRORS})
def import_groups(
    request: HttpRequest, file: File[UploadedFile], dry_run: bool = False
) -> ImportReportOut | HttpResponse:
    """Groups and members from a Dinsos spreadsheet: all rows land, or none."""
    user = actor(request)
    principal = principal_for(user)
    if not may_import(principal):
        raise ApiError(403, _("Only coordinators and national admins import KUBE lists."))
    if file.file is None:
        raise ApiError(422, _("Upload a file."), field=["file"])
    try:
        report = kube_import(
            file=file.file,
            filename=file.name or "",
            actor=user,
            dry_run=dry_run,
            region_scope=None if principal.is_national_admin else principal.coordinated_regions(),
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
    return ImportReportOut(dry_run=report.dry_run, groups=report.groups, members=report.members)
