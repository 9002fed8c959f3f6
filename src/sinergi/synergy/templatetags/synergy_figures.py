"""Figures as people read them: whole people with thousands separators, percentages."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()
DASH = "\u2013"  # an en dash


@register.filter
def people(value: float | None) -> str:
    """Shares of people are kept as fractions; they are shown rounded to whole people."""
    if value is None:
        return DASH
    return number_format(round(value), force_grouping=True)


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return DASH
    return number_format(value * 100, decimal_pos=1, force_grouping=True) + " %"
