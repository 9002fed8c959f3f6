"""The import contract shared by every spreadsheet import (indicators, organisations,
interventions, KUBE lists): read CSV or XLSX, map headers given in Indonesian, English or as
HXL hashtags to fields, and report *every* bad cell before anything is written.

An import either lands whole or not at all: services collect ``RowError``s for the whole file
and raise ``ImportRejected`` if there is any, inside their transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import IO, Any

from python_calamine import CalamineWorkbook

from sinergi.core.text import search_key

MAX_ERRORS_SHOWN = 1_000


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` is the spreadsheet row number people see (header = row 1)."""

    row: int
    column: str
    value: str
    reason: str
    suggestion: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class ImportRejected(Exception):  # noqa: N818 - reads as what happened to the import
    """The file had errors; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s); nothing was imported")
        self.errors = errors


class UnreadableFile(ValueError):  # noqa: N818
    """Not a CSV or XLSX file we can read (wrong type, encoding or an empty sheet)."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: Iterator[list[str]]  # cells as text, without the header row; row 2 comes first


def _csv_table(raw: bytes) -> Table:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile("CSV files must be UTF-8 encoded.") from error
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = next(reader, None)
    if not headers:
        raise UnreadableFile("The file is empty: the first row must name the columns.")
    return Table([h.strip() for h in headers], ([c.strip() for c in row] for row in reader))


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _xlsx_table(raw: bytes) -> Table:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheet = workbook.get_sheet_by_index(0)
        rows = iter(sheet.iter_rows())
    except Exception as error:  # calamine raises its own error types for broken files
        raise UnreadableFile("The spreadsheet could not be read (is it a valid .xlsx?).") from error
    headers = next(rows, None)
    if not headers:
        raise UnreadableFile("The sheet is empty: the first row must name the columns.")
    return Table([_cell(h) for h in headers], ([_cell(c) for c in row] for row in rows))


def read_table(file: IO[bytes], *, filename: str) -> Table:
    """The first sheet of an .xlsx, or a UTF-8 .csv (comma or semicolon separated)."""
    raw = file.read()
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx_table(raw)
    if filename.lower().endswith((".csv", ".txt")):
        return _csv_table(raw)
    raise UnreadableFile("Upload a .csv or .xlsx file.")


def header_key(header: str) -> str:
    """Normalised header: HXL hashtags keep their attributes ('#adm2+code'); words are folded
    like region names ('Kode Wilayah' → 'kode wilayah')."""
    text = header.strip()
    if text.startswith("#"):
        return text.lower().replace(" ", "")
    return search_key(text)


def map_headers(headers: list[str], aliases: Mapping[str, str]) -> tuple[dict[str, int], list[str]]:
    """Column index per field, and the headers no alias matched.

    ``aliases`` maps normalised header texts (see ``header_key``) to field names, e.g.
    ``{"kode wilayah": "region", "region code": "region", "#adm2+code": "region"}``.
    """
    fields: dict[str, int] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        field = aliases.get(header_key(header))
        if field is None:
            unknown.append(header)
        elif field not in fields:
            fields[field] = index
    return fields, unknown
