"""Downloadable import templates: long and wide layouts, as CSV or XLSX, with Indonesian
headers and an HXL hashtag row (both are understood on import). The XLSX adds sheets with
instructions, the indicator catalogue and the province and regency codes."""

from __future__ import annotations

import csv
import io
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from sinergi.atlas.layers import IndicatorInfo, indicators
from sinergi.atlas.models import Unit
from sinergi.regions.models import Region

LAYOUTS = ("long", "wide")
LONG_HEADERS = (
    ("kode_wilayah", "#loc+code"),
    ("indikator", "#indicator+code"),
    ("periode", "#date+period"),
    ("nilai", "#indicator+value+num"),
    ("sumber", "#meta+source"),
    ("catatan", "#meta+note"),
)
WIDE_FIXED = (
    ("kode_wilayah", "#loc+code"),
    ("nama_wilayah", "#loc+name"),
    ("periode", "#date+period"),
)


def _wide_indicators(keys: list[str]) -> list[IndicatorInfo]:
    catalogue = indicators()
    if keys:
        return [catalogue[key] for key in keys if key in catalogue]
    return [info for info in catalogue.values() if info.kind == "people_in_need"]


def template_headers(layout: str, keys: list[str]) -> tuple[list[str], list[str]]:
    if layout == "long":
        return [h for h, _t in LONG_HEADERS], [t for _h, t in LONG_HEADERS]
    chosen = _wide_indicators(keys)
    headers = [h for h, _t in WIDE_FIXED] + [info.key for info in chosen]
    tags = [t for _h, t in WIDE_FIXED] + [f"#indicator+num+{info.key.lower()}" for info in chosen]
    return headers, tags


def template_csv(layout: str, keys: list[str]) -> bytes:
    headers, tags = template_headers(layout, keys)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerow(tags)
    return buffer.getvalue().encode("utf-8")


def template_xlsx(layout: str, keys: list[str]) -> bytes:
    headers, tags = template_headers(layout, keys)
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#e6f2ee"})
    tag = workbook.add_format({"italic": True, "font_color": "#5b6773"})
    text = workbook.add_format({"num_format": "@"})
    data = workbook.add_worksheet("data")
    data.write_row(0, 0, headers, bold)
    data.write_row(1, 0, tags, tag)
    data.set_column(0, 0, 16, text)  # codes stay text: "32.01", never 32.01 as a number
    data.set_column(1, len(headers) - 1, 18)
    data.freeze_panes(2, 0)
    _instructions(workbook.add_worksheet(_("instructions")[:31]), layout, bold)
    _catalogue(workbook.add_worksheet(_("indicators")[:31]), bold)
    _regions(workbook.add_worksheet(_("regions")[:31]), bold, text)
    workbook.close()
    return output.getvalue()


def _instructions(sheet: Any, layout: str, bold: object) -> None:
    lines = [
        _("How to fill in this template"),
        _("Row 1 names the columns; row 2 holds HXL hashtags. Keep both, add data from row 3."),
        _("Region: Kemendagri code, dotted (32.73) or compact (3273)."),
        _("Period: a year (2024) or a survey month (2024-03)."),
        _("Values: numbers with a decimal point and no thousands separators."),
        _("A file with any error changes nothing; the report lists every problem."),
    ]
    if layout == "long":
        lines.append(_("One row per value: region, indicator key, period, value."))
    else:
        lines.append(_("One row per region and period; one column per indicator key."))
    sheet.set_column(0, 0, 100)
    for row, line in enumerate(lines):
        sheet.write(row, 0, line, bold if row == 0 else None)


def _catalogue(sheet: Any, bold: object) -> None:
    units = dict(Unit.choices)
    sheet.write_row(0, 0, [_("key"), _("name"), _("unit"), _("levels")], bold)
    for row, info in enumerate(indicators().values(), start=1):
        sheet.write_row(
            row,
            0,
            [
                info.key,
                info.name_id,
                str(units.get(info.unit, info.unit)),
                ", ".join(str(level) for level in info.levels),
            ],
        )
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 60)


def _regions(sheet: Any, bold: object, text: object) -> None:
    sheet.write_row(0, 0, [_("code"), _("name"), _("parent code")], bold)
    rows = (
        Region.objects.filter(level__lte=2)
        .order_by("code")
        .values_list("code", "name", "parent_id")
    )
    for index, (code, name, parent) in enumerate(rows, start=1):
        sheet.write_string(index, 0, code, text)
        sheet.write_string(index, 1, name)
        sheet.write_string(index, 2, parent or "", text)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 40)
