import io

import pytest
import xlsxwriter

from sinergi.core.tabular import UnreadableFile, header_key, map_headers, read_table


def xlsx(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def test_csv_with_bom_and_semicolons_is_read() -> None:
    raw = "\ufeffKode Wilayah;Nilai\n32.73;12,5\n35.78;7\n".encode()
    table = read_table(io.BytesIO(raw), filename="data.CSV")
    assert table.headers == ["Kode Wilayah", "Nilai"]
    assert list(table.rows) == [["32.73", "12,5"], ["35.78", "7"]]


def test_xlsx_cells_come_back_as_text_without_spurious_decimals() -> None:
    table = read_table(
        io.BytesIO(xlsx([["code", "value"], ["32.73", 12], ["3578", 7.5]])), filename="d.xlsx"
    )
    assert table.headers == ["code", "value"]
    assert list(table.rows) == [["32.73", "12"], ["3578", "7.5"]]


@pytest.mark.parametrize(
    ("raw", "name", "message"),
    [
        (b"", "x.csv", "empty"),
        ("é".encode("latin-1"), "x.csv", "UTF-8"),
        (b"not a zip", "x.xlsx", "could not be read"),
        (b"a,b", "x.pdf", ".csv or .xlsx"),
    ],
)
def test_unreadable_files_are_explained(raw: bytes, name: str, message: str) -> None:
    with pytest.raises(UnreadableFile, match=message):
        read_table(io.BytesIO(raw), filename=name)


def test_headers_map_from_indonesian_english_and_hxl() -> None:
    aliases = {
        "kode wilayah": "region",
        "region code": "region",
        "#adm2+code": "region",
        "nilai": "value",
        "value": "value",
    }
    assert header_key("#Adm2 +code") == "#adm2+code"
    fields, unknown = map_headers(["#adm2+code", "NILAI", "Catatan"], aliases)
    assert fields == {"region": 0, "value": 1}
    assert unknown == ["Catatan"]
