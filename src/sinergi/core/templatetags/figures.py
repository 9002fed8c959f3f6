"""``{% load figures %}``: ``{{ amount|money_short }}`` abbreviates rupiah in the active
language (Indonesian rb/jt/M/T, English K/M/B/T), the rule of ``core.numbers``."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import translation

from sinergi.core.numbers import money_short as _money_short

register = template.Library()


@register.filter
def money_short(value: float | int | Decimal | None) -> str:
    return _money_short(value, translation.get_language())
