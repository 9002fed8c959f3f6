"""KUBE mentoring pages: the mentor list, a mentor's page (assigned groups, session log and
entry), the coordinator's matching page (run the optimal matching for a region, then accept,
edit, reject proposals or end assignments) and the progress dashboards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.kube import charts, forms, mentoring
from sinergi.kube.access import (
    facilitated_regions,
    get_assignment_for_user,
    get_mentor_for_user,
    group_rights,
    may_manage_mentors,
    may_propose_matching,
    visible_groups_q,
)
from sinergi.kube.dashboards import DIMENSIONS, Dimension, dashboard
from sinergi.kube.models import (
    Assignment,
    AssignmentStatus,
    BusinessCategory,
    Group,
    Mentor,
    Session,
    Stage,
)
from sinergi.kube.selectors import assignment_list, groups_mentored_by, mentor_list
from sinergi.kube.views import INVALID, _user, flash_errors, form_errors
from sinergi.regions.models import Region

MATCHING_ROWS = 300


def _expertise(mentor: Mentor) -> str:
    labels = dict(BusinessCategory.choices)
    return ", ".join(str(labels.get(key, key)) for key in mentor.expertise)


def _staff(user: User) -> bool:
    principal = principal_for(user)
    return may_manage_mentors(principal) or bool(facilitated_regions(principal))


@login_required
def mentor_directory(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _staff(user):
        own = Mentor.objects.filter(user=user).first()
        if own is not None:
            return redirect("kube:mentor", own.pk)
        raise PermissionDenied(_("Only coordinators and facilitators see the mentor list."))
    q = request.GET.get("q", "")[:100]
    category = request.GET.get("category", "")[:32]
    return render(
        request,
        "kube/mentor_list.html",
        {
            "mentors": [(m, _expertise(m)) for m in mentor_list(q=q, category=category)[:500]],
            "q": q,
            "category": category,
        },
    )


@login_required
def mentor_page(request: HttpRequest, mentor_id: int) -> HttpResponse:
    user = _user(request)
    mentor = get_mentor_for_user(user, mentor_id)
    principal = principal_for(user)
    visible_q = visible_groups_q(principal)
    visible = Group.objects.filter(visible_q).values("pk")
    assignments = list(
        Assignment.objects.filter(mentor=mentor, group__in=visible)
        .exclude(status=AssignmentStatus.REJECTED)
        .select_related("group", "group__village")
        .annotate(member_count=Count("group__members", distinct=True))
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("-held_on", "-id"))
        )
        .order_by("status", "group__name")
    )
    own = mentor.user_id is not None and mentor.user_id == user.pk
    recordable = {
        a.pk
        for a in assignments
        if a.status == AssignmentStatus.ACTIVE and (own or group_rights(principal, a.group).edit)
    }
    return render(
        request,
        "kube/mentor_detail.html",
        {
            "mentor": mentor,
            "assignments": assignments,
            "mentored": groups_mentored_by(
                mentor, Group.objects.filter(visible_groups_q(principal))
            ),
            "recordable": recordable,
            "session_form": forms.SessionForm(initial={"held_on": timezone.localdate()}),
            "reached": list(mentor.regions.all()),
            "expertise": _expertise(mentor),
        },
    )


@login_required
def session_new(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = _user(request)
    assignment = get_assignment_for_user(user, assignment_id, record=True)
    form = forms.SessionForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            mentoring.session_record(
                actor=user,
                assignment=assignment,
                held_on=form.cleaned_data["held_on"],
                topics=form.cleaned_data["topics"],
                notes=form.cleaned_data["notes"],
                action_items=form.items(),
                attendance=form.cleaned_data["attendance"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The session is recorded."))
            return redirect("kube:mentor", assignment.mentor_id)
    status = INVALID if request.method == "POST" else 200
    return render(
        request,
        "kube/session_form.html",
        {"form": form, "assignment": assignment},
        status=status,
    )


def _default_region(user: User) -> str:
    principal = principal_for(user)
    scopes = principal.coordinated_regions()
    return scopes[0] if scopes else ""


@login_required
def matching_page(request: HttpRequest) -> HttpResponse:
    """Run the matching for a region in one's scope; decide on proposals; end assignments."""
    user = _user(request)
    principal = principal_for(user)
    if not may_manage_mentors(principal):
        raise PermissionDenied(_("Only coordinators and national admins run the matching."))
    region = request.GET.get("region") or _default_region(user)
    form = forms.MatchingForm(request.POST or None, initial={"region": region})
    status = 200
    if request.method == "POST":
        if form.is_valid() and may_propose_matching(principal, form.cleaned_data["region"]):
            region = form.cleaned_data["region"]
            made = mentoring.matching_propose(actor=user, region_code=region)
            messages.success(
                request,
                _("%(count)d proposal(s) made for groups without a mentor.") % {"count": len(made)},
            )
            return redirect(f"{request.path}?region={region}")
        if form.is_valid():
            form.add_error("region", _("This region is outside your scope."))
        status = INVALID
    shown = form.cleaned_data["region"] if form.is_bound and form.is_valid() else region
    proposals = list(
        assignment_list(principal, status=AssignmentStatus.PROPOSED, region=shown or None)[
            :MATCHING_ROWS
        ]
    )
    active = list(
        assignment_list(principal, status=AssignmentStatus.ACTIVE, region=shown or None)[
            :MATCHING_ROWS
        ]
    )
    mentors = list(
        Mentor.objects.filter(active=True)
        .filter(Q(regions__code__startswith=shown[:2]) if shown else Q())
        .annotate(
            load=Count(
                "assignments",
                filter=Q(assignments__status=AssignmentStatus.ACTIVE),
                distinct=True,
            )
        )
        .distinct()
        .order_by("name")[:500]
    )
    region_name = Region.objects.filter(pk=shown).values_list("name", flat=True).first()
    return render(
        request,
        "kube/matching.html",
        {
            "form": form,
            "region": shown,
            "region_name": region_name,
            "proposals": proposals,
            "active": active,
            "mentors": mentors,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_POST
def assignment_decide(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = _user(request)
    assignment = get_assignment_for_user(user, assignment_id, decide=True)
    form = forms.DecisionForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect(back or "kube:matching")
    decision = form.cleaned_data["decision"]
    try:
        if decision == "accept":
            chosen = form.cleaned_data["mentor"]
            mentor = get_mentor_for_user(user, chosen) if chosen else None
            mentoring.assignment_accept(actor=user, assignment=assignment, mentor=mentor)
            messages.success(request, _("The proposal is accepted."))
        elif decision == "reject":
            mentoring.assignment_reject(actor=user, assignment=assignment)
            messages.success(request, _("The proposal is rejected."))
        else:
            ended = form.cleaned_data["ended_on"] or timezone.localdate()
            mentoring.assignment_end(actor=user, assignment=assignment, ended_on=ended)
            messages.success(request, _("The assignment has ended."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(back or "kube:matching")


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """Progress by region, supporting organisation or mentor, over the groups one may see."""
    user = _user(request)
    raw = request.GET.get("dimension", "region")
    dimension: Dimension = raw if raw in DIMENSIONS else "region"
    form = forms.GroupFilterForm({"region": request.GET.get("region", "")})
    region = form.cleaned_data["region"] if form.is_valid() else ""
    region_name = Region.objects.filter(pk=region).values_list("name", flat=True).first()
    if region and region_name is None:
        region = ""
    result = dashboard(
        principal_for(user), dimension, region=region or None, today=timezone.localdate()
    )
    top = result.rows[:20]
    return render(
        request,
        "kube/dashboard.html",
        {
            "result": result,
            "dimension": dimension,
            "dimensions": [
                ("region", _("Region")),
                ("organisation", _("Supporting organisation")),
                ("mentor", _("Mentor")),
            ],
            "region": region,
            "region_name": region_name,
            "stage_labels": list(Stage.labels),
            "total_by_stage": list(
                zip(Stage.values, Stage.labels, result.total.by_stage.values(), strict=True)
            ),
            "stage_chart": charts.stages_by_row_svg(top) if top else "",
            "graduation_chart": charts.graduation_svg(result.graduation)
            if result.graduation
            else "",
            "session_chart": charts.monthly_svg(
                result.sessions_by_month, y_title=_("Sessions"), width=400
            ),
            "revenue_chart": charts.revenue_trend_svg(result.revenue_by_month),
        },
    )
