"""Periods of indicator values: ``YYYY`` (a year) or ``YYYY-MM`` (a survey month, e.g. March
and September for BPS poverty figures). Pure functions.

Sorting the text sorts the periods; the first four characters are always the year.
"""

from __future__ import annotations

import re

_PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")
FIRST_YEAR, LAST_YEAR = 1945, 2100
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "aug", "agt"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nopember", "nov"),
            ("desember", "december", "des", "dec"),
        ),
        start=1,
    )
    for name in names
}


def normalise_period(text: str) -> str | None:
    """The period when ``text`` is already ``YYYY`` or ``YYYY-MM`` in range, else None."""
    match = _PERIOD.match(text.strip())
    if match is None or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return None
    return match[0]


def year_of(period: str) -> int:
    return int(period[:4])


def suggest_period(text: str) -> str:
    """What the person probably meant, shown as a suggestion (never applied silently)."""
    value = text.strip().lower()
    if re.match(r"^\d{4}\.0+$", value):
        return value.split(".")[0]
    match = re.match(r"^(\d{4})[/.\-_ ](\d{1,2})$", value) or re.match(
        r"^(\d{1,2})[/.\-_ ](\d{4})$", value
    )
    if match:
        year, month = (match[1], match[2]) if len(match[1]) == 4 else (match[2], match[1])
        if 1 <= int(month) <= 12:
            return f"{year}-{int(month):02d}"
    match = re.match(r"^([a-z]+)\.?\s*(\d{4})$", value) or re.match(r"^(\d{4})\s*([a-z]+)$", value)
    if match:
        word, year = (match[1], match[2]) if not match[1].isdigit() else (match[2], match[1])
        if word in _MONTHS:
            return f"{year}-{_MONTHS[word]:02d}"
    return ""
