"""Recommendation pages: for "my organisation" (or any organisation one may see) and for
any regency."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from sinergi.core.problems import ApiError
from sinergi.partners.access import get_organisation_for_user
from sinergi.partners.models import Organisation
from sinergi.synergy import recommendations
from sinergi.synergy.access import adopting_organisations
from sinergi.synergy.plan_forms import RecommendForm
from sinergi.synergy.recommend_api import regency_for


def _year(form: RecommendForm) -> int:
    if form.is_valid() and form.cleaned_data["year"]:
        return int(form.cleaned_data["year"])
    return timezone.localdate().year


def recommend_page(request: HttpRequest) -> HttpResponse:
    """The starting point: the user's organisations first, or a regency by code."""
    mine = adopting_organisations(request.user) if request.user.is_authenticated else []
    form = RecommendForm(request.GET or None, organisations=[(o.pk, o.name) for o in mine])
    if request.GET and form.is_valid():
        year = _year(form)
        if form.cleaned_data["region"]:
            url = reverse("synergy:recommend-region", args=[form.cleaned_data["region"]])
            return redirect(f"{url}?year={year}")
        if form.cleaned_data["organisation"]:
            url = reverse(
                "synergy:recommend-organisation", args=[form.cleaned_data["organisation"]]
            )
            return redirect(f"{url}?year={year}")
    if len(mine) == 1 and not request.GET:
        return redirect("synergy:recommend-organisation", mine[0].pk)
    return render(request, "synergy/recommend.html", {"form": form, "rows": None})


def recommend_organisation_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation: Organisation = get_organisation_for_user(request.user, organisation_id)
    mine = adopting_organisations(request.user) if request.user.is_authenticated else []
    form = RecommendForm(request.GET or None, organisations=[(o.pk, o.name) for o in mine])
    year = _year(form)
    rows = recommendations.for_organisation(organisation=organisation, year=year)
    context = {"form": form, "rows": rows, "organisation": organisation, "year": year}
    return render(request, "synergy/recommend.html", context)


def recommend_region_page(request: HttpRequest, code: str) -> HttpResponse:
    try:
        region = regency_for(code)
    except ApiError as error:  # a malformed code is as missing as an unknown one
        raise Http404(error.detail) from error
    form = RecommendForm(request.GET or None, organisations=[])
    year = _year(form)
    rows = recommendations.for_region(region=region.code, year=year)
    context = {"form": form, "rows": rows, "region": region, "year": year}
    return render(request, "synergy/recommend.html", context)
