"""Forms for an intervention's indicators: track one from the library, make the
organisation's own, and change baseline and targets. Targets per period are typed one per
line (``2026-Q1 100``), like the locations of the intervention form."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.core.taxonomy import PROGRAMMES, SDGS, SECTORS, choices
from sinergi.interventions.models import Indicator

_TARGET_LINE = re.compile(r"^\s*(\d{4}-Q[1-4])\s*[:=]?\s*([0-9]+(?:[.,][0-9]{1,2})?)\s*$")
LABELS = {term.key: term.label for term in (*SECTORS, *PROGRAMMES)}
MAX_VALUE = Decimal("99999999999999.99")


def targets_text(targets: dict[str, str]) -> str:
    """The stored per-period targets as the form shows them."""
    return "\n".join(f"{period} {value}" for period, value in sorted(targets.items()))


def library_label(indicator: Indicator) -> str:
    """What the library choice shows: code, name, unit, function, programme and SDG tags,
    and whether the indicator counts people reached."""
    parts = [LABELS.get(indicator.function, indicator.function)]
    if indicator.programme:
        parts.append(LABELS.get(indicator.programme, indicator.programme))
    if indicator.sdgs:
        parts.append(", ".join(indicator.sdgs))
    if indicator.counts_reached:
        parts.append(str(_("counts people reached")))
    if indicator.organisation_id is not None:
        parts.append(str(_("own indicator")))
    return f"{indicator.code} · {indicator.name} ({indicator.unit}) — {' · '.join(parts)}"


class TargetsForm(forms.Form):
    baseline = forms.DecimalField(
        label=_("Baseline"),
        min_value=Decimal(0),
        max_value=MAX_VALUE,
        max_digits=16,
        decimal_places=2,
        initial=Decimal(0),
    )
    target = forms.DecimalField(
        label=_("Target for the whole intervention"),
        min_value=Decimal(0),
        max_value=MAX_VALUE,
        max_digits=16,
        decimal_places=2,
    )
    targets = forms.CharField(
        label=_("Targets per period"),
        required=False,
        help_text=_("One period per line: the quarter, then its target (e.g. 2026-Q1 100)."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_targets(self) -> dict[str, Decimal]:
        found: dict[str, Decimal] = {}
        for line in str(self.cleaned_data["targets"]).splitlines():
            if not line.strip():
                continue
            match = _TARGET_LINE.match(line)
            if match is None:
                raise forms.ValidationError(
                    _("Not a period line: %(line)s") % {"line": line.strip()}
                )
            period, raw = match.group(1), match.group(2).replace(",", ".")
            if period in found:
                raise forms.ValidationError(
                    _("The period %(period)s is given twice.") % {"period": period}
                )
            try:
                value = Decimal(raw)
            except InvalidOperation as error:  # pragma: no cover - the pattern admits digits
                raise forms.ValidationError(_("Not a number: %(line)s") % {"line": line}) from error
            if value > MAX_VALUE:
                raise forms.ValidationError(_("The target is too large."))
            found[period] = value
        return found


class LibraryTrackForm(TargetsForm):
    indicator = forms.ChoiceField(label=_("Indicator"))

    field_order = ("indicator", "baseline", "target", "targets")

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offered = {str(i.pk): i for i in indicators}
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose an indicator")),
            *((str(i.pk), library_label(i)) for i in indicators),
        ]

    def clean_indicator(self) -> Indicator:
        chosen = self.offered.get(str(self.cleaned_data["indicator"]))
        if chosen is None:  # pragma: no cover - ChoiceField refuses values it did not offer
            raise forms.ValidationError(_("Choose an indicator from the list."))
        return chosen


class CustomIndicatorForm(TargetsForm):
    name = forms.CharField(label=_("Indicator name"), max_length=300)
    unit = forms.CharField(
        label=_("Unit"), max_length=32, help_text=_("What is counted, e.g. orang, keluarga, paket.")
    )
    function = forms.ChoiceField(label=_("Function or sector"))
    programme = forms.ChoiceField(label=_("Government programme"), required=False)
    sdgs = forms.MultipleChoiceField(
        label=_("SDG tags"), required=False, widget=forms.CheckboxSelectMultiple
    )
    counts_reached = forms.BooleanField(
        label=_("Its values are the people (or families) this intervention reached"),
        required=False,
        help_text=_(
            "Once a report is approved, these values are what coverage, gaps and commitments "
            "count as reached. At most one indicator of an intervention counts people reached."
        ),
    )

    field_order = (
        "name",
        "unit",
        "function",
        "programme",
        "sdgs",
        "counts_reached",
        "baseline",
        "target",
        "targets",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["function"].choices = choices(SECTORS)  # type: ignore[attr-defined]
        self.fields["programme"].choices = [("", _("No programme")), *choices(PROGRAMMES)]  # type: ignore[attr-defined]
        self.fields["sdgs"].choices = [(t.key, f"{t.key} {t.label}") for t in SDGS]  # type: ignore[attr-defined]
