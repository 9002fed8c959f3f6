from __future__ import annotations

from decimal import Decimal

from django import template

from sinergi.core.taxonomy import PPKS, PROGRAMMES, SECTORS
from sinergi.interventions.models import ReportStatus

register = template.Library()


@register.filter
def term_label(key: str) -> str:
    """The label of a function, sector, programme or PPKS key in the active language."""
    for term in (*SECTORS, *PROGRAMMES, *PPKS):
        if term.key == key:
            return term.label
    return key


@register.filter
def bar_width(value: Decimal | int, target: Decimal | int) -> int:
    """Percent of ``target`` reached, capped to 100, for a progress bar."""
    if not target:
        return 0
    return max(0, min(100, round(100 * Decimal(value) / Decimal(target))))


@register.filter
def report_status(key: str) -> str:
    """A report status key in the active language."""
    return str(dict(ReportStatus.choices).get(key, key))
