"""Normalising and validating what people enter about organisations and agreements.

Shared by the services, the forms (through the services) and the bulk import, so a value is
accepted or refused the same way wherever it comes from. Every function raises Django's
``ValidationError`` keyed by field name, collecting all bad fields at once where it can.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.taxonomy import FUNCTIONS, PPKS, PROGRAMMES, PSKS, SDGS, SECTORS, Term
from sinergi.regions.codes import InvalidCodeError, normalise_code
from sinergi.regions.models import Region

_SEPARATORS = re.compile(r"[\s.\-/]")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{5,32}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

SECTOR_KEYS = frozenset(t.key for t in SECTORS)
TARGET_GROUP_KEYS = frozenset(t.key for t in PPKS)
SDG_KEYS = frozenset(t.key for t in SDGS)
FUNCTION_KEYS = frozenset(t.key for t in FUNCTIONS)
PROGRAMME_KEYS = frozenset(t.key for t in PROGRAMMES)
PSKS_KEYS = frozenset(t.key for t in PSKS)
MAX_MONEY = Decimal("99999999999999.99")  # fits DecimalField(max_digits=16, decimal_places=2)


class Errors:
    """Collects field errors so a form or import row reports all of them at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        messages = self.by_field.setdefault(field, [])
        if message not in messages:
            messages.append(message)

    def capture(self, field: str, error: ValidationError) -> None:
        for message in error.messages:
            self.add(field, message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def text(value: str, *, field: str, max_length: int, required: bool = False) -> str:
    cleaned = value.strip()
    if _CONTROL.search(cleaned):
        raise ValidationError({field: _("Remove the control characters from this text.")})
    if required and not cleaned:
        raise ValidationError({field: _("This field is required.")})
    if len(cleaned) > max_length:
        raise ValidationError(
            {field: _("Use at most %(count)s characters.") % {"count": max_length}}
        )
    return cleaned


def digits(value: str, *, field: str, lengths: tuple[int, ...], label: str) -> str:
    """An identifier written with or without dots, dashes and spaces, kept as digits only."""
    compact = _SEPARATORS.sub("", value.strip())
    if compact and (not compact.isdigit() or len(compact) not in lengths):
        raise ValidationError(
            {
                field: _("%(label)s has %(lengths)s digits.")
                % {"label": label, "lengths": _(" or ").join(str(n) for n in lengths)}
            }
        )
    return compact


def email(value: str, *, field: str = "email") -> str:
    cleaned = value.strip().lower()
    if cleaned:
        try:
            validate_email(cleaned)
        except ValidationError:
            raise ValidationError({field: _("Enter a valid email address.")}) from None
    return cleaned


def website(value: str) -> str:
    cleaned = value.strip()
    if cleaned and not cleaned.startswith(("http://", "https://")):
        cleaned = "https://" + cleaned
    if cleaned:
        try:
            URLValidator(schemes=["http", "https"])(cleaned)
        except ValidationError:
            raise ValidationError({"website": _("Enter a valid web address.")}) from None
    return cleaned


def phone(value: str, *, field: str = "phone") -> str:
    cleaned = value.strip()
    if cleaned and not _PHONE.match(cleaned):
        raise ValidationError({field: _("Enter a phone number with digits, spaces and +.")})
    return cleaned


def year(value: int | None) -> int | None:
    if value is None:
        return None
    if not 1800 <= value <= timezone.localdate().year:
        raise ValidationError({"active_since": _("Enter a year between 1800 and this year.")})
    return value


def keys(values: Iterable[str], *, field: str, allowed: frozenset[str]) -> list[str]:
    """Taxonomy keys, de-duplicated and sorted; unknown keys are named in the error."""
    cleaned = sorted({value.strip() for value in values if value.strip()})
    unknown = [value for value in cleaned if value not in allowed]
    if unknown:
        raise ValidationError(
            {field: _("Unknown values: %(values)s.") % {"values": ", ".join(unknown)}}
        )
    return cleaned


def term_key(value: str, terms: Sequence[Term]) -> str | None:
    """A taxonomy key from its key or its Indonesian or English name, as people type them."""
    folded = value.strip().casefold()
    for term in terms:
        if folded in (term.key.casefold(), term.name_id.casefold(), term.name_en.casefold()):
            return term.key
    return None


def region_codes(values: Iterable[str], *, field: str) -> list[str]:
    """Dotted codes of existing regions (compact codes accepted), in the order given."""
    codes: list[str] = []
    bad: list[str] = []
    for value in values:
        if not value.strip():
            continue
        try:
            code = normalise_code(value)
        except InvalidCodeError:
            bad.append(value.strip())
            continue
        if code not in codes:
            codes.append(code)
    if codes:
        known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
        bad += [code for code in codes if code not in known]
    if bad:
        raise ValidationError(
            {field: _("No region has the code %(code)s.") % {"code": ", ".join(bad)}}
        )
    return codes


def money(value: Decimal | int | str, *, field: str, positive: bool) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number.")}) from None
    if not amount.is_finite() or amount > MAX_MONEY or amount < 0 or (positive and amount == 0):
        message = _("Enter a number above zero.") if positive else _("Enter zero or more.")
        raise ValidationError({field: message})
    return amount.quantize(Decimal("0.01"))


Check = Callable[[Any], Any]


def run_checks(
    fields: Mapping[str, Any], checks: Mapping[str, Check], errors: Errors
) -> dict[str, Any]:
    """Apply each field's check to the fields present; collect errors instead of stopping."""
    clean: dict[str, Any] = {}
    for field, check in checks.items():
        if field in fields:
            try:
                clean[field] = check(fields[field])
            except ValidationError as error:
                errors.capture(field, error)
    return clean


def text_check(field: str, max_length: int, *, required: bool = False) -> Check:
    return lambda value: text(
        str(value or ""), field=field, max_length=max_length, required=required
    )


def choice_check(field: str, allowed: Iterable[str], *, blank: bool = False) -> Check:
    values = frozenset(allowed)

    def check(value: Any) -> str:
        cleaned = str(value or "").strip()
        if cleaned in values or (blank and not cleaned):
            return cleaned
        raise ValidationError({field: _("Choose one of the listed values.")})

    return check


def keys_check(field: str, allowed: frozenset[str]) -> Check:
    return lambda values: keys(values or [], field=field, allowed=allowed)


def region_check(field: str) -> Check:
    """One optional region code → its dotted code or None."""

    def check(value: Any) -> str | None:
        codes = region_codes([str(value)], field=field) if value else []
        return codes[0] if codes else None

    return check


def require(fields: Mapping[str, Any], names: Iterable[str], errors: Errors) -> None:
    for name in names:
        value = fields.get(name)
        if value is None or (isinstance(value, str) and not value.strip()) or value in ([], ()):
            errors.add(name, _("This field is required."))
