"""Read an uploaded CSV or XLSX into columns of text, fast and in bounded memory. Pure, no
Django.

CSV goes through pyarrow's multi-threaded reader (every column as text: the validator decides
what a cell means, so "007" stays "007"). XLSX is streamed: the sheet XML is parsed
element by element and cleared as it goes, and cells are packed into Arrow arrays every
``CHUNK_ROWS`` rows, so memory stays a small multiple of the file size (openpyxl needs ~50x,
a whole-sheet reader ~17x; see benchmarks/atlas_import.py).

Both give a ``RawTable``: the header texts, one Arrow string column per header, and the
spreadsheet row number of the first data row (2, or 3 when the second row holds HXL hashtags).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, iterparse

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]

from sinergi.core.tabular import RowError, UnreadableFile

CHUNK_ROWS = 5_000
MAX_ROW_ERRORS = 1_000
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


@dataclass(frozen=True)
class RawTable:
    headers: list[str]
    columns: list[pa.ChunkedArray]  # one per header, text, trimmed
    rows: np.ndarray  # the spreadsheet row number of each data row (header = row 1)

    @property
    def num_rows(self) -> int:
        return int(self.rows.shape[0])


class RaggedRows(Exception):  # noqa: N818 - a kind of bad input, reported as row errors
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} row(s) with the wrong number of cells")
        self.errors = errors


def _is_hashtag_row(cells: list[str]) -> bool:
    filled = [cell.strip() for cell in cells if cell.strip()]
    return bool(filled) and all(cell.startswith("#") for cell in filled)


def _with_hashtags(
    headers: list[str], columns: list[pa.ChunkedArray], rows: np.ndarray
) -> RawTable:
    """HXL puts hashtags in the row below the headers: use them and drop that row."""
    if columns and len(columns[0]) and _is_hashtag_row([str(c[0].as_py()) for c in columns]):
        tags = [str(c[0].as_py()).strip() for c in columns]
        headers = [tag or header for tag, header in zip(tags, headers, strict=True)]
        columns = [column.slice(1) for column in columns]
        rows = rows[1:]
    return RawTable(headers, columns, rows)


# --- CSV -------------------------------------------------------------------------------------


def _ragged_rows(raw: bytes, delimiter: str, width: int) -> list[RowError]:
    """Find rows with the wrong number of cells (only when pyarrow reported some)."""
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter)
    errors = []
    for number, row in enumerate(reader, start=1):
        if number > 1 and row and len(row) != width:
            errors.append(
                RowError(
                    row=number,
                    column="",
                    value=delimiter.join(row)[:80],
                    reason="row_width",
                    suggestion=str(width),
                )
            )
            if len(errors) >= MAX_ROW_ERRORS:
                break
    return errors


def read_csv(raw: bytes) -> RawTable:
    """A UTF-8 CSV, comma or semicolon separated (semicolons when they outnumber commas in
    the first 4 kB, as Excel writes them in Indonesian locales)."""
    text_start = raw[:4096].decode("utf-8", errors="ignore")
    delimiter = ";" if text_start.count(";") > text_start.count(",") else ","
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0  # Excel's byte-order mark
    body = memoryview(raw)[start:]  # a view: no copy of a large file
    end = raw.find(b"\n", start)
    try:
        first_line = raw[start : end if end >= 0 else len(raw)].decode("utf-8").rstrip("\r")
    except UnicodeDecodeError as error:
        raise UnreadableFile("CSV files must be UTF-8 encoded.") from error
    headers = next(csv.reader([first_line], delimiter=delimiter), [])
    if not any(h.strip() for h in headers):
        raise UnreadableFile("The file is empty: the first row must name the columns.")
    names = [f"c{i}" for i in range(len(headers))]
    # Quoted line breaks are rare and cost the parser its fast path: assume none, and parse
    # again allowing them only if rows come out ragged in a file that has quotes at all.
    table, ragged = _parse(body, delimiter, names, quoted_newlines=False)
    if ragged and b'"' in raw:
        table, ragged = _parse(body, delimiter, names, quoted_newlines=True)
    if ragged:
        raise RaggedRows(_ragged_rows(raw, delimiter, len(headers)))
    # Cells stay untrimmed here: the validator trims each distinct text once.
    columns = [table.column(name) for name in names]
    if _has_blank_line(raw):
        rows = _csv_row_numbers(bytes(body), delimiter)  # pyarrow skipped the blank lines
    else:
        rows = np.arange(2, table.num_rows + 2, dtype=np.int64)
    return _with_hashtags([h.strip() for h in headers], columns, rows)


def _parse(
    body: memoryview, delimiter: str, names: list[str], *, quoted_newlines: bool
) -> tuple[pa.Table, bool]:
    """Every column as text; whether some row had the wrong number of cells."""
    ragged: list[bool] = []

    def on_invalid_row(_row: object) -> str:
        ragged.append(True)
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=names),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=quoted_newlines,
                invalid_row_handler=on_invalid_row,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as error:
        if "utf8" in str(error).lower():
            raise UnreadableFile("CSV files must be UTF-8 encoded.") from error
        raise UnreadableFile(f"The CSV file could not be read: {error}") from error
    return table, bool(ragged)


def _has_blank_line(raw: bytes) -> bool:
    """A blank line before the end of the data (memchr-fast ``find``, no copy of the file)."""
    end = len(raw)
    while end and raw[end - 1] in b"\r\n":
        end -= 1
    return raw.find(b"\n\n", 0, end) >= 0 or raw.find(b"\n\r\n", 0, end) >= 0


def _csv_row_numbers(body: bytes, delimiter: str) -> np.ndarray:
    """Row numbers of the non-blank records, counting blank ones as rows (as Excel shows)."""
    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""), delimiter=delimiter)
    numbers = [n for n, record in enumerate(reader, start=1) if n > 1 and any(record)]
    return np.array(numbers, dtype=np.int64)


# --- XLSX ------------------------------------------------------------------------------------


MAX_XML_BYTES = 2_000_000_000  # larger parts are zip bombs, not worksheets
MAX_XLSX_ROWS = 1_048_576  # Excel's own limit


def _open_part(archive: zipfile.ZipFile, name: str) -> IO[bytes]:
    """A workbook part, refused if it declares a DTD (XLSX never does; entity tricks do) or
    would expand beyond reason. ElementTree never fetches external entities, and expat caps
    entity expansion, so with no DTD the stdlib parser is safe on untrusted input."""
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise UnreadableFile("The spreadsheet is too large.")
    with archive.open(info) as probe:
        head = probe.read(4096)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise UnreadableFile("The spreadsheet could not be read (is it a valid .xlsx?).")
    return archive.open(info)


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    """The first worksheet in workbook order (not necessarily sheet1.xml)."""
    try:
        with _open_part(archive, "xl/workbook.xml") as handle:
            workbook = iterparse(handle, events=("end",))  # noqa: S314 - see _open_part
            rel_id = next(
                (el.get(f"{_REL}id") for _event, el in workbook if el.tag == f"{_MAIN}sheet"),
                None,
            )
        with _open_part(archive, "xl/_rels/workbook.xml.rels") as handle:
            for _event, el in iterparse(handle, events=("end",)):  # noqa: S314
                if el.tag == f"{_PKG_REL}Relationship" and el.get("Id") == rel_id:
                    target = el.get("Target", "")
                    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    except KeyError:
        pass
    return "xl/worksheets/sheet1.xml"


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    with _open_part(archive, "xl/sharedStrings.xml") as handle:
        for _event, el in iterparse(handle, events=("end",)):  # noqa: S314
            if el.tag == f"{_MAIN}si":
                strings.append("".join(t.text or "" for t in el.iter(f"{_MAIN}t")))
                el.clear()
    return strings


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - 64)
    return index - 1


def _cell_text(cell: Element, shared: list[str]) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_MAIN}t")).strip()
    value = cell.find(f"{_MAIN}v")
    text = value.text if value is not None and value.text is not None else ""
    if kind == "s" and text:
        return shared[int(text)].strip()
    if kind == "b":
        return "TRUE" if text == "1" else "FALSE"
    if kind == "n" and text.endswith(".0") and text[:-2].lstrip("-").isdigit():
        return text[:-2]
    return text.strip()


def _xlsx_rows(handle: IO[bytes], shared: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for every row of the sheet, clearing parsed XML as it goes."""
    sheet_data: Element | None = None
    for event, el in iterparse(handle, events=("start", "end")):  # noqa: S314
        if event == "start":
            if el.tag == f"{_MAIN}sheetData":
                sheet_data = el
            continue
        if el.tag != f"{_MAIN}row":
            continue
        cells: list[str] = []
        for cell in el.iter(f"{_MAIN}c"):
            match = _CELL_REF.match(cell.get("r", ""))
            position = _column_index(match[1]) if match else len(cells)
            if position >= len(cells):
                cells.extend([""] * (position - len(cells) + 1))
            cells[position] = _cell_text(cell, shared)
        number = int(el.get("r", "0") or 0)
        if sheet_data is not None:
            sheet_data.clear()  # drop the parsed rows, or the tree keeps growing
        yield number, cells


def read_xlsx(source: bytes | Path) -> RawTable:
    """The first sheet of an .xlsx, streamed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile("The spreadsheet could not be read (is it a valid .xlsx?).") from error
    with archive:
        shared = _shared_strings(archive)
        try:
            handle = _open_part(archive, _first_sheet_path(archive))
        except KeyError as error:
            raise UnreadableFile("The workbook has no worksheet.") from error
        with handle:
            return _pack_rows(_xlsx_rows(handle, shared))


def _pack_rows(rows: Iterator[tuple[int, list[str]]]) -> RawTable:
    header_row = next(rows, None)
    if header_row is None or not any(header_row[1]):
        raise UnreadableFile("The sheet is empty: the first row must name the columns.")
    headers = header_row[1]
    width = len(headers)
    chunks: list[list[pa.Array]] = [[] for _ in range(width + 1)]
    pending: list[list[str]] = [[] for _ in range(width)]
    numbers: list[int] = []

    def flush() -> None:
        for index, values in enumerate(pending):
            chunks[index].append(pa.array(values, pa.string()))
            values.clear()
        chunks[width].append(pa.array(numbers, pa.int64()))
        numbers.clear()

    for number, cells in rows:
        if not any(cells):
            continue  # blank rows in a spreadsheet carry nothing
        for index in range(width):
            pending[index].append(cells[index] if index < len(cells) else "")
        numbers.append(number)
        if number > MAX_XLSX_ROWS:
            raise UnreadableFile("The sheet has more rows than a spreadsheet can hold.")
        if len(numbers) >= CHUNK_ROWS:
            flush()
    flush()
    columns = [pa.chunked_array(chunk, pa.string()) for chunk in chunks[:width]]
    row_numbers = np.asarray(pa.chunked_array(chunks[width], pa.int64()).to_numpy())
    return _with_hashtags([h.strip() for h in headers], columns, row_numbers)


def read_upload(source: bytes | Path, *, filename: str) -> RawTable:
    """Dispatch on the file name, as people name their files."""
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        return read_xlsx(source)
    if name.endswith((".csv", ".txt")):
        raw = source if isinstance(source, bytes) else Path(source).read_bytes()
        return read_csv(raw)
    raise UnreadableFile("Upload a .csv or .xlsx file.")
