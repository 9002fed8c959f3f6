"""Agreement pages: the list, a detail page with a progress bar per commitment, the forms to
record and change agreements, commitments, progress and documents, document downloads and
the alerts panel. Every page needs an account; access as in ``partners.access``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.core.taxonomy import FUNCTIONS, PPKS, PROGRAMMES, Term
from sinergi.partners import forms
from sinergi.partners.access import (
    EDITING_ROLES,
    agreement_rights,
    get_agreement_for_user,
    get_commitment_for_user,
    get_document_for_user,
    may_be_party,
)
from sinergi.partners.agreement_services import (
    agreement_create,
    agreement_status_change,
    agreement_update,
    commitment_create,
    commitment_update,
    document_add,
    document_remove,
    progress_report_create,
)
from sinergi.partners.metrics import METRICS
from sinergi.partners.models import Agreement, AgreementStatus, ScopeKind
from sinergi.partners.presentation import history_entries
from sinergi.partners.selectors import (
    AgreementFilters,
    agreement_choices,
    agreement_history,
    agreement_list,
    alert_list,
    commitment_list,
    commitment_progress,
    document_list,
    organisation_choices,
    region_options,
)
from sinergi.partners.views import INVALID

PAGE_SIZE = 25
_SCOPE_TERMS: dict[str, dict[str, Term]] = {
    ScopeKind.FUNCTION: {t.key: t for t in FUNCTIONS},
    ScopeKind.PROGRAMME: {t.key: t for t in PROGRAMMES},
    ScopeKind.TARGET_GROUP: {t.key: t for t in PPKS},
}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - behind login_required
    return request.user


@login_required
def agreement_list_page(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    filters = AgreementFilters(
        q=request.GET.get("q", "")[:100],
        status=status if status in AgreementStatus.values else "",
    )
    found = agreement_list(user=_user(request), filters=filters)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/agreement_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": AgreementStatus.choices,
            "may_create": principal_for(request.user).is_national_admin
            or bool(principal_for(request.user).organisation_ids(EDITING_ROLES)),
            "alerts": alert_list(user=_user(request))[:5],
        },
    )


def _scope_labels(agreement: Agreement) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {kind: [] for kind in _SCOPE_TERMS}
    for item in agreement.scope.all():
        term = _SCOPE_TERMS.get(item.kind, {}).get(item.key)
        labels[item.kind].append(term.label if term else item.key)
    return labels


@login_required
def agreement_detail_page(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, agreement_id)
    can_edit = agreement_rights(principal_for(request.user), agreement).edit
    commitments = commitment_list(agreement=agreement)
    progress = commitment_progress(commitments)
    parties = [(p.organisation_id, p.organisation.name) for p in agreement.parties.all()]
    context: dict[str, Any] = {
        "agreement": agreement,
        "can_edit": can_edit,
        "scope": _scope_labels(agreement),
        "rows": [(c, progress[c.pk], METRICS.get(c.metric)) for c in commitments],
        "documents": document_list(agreement=agreement),
        "history": history_entries(agreement_history(agreement=agreement)[:20]),
        "commitment_form": forms.CommitmentForm(parties=parties),
        "document_form": forms.DocumentForm(),
        "status_form": forms.StatusForm(),
        "regions": region_options() if can_edit else [],
    }
    return render(request, "partners/agreement_detail.html", context)


def _agreement_form_page(
    request: HttpRequest, agreement: Agreement | None
) -> tuple[forms.AgreementForm, Any, bool]:
    """The agreement form and party formset, bound on POST; True when both are valid."""
    organisations = organisation_choices()
    parents = [
        c for c in agreement_choices(user=_user(request)) if not agreement or c[0] != agreement.pk
    ]
    initial, party_initial = forms.agreement_initial(agreement) if agreement else ({}, [])
    data = request.POST if request.method == "POST" else None
    form = forms.AgreementForm(data, initial=initial, parents=parents)
    formset = forms.PartyFormSet(
        data,
        initial=party_initial or None,
        prefix="parties",
        form_kwargs={"organisations": organisations},
    )
    if agreement is None and data is None:
        formset.extra = 2
    return form, formset, data is not None and form.is_valid() and formset.is_valid()


def _render_form(
    request: HttpRequest, form: Form, formset: Any, agreement: Agreement | None
) -> HttpResponse:
    return render(
        request,
        "partners/agreement_form.html",
        {"form": form, "formset": formset, "agreement": agreement, "regions": region_options()},
        status=INVALID if request.method == "POST" else 200,
    )


@login_required
def agreement_create_page(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not principal.is_national_admin and not principal.organisation_ids(EDITING_ROLES):
        raise PermissionDenied(
            _("Partner admins and editors record their organisation's agreements.")
        )
    form, formset, valid = _agreement_form_page(request, None)
    if valid:
        parties = forms.parties_from(formset)
        if not may_be_party(principal, [p.organisation_id for p in parties]):
            form.add_error(None, _("Record agreements your own organisation signs."))
        else:
            try:
                agreement = agreement_create(
                    actor=_user(request), fields=form.fields_for_service(parties)
                )
                messages.success(request, _("The agreement is recorded as a draft."))
                return redirect("partners:agreement-detail", agreement.pk)
            except ValidationError as error:
                forms.show_errors(form, error, {})
    return _render_form(request, form, formset, None)


@login_required
def agreement_update_page(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, agreement_id, write=True)
    form, formset, valid = _agreement_form_page(request, agreement)
    if valid:
        parties = forms.parties_from(formset)
        if not may_be_party(principal_for(request.user), [p.organisation_id for p in parties]):
            form.add_error(None, _("Keep your own organisation among the parties."))
        else:
            try:
                agreement_update(
                    actor=_user(request),
                    agreement=agreement,
                    fields=form.fields_for_service(parties),
                )
                messages.success(request, _("Changes saved."))
                return redirect("partners:agreement-detail", agreement.pk)
            except ValidationError as error:
                forms.show_errors(form, error, {})
    return _render_form(request, form, formset, agreement)


def _done(
    request: HttpRequest, agreement_id: int, form: Form, call: Any, success: str
) -> HttpResponse:
    """Run a detail-page action; its errors come back as a message on the detail page."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
            messages.success(request, success)
            return redirect("partners:agreement-detail", agreement_id)
        except ValidationError as error:
            forms.show_errors(form, error, {})
    problems = " ".join(str(m) for errors in form.errors.values() for m in errors)
    messages.error(request, problems)
    return redirect("partners:agreement-detail", agreement_id)


@login_required
@require_POST
def agreement_status_page(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, agreement_id, write=True)
    return _done(
        request,
        agreement_id,
        forms.StatusForm(request.POST),
        lambda data: agreement_status_change(
            actor=_user(request),
            agreement=agreement,
            status=data["status"],
            reason=data["reason"],
            on=data["on"],
        ),
        _("Status changed."),
    )


@login_required
@require_POST
def commitment_create_page(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, agreement_id, write=True)
    parties = [(p.organisation_id, p.organisation.name) for p in agreement.parties.all()]
    form = forms.CommitmentForm(request.POST, parties=parties)
    return _done(
        request,
        agreement_id,
        form,
        lambda data: commitment_create(
            actor=_user(request), agreement=agreement, fields=form.fields_for_service()
        ),
        _("Commitment added."),
    )


@login_required
def commitment_update_page(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, commitment_id, write=True)
    agreement = commitment.agreement
    parties = [(p.organisation_id, p.organisation.name) for p in agreement.parties.all()]
    initial = {
        "description": commitment.description,
        "metric": commitment.metric,
        "target": commitment.target,
        "deadline": commitment.deadline,
        "region": commitment.region_id or "",
        "organisation_id": commitment.organisation_id,
    }
    form = forms.CommitmentForm(request.POST or None, initial=initial, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            commitment_update(
                actor=_user(request), commitment=commitment, fields=form.fields_for_service()
            )
            messages.success(request, _("Commitment changed."))
            return redirect("partners:agreement-detail", agreement.pk)
        except ValidationError as error:
            forms.show_errors(form, error, {"region_id": "region"})
    return render(
        request,
        "partners/commitment_form.html",
        {
            "form": form,
            "commitment": commitment,
            "agreement": agreement,
            "regions": region_options(),
        },
        status=INVALID if request.method == "POST" else 200,
    )


@login_required
@require_POST
def progress_create_page(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, commitment_id, write=True)
    return _done(
        request,
        commitment.agreement_id,
        forms.ProgressForm(request.POST),
        lambda data: progress_report_create(
            actor=_user(request),
            commitment=commitment,
            value=data["value"],
            as_of=data["as_of"],
            note=data["note"],
        ),
        _("Progress reported."),
    )


@login_required
@require_POST
def document_upload_page(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, agreement_id, write=True)
    return _done(
        request,
        agreement_id,
        forms.DocumentForm(request.POST, request.FILES),
        lambda data: document_add(
            actor=_user(request),
            agreement=agreement,
            file=data["file"],
            filename=data["file"].name,
            title=data["title"],
        ),
        _("Document attached."),
    )


@login_required
def document_download(request: HttpRequest, agreement_id: int, document_id: int) -> FileResponse:
    """Served only after the access check, as an attachment, never cached by proxies."""
    document = get_document_for_user(request.user, agreement_id, document_id)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def document_remove_page(request: HttpRequest, agreement_id: int, document_id: int) -> HttpResponse:
    document = get_document_for_user(request.user, agreement_id, document_id)
    get_agreement_for_user(request.user, agreement_id, write=True)
    document_remove(actor=_user(request), document=document)
    messages.success(request, _("Document removed."))
    return redirect("partners:agreement-detail", agreement_id)


@login_required
def alerts_page(request: HttpRequest) -> HttpResponse:
    return render(request, "partners/alerts.html", {"alerts": alert_list(user=_user(request))})
