"""Etalase pages: browse and filter published needs, publish one (coordinators), see one
and adopt it for your organisation (partners) or withdraw it (its coordinators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.core.taxonomy import PPKS
from sinergi.synergy.access import (
    adopting_organisations,
    get_adopting_organisation_for_user,
    get_need_for_user,
    may_publish,
)
from sinergi.synergy.etalase_selectors import NeedFilters, need_list
from sinergi.synergy.etalase_services import (
    AdoptionData,
    NeedData,
    need_adopt,
    need_publish,
    need_withdraw,
)
from sinergi.synergy.plan_forms import AdoptForm, NeedFilterForm, NeedForm

GROUP_LABELS = {g.key: g.label for g in PPKS}


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def _copy_errors(form: NeedForm | AdoptForm, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@login_required
def etalase_page(request: HttpRequest) -> HttpResponse:
    form = NeedFilterForm(request.GET or None)
    filters = NeedFilters()
    if form.is_valid():
        c = form.cleaned_data
        filters = NeedFilters(
            c["region"] or None, c["target_group"] or None, c["status"] or None, c["q"] or None
        )
    page = Paginator(need_list(filters=filters), 25).get_page(request.GET.get("page"))
    principal = principal_for(request.user)
    query = request.GET.copy()
    query.pop("page", None)  # the pager adds its own
    context = {
        "form": form,
        "page": page,
        "labels": GROUP_LABELS,
        "may_publish": principal.is_national_admin or bool(principal.coordinated_regions()),
        "query": query.urlencode(),
    }
    return render(request, "synergy/etalase_list.html", context)


@login_required
def etalase_publish_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    principal = principal_for(user)
    if not (principal.is_national_admin or principal.coordinated_regions()):
        raise Http404
    form = NeedForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        if not may_publish(principal, c["region"]):
            form.add_error("region", _("You coordinate no region that holds this one."))
        else:
            data = NeedData(
                c["region"],
                c["target_group"],
                c["title"],
                c["people"],
                c["budget_idr"],
                c["description"],
            )
            evidence = c["evidence"]
            try:
                need = need_publish(
                    actor=user,
                    data=data,
                    evidence=evidence,
                    evidence_name=evidence.name if evidence else "",
                )
            except ValidationError as error:
                _copy_errors(form, error)
            else:
                messages.success(request, _("The need is published in the etalase."))
                return redirect("synergy:etalase-detail", need.pk)
    return render(request, "synergy/etalase_form.html", {"form": form})


def _adopt_form(request: HttpRequest) -> tuple[AdoptForm, bool]:
    organisations = [(o.pk, o.name) for o in adopting_organisations(request.user)]
    return AdoptForm(request.POST or None, organisations=organisations), bool(organisations)


@login_required
def etalase_detail_page(request: HttpRequest, need_id: int) -> HttpResponse:
    need = get_need_for_user(request.user, need_id)
    principal = principal_for(request.user)
    form, acts_for_some = _adopt_form(request)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        organisation = get_adopting_organisation_for_user(request.user, c["organisation"])
        data = AdoptionData(
            c["people"], c["function"], c["budget_idr"], c["start_date"], c["end_date"]
        )
        try:
            adoption = need_adopt(
                actor=_user(request), need=need, organisation=organisation, data=data
            )
        except ValidationError as error:
            _copy_errors(form, error)
        else:
            messages.success(request, _("Adopted: a planned intervention now stands for it."))
            return redirect("interventions:detail", adoption.intervention_id)
    context = {
        "need": need,
        "form": form,
        "label": GROUP_LABELS.get(need.target_group, need.target_group),
        "may_adopt": acts_for_some and need.adopted_people < need.people,
        "may_withdraw": may_publish(principal, need.region_id) and not need.adoptions.all(),
    }
    return render(request, "synergy/etalase_detail.html", context)


@login_required
@require_POST
def etalase_withdraw(request: HttpRequest, need_id: int) -> HttpResponse:
    need = get_need_for_user(request.user, need_id, write=True)
    try:
        need_withdraw(actor=_user(request), need=need)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("synergy:etalase-detail", need.pk)
    messages.success(request, _("The need is withdrawn."))
    return redirect("synergy:etalase")
