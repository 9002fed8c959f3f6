"""Forms of the recommendations, plan and etalase pages (the API has its own schemas)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.taxonomy import PPKS, SECTORS
from sinergi.regions.codes import InvalidCodeError, normalise_code
from sinergi.synergy.models import NeedStatus


def _groups() -> list[tuple[str, str]]:
    return [(g.key, f"{g.key} · {g.label}") for g in PPKS]


# A native date picker takes only ISO yyyy-mm-dd as its value, whatever the language; Django's
# default renders Indonesian's d-m-Y, which the picker showed as empty and saving blanked.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class RegionField(forms.CharField):
    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            return normalise_code(text)
        except InvalidCodeError as error:
            raise forms.ValidationError(_("Not a Kemendagri region code.")) from error


def _year() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year
    )


class RecommendForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int, required=False)
    region = RegionField(label=_("Or a regency (code)"), required=False, max_length=16)
    year = _year()

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—"), *organisations]  # type: ignore[attr-defined]
        self.fields["year"].required = False


class NeedFilterForm(forms.Form):
    region = RegionField(label=_("Region (code)"), required=False, max_length=16)
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *NeedStatus.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_group"].choices = [("", _("All")), *_groups()]  # type: ignore[attr-defined]


class NeedForm(forms.Form):
    region = RegionField(label=_("Region (Kemendagri code)"), max_length=16)
    target_group = forms.ChoiceField(label=_("Target group"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    people = forms.IntegerField(label=_("People in need"), min_value=1, max_value=10_000_000)
    budget_idr = forms.IntegerField(label=_("Budget estimate (IDR)"), min_value=0, max_value=10**15)
    evidence = forms.FileField(label=_("Evidence (PDF, PNG or JPEG, up to 10 MB)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_group"].choices = _groups()  # type: ignore[attr-defined]


class AdoptForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("For organisation"), coerce=int)
    people = forms.IntegerField(label=_("People you will reach"), min_value=1, max_value=10_000_000)
    function = forms.ChoiceField(label=_("Function or sector"))
    budget_idr = forms.IntegerField(
        label=_("Budget (IDR)"), min_value=0, max_value=10**15, required=False
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations  # type: ignore[attr-defined]
        self.fields["function"].choices = [(t.key, t.label) for t in SECTORS]  # type: ignore[attr-defined]


class PledgeForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    year = _year()
    amount_idr = forms.IntegerField(label=_("Pledged budget (IDR)"), min_value=0, max_value=10**15)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations  # type: ignore[attr-defined]


class ScenarioForm(forms.Form):
    """A what-if with at most one change of each kind (the API takes any number)."""

    name = forms.CharField(label=_("Scenario name"), max_length=120)
    year = _year()
    budget_organisation = forms.TypedChoiceField(
        label=_("Change the budget of"), coerce=int, required=False, empty_value=None
    )
    budget_idr = forms.IntegerField(
        label=_("to (IDR)"), min_value=0, max_value=10**15, required=False
    )
    cost_group = forms.ChoiceField(label=_("Change the unit cost of"), required=False)
    cost_idr = forms.IntegerField(
        label=_("to (IDR per person)"), min_value=1, max_value=10**12, required=False
    )
    bound_region = RegionField(
        label=_("Region with a minimum or maximum (code)"), required=False, max_length=16
    )
    bound_minimum = forms.IntegerField(
        label=_("Minimum (IDR)"), min_value=0, max_value=10**15, required=False
    )
    bound_maximum = forms.IntegerField(
        label=_("Maximum (IDR)"), min_value=0, max_value=10**15, required=False
    )

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget_organisation"].choices = [("", "—"), *organisations]  # type: ignore[attr-defined]
        self.fields["cost_group"].choices = [("", "—"), *_groups()]  # type: ignore[attr-defined]

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes: dict[str, Any] = {}
        if data["budget_organisation"] and data["budget_idr"] is not None:
            changes["budgets"] = {str(data["budget_organisation"]): data["budget_idr"]}
        if data["cost_group"] and data["cost_idr"]:
            changes["unit_costs"] = {data["cost_group"]: data["cost_idr"]}
        if data["bound_region"]:
            changes["bounds"] = [
                {
                    "region": data["bound_region"],
                    "minimum": data["bound_minimum"] or 0,
                    "maximum": data["bound_maximum"],
                }
            ]
        return changes
