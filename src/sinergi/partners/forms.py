"""Page forms. They parse what the browser sends; the services validate it (the same rules as
the API and the import), and ``show_errors`` puts a service's ValidationError back on the
form next to the field it names."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import Role
from sinergi.core.taxonomy import FUNCTIONS, PPKS, PROGRAMMES, PSKS, SDGS, SECTORS, Term, choices
from sinergi.partners.agreement_services import AgreementFields, CommitmentFields, PartyInput
from sinergi.partners.metrics import METRICS
from sinergi.partners.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    BudgetBand,
    FootprintKind,
    OrganisationType,
    ScopeKind,
)
from sinergi.partners.services import FootprintEntry, OrganisationFields
from sinergi.regions.codes import InvalidCodeError, normalise_code

# A native date picker takes only ISO yyyy-mm-dd as its value, whatever the language; Django's
# default renders Indonesian's d-m-Y, which the picker showed as empty and saving blanked.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
PARTNER_ROLE_CHOICES = [
    (Role.PARTNER_ADMIN.value, Role.PARTNER_ADMIN.label),
    (Role.PARTNER_EDITOR.value, Role.PARTNER_EDITOR.label),
    (Role.PARTNER_VIEWER.value, Role.PARTNER_VIEWER.label),
]


def term_choices(terms: tuple[Term, ...]) -> Callable[[], list[tuple[str, str]]]:
    """Choices built when the form is, so labels follow the active language."""
    return lambda: choices(terms)


def codes(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def show_errors(form: forms.BaseForm, error: ValidationError, aliases: dict[str, str]) -> None:
    """Attach a service's field errors to the form's fields (or to the form as a whole)."""
    mapping = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    for field, messages in mapping.items():
        name = aliases.get(field, field)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=50, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=OrganisationType.choices)
    psks = forms.ChoiceField(
        label=_("PSKS category"),
        choices=lambda: [("", "—"), *choices(PSKS)],
        required=False,
        help_text=_("Permensos 8/2012; companies are Dunia Usaha."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    email = forms.CharField(label=_("Email"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    home_region = forms.CharField(
        label=_("Registered in (region code)"),
        max_length=13,
        required=False,
        widget=forms.TextInput(attrs={"list": "region-codes"}),
    )
    nib = forms.CharField(label=_("NIB"), max_length=20, required=False)
    npwp = forms.CharField(label=_("NPWP"), max_length=25, required=False)
    ahu_number = forms.CharField(label=_("AHU decree number"), max_length=100, required=False)
    tjsl_mandatory = forms.BooleanField(
        label=_("TJSL is mandatory (natural-resource company, UU 40/2007 Art. 74)"),
        required=False,
    )
    budget_band = forms.ChoiceField(
        label=_("Yearly budget for social programmes"),
        choices=[("", "—"), *BudgetBand.choices],
        required=False,
    )
    active_since = forms.IntegerField(
        label=_("Active since (year)"), min_value=1800, max_value=2100, required=False
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=term_choices(SECTORS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups (PPKS)"),
        choices=term_choices(PPKS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sdgs = forms.MultipleChoiceField(
        label=_("SDGs"),
        choices=term_choices(SDGS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    nationwide = forms.BooleanField(label=_("Works nationwide"), required=False)
    footprint = forms.CharField(
        label=_("Works in (region codes, comma-separated)"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "32.73, 35.78"}),
    )
    ring_1 = forms.CharField(
        label=_("Obliged to act in, ring 1 (region codes)"),
        required=False,
        help_text=_("Where a company's plants or mines are: its first ring of responsibility."),
    )
    logo = forms.FileField(
        label=_("Logo"), required=False, help_text=_("PNG, JPEG, WebP or GIF, at most 2 MB.")
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    ERROR_ALIASES = {"footprint": "footprint"}

    def fields_for_service(self) -> OrganisationFields:
        data = dict(self.cleaned_data)
        data.pop("logo", None)
        data.pop("remove_logo", None)
        footprint = [
            FootprintEntry(c, FootprintKind.OPERATES) for c in codes(data.pop("footprint"))
        ]
        footprint += [FootprintEntry(c, FootprintKind.RING_1) for c in codes(data.pop("ring_1"))]
        data["footprint"] = footprint
        data["home_region"] = data["home_region"] or None
        return cast(OrganisationFields, data)


def organisation_initial(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Form values from ``services.organisation_snapshot``."""
    initial = dict(snapshot)
    entries = [item.split(":") for item in snapshot["footprint"]]
    initial["footprint"] = ", ".join(c for c, k in entries if k == FootprintKind.OPERATES)
    initial["ring_1"] = ", ".join(c for c, k in entries if k == FootprintKind.RING_1)
    return initial


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.CharField(label=_("Email"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=PARTNER_ROLE_CHOICES)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PARTNER_ROLE_CHOICES)


class AcceptForm(forms.Form):
    """A new account for an invitation; the password goes through Django's validators."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    username = forms.CharField(label=_("Username"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): change nothing"), required=False, initial=True
    )


class DirectoryForm(forms.Form):
    """The directory's filters (GET)."""

    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types")), *OrganisationType.choices], required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=lambda: [("", _("All sectors")), *choices(SECTORS)],
        required=False,
    )
    target_group = forms.ChoiceField(
        label=_("Target group"),
        choices=lambda: [("", _("All target groups")), *choices(PPKS)],
        required=False,
    )
    region = forms.CharField(
        label=_("Works in (region code)"),
        max_length=13,
        required=False,
        widget=forms.TextInput(attrs={"list": "region-codes", "placeholder": "35.78"}),
    )
    verified = forms.BooleanField(label=_("Verified only"), required=False)

    def clean_region(self) -> str:
        text = str(self.cleaned_data.get("region") or "")
        try:
            return normalise_code(text) if text.strip() else ""
        except InvalidCodeError:
            raise ValidationError(_("Enter a region code such as 32.73.")) from None


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    number = forms.CharField(label=_("Number"), max_length=100, required=False)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    parent_id = forms.TypedChoiceField(
        label=_("Carries out (MoU)"), coerce=int, empty_value=None, required=False
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE, required=False)
    place = forms.CharField(label=_("Place of signing"), max_length=100, required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE, required=False)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE, required=False)
    functions = forms.MultipleChoiceField(
        label=_("Functions"),
        choices=term_choices(FUNCTIONS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    programmes = forms.MultipleChoiceField(
        label=_("Programmes"),
        choices=term_choices(PROGRAMMES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups (PPKS)"),
        choices=term_choices(PPKS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    regions = forms.CharField(
        label=_("Regions (codes, comma-separated)"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "32.04, 32.73"}),
    )

    def __init__(self, *args: Any, parents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent_id"].choices = [("", "—"), *parents]  # type: ignore[attr-defined]

    def fields_for_service(self, parties: list[PartyInput]) -> AgreementFields:
        data = dict(self.cleaned_data)
        data["regions"] = codes(data["regions"])
        data["parties"] = parties
        return cast(AgreementFields, data)


def agreement_initial(agreement: Agreement) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Form and party-formset values of a recorded agreement (parties, scope prefetched)."""
    fields = ("kind", "number", "title", "summary", "parent_id", "signed_on", "place")
    initial: dict[str, Any] = {
        f: getattr(agreement, f) for f in (*fields, "valid_from", "valid_until")
    }
    scope = list(agreement.scope.all())
    for kind, field in (
        (ScopeKind.FUNCTION, "functions"),
        (ScopeKind.PROGRAMME, "programmes"),
        (ScopeKind.TARGET_GROUP, "target_groups"),
    ):
        initial[field] = [item.key for item in scope if item.kind == kind]
    initial["regions"] = ", ".join(region.code for region in agreement.regions.all())
    parties = [
        {
            "organisation": party.organisation_id,
            "signatory_name": party.signatory_name,
            "signatory_title": party.signatory_title,
            "party_number": party.party_number,
        }
        for party in agreement.parties.all()
    ]
    return initial, parties


class PartyForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), coerce=int, empty_value=None, required=False
    )
    signatory_name = forms.CharField(label=_("Signatory"), max_length=200, required=False)
    signatory_title = forms.CharField(
        label=_("Signatory's title, as written"), max_length=300, required=False
    )
    party_number = forms.CharField(
        label=_("Party's document number"), max_length=100, required=False
    )

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—"), *organisations]  # type: ignore[attr-defined]


PartyFormSet = forms.formset_factory(PartyForm, extra=1, max_num=20)


def parties_from(formset: forms.BaseFormSet[PartyForm]) -> list[PartyInput]:
    return [
        PartyInput(
            form.cleaned_data["organisation"],
            form.cleaned_data["signatory_name"],
            form.cleaned_data["signatory_title"],
            form.cleaned_data["party_number"],
        )
        for form in formset.forms
        if form.cleaned_data.get("organisation")
    ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AgreementStatus.choices)
    reason = forms.CharField(
        label=_("Reason (when terminating)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    on = forms.DateField(label=_("Ended on"), widget=DATE, required=False)


class CommitmentForm(forms.Form):
    description = forms.CharField(
        label=_("Commitment"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("Mentor 100 KUBE in 5 regencies")}),
    )
    metric = forms.ChoiceField(
        label=_("Measured as"), choices=lambda: [(m.key, m.label) for m in METRICS.values()]
    )
    target = forms.DecimalField(label=_("Target"), min_value=Decimal("0.01"), decimal_places=2)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    region = forms.CharField(
        label=_("Region (code)"),
        max_length=13,
        required=False,
        widget=forms.TextInput(attrs={"list": "region-codes"}),
    )
    organisation_id = forms.TypedChoiceField(
        label=_("Committed by"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, parties: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation_id"].choices = [("", "—"), *parties]  # type: ignore[attr-defined]

    def fields_for_service(self) -> CommitmentFields:
        data = dict(self.cleaned_data)
        data["region"] = data["region"] or None
        return cast(CommitmentFields, data)


class ProgressForm(forms.Form):
    value = forms.DecimalField(
        label=_("Reached so far (cumulative)"), min_value=0, decimal_places=2
    )
    as_of = forms.DateField(label=_("As of"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("Signed document (PDF, at most 10 MB)"))
