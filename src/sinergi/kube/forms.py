"""Web forms for the KUBE pages. They only parse; the services decide the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.kube.models import (
    AgeBand,
    BusinessCategory,
    CapitalSource,
    MemberRole,
    Sex,
    Stage,
)
from sinergi.kube.services import MemberData
from sinergi.kube.stages import BERKEMBANG, MAJU, TUMBUH
from sinergi.partners.models import Organisation
from sinergi.regions.codes import InvalidCodeError, normalise_code

CRITERIA_LABELS = {
    "has_mentor": _("Has a mentor (pendamping)"),
    "officers_formed": _("Officers formed (chair, secretary, treasurer)"),
    "received_capital": _("Received capital assistance"),
    "has_nameboard": _("Has a name board"),
    "activity_started": _("Business activity started"),
    "officers_run_activities": _("Officers run the activities"),
    "profit_to_capital_and_welfare": _("Profit goes to capital and members' welfare"),
    "iks_started": _("IKS contributions started"),
    "confidence_rising": _("Members' confidence is rising"),
    "profit_and_capital_growing": _("Profit and capital are growing"),
    "iks_regular": _("IKS contributions are regular"),
    "business_well_managed": _("The business is well managed (books kept)"),
    "economic_relations": _("Has economic relations with other businesses"),
    "solid_social_relations": _("Solid social relations among members"),
}
CRITERIA_GROUPS = (
    (Stage.TUMBUH.label, TUMBUH),
    (Stage.BERKEMBANG.label, BERKEMBANG),
    (Stage.MAJU.label, MAJU),
)
# A native date picker takes only ISO yyyy-mm-dd as its value, whatever the language; Django's
# default renders Indonesian's d-m-Y, which the picker showed as empty and saving blanked.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _region_code(raw: object) -> str:
    text = str(raw or "").strip()
    if not text:
        return ""
    try:
        return normalise_code(text)
    except InvalidCodeError as error:
        raise forms.ValidationError(_("Give a region code such as 32.73.")) from error


def _organisations() -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(
        label=_("Supporting organisation"),
        queryset=Organisation.objects.filter(archived_at__isnull=True).order_by("name"),
        required=False,
    )


class GroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    region = forms.CharField(label=_("Region code"), required=False, max_length=20)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    category = forms.ChoiceField(label=_("Business type"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Supporting organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Any"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["stage"].choices = anything + list(Stage.choices)  # type: ignore[attr-defined]
        self.fields["category"].choices = anything + list(BusinessCategory.choices)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            archived_at__isnull=True
        ).order_by("name")

    def clean_region(self) -> str:
        return _region_code(self.cleaned_data.get("region"))


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=200)
    village = forms.CharField(
        label=_("Village code (desa/kelurahan)"),
        max_length=20,
        help_text=_("Every member lives in this village, e.g. 32.73.01.1001."),
    )
    business_category = forms.ChoiceField(
        label=_("Business type"), choices=BusinessCategory.choices
    )
    formed_on = forms.DateField(label=_("Formed on"), widget=DATE)
    bank_name = forms.CharField(label=_("Bank"), max_length=100, required=False)
    bank_account = forms.CharField(label=_("Bank account"), max_length=34, required=False)
    organisation = _organisations()

    def clean_village(self) -> str:
        return _region_code(self.cleaned_data.get("village"))


class GroupEditForm(GroupForm):
    """Editing keeps the village: the members live there."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["village"]
        del self.fields["formed_on"]


class NikInput(forms.TextInput):
    """A NIK is never sent back to the browser, not even into the form it came from."""

    def format_value(self, value: Any) -> str | None:
        return None


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    nik = forms.CharField(
        label=_("NIK"),
        max_length=16,
        min_length=16,
        widget=NikInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial="member")
    decile = forms.IntegerField(label=_("Decile"), min_value=1, max_value=10, required=False)

    def has_changed(self) -> bool:
        """An extra row counts once a name or NIK is typed (the selects always post)."""
        return any(str(self[name].value() or "").strip() for name in ("name", "nik"))

    def member_data(self, village: str | None = None) -> MemberData:
        c = self.cleaned_data
        return MemberData(
            name=c["name"],
            nik=c["nik"],
            sex=c["sex"],
            age_band=c["age_band"],
            role=c["role"],
            decile=c["decile"],
            village_code=village,
        )


MemberFormSet = forms.formset_factory(MemberForm, extra=10, max_num=20, validate_max=True)


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE)
    criteria_met = forms.MultipleChoiceField(
        label=_("Criteria met"),
        required=False,
        choices=[(key, CRITERIA_LABELS[key]) for _stage, keys in CRITERIA_GROUPS for key in keys],
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class GrantForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (Rp)"), min_value=1, max_digits=14, decimal_places=0
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    source = forms.ChoiceField(label=_("Source"), choices=CapitalSource.choices)
    organisation = _organisations()
    as_intervention = forms.BooleanField(
        label=_("Also record it as an intervention of the granting partner"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].label = _("Granting organisation")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))
    dry_run = forms.BooleanField(label=_("Check only (import nothing)"), required=False)


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    topics = forms.CharField(label=_("Topics"), max_length=300)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    action_items = forms.CharField(
        label=_("Action items (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attendance = forms.IntegerField(label=_("Members attending"), min_value=0, max_value=20)

    def items(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["action_items"].splitlines() if line.strip()
        ]


class MatchingForm(forms.Form):
    region = forms.CharField(label=_("Region code"), max_length=20)

    def clean_region(self) -> str:
        code = _region_code(self.cleaned_data.get("region"))
        if not code:
            raise forms.ValidationError(_("Give a region code such as 32.73."))
        return code


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("reject", _("Reject")), ("end", _("End"))]
    )
    mentor = forms.IntegerField(required=False, min_value=1)
    ended_on = forms.DateField(required=False, widget=DATE)
