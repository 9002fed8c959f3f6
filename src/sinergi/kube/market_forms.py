"""Page forms for Pasar KUBE. They parse what the browser sends; the services validate it (the
same rules as the API), and ``partners.forms.show_errors`` puts a service's ValidationError
back next to the field it names."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinergi.kube.models import BusinessCategory, BuyerType
from sinergi.regions.codes import InvalidCodeError, normalise_code

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A native date picker takes only ISO yyyy-mm-dd as its value, whatever the language; Django's
# default renders Indonesian's d-m-Y, which the picker showed as empty and saving blanked.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def money(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=0,
        initial=0 if required else None,
        help_text=help_text,
    )


CATEGORY_CHOICES = [("", _("All categories")), *BusinessCategory.choices]


def region_code(text: str) -> str:
    try:
        return normalise_code(text) if text.strip() else ""
    except InvalidCodeError:
        raise ValidationError(_("Enter a region code such as 32.73.")) from None


class CatalogueForm(forms.Form):
    q = forms.CharField(label=_("Search products"), max_length=100, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=CATEGORY_CHOICES, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    price_min = money(_("Lowest price (Rp)"), required=False)
    price_max = money(_("Highest price (Rp)"), required=False)

    def __init__(self, *args: object, regions: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["region"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [("", _("All regions")), *regions]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        low, high = data.get("price_min"), data.get("price_max")
        if isinstance(low, Decimal) and isinstance(high, Decimal) and low > high:
            self.add_error("price_max", _("The highest price is below the lowest."))
        return data


class InquiryForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10_000_000)
    message = forms.CharField(
        label=_("Message to the group"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BuyerSignupForm(forms.Form):
    username = forms.RegexField(label=_("Username"), regex=r"^[\w.@+-]{3,150}$", max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=128)
    buyer_type = forms.ChoiceField(label=_("Buyer type"), choices=BuyerType.choices)
    name = forms.CharField(label=_("Business or buyer name"), max_length=200)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    phone = forms.RegexField(
        label=_("Phone"), regex=r"^[0-9+() \-]*$", max_length=30, required=False
    )
    email = forms.EmailField(label=_("Email"), required=False)
    home_region = forms.CharField(
        label=_("Location (region code)"),
        max_length=13,
        widget=forms.TextInput(attrs={"list": "region-codes", "placeholder": "32.73"}),
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories you buy"),
        choices=BusinessCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_home_region(self) -> str:
        code = region_code(str(self.cleaned_data.get("home_region") or ""))
        if not code:
            raise ValidationError(_("Enter a region code such as 32.73."))
        return code


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=BusinessCategory.choices)
    unit = forms.CharField(label=_("Unit (e.g. kg, pack)"), max_length=30)
    price = money(_("Price per unit (Rp)"))
    monthly_capacity = forms.IntegerField(
        label=_("Monthly capacity (units)"), min_value=0, max_value=10_000_000
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    active = forms.BooleanField(label=_("Shown in the catalogue"), required=False, initial=True)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Add a photo (PNG, JPEG, WebP or GIF)"))


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("quote", "confirm", "deliver", "pay", "cancel")]
    )
    unit_price = forms.DecimalField(
        label=_("Price per unit (Rp)"),
        required=False,
        min_value=Decimal(1),
        max_digits=12,
        decimal_places=0,
    )
    delivered_on = forms.DateField(label=_("Delivered on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class LedgerForm(forms.Form):
    month = forms.RegexField(
        label=_("Month"),
        regex=r"^[1-9]\d{3}-(0[1-9]|1[0-2])$",
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    other_revenue = money(_("Other revenue (Rp)"), help_text=_("Sales outside Pasar KUBE orders"))
    costs = money(_("Costs (Rp)"))
    savings = money(_("Savings (Rp)"))
    iks = money(_("IKS contribution (Rp)"))
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def month_start(self) -> date:
        year, month = (int(p) for p in str(self.cleaned_data["month"]).split("-"))
        return date(year, month, 1)
