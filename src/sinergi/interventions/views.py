"""Interventions pages: the filterable list and map, one intervention with its results,
the create/edit form, report entry, the reviewers' queue and "my organisation"."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.core.taxonomy import PPKS, PROGRAMMES, SECTORS
from sinergi.interventions import forms
from sinergi.interventions.access import (
    EDITING_ROLES,
    get_intervention_for_user,
    get_report_for_user,
    intervention_rights,
    visible_interventions_q,
)
from sinergi.interventions.charts import result_periods_svg
from sinergi.interventions.models import Intervention, Report, ReportStatus
from sinergi.interventions.presenters import approved_by_location, location_reach
from sinergi.interventions.report_services import (
    ValueEntry,
    report_approve,
    report_create,
    report_reopen,
    report_return,
    report_submit,
    report_update,
)
from sinergi.interventions.selectors import (
    COUNT_CAP,
    InterventionFilters,
    count_capped,
    evidence_list,
    intervention_history,
    intervention_list,
    intervention_page,
    intervention_results,
    overdue_reports,
    region_figures,
    report_list,
    returned_reports,
    review_queue,
)
from sinergi.interventions.services import (
    Locked,
    StaleVersion,
    intervention_create,
    intervention_snapshot,
    intervention_update,
)
from sinergi.partners.access import get_organisation_for_user
from sinergi.partners.models import Organisation
from sinergi.partners.selectors import organisations_of_user

LABELS = {t.key: t.label for t in (*SECTORS, *PROGRAMMES, *PPKS)}
MAP_LIMIT = 2000


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _filters(form: forms.InterventionFilterForm) -> InterventionFilters:
    if not form.is_valid():
        return InterventionFilters()
    c = form.cleaned_data
    return InterventionFilters(
        function=c["function"] or None,
        programme=c["programme"] or None,
        target_group=c["target_group"] or None,
        region=c["region"] or None,
        status=c["status"] or None,
        active_on_or_after=c["active_from"],
        active_until=c["active_until"],
        q=c["q"] or None,
    )


class CappedPaginator(Paginator[Intervention]):
    """Counts at most ``COUNT_CAP + 1`` matches (pages beyond the cap are not offered)."""

    @cached_property
    def count(self) -> int:
        return count_capped(cast(QuerySet[Intervention], self.object_list))

    @cached_property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, COUNT_CAP) // self.per_page))

    def page(self, number: Any) -> Page[Intervention]:
        number = self.validate_number(number)
        found = cast(QuerySet[Intervention], self.object_list)
        rows = intervention_page(found, offset=(number - 1) * self.per_page, limit=self.per_page)
        return Page(rows, number, self)


def intervention_directory(request: HttpRequest) -> HttpResponse:
    form = forms.InterventionFilterForm(request.GET or None)
    filters = _filters(form)
    found = intervention_list(
        visible=visible_interventions_q(principal_for(request.user)), filters=filters
    )
    page = CappedPaginator(found, 25).get_page(request.GET.get("page"))
    counted = page.paginator.count
    # Totals for a region are one aggregate over its locations: shown once the filters
    # narrow the list below the count cap (a whole province at national scale is the
    # coverage analysis's job, not a list page's).
    figures = (
        region_figures(interventions=found, region=filters.region)
        if filters.region and counted <= COUNT_CAP
        else None
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "interventions/list.html",
        {
            "form": form,
            "page": page,
            "count_shown": min(counted, COUNT_CAP),
            "count_capped": counted > COUNT_CAP,
            "labels": LABELS,
            "query": query.urlencode(),
            "figures": figures,
            "region": filters.region,
        },
    )


def intervention_geojson(request: HttpRequest) -> JsonResponse:
    """Intervention locations as GeoJSON points (region centroids), with the list's filters."""
    form = forms.InterventionFilterForm(request.GET or None)
    found = intervention_list(
        visible=visible_interventions_q(principal_for(request.user)), filters=_filters(form)
    )[:MAP_LIMIT]
    # Each location shows its part of the approved reach; the declared figure rides along.
    shares = {intervention.pk: approved_by_location(intervention) for intervention in found}
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [location.region.centroid_lng, location.region.centroid_lat],
            },
            "properties": {
                "intervention": intervention.pk,
                "url": reverse("interventions:detail", args=[intervention.pk]),
                "title": intervention.title,
                "organisation": intervention.organisation.name,
                "region": location.region_id,
                "region_name": location.region.name,
                "level": location.region.level,
                "targeted": location.targeted,
                "reached_approved": shares[intervention.pk].get(location.region_id, 0),
                "reached_declared": location.reached,
                "status": intervention.status,
            },
        }
        for intervention in found
        for location in intervention.locations.all()
        if location.region.centroid_lat is not None and location.region.centroid_lng is not None
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
    )


def intervention_detail(request: HttpRequest, intervention_id: int) -> HttpResponse:
    intervention = get_intervention_for_user(request.user, intervention_id)
    rights = intervention_rights(principal_for(request.user), intervention)
    results = intervention_results(intervention=intervention)
    history = (
        list(intervention_history(intervention=intervention)[:50])
        if rights.edit or rights.review
        else []
    )
    return render(
        request,
        "interventions/detail.html",
        {
            "intervention": intervention,
            "locations": location_reach(intervention),
            "rights": rights,
            "results": results,
            "period_views": [(result, result_periods_svg(result)) for result in results],
            "reports": report_list(intervention=intervention),
            "history": history,
            "labels": LABELS,
            "review_form": forms.ReviewForm(),
        },
    )


def _editable_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    organisation = get_organisation_for_user(request.user, organisation_id)
    principal = principal_for(request.user)
    if not principal.is_national_admin and organisation.pk not in principal.organisation_ids(
        EDITING_ROLES
    ):
        raise PermissionDenied(_("You may not change this organisation's interventions."))
    return organisation


def _form_errors(form: forms.InterventionForm, error: ValidationError) -> None:
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


@login_required
def intervention_create_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _editable_organisation(request, organisation_id)
    form = forms.InterventionForm(
        request.POST or None,
        initial={
            "status": "planned",
            "unit": "persons",
            "location_mode": "per_location",
            "visibility": "public",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = intervention_create(
                actor=_user(request), organisation=organisation, data=form.data_for_service()
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The intervention is recorded."))
            return redirect("interventions:detail", made.pk)
    return render(request, "interventions/form.html", {"form": form, "organisation": organisation})


def _initial(intervention: Intervention) -> dict[str, object]:
    snapshot = intervention_snapshot(intervention)
    lines = [entry.replace(":", " ") for entry in snapshot["locations"]]
    return snapshot | {
        "locations": "\n".join(lines),
        "start_date": intervention.start_date,
        "end_date": intervention.end_date,
        "version": intervention.version,
    }


@login_required
def intervention_update_page(request: HttpRequest, intervention_id: int) -> HttpResponse:
    intervention = get_intervention_for_user(request.user, intervention_id, write=True)
    form = forms.InterventionForm(request.POST or None, initial=_initial(intervention))
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        data.parties = [(p.organisation_id, p.role) for p in intervention.parties.all()]
        data.agreement_id, data.breakdown = intervention.agreement_id, intervention.breakdown
        try:
            intervention_update(
                actor=_user(request),
                intervention=intervention,
                data=data,
                version=form.cleaned_data["version"] or intervention.version,
            )
        except ValidationError as error:
            _form_errors(form, error)
        except StaleVersion:
            form.add_error(
                None,
                _("Someone changed this intervention while you were editing; reload to see it."),
            )
        else:
            messages.success(request, _("The intervention is updated."))
            return redirect("interventions:detail", intervention.pk)
    return render(
        request,
        "interventions/form.html",
        {"form": form, "organisation": intervention.organisation, "intervention": intervention},
    )


@login_required
@require_POST
def report_start(request: HttpRequest, intervention_id: int) -> HttpResponse:
    intervention = get_intervention_for_user(request.user, intervention_id, write=True)
    try:
        report = report_create(
            actor=_user(request), intervention=intervention, period=request.POST.get("period", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("interventions:detail", intervention.pk)
    return redirect("interventions:report", report.pk)


def report_form(
    report: Report, intervention: Intervention, data: QueryDict | None
) -> forms.ReportForm:
    """The report's values and narrative form. The evidence forms post it too, so attaching or
    removing a file first saves what was typed (``evidence_views``)."""
    results = intervention_results(intervention=intervention)
    current = {v.indicator_id: v.value for v in report.values.all()}
    indicators = [
        (r.tracked.pk, f"{r.tracked.indicator.name} ({r.tracked.indicator.unit})") for r in results
    ]
    initial = {"narrative": report.narrative, "version": report.version} | {
        f"value_{pk}": value for pk, value in current.items()
    }
    return forms.ReportForm(data, indicators=indicators, initial=initial)


def report_draft_save(request: HttpRequest, report: Report, form: forms.ReportForm) -> Report:
    """Save the form's narrative and values; raises what ``report_update`` raises."""
    return report_update(
        actor=_user(request),
        report=report,
        narrative=form.cleaned_data["narrative"],
        values={pk: ValueEntry(value) for pk, value in form.values().items()},
        version=form.cleaned_data["version"],
    )


@login_required
def report_page(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request.user, report_id)
    intervention = get_intervention_for_user(request.user, report.intervention_id)
    rights = intervention_rights(principal_for(request.user), intervention)
    form = report_form(report, intervention, request.POST or None)
    editable = rights.edit and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    if request.method == "POST" and editable and form.is_valid():
        try:
            report = report_draft_save(request, report, form)
            if "submit" in request.POST:
                report_submit(actor=_user(request), report=report)
                messages.success(request, _("The report is submitted for review."))
            else:
                messages.success(request, _("The report is saved."))
            return redirect("interventions:report", report.pk)
        except ValidationError as error:
            form.add_error(None, error.messages)
        except (StaleVersion, Locked):
            form.add_error(None, _("The report changed meanwhile; reload it."))
    return render(
        request,
        "interventions/report.html",
        {
            "report": report,
            "intervention": intervention,
            "form": form,
            "editable": editable,
            "rights": rights,
            "review_form": forms.ReviewForm(),
            "evidence": evidence_list(report=report),
            "evidence_editable": editable,
        },
    )


@login_required
@require_POST
def report_review(request: HttpRequest, report_id: int, step: str) -> HttpResponse:
    report = get_report_for_user(request.user, report_id, review=True)
    form = forms.ReviewForm(request.POST)
    comment = str(form.data.get("comment", ""))
    try:
        if step == "approve":
            report_approve(actor=_user(request), report=report)
            messages.success(request, _("The report is approved and its period locked."))
        elif step == "return":
            report_return(actor=_user(request), report=report, comment=comment)
            messages.success(request, _("The report is returned to the organisation."))
        elif step == "reopen":
            report_reopen(actor=_user(request), report=report, reason=comment)
            messages.success(request, _("The report is reopened."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except Locked as error:
        messages.error(request, str(error))
    return redirect(request.POST.get("next") or reverse("interventions:report", args=[report.pk]))


@login_required
def review_queue_page(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not principal.is_national_admin and not principal.coordinated_regions():
        raise Http404
    regions = None if principal.is_national_admin else principal.coordinated_regions()
    return render(
        request,
        "interventions/queue.html",
        {"reports": review_queue(regions=regions), "review_form": forms.ReviewForm()},
    )


@login_required
def my_organisation_page(request: HttpRequest) -> HttpResponse:
    organisations = organisations_of_user(user=_user(request))
    ids = [o.pk for o in organisations]
    today = timezone.localdate()
    return render(
        request,
        "interventions/mine.html",
        {
            "organisations": organisations,
            "due": overdue_reports(today=today, organisation_ids=ids),
            "returned": returned_reports(organisation_ids=ids),
            "upload_form": forms.UploadForm(),
        },
    )
