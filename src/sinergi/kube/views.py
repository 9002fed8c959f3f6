"""KUBE group pages: the filterable list with its map, the group profile with charts, the
members page (personal data: facilitator, coordinator in scope, national admin; every view
logged), the create and edit forms, stage assessment, capital (and recording a partner's grant
as an intervention) and the spreadsheet import. Mentors, matching and dashboards are in
``mentor_views``. Thin: access helper → form → service or selector → template. An invalid form
comes back with its errors and status 422."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sinergi.core.access import principal_for
from sinergi.core.calendar import add_months, month_start
from sinergi.core.models import User
from sinergi.core.tabular import ImportRejected, UnreadableFile
from sinergi.kube import charts, forms, services
from sinergi.kube.access import (
    facilitated_regions,
    get_group_for_user,
    get_group_personal_for_user,
    group_rights,
    may_create_group,
    may_import,
    visible_groups_q,
)
from sinergi.kube.dashboards import group_charts
from sinergi.kube.grant_links import grant_intervention_record
from sinergi.kube.imports import kube_import
from sinergi.kube.market_selectors import (
    health_score_for_group,
    ledger_monthly_series,
    market_links,
    order_counts,
)
from sinergi.kube.models import CapitalGrant, Group, OrderStatus, Stage
from sinergi.kube.selectors import GroupFilters, group_detail, group_list, member_list

INVALID = 422
HEALTH_BANDS = {
    "weak": gettext_lazy("weak"),
    "fair": gettext_lazy("fair"),
    "healthy": gettext_lazy("healthy"),
}
HEALTH_COMPONENTS = {
    "revenue_trend": gettext_lazy("Revenue trend"),
    "profitability": gettext_lazy("Profitability"),
    "savings_iks": gettext_lazy("Savings and IKS"),
    "market_links": gettext_lazy("Market links"),
    "mentoring": gettext_lazy("Mentoring"),
}
PAGE_SIZE = 25
MAP_LIMIT = 3000


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def form_errors(form: Form, error: ValidationError) -> None:
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    """A refused action without a form: every problem as a message on the next page."""
    for problems in error.message_dict.values():
        for problem in problems:
            messages.error(request, problem)


def _filters(form: forms.GroupFilterForm) -> GroupFilters:
    if not form.is_valid():
        return GroupFilters()
    c = form.cleaned_data
    return GroupFilters(
        q=c["q"] or None,
        region=c["region"] or None,
        stage=c["stage"] or None,
        category=c["category"] or None,
        organisation=c["organisation"].pk if c["organisation"] else None,
    )


@login_required
def group_directory(request: HttpRequest) -> HttpResponse:
    form = forms.GroupFilterForm(request.GET or None)
    principal = principal_for(request.user)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    groups, total = group_list(
        principal, _filters(form), limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("page", None)
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    return render(
        request,
        "kube/group_list.html",
        {
            "form": form,
            "groups": groups,
            "total": total,
            "number": number,
            "pages": pages,
            "query": query.urlencode(),
            "may_create": principal.is_national_admin
            or bool(principal.coordinated_regions() + facilitated_regions(principal)),
            "may_import": may_import(principal),
        },
    )


@login_required
def group_geojson(request: HttpRequest) -> JsonResponse:
    """The listed groups as points at their village centre (one feature per village)."""
    form = forms.GroupFilterForm(request.GET or None)
    groups, _total = group_list(principal_for(request.user), _filters(form), limit=MAP_LIMIT)
    villages: dict[str, dict[str, object]] = {}
    for group in groups:
        village = group.village
        if village.centroid_lat is None or village.centroid_lng is None:
            continue
        feature = villages.setdefault(
            village.code,
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [village.centroid_lng, village.centroid_lat],
                },
                "properties": {"village": village.name, "code": village.code, "groups": []},
            },
        )
        feature["properties"]["groups"].append(  # type: ignore[index]
            {
                "name": group.name,
                "url": reverse("kube:group", args=[group.pk]),
                "stage": group.stage,
                "stage_label": group.get_stage_display(),
            }
        )
    return JsonResponse(
        {"type": "FeatureCollection", "features": list(villages.values())},
        content_type="application/geo+json",
    )


@login_required
def group_profile(request: HttpRequest, group_id: int) -> HttpResponse:
    """The group without personal data: everyone who may see the group sees this page."""
    group = get_group_for_user(request.user, group_id)
    rights = group_rights(principal_for(request.user), group)
    detail = group_detail(group)
    today = timezone.localdate()
    series = group_charts(group, today=today)
    last = month_start(today)
    ledger = ledger_monthly_series([group.pk], add_months(last, -11), last)[group.pk]
    health = health_score_for_group(group, as_of=today)
    return render(
        request,
        "kube/group_detail.html",
        {
            "group": group,
            "detail": detail,
            "rights": rights,
            "stage_chart": charts.stage_history_svg(series.stages, today=today),
            "capital_chart": charts.capital_svg(detail.capital_total, detail.capital_norm),
            "session_chart": charts.monthly_svg(series.sessions_by_month, y_title=_("Sessions")),
            "sessions_total": sum(n for _m, n in series.sessions_by_month),
            "criteria": forms.CRITERIA_LABELS,
            "revenue_chart": charts.ledger_svg(ledger),
            "revenue_total": sum(row.revenue for row in ledger),
            "health": health,
            "health_band": HEALTH_BANDS.get(health.band, health.band),
            "health_components": [
                (HEALTH_COMPONENTS.get(key, key), value) for key, value in health.components.items()
            ],
            "buyers": market_links([group.pk], add_months(last, -11), today).get(group.pk, 0),
            "orders": [
                (OrderStatus(status).label, count)
                for status, count in order_counts([group.pk]).get(group.pk, {}).items()
            ],
        },
    )


@login_required
def group_members(request: HttpRequest, group_id: int) -> HttpResponse:
    """Members with the masked NIK, and the group's account: logged on every view."""
    user = _user(request)
    group = get_group_personal_for_user(user, group_id)
    form = forms.MemberForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not group_rights(principal_for(user), group).edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.member_add(actor=user, group=group, data=form.member_data())
            except ValidationError as error:
                # Member errors are keyed "members.new.<field>": put them on the field.
                for key, problems in error.message_dict.items():
                    name = key.rsplit(".", 1)[-1]
                    form.add_error(name if name in form.fields else None, problems)
            else:
                messages.success(request, _("The member is added."))
                return redirect("kube:members", group.pk)
        status = INVALID
    services.personal_data_view_record(actor=user, group=group, what="members")
    return render(
        request,
        "kube/members.html",
        {"group": group, "members": member_list(group), "form": form},
        status=status,
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, group_id: int, member_id: int) -> HttpResponse:
    user = _user(request)
    group = get_group_for_user(user, group_id, write=True)
    member = group.members.filter(pk=member_id).first()
    if member is None:
        raise Http404
    try:
        services.member_remove(actor=user, member=member)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The member is removed."))
    return redirect("kube:members", group.pk)


def _may_create_anywhere(user: User) -> None:
    principal = principal_for(user)
    if not (
        principal.is_national_admin
        or principal.coordinated_regions()
        or facilitated_regions(principal)
    ):
        raise PermissionDenied(_("Only coordinators, facilitators and national admins add groups."))


@login_required
def group_create_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _may_create_anywhere(user)
    principal = principal_for(user)
    form = forms.GroupForm(request.POST or None)
    formset = forms.MemberFormSet(request.POST or None, prefix="members")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            village = form.cleaned_data["village"]
            filled = [f for f in formset.forms if f.has_changed()]
            if not may_create_group(principal, village):
                form.add_error("village", _("You may not add groups in this village."))
            else:
                try:
                    group = services.group_create(
                        actor=user,
                        name=form.cleaned_data["name"],
                        village_code=village,
                        business_category=form.cleaned_data["business_category"],
                        formed_on=form.cleaned_data["formed_on"],
                        members=[f.member_data() for f in filled],
                        bank_name=form.cleaned_data["bank_name"],
                        bank_account=form.cleaned_data["bank_account"],
                        facilitator=user if facilitated_regions(principal) else None,
                        organisation=form.cleaned_data["organisation"],
                    )
                except ValidationError as error:
                    _member_errors(form, filled, error)
                else:
                    messages.success(request, _("The group is recorded."))
                    return redirect("kube:group", group.pk)
        return render(
            request, "kube/group_form.html", {"form": form, "formset": formset}, status=INVALID
        )
    return render(request, "kube/group_form.html", {"form": form, "formset": formset})


def _member_errors(form: Form, filled: Sequence[Form], error: ValidationError) -> None:
    """Put ``members.<i>.<field>`` errors on the i-th filled member row."""
    for key, problems in error.message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "members" and parts[1].isdigit():
            index, name = int(parts[1]), parts[2]
            if index < len(filled):
                target = filled[index]
                target.add_error(name if name in target.fields else None, problems)
                continue
        form.add_error(key if key in form.fields else None, problems)


@login_required
def group_edit_page(request: HttpRequest, group_id: int) -> HttpResponse:
    user = _user(request)
    group = get_group_for_user(user, group_id, write=True)
    form = forms.GroupEditForm(
        request.POST or None,
        initial={
            "name": group.name,
            "business_category": group.business_category,
            "bank_name": group.bank_name,
            "bank_account": group.bank_account,
            "organisation": group.organisation,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.group_update(
                    actor=user,
                    group=group,
                    name=form.cleaned_data["name"],
                    business_category=form.cleaned_data["business_category"],
                    bank_name=form.cleaned_data["bank_name"],
                    bank_account=form.cleaned_data["bank_account"],
                    organisation=form.cleaned_data["organisation"],
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, _("The group is updated."))
                return redirect("kube:group", group.pk)
        return render(
            request, "kube/group_edit.html", {"form": form, "group": group}, status=INVALID
        )
    return render(request, "kube/group_edit.html", {"form": form, "group": group})


@login_required
def assessment_page(request: HttpRequest, group_id: int) -> HttpResponse:
    user = _user(request)
    group = get_group_for_user(user, group_id, write=True)
    form = forms.AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                assessment = services.stage_assess(
                    actor=user,
                    group=group,
                    assessed_on=form.cleaned_data["assessed_on"],
                    criteria_met=form.cleaned_data["criteria_met"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Assessed: %(stage)s.") % {"stage": Stage(assessment.stage).label},
                )
                return redirect("kube:group", group.pk)
        status = INVALID
    else:
        status = 200
    return render(
        request,
        "kube/assessment_form.html",
        {"form": form, "group": group, "criteria_groups": _criteria_groups(form)},
        status=status,
    )


def _criteria_groups(form: forms.AssessmentForm) -> list[tuple[str, list[object]]]:
    """The criteria checkboxes grouped by the stage they describe."""
    boxes = {box.data["value"]: box for box in form["criteria_met"]}
    return [(str(label), [boxes[key] for key in keys]) for label, keys in forms.CRITERIA_GROUPS]


@login_required
def capital_page(request: HttpRequest, group_id: int) -> HttpResponse:
    user = _user(request)
    group = get_group_for_user(user, group_id, write=True)
    form = forms.GrantForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            c = form.cleaned_data
            try:
                grant = services.capital_grant_record(
                    actor=user,
                    group=group,
                    amount=c["amount"],
                    received_on=c["received_on"],
                    source=c["source"],
                    organisation=c["organisation"],
                )
                if c["as_intervention"]:
                    grant_intervention_record(actor=user, grant=grant)
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, _("The capital is recorded."))
                return redirect("kube:group", group.pk)
        status = INVALID
    else:
        status = 200
    return render(request, "kube/capital_form.html", {"form": form, "group": group}, status=status)


@login_required
@require_POST
def grant_intervention(request: HttpRequest, group_id: int, grant_id: int) -> HttpResponse:
    """Record an existing partner grant as an intervention (the button on the group page)."""
    user = _user(request)
    group = get_group_for_user(user, group_id, write=True)
    grant = CapitalGrant.objects.filter(group=group, pk=grant_id).select_related("group").first()
    if grant is None:
        raise Http404
    try:
        intervention = grant_intervention_record(actor=user, grant=grant)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("kube:group", group.pk)
    messages.success(request, _("The grant is recorded as an intervention."))
    return redirect("interventions:detail", intervention.pk)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    principal = principal_for(user)
    if not may_import(principal):
        raise PermissionDenied(_("Only coordinators and national admins import KUBE lists."))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = kube_import(
                    file=upload,
                    filename=upload.name,
                    actor=user,
                    dry_run=form.cleaned_data["dry_run"],
                    region_scope=None
                    if principal.is_national_admin
                    else principal.coordinated_regions(),
                )
            except UnreadableFile as error:
                form.add_error("file", str(error))
            except ImportRejected as rejected:
                context["errors"] = rejected.errors
            else:
                status = 200
                context["report"] = report
                context["imported"] = list(
                    Group.objects.filter(visible_groups_q(principal), pk__in=report.group_ids)
                )
    return render(request, "kube/import.html", context, status=status)
