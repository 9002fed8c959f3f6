"""Import errors in words. The validator reports reason *codes* and raw suggestions (it is
pure and knows no language); stored reports keep the codes, and each reader sees them worded
in their own language here."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

REASONS: dict[str, Promise] = {
    "unreadable": gettext_lazy("The file could not be read."),
    "row_width": gettext_lazy("This row does not have one cell per column."),
    "no_values": gettext_lazy("The file has no values."),
    "duplicate_column": gettext_lazy("Two columns mean the same thing; keep one."),
    "column_without_header": gettext_lazy("This column has values but no header."),
    "unknown_column": gettext_lazy("Unknown column."),
    "missing_region_column": gettext_lazy(
        "The file needs a region column: a Kemendagri code, a BPS code, or a region name "
        "with the code of its parent."
    ),
    "missing_period_column": gettext_lazy("The file needs a period column (periode, tahun)."),
    "missing_value_column": gettext_lazy("The file names indicators but has no value column."),
    "missing_indicator_column": gettext_lazy(
        "Add an indicator column (long layout) or one column per indicator (wide layout)."
    ),
    "missing_region": gettext_lazy("The region is empty."),
    "invalid_region_code": gettext_lazy("This is not a Kemendagri code."),
    "bps_code_in_code_column": gettext_lazy(
        "This is a BPS code, not a Kemendagri code; put BPS codes in a 'kode_bps' column."
    ),
    "unknown_region": gettext_lazy("No region has this Kemendagri code."),
    "unknown_bps_code": gettext_lazy("No region has this BPS code."),
    "invalid_parent_code": gettext_lazy("The parent is not a Kemendagri code."),
    "unknown_parent": gettext_lazy("No region has this parent code."),
    "ambiguous_region_name": gettext_lazy(
        "Several regions in this parent have this name; use the code."
    ),
    "unknown_region_name": gettext_lazy("No region in this parent has this name."),
    "missing_indicator": gettext_lazy("The indicator is empty."),
    "unknown_indicator": gettext_lazy("Unknown indicator."),
    "invalid_period": gettext_lazy("Write the period as YYYY or YYYY-MM (e.g. 2024 or 2024-03)."),
    "missing_value": gettext_lazy("The value is empty; leave the row out if there is no figure."),
    "not_a_number": gettext_lazy("Not a number: use a decimal point and no thousands separators."),
    "out_of_range": gettext_lazy("The value is outside the range this indicator allows."),
    "not_whole": gettext_lazy("This indicator counts whole numbers."),
    "level_not_kept": gettext_lazy("This indicator is not kept at this region's level."),
    "outside_scope": gettext_lazy("This region is outside the area you coordinate."),
    "duplicate_row": gettext_lazy("This region, indicator and period appear twice."),
}

UNREADABLE: dict[str, Promise] = {
    "CSV files must be UTF-8 encoded.": gettext_lazy("CSV files must be UTF-8 encoded."),
    "The file is empty: the first row must name the columns.": gettext_lazy(
        "The file is empty: the first row must name the columns."
    ),
    "The sheet is empty: the first row must name the columns.": gettext_lazy(
        "The sheet is empty: the first row must name the columns."
    ),
    "The spreadsheet could not be read (is it a valid .xlsx?).": gettext_lazy(
        "The spreadsheet could not be read (is it a valid .xlsx?)."
    ),
    "Upload a .csv or .xlsx file.": gettext_lazy("Upload a .csv or .xlsx file."),
    "The workbook has no worksheet.": gettext_lazy("The workbook has no worksheet."),
    "The spreadsheet is too large.": gettext_lazy("The spreadsheet is too large."),
    "The sheet has more rows than a spreadsheet can hold.": gettext_lazy(
        "The sheet has more rows than a spreadsheet can hold."
    ),
}


def _suggestion(reason: str, raw: str) -> str:
    if not raw:
        return ""
    if reason == "unreadable":
        return str(UNREADABLE.get(raw, _("Upload a UTF-8 CSV or an .xlsx workbook.")))
    if reason == "row_width":
        return _("The header row has %(count)s columns.") % {"count": raw}
    if reason == "bps_code_in_code_column":
        return _("Its Kemendagri code is %(code)s.") % {"code": raw}
    if reason in ("ambiguous_region_name", "unknown_region_name"):
        return _("Candidates: %(regions)s.") % {"regions": raw}
    if reason == "out_of_range":
        return _("Allowed range: %(range)s.") % {"range": raw}
    if reason == "outside_scope":
        return _("You may import for: %(regions)s.") % {"regions": raw}
    if reason == "duplicate_row":
        return _("First seen in row %(row)s.") % {"row": raw}
    return _("Did you mean %(suggestion)s?") % {"suggestion": raw}


def describe(error: dict[str, Any]) -> dict[str, Any]:
    """A stored error as shown to people: the reason and suggestion in words."""
    code = str(error.get("reason", ""))
    return {
        "row": int(error.get("row", 0)),
        "column": str(error.get("column", "")),
        "value": str(error.get("value", "")),
        "reason_code": code,
        "reason": str(REASONS.get(code, code)),
        "suggestion": _suggestion(code, str(error.get("suggestion", ""))),
    }
