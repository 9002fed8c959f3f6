"""What an IATI file must satisfy beyond its schema (IATI's rules for budgets and periods), as
a test helper: every generated file is checked with ``iati_valid`` (schema and rules)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from lxml import etree

from sinergi.interventions.iati import iati_errors


def _day(element: etree._Element, path: str) -> date | None:
    found = element.find(path)
    text = found.get("iso-date") if found is not None else None
    return date.fromisoformat(text) if text else None


def _within_a_year(start: date, end: date) -> bool:
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        anniversary = date(start.year + 1, 3, 1)
    return end < anniversary


def _money_errors(activity: etree._Element, name: str | None, kind: str) -> list[str]:
    errors = []
    spans = []
    for element in activity.findall(kind):
        start, end = _day(element, "period-start"), _day(element, "period-end")
        value = element.find("value")
        if value is None or not value.get("value-date"):
            errors.append(f"{name}: {kind} value without a value-date")
        if start is None or end is None:
            errors.append(f"{name}: {kind} without a period")
            continue
        if not start < end:
            errors.append(f"{name}: {kind} period {start} to {end} does not start first")
        if not _within_a_year(start, end):
            errors.append(f"{name}: {kind} period {start} to {end} is over a year")
        spans.append((start, end))
    for (_, before_end), (after_start, _) in pairwise(sorted(spans)):
        if after_start <= before_end:
            errors.append(f"{name}: {kind} periods overlap at {after_start}")
    return errors


def iati_rule_errors(document: bytes) -> list[str]:
    """Budget and planned-disbursement periods of at most a year, starting before they end,
    not overlapping within an activity, each value with a value-date; result periods that
    start before they end."""
    errors = []
    for activity in etree.fromstring(document).iter("iati-activity"):
        name = activity.findtext("iati-identifier")
        errors += _money_errors(activity, name, "budget")
        errors += _money_errors(activity, name, "planned-disbursement")
        for period in activity.iter("period"):
            start, end = _day(period, "period-start"), _day(period, "period-end")
            if start is None or end is None or not start < end:
                errors.append(f"{name}: result period {start} to {end} does not start first")
    return errors


def iati_valid(document: bytes) -> list[str]:
    """Schema errors (the shipped IATI 2.03 XSD, through lxml) and rule errors together."""
    return iati_errors(document) + iati_rule_errors(document)
