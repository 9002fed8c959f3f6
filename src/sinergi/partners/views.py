"""Organisation pages: the directory, profiles, "my organisation", editing, the team and
invitations, history, logos and the bulk import. Agreement pages are in ``agreement_views``.

Each view parses its input, asks ``partners.access`` for the object (404 for what the user may
not see, 403 for what they may see but not change), calls a service or selector and renders.
An invalid form comes back with its errors and status 422.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.core.tabular import ImportRejected, UnreadableFile
from sinergi.partners import forms
from sinergi.partners.access import (
    get_organisation_for_user,
    get_organisation_private_for_user,
    get_organisation_to_archive_for_user,
    get_organisation_to_verify_for_user,
    may_create_organisation,
    may_manage_tokens,
    may_set_home_region,
    organisation_rights,
)
from sinergi.partners.imports import organisations_import
from sinergi.partners.links import organisation_links
from sinergi.partners.models import Organisation
from sinergi.partners.presentation import history_entries, organisation_card
from sinergi.partners.selectors import (
    AgreementFilters,
    OrganisationFilters,
    account_exists,
    agreement_list,
    contact_get,
    contact_list,
    invitation_get,
    invitation_get_by_token,
    invitation_pending_list,
    member_get,
    member_list,
    organisation_history,
    organisation_list,
    organisation_profile,
    organisation_token_list,
    organisations_of_user,
    region_options,
)
from sinergi.partners.services import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
    member_remove,
    member_role_change,
    organisation_archive,
    organisation_contact_add,
    organisation_contact_remove,
    organisation_create,
    organisation_logo_remove,
    organisation_logo_set,
    organisation_snapshot,
    organisation_update,
    organisation_verify,
)

PAGE_SIZE = 24
INVALID = 422


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - behind login_required
    return request.user


def organisation_directory(request: HttpRequest) -> HttpResponse:
    form = forms.DirectoryForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    found: Any = []  # filters that cannot be read find nobody, rather than everybody
    if valid:
        data = form.cleaned_data if form.is_bound else {}
        filters = OrganisationFilters(
            q=data.get("q", ""),
            type=data.get("type", ""),
            sector=data.get("sector", ""),
            target_group=data.get("target_group", ""),
            region=data.get("region", ""),
            verified=True if data.get("verified") else None,
        )
        found = organisation_list(filters=filters)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    principal = principal_for(request.user)
    return render(
        request,
        "partners/organisation_list.html",
        {
            "form": form,
            "page": page,
            "cards": [organisation_card(o) for o in page.object_list],
            "query": query.urlencode(),
            "regions": region_options(),
            "may_create": principal.is_national_admin or bool(principal.coordinated_regions()),
            "may_import": principal.is_national_admin,
        },
        status=200 if valid else INVALID,
    )


def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, organisation_id)
    rights = organisation_rights(principal_for(request.user), organisation)
    context: dict[str, Any] = {
        "card": organisation_card(organisation_profile(organisation_id=organisation.pk)),
        "organisation": organisation,
        "rights": rights,
        "downloads": organisation_links(organisation),
    }
    if rights.view_private:
        context["contacts"] = contact_list(organisation=organisation)
        context["contact_form"] = forms.ContactForm()
        context["agreements"] = agreement_list(
            user=request.user if isinstance(request.user, User) else None,
            filters=AgreementFilters(organisation=organisation.pk),
        )
    return render(request, "partners/organisation_detail.html", context)


@login_required
def my_organisation(request: HttpRequest) -> HttpResponse:
    organisations = organisations_of_user(user=_user(request))
    if len(organisations) == 1:
        return redirect("partners:organisation-detail", organisations[0].pk)
    return render(request, "partners/my_organisation.html", {"organisations": organisations})


def _form_page(
    request: HttpRequest, form: forms.OrganisationForm, organisation: Organisation | None
) -> dict[str, Any]:
    return {"form": form, "organisation": organisation, "regions": region_options()}


def _save_logo(request: HttpRequest, organisation: Organisation, *, remove: bool) -> None:
    upload = request.FILES.get("logo")
    if upload is not None:
        organisation_logo_set(actor=_user(request), organisation=organisation, file=upload)
    elif remove:
        organisation_logo_remove(actor=_user(request), organisation=organisation)


@login_required
def organisation_create_page(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not principal.is_national_admin and not principal.coordinated_regions():
        raise PermissionDenied(_("National admins and regional coordinators register partners."))
    form = forms.OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = form.fields_for_service()
        if not may_create_organisation(principal, fields.get("home_region")):
            form.add_error("home_region", _("Choose a region within your own."))
        else:
            try:
                with transaction.atomic():  # a refused logo leaves no organisation behind
                    organisation = organisation_create(actor=_user(request), fields=fields)
                    _save_logo(request, organisation, remove=False)
                messages.success(request, _("The organisation is registered."))
                return redirect("partners:organisation-detail", organisation.pk)
            except ValidationError as error:
                forms.show_errors(form, error, form.ERROR_ALIASES)
    status = INVALID if request.method == "POST" else 200
    return render(
        request, "partners/organisation_form.html", _form_page(request, form, None), status=status
    )


@login_required
def organisation_update_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, organisation_id, write=True)
    principal = principal_for(request.user)
    initial = forms.organisation_initial(organisation_snapshot(organisation))
    form = forms.OrganisationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.fields_for_service()
        if not may_set_home_region(principal, organisation, fields.get("home_region")):
            form.add_error("home_region", _("Choose a region within your own."))
        else:
            try:
                with transaction.atomic():  # a refused logo leaves the profile unchanged
                    organisation_update(
                        actor=_user(request),
                        organisation=organisation,
                        fields=fields,
                        may_verify=organisation_rights(principal, organisation).verify,
                    )
                    _save_logo(request, organisation, remove=form.cleaned_data["remove_logo"])
                messages.success(request, _("Changes saved."))
                return redirect("partners:organisation-detail", organisation.pk)
            except ValidationError as error:
                forms.show_errors(form, error, form.ERROR_ALIASES)
    status = INVALID if request.method == "POST" else 200
    return render(
        request,
        "partners/organisation_form.html",
        _form_page(request, form, organisation),
        status=status,
    )


@login_required
@require_POST
def organisation_verify_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = get_organisation_to_verify_for_user(request.user, organisation_id)
    verified = request.POST.get("verified") != "0"
    organisation_verify(actor=_user(request), organisation=organisation, verified=verified)
    messages.success(
        request, _("Marked as verified.") if verified else _("Verification withdrawn.")
    )
    return redirect("partners:organisation-detail", organisation.pk)


@login_required
@require_POST
def organisation_archive_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = get_organisation_to_archive_for_user(request.user, organisation_id)
    organisation_archive(actor=_user(request), organisation=organisation)
    messages.success(request, _("The organisation is archived."))
    return redirect("partners:organisation-list")


def organisation_logo(request: HttpRequest, organisation_id: int) -> FileResponse:
    organisation = get_organisation_for_user(request.user, organisation_id)
    if not organisation.logo:
        raise Http404(_("This organisation has no logo."))
    response = FileResponse(organisation.logo.open("rb"), content_type="image/png")
    # The address changes with the content (?v=hash), so browsers may keep it a long time.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@login_required
def organisation_history_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, _rights = get_organisation_private_for_user(request.user, organisation_id)
    events = Paginator(organisation_history(organisation=organisation), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "partners/history.html",
        {
            "subject": organisation,
            "page": events,
            "entries": history_entries(events.object_list),
            "back": organisation_detail_url(organisation),
        },
    )


def organisation_detail_url(organisation: Organisation) -> str:
    return reverse("partners:organisation-detail", args=[organisation.pk])


@login_required
@require_POST
def contact_add_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, organisation_id, write=True)
    form = forms.ContactForm(request.POST)
    if form.is_valid():
        try:
            organisation_contact_add(
                actor=_user(request), organisation=organisation, **form.cleaned_data
            )
            messages.success(request, _("Contact added."))
            return redirect("partners:organisation-detail", organisation.pk)
        except ValidationError as error:
            forms.show_errors(form, error, {})
    messages.error(request, _("The contact was not added: %(errors)s") % {"errors": _errors(form)})
    return redirect("partners:organisation-detail", organisation.pk)


@login_required
@require_POST
def contact_remove_page(
    request: HttpRequest, organisation_id: int, contact_id: int
) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, organisation_id, write=True)
    contact = contact_get(organisation=organisation, contact_id=contact_id)
    if contact is None:
        raise Http404(_("No contact has this number."))
    organisation_contact_remove(actor=_user(request), contact=contact)
    messages.success(request, _("Contact removed."))
    return redirect("partners:organisation-detail", organisation.pk)


def _errors(form: Form) -> str:
    return " ".join(str(m) for messages_ in form.errors.values() for m in messages_)


@login_required
def team_page(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, rights = get_organisation_private_for_user(request.user, organisation_id)
    invite = forms.InvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not rights.manage_team:
            raise PermissionDenied(_("Only the organisation's partner admins manage its team."))
        if invite.is_valid():
            try:
                invitation_create(
                    actor=_user(request),
                    organisation=organisation,
                    email=invite.cleaned_data["email"],
                    role=invite.cleaned_data["role"],
                    link_base=request.build_absolute_uri("/"),
                )
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": invite.cleaned_data["email"]},
                )
                return redirect("partners:organisation-team", organisation.pk)
            except ValidationError as error:
                forms.show_errors(invite, error, {})
        status = INVALID
    return render(
        request,
        "partners/team.html",
        {
            "organisation": organisation,
            "rights": rights,
            "members": member_list(organisation=organisation),
            "invitations": invitation_pending_list(organisation=organisation)
            if rights.manage_team
            else [],
            "invite": invite,
            "roles": forms.PARTNER_ROLE_CHOICES,
            "manage_tokens": may_manage_tokens(rights, principal_for(request.user)),
            "tokens": organisation_token_list(organisation=organisation),
        },
        status=status,
    )


@login_required
@require_POST
def member_role_page(request: HttpRequest, organisation_id: int, user_id: int) -> HttpResponse:
    organisation, _rights = get_organisation_private_for_user(
        request.user, organisation_id, manage_team=True
    )
    member = member_get(organisation=organisation, user_id=user_id)
    form = forms.MemberRoleForm(request.POST)
    if member is None:
        raise Http404(_("This person is not in the team."))
    try:
        if not form.is_valid():
            raise ValidationError({"role": _("Choose partner admin, editor or viewer.")})
        member_role_change(
            actor=_user(request),
            organisation=organisation,
            member=member.user,
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("Role changed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("partners:organisation-team", organisation.pk)


@login_required
@require_POST
def member_remove_page(request: HttpRequest, organisation_id: int, user_id: int) -> HttpResponse:
    organisation, _rights = get_organisation_private_for_user(
        request.user, organisation_id, manage_team=True
    )
    member = member_get(organisation=organisation, user_id=user_id)
    if member is None:
        raise Http404(_("This person is not in the team."))
    try:
        member_remove(actor=_user(request), organisation=organisation, member=member.user)
        messages.success(request, _("Removed from the team."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("partners:organisation-team", organisation.pk)


@login_required
@require_POST
def invitation_revoke_page(
    request: HttpRequest, organisation_id: int, invitation_id: int
) -> HttpResponse:
    organisation, _rights = get_organisation_private_for_user(
        request.user, organisation_id, manage_team=True
    )
    invitation = invitation_get(organisation=organisation, invitation_id=invitation_id)
    if invitation is None:
        raise Http404(_("No invitation has this number."))
    invitation_revoke(actor=_user(request), invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("partners:organisation-team", organisation.pk)


def invitation_accept_page(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the invitation email. A signed-in user joins with one click; anyone
    else creates their account here (or signs in first if the address already has one)."""
    invitation = invitation_get_by_token(token=token)
    if invitation is None:
        return render(request, "partners/invitation_invalid.html", status=404)
    signed_in = request.user.is_authenticated
    existing = not signed_in and account_exists(email=invitation.email)
    form = forms.AcceptForm(request.POST or None)
    if request.method == "POST":
        try:
            if signed_in:
                user = invitation_accept(invitation=invitation, user=_user(request))
            elif form.is_valid():
                user = invitation_accept(
                    invitation=invitation,
                    username=form.cleaned_data["username"],
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
                login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            else:
                raise ValidationError({})
            messages.success(
                request, _("Welcome to %(name)s.") % {"name": invitation.organisation.name}
            )
            return redirect("partners:organisation-detail", invitation.organisation_id)
        except ValidationError as error:
            forms.show_errors(form, error, {"password": "password1"})
    return render(
        request,
        "partners/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "signed_in": signed_in,
            "existing": existing,
            "login_url": reverse("login") + "?next=" + request.path,
        },
        status=INVALID if request.method == "POST" else 200,
    )


@login_required
def organisation_import_page(request: HttpRequest) -> HttpResponse:
    if not principal_for(request.user).is_national_admin:
        raise PermissionDenied(_("Only national admins import organisations."))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["report"] = organisations_import(
                file=upload,
                filename=upload.name,
                actor=_user(request),
                dry_run=form.cleaned_data["dry_run"],
            )
        except UnreadableFile as error:
            form.add_error("file", str(error))
            status = INVALID
        except ImportRejected as rejected:
            context["errors"] = rejected.errors
            status = INVALID
    elif request.method == "POST":
        status = INVALID
    return render(request, "partners/organisation_import.html", context, status=status)
