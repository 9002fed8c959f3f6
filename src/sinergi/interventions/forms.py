"""Web forms for interventions, report entry, review and the spreadsheet upload."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.core.taxonomy import PPKS, PROGRAMMES, SECTORS, choices
from sinergi.interventions.models import LocationMode, Status, Unit, Visibility
from sinergi.interventions.services import InterventionData, LocationEntry
from sinergi.regions.codes import InvalidCodeError, normalise_code

_LINE = re.compile(r"^\s*(\S+)(?:\s+(\d+))?(?:\s+(\d+))?\s*$")


# A native date picker takes only ISO yyyy-mm-dd as its value, whatever the language; Django's
# default renders Indonesian's d-m-Y, which the picker showed as empty and saving blanked.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class InterventionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    function = forms.ChoiceField(label=_("Function or sector"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    region = forms.CharField(
        label=_("Region (name or code)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"list": "region-codes", "data-region-picker": "1"}),
    )
    active_from = forms.DateField(label=_("Active from"), required=False, widget=DATE)
    active_until = forms.DateField(label=_("Active until"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["function"].choices = anything + choices(SECTORS)  # type: ignore[attr-defined]
        self.fields["programme"].choices = anything + choices(PROGRAMMES)  # type: ignore[attr-defined]
        self.fields["target_group"].choices = anything + choices(PPKS)  # type: ignore[attr-defined]
        self.fields["status"].choices = anything + list(Status.choices)  # type: ignore[attr-defined]

    def clean_region(self) -> str:
        raw = str(self.cleaned_data.get("region") or "").strip()
        if not raw:
            return ""
        try:
            return normalise_code(raw)
        except InvalidCodeError as error:
            raise forms.ValidationError(_("Pick a region from the list.")) from error


class InterventionForm(forms.Form):
    ref = forms.CharField(label=_("Reference"), max_length=64)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    function = forms.ChoiceField(label=_("Function or sector"))
    programme = forms.ChoiceField(label=_("Government programme it complements"), required=False)
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), required=False, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE)
    budget_idr = forms.IntegerField(label=_("Budget (IDR)"), required=False, min_value=0)
    spend_idr = forms.IntegerField(label=_("Spend (IDR)"), required=False, min_value=0)
    unit = forms.ChoiceField(label=_("Counted in"), choices=Unit.choices)
    location_mode = forms.ChoiceField(
        label=_("How are beneficiaries given?"),
        choices=LocationMode.choices,
        widget=forms.RadioSelect,
    )
    locations = forms.CharField(
        label=_("Locations"),
        help_text=_(
            "One region per line: code, then targeted and reached (e.g. 32.73 500 120). "
            "A region inside another listed region is a breakdown of it, never an addition."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "data-locations": "1"}),
    )
    targeted = forms.IntegerField(
        label=_("Targeted in total (when one total is shared)"),
        required=False,
        min_value=0,
        max_value=2_000_000_000,
    )
    reached = forms.IntegerField(
        label=_("Reached in total (when one total is shared)"),
        required=False,
        min_value=0,
        max_value=2_000_000_000,
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["function"].choices = choices(SECTORS)  # type: ignore[attr-defined]
        self.fields["programme"].choices = [("", _("None")), *choices(PROGRAMMES)]  # type: ignore[attr-defined]
        self.fields["target_groups"].choices = choices(PPKS)  # type: ignore[attr-defined]

    def clean_locations(self) -> list[LocationEntry]:
        entries = []
        for line in str(self.cleaned_data["locations"]).splitlines():
            if not line.strip():
                continue
            match = _LINE.match(line)
            try:
                if match is None:
                    raise InvalidCodeError(line)
                code = normalise_code(match.group(1))
            except InvalidCodeError as error:
                raise forms.ValidationError(
                    _("Not a region line: %(line)s") % {"line": line.strip()}
                ) from error
            entries.append(LocationEntry(code, int(match.group(2) or 0), int(match.group(3) or 0)))
        if not entries:
            raise forms.ValidationError(_("Name at least one location."))
        return entries

    def data_for_service(self) -> InterventionData:
        c = self.cleaned_data
        return InterventionData(
            ref=c["ref"],
            title=c["title"],
            description=c["description"],
            function=c["function"],
            programme=c["programme"],
            status=c["status"],
            start_date=c["start_date"],
            end_date=c["end_date"],
            budget_idr=c["budget_idr"],
            spend_idr=c["spend_idr"],
            unit=c["unit"],
            location_mode=c["location_mode"],
            targeted=c["targeted"] or 0,
            reached=c["reached"] or 0,
            target_groups=list(c["target_groups"]),
            locations=list(c["locations"]),
            visibility=c["visibility"],
        )


class ReportForm(forms.Form):
    narrative = forms.CharField(label=_("Narrative"), required=False, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, indicators: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for pk, label in indicators:
            self.fields[f"value_{pk}"] = forms.DecimalField(
                label=label, required=False, min_value=Decimal(0), max_digits=16, decimal_places=2
            )

    def values(self) -> dict[int, Decimal]:
        return {
            int(name.removeprefix("value_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("value_") and value is not None
        }


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("3W spreadsheet (.csv or .xlsx)"))
    dry_run = forms.BooleanField(label=_("Check only (dry run)"), required=False)
