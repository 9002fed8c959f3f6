"""Atlas pages: a region's profile (and its PDF), the import page with its status page, and
the need-index method. Thin: access helper → selector or service → template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation

from sinergi.atlas.access import can_import, get_import_batch_for_user, sees_full_figures
from sinergi.atlas.forms import ImportForm
from sinergi.atlas.importing import checksum_of
from sinergi.atlas.messages import describe
from sinergi.atlas.models import BatchKind
from sinergi.atlas.need import weights
from sinergi.atlas.pages import profile_context, svg_data_uri
from sinergi.atlas.pdf import html_to_pdf
from sinergi.atlas.profiles import region_profile
from sinergi.atlas.selectors import import_batch_list
from sinergi.atlas.services import import_batch_create
from sinergi.atlas.tasks import import_run
from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.regions.access import get_region_for_user
from sinergi.regions.codes import InvalidCodeError
from sinergi.regions.models import Region
from sinergi.regions.sections import region_sections
from sinergi.regions.selectors import region_ancestors


def _region(request: HttpRequest, code: str) -> Region:
    try:
        return get_region_for_user(request.user, code)
    except InvalidCodeError as error:
        raise Http404(str(error)) from error


def _profile(request: HttpRequest, region: Region, chart_width: int) -> dict[str, object]:
    full = sees_full_figures(principal_for(request.user), region.code)
    profile = region_profile(region=region, full_figures=full)
    context = profile_context(
        profile, language=translation.get_language() or "id", chart_width=chart_width
    )
    context["parents"] = region_ancestors(region=region)
    context["sections"] = region_sections(region.code)
    return context


def region_profile_page(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    if region.code != code:
        return redirect("atlas:region-profile", code=region.code, permanent=True)
    return render(request, "atlas/profile.html", _profile(request, region, 300))


def region_profile_pdf(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    context = _profile(request, region, 230)
    context["map_image"] = svg_data_uri(str(context["map_svg"])) if context["map_svg"] else ""
    context["chart_images"] = {
        card.key: svg_data_uri(card.chart)
        for card in context["headline"]  # type: ignore[attr-defined]
        if card.chart
    }
    html = render_to_string("atlas/profile_pdf.html", context, request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="profil-{region.code}.pdf"'
    return response


def need_index_method(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "id"
    current = weights()
    total = sum(weight for _info, weight in current) or 1.0
    rows = [(info.name(language), info.direction, weight / total * 100) for info, weight in current]
    return render(request, "atlas/need_index_method.html", {"weights": rows})


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not can_import(principal) or not isinstance(request.user, User):
        return render(request, "atlas/import_not_allowed.html", status=403)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        batch = import_batch_create(
            kind=BatchKind.UPLOAD,
            created_by=request.user,
            filename=upload.name,
            content=content,
            checksum=checksum_of(content),
            dry_run=form.cleaned_data["dry_run"],
        )
        import_run.enqueue(batch.pk)
        return redirect("atlas:import-status", batch_id=batch.pk)
    recent = list(import_batch_list(principal=principal)[:10])
    scope = principal.coordinated_regions()
    return render(
        request,
        "atlas/import.html",
        {"form": form, "recent": recent, "scope": scope, "national": principal.is_national_admin},
    )


@login_required
def import_status_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_import_batch_for_user(request.user, batch_id)
    errors = [describe(error) for error in batch.errors]
    return render(request, "atlas/import_status.html", {"batch": batch, "errors": errors})
