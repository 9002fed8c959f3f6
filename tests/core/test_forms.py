"""Every date input renders ISO ``yyyy-mm-dd`` (the only value a native date picker accepts)
whatever the language, and parsing accepts ISO in every language.

Django's ``DateInput`` without an explicit format renders the active locale's first input
format (``%d-%m-%Y`` in Indonesian), which the browser rejects and shows as an empty field, so
saving a form unchanged blanked its dates. Parsing ISO needs nothing: Django appends the ISO
formats to each locale's ``DATE_INPUT_FORMATS``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from django import forms
from django.utils import translation

import sinergi


def _form_classes() -> list[type[forms.Form]]:
    found: list[type[forms.Form]] = []
    for module_info in pkgutil.walk_packages(sinergi.__path__, "sinergi."):
        if not module_info.name.rsplit(".", 1)[-1].endswith("forms"):
            continue
        module = importlib.import_module(module_info.name)
        found.extend(
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, forms.Form)
            and value.__module__ == module.__name__
        )
    return found


def _date_fields() -> list[tuple[str, forms.Field]]:
    return [
        (f"{form.__module__}.{form.__name__}.{name}", field)
        for form in _form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField)
    ]


def test_the_forms_with_dates_are_found() -> None:
    names = {name for name, _field in _date_fields()}
    # The forms users edit dates in; if one is renamed the walk must still find it.
    assert {
        "sinergi.interventions.forms.InterventionForm.start_date",
        "sinergi.partners.forms.AgreementForm.valid_from",
        "sinergi.kube.forms.GroupForm.formed_on",
        "sinergi.synergy.plan_forms.AdoptForm.end_date",
    } <= names


@pytest.mark.parametrize(
    ("name", "field"), [pytest.param(name, field, id=name) for name, field in _date_fields()]
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_date_field_renders_iso(name: str, field: forms.Field, language: str) -> None:
    assert field.widget.input_type == "date", f"{name} is not a date picker"
    with translation.override(language):
        html = field.widget.render("on", date(2026, 3, 5))
    assert 'type="date"' in html and 'value="2026-03-05"' in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_iso_dates_parse_in_every_language(language: str) -> None:
    with translation.override(language):
        assert forms.DateField().clean("2026-03-05") == date(2026, 3, 5)
        # What Django's default DateInput rendered in Indonesian (and the picker refused).
        assert forms.DateInput().format_value(date(2026, 3, 5)) == (
            "05-03-2026" if language == "id" else "2026-03-05"
        )
