"""An intervention's indicators on its page: the organisation's admins and editors track a
library indicator, make their own, change baseline and targets, and stop tracking one that
has no reported value. Access is the intervention's (``get_intervention_for_user`` with
``write``): an outsider gets a 404, a viewer of the organisation a 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.models import User
from sinergi.interventions.access import get_intervention_for_user
from sinergi.interventions.indicator_forms import (
    CustomIndicatorForm,
    LibraryTrackForm,
    TargetsForm,
    targets_text,
)
from sinergi.interventions.indicator_services import (
    intervention_custom_indicator_add,
    intervention_indicator_remove,
)
from sinergi.interventions.models import Intervention, InterventionIndicator
from sinergi.interventions.selectors import indicator_library, tracked_indicator_get
from sinergi.interventions.services import intervention_indicator_set


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _show_errors(form: Form, error: ValidationError) -> None:
    """Put the service's refusal on the field it names (else above the form)."""
    for name, problems in error.message_dict.items():
        # The service names a bad per-period target "period": it is typed in "targets".
        field = "targets" if name == "period" else name
        form.add_error(field if field in form.fields else None, problems)


def _tracked(intervention: Intervention, tracked_id: int) -> InterventionIndicator:
    tracked = tracked_indicator_get(intervention=intervention, tracked_id=tracked_id)
    if tracked is None:
        raise Http404(_("This intervention does not track this indicator."))
    return tracked


def _page(request: HttpRequest, intervention: Intervention, form: Form, mode: str) -> HttpResponse:
    return render(
        request,
        "interventions/indicator_form.html",
        {"intervention": intervention, "form": form, "mode": mode},
    )


@login_required
def indicator_add(request: HttpRequest, intervention_id: int) -> HttpResponse:
    """Track an indicator from the library (or one the organisation made before)."""
    intervention = get_intervention_for_user(request.user, intervention_id, write=True)
    tracked = set(intervention.indicators.values_list("indicator_id", flat=True))
    # The library first, then the organisation's own (NULLs first on every database).
    library = indicator_library(organisation=intervention.organisation).order_by(
        F("organisation_id").asc(nulls_first=True), "code"
    )
    offered = [i for i in library if i.pk not in tracked]
    form = LibraryTrackForm(request.POST or None, indicators=offered)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            intervention_indicator_set(
                actor=_user(request),
                intervention=intervention,
                indicator=c["indicator"],
                baseline=c["baseline"],
                target=c["target"],
                targets=c["targets"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The indicator is tracked."))
            return redirect("interventions:detail", intervention.pk)
    return _page(request, intervention, form, "library")


@login_required
def indicator_create(request: HttpRequest, intervention_id: int) -> HttpResponse:
    """Make an indicator of the organisation's own and track it."""
    intervention = get_intervention_for_user(request.user, intervention_id, write=True)
    form = CustomIndicatorForm(
        request.POST or None,
        initial={"function": intervention.function, "programme": intervention.programme},
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            intervention_custom_indicator_add(
                actor=_user(request),
                intervention=intervention,
                name=c["name"],
                unit=c["unit"],
                function=c["function"],
                programme=c["programme"],
                sdgs=c["sdgs"],
                counts_reached=c["counts_reached"],
                baseline=c["baseline"],
                target=c["target"],
                targets=c["targets"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The indicator is created and tracked."))
            return redirect("interventions:detail", intervention.pk)
    return _page(request, intervention, form, "custom")


@login_required
def indicator_update(request: HttpRequest, intervention_id: int, tracked_id: int) -> HttpResponse:
    """Change a tracked indicator's baseline and targets."""
    intervention = get_intervention_for_user(request.user, intervention_id, write=True)
    tracked = _tracked(intervention, tracked_id)
    form = TargetsForm(
        request.POST or None,
        initial={
            "baseline": tracked.baseline,
            "target": tracked.target,
            "targets": targets_text(tracked.targets),
        },
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            intervention_indicator_set(
                actor=_user(request),
                intervention=intervention,
                indicator=tracked.indicator,
                baseline=c["baseline"],
                target=c["target"],
                targets=c["targets"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The targets are saved."))
            return redirect("interventions:detail", intervention.pk)
    return render(
        request,
        "interventions/indicator_form.html",
        {"intervention": intervention, "form": form, "mode": "update", "tracked": tracked},
    )


@login_required
@require_POST
def indicator_remove(request: HttpRequest, intervention_id: int, tracked_id: int) -> HttpResponse:
    """Stop tracking an indicator that has no reported value."""
    intervention = get_intervention_for_user(request.user, intervention_id, write=True)
    tracked = _tracked(intervention, tracked_id)
    try:
        intervention_indicator_remove(actor=_user(request), tracked=tracked)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The indicator is no longer tracked."))
    return redirect("interventions:detail", intervention.pk)
