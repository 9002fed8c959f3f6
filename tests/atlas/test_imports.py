"""Imports through the service: every layout and header language, region by Kemendagri code,
BPS code or name; every kind of bad row reported with nothing changed; re-imports; history;
dry runs; scope."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from sinergi.atlas.engines import cells
from sinergi.atlas.importing import values_import
from sinergi.atlas.models import (
    BatchStatus,
    DataVersion,
    ImportBatch,
    Series,
    SeriesRevision,
    Source,
)
from sinergi.atlas.services import import_batch_create
from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.regions.models import Region
from tests.atlas.conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.usefixtures("stats")
PERIOD = "2031"  # no shipped figure has this period: every value here is the file's


def run(
    content: bytes, filename: str, *, user: User | None = None, dry_run: bool = False
) -> ImportBatch:
    batch = import_batch_create(
        kind="cli",
        created_by=user,
        filename=filename,
        checksum=hashlib.sha256(content).hexdigest(),
        dry_run=dry_run,
    )
    principal = principal_for(user) if user is not None else None
    return values_import(batch=batch, data=content, principal=principal)


def value(key: str, level: int, period: str, code: str) -> dict[str, Any] | None:
    series = Series.objects.filter(indicator__key=key, level=level, period=period).first()
    if series is None:
        return None
    return cells.lookup(cells.decode(bytes(series.cells)), code)


def snapshot() -> tuple[Any, ...]:
    return (
        sorted(Series.objects.values_list("indicator_id", "level", "period", "etag")),
        SeriesRevision.objects.count(),
        Source.objects.count(),
        DataVersion.objects.values_list("number", flat=True).first(),
    )


def reasons(batch: ImportBatch) -> dict[tuple[int, str], dict[str, Any]]:
    return {(e["row"], e["reason"]): e for e in batch.errors}


# --- happy paths ---------------------------------------------------------------------------


def test_long_csv_with_indonesian_headers_lands_with_sources_and_notes() -> None:
    content = csv_bytes(
        [
            ["kode_wilayah", "indikator", "periode", "nilai", "sumber", "catatan"],
            ["32.73", "FM", PERIOD, "1200", "Dinsos Kota Bandung", ""],
            ["3273", "PD", PERIOD, "55", "", "pendataan ulang"],
            ["32.73.01", "AT", PERIOD, "4", "Dinsos Kota Bandung", ""],
        ]
    )
    batch = run(content, "ppks.csv")
    assert batch.status == BatchStatus.SUCCEEDED, batch.errors
    assert (batch.inserted, batch.updated, batch.unchanged, batch.layout) == (3, 0, 0, "long")
    fm = value("FM", 2, PERIOD, "32.73")
    assert fm is not None and fm["value"] == 1200 and fm["batch"] == batch.pk
    assert Source.objects.get(pk=fm["source"]).name == "Dinsos Kota Bandung"
    pd = value("PD", 2, PERIOD, "32.73")  # the compact code 3273 is 32.73
    assert pd is not None and pd["value"] == 55 and pd["note"] == "pendataan ulang"
    assert pd["source"] is None
    at = value("AT", 3, PERIOD, "32.73.01")
    assert at is not None and at["value"] == 4


def test_long_xlsx_with_english_headers_and_number_cells() -> None:
    content = xlsx_bytes(
        [
            ["Region code", "Indicator", "Year", "Value", "Source"],
            ["35.78", "poverty_rate", 2031, 4.25, "BPS Kota Surabaya"],
            ["35.78", "Human Development Index (IPM)", 2031, 83.1, ""],
        ]
    )
    batch = run(content, "values.xlsx")
    assert batch.status == BatchStatus.SUCCEEDED, batch.errors
    assert value("poverty_rate", 2, PERIOD, "35.78")["value"] == 4.25  # type: ignore[index]
    assert value("hdi", 2, PERIOD, "35.78")["value"] == 83.1  # type: ignore[index]


def test_hxl_hashtag_row_below_free_text_headers() -> None:
    content = csv_bytes(
        [
            ["Kab/Kota", "Apa", "Kapan", "Berapa"],
            ["#adm2+code", "#indicator+code", "#date", "#indicator+value+num"],
            ["32.01", "LUT", PERIOD, "310"],
        ]
    )
    batch = run(content, "hxl.csv")
    assert batch.status == BatchStatus.SUCCEEDED, batch.errors
    assert value("LUT", 2, PERIOD, "32.01")["value"] == 310  # type: ignore[index]


def test_hxl_admin_columns_find_a_name_within_its_parent() -> None:
    content = csv_bytes(
        [
            [
                "#adm1+code",
                "#adm1+name",
                "#adm2+name",
                "#indicator+code",
                "#date",
                "#indicator+num",
            ],
            ["32", "Jawa Barat", "Kota Bandung", "KAT", PERIOD, "12"],
        ]
    )
    batch = run(content, "hxl-names.csv")
    assert batch.status == BatchStatus.SUCCEEDED, batch.errors
    assert value("KAT", 2, PERIOD, "32.73")["value"] == 12  # type: ignore[index]


def test_wide_csv_with_indicator_keys() -> None:
    content = csv_bytes(
        [
            ["kode_wilayah", "tahun", "FM", "PD", "pkh_families"],
            ["32.04", PERIOD, "900", "80", ""],  # an empty cell is no figure, not an error
            ["32.73", PERIOD, "700", "", "50000"],
        ]
    )
    batch = run(content, "wide.csv")
    assert batch.status == BatchStatus.SUCCEEDED, batch.errors
    assert (batch.inserted, batch.layout) == (4, "wide")
    assert value("PD", 2, PERIOD, "32.73") is None
    assert value("pkh_families", 2, PERIOD, "32.73")["value"] == 50000  # type: ignore[index]


def test_wide_xlsx_with_names_in_both_languages_and_hxl_columns() -> None:
    content = xlsx_bytes(
        [
            ["Region code", "Period", "Fakir Miskin", "Person with disability", "x"],
            ["#loc+code", "#date", "#indicator+num+fm", "#indicator+num+pd", "#indicator+num+lut"],
            ["35.78", PERIOD, 1500, 120, 33],
        ]
    )
    batch = run(content, "wide.xlsx")
    assert batch.status == BatchStatus.SUCCEEDED, batch.errors
    assert value("FM", 2, PERIOD, "35.78")["value"] == 1500  # type: ignore[index]
    assert value("PD", 2, PERIOD, "35.78")["value"] == 120  # type: ignore[index]
    assert value("LUT", 2, PERIOD, "35.78")["value"] == 33  # type: ignore[index]


def test_semicolon_csv_with_a_byte_order_mark_as_excel_writes_it() -> None:
    content = b"\xef\xbb\xbf" + csv_bytes(
        [["kode_wilayah", "indikator", "periode", "nilai"], ["32.73", "FM", PERIOD, "10"]],
        delimiter=";",
    )
    batch = run(content, "excel.csv")
    assert batch.status == BatchStatus.SUCCEEDED, batch.errors


def test_a_bps_coded_file_lands_on_the_kemendagri_regions() -> None:
    # BPS 1101 is Simeulue, Kemendagri 11.09; BPS 3273 is Kota Bandung, also 32.73.
    assert Region.objects.get(code="11.09").bps_code == "1101"
    content = csv_bytes(
        [
            ["kode_bps", "indikator", "periode", "nilai"],
            ["1101", "FM", PERIOD, "5000"],
            ["3273", "FM", PERIOD, "7000"],
        ]
    )
    batch = run(content, "bps.csv")
    assert batch.status == BatchStatus.SUCCEEDED, batch.errors
    assert value("FM", 2, PERIOD, "11.09")["value"] == 5000  # type: ignore[index]
    assert value("FM", 2, PERIOD, "11.01") is None  # not the compact-code look-alike
    assert value("FM", 2, PERIOD, "32.73")["value"] == 7000  # type: ignore[index]


def test_region_names_match_exactly_within_their_parent() -> None:
    content = csv_bytes(
        [
            ["nama_wilayah", "kode_induk", "indikator", "periode", "nilai"],
            ["Kota Bandung", "32", "FM", PERIOD, "1"],
            ["Bandung Barat", "32", "FM", PERIOD, "2"],  # "Kabupaten" left out
            ["Jawa Timur", "", "FM", PERIOD, "3"],  # a province needs no parent
        ]
    )
    batch = run(content, "names.csv")
    assert batch.status == BatchStatus.SUCCEEDED, batch.errors
    assert value("FM", 2, PERIOD, "32.73")["value"] == 1  # type: ignore[index]
    assert value("FM", 2, PERIOD, "32.17")["value"] == 2  # type: ignore[index]
    assert value("FM", 1, PERIOD, "35")["value"] == 3  # type: ignore[index]


# --- bad rows ------------------------------------------------------------------------------


def test_every_kind_of_bad_row_is_reported_and_nothing_changes() -> None:
    before = snapshot()
    content = csv_bytes(
        [
            ["kode_wilayah", "indikator", "periode", "nilai"],
            ["32.73", "FM", PERIOD, "100"],  # 2: fine, yet not imported
            ["32.99", "FM", PERIOD, "1"],  # 3: no such region
            ["abc", "FM", PERIOD, "1"],  # 4: not a code
            ["32.73", "povrty_rate", PERIOD, "1"],  # 5: unknown indicator
            ["32.73", "PD", "2031/03", "1"],  # 6: period format
            ["32.73", "AT", PERIOD, "1.234,5"],  # 7: not a number
            ["32.73", "poverty_rate", PERIOD, "150"],  # 8: out of range for %
            ["32.73", "LUT", PERIOD, "10.5"],  # 9: counts are whole
            ["32.73", "FM", PERIOD, "100"],  # 10: duplicate of row 2
            ["32.73.01.1001", "poverty_rate", PERIOD, "5"],  # 11: rates not kept for villages
            ["32.73", "KAT", PERIOD, ""],  # 12: empty value
            ["12,5", "FM", PERIOD, "1"],  # 13: not a code either
            ["32.73", "ABT", PERIOD, "12,5"],  # 14: decimal comma
        ]
    )
    batch = run(content, "bad.csv")
    assert batch.status == BatchStatus.REJECTED
    found = reasons(batch)
    assert found[(3, "unknown_region")]["column"] == "kode_wilayah"
    assert found[(4, "invalid_region_code")]["value"] == "abc"
    assert found[(5, "unknown_indicator")]["suggestion"] == "poverty_rate"
    assert found[(6, "invalid_period")]["suggestion"] == "2031-03"
    assert found[(7, "not_a_number")]["column"] == "nilai"
    assert found[(8, "out_of_range")]["suggestion"] == "0..100"
    assert found[(9, "not_whole")]["suggestion"] == "10"
    assert found[(10, "duplicate_row")]["suggestion"] == "2"
    assert (11, "level_not_kept") in found
    assert (12, "missing_value") in found
    assert (13, "invalid_region_code") in found
    assert found[(14, "not_a_number")]["suggestion"] == "12.5"
    assert batch.error_count == 12
    assert not any(row == 2 for row, _reason in found)
    assert snapshot() == before


def test_a_bps_code_in_the_kemendagri_column_is_not_guessed() -> None:
    # A regency whose BPS code is no Kemendagri code at all (Papua was recoded in 2022).
    codes = set(Region.objects.filter(level=2).values_list("code", flat=True))
    region = next(
        r
        for r in Region.objects.filter(level=2).exclude(bps_code="").order_by("code")
        if f"{r.bps_code[:2]}.{r.bps_code[2:]}" not in codes
    )
    rows = [["kode_wilayah", "indikator", "periode", "nilai"], [region.bps_code, "FM", PERIOD, "1"]]
    batch = run(csv_bytes(rows), "wrong-column.csv")
    assert batch.status == BatchStatus.REJECTED
    error = batch.errors[0]
    assert error["reason"] == "bps_code_in_code_column"
    assert error["suggestion"] == region.code


def test_names_are_never_guessed() -> None:
    content = csv_bytes(
        [
            ["nama_wilayah", "kode_induk", "indikator", "periode", "nilai"],
            ["Bandung", "32", "FM", PERIOD, "1"],  # Kabupaten or Kota Bandung?
            ["Kota Bandng", "32", "FM", PERIOD, "1"],  # a typo
            ["Kota Bandung", "35", "FM", PERIOD, "1"],  # not in Jawa Timur
        ]
    )
    batch = run(content, "names.csv")
    found = reasons(batch)
    assert set(found[(2, "ambiguous_region_name")]["suggestion"].split(", ")) == {"32.04", "32.73"}
    assert "32.73" in found[(3, "unknown_region_name")]["suggestion"]
    assert (4, "unknown_region_name") in found
    assert value("FM", 2, PERIOD, "32.73") is None


def test_column_problems_are_reported_before_any_row() -> None:
    content = csv_bytes([["kode_wilayah", "indikatr", "nilai"], ["32.73", "FM", "1"]])
    batch = run(content, "columns.csv")
    found = {e["reason"]: e for e in batch.errors}
    assert found["unknown_column"]["column"] == "indikatr"
    assert found["unknown_column"]["suggestion"] == "indikator"
    assert "missing_period_column" in found
    assert all(e["row"] == 1 for e in batch.errors)


def test_unreadable_and_ragged_files_are_rejected_with_reasons() -> None:
    assert run(b"\x00\x01binary", "data.xlsx").errors[0]["reason"] == "unreadable"
    ragged = b"kode_wilayah,indikator,periode,nilai\n32.73,FM,2031,1\n32.73,FM\n"
    batch = run(ragged, "ragged.csv")
    assert batch.status == BatchStatus.REJECTED
    assert [(e["row"], e["reason"]) for e in batch.errors] == [(3, "row_width")]


# --- re-imports, history, dry run, scope ---------------------------------------------------

FILE = csv_bytes(
    [
        ["kode_wilayah", "indikator", "periode", "nilai"],
        ["32.73", "FM", PERIOD, "100"],
        ["32.01", "FM", PERIOD, "200"],
    ]
)


def test_importing_the_same_file_again_changes_nothing() -> None:
    first = run(FILE, "f.csv")
    assert first.inserted == 2
    before = snapshot()
    again = run(FILE, "f.csv")
    assert again.status == BatchStatus.SUCCEEDED
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert snapshot() == before
    assert value("FM", 2, PERIOD, "32.73")["batch"] == first.pk  # type: ignore[index]


def test_a_corrected_file_updates_in_place_and_keeps_the_old_values() -> None:
    first = run(FILE, "f.csv")
    corrected = FILE.replace(b"32.73,FM,2031,100", b"32.73,FM,2031,150")
    second = run(corrected, "f-corrected.csv")
    assert (second.inserted, second.updated, second.unchanged) == (0, 1, 1)
    assert value("FM", 2, PERIOD, "32.73")["value"] == 150  # type: ignore[index]
    assert value("FM", 2, PERIOD, "32.01")["batch"] == first.pk  # type: ignore[index]
    revision = SeriesRevision.objects.get(replaced_by=second)
    old = cells.lookup(cells.decode(bytes(revision.cells)), "32.73")
    assert old is not None and old["value"] == 100 and old["batch"] == first.pk


def test_a_dry_run_previews_and_changes_nothing() -> None:
    before = snapshot()
    batch = run(FILE, "f.csv", dry_run=True)
    assert batch.status == BatchStatus.PREVIEWED
    assert batch.inserted == 2
    assert batch.preview == [
        {
            "indicator": "FM",
            "level": 2,
            "period": PERIOD,
            "inserted": 2,
            "updated": 0,
            "unchanged": 0,
        }
    ]
    assert snapshot() == before


def test_a_coordinator_imports_only_inside_their_region(rahmat: User) -> None:
    before = snapshot()
    mixed = csv_bytes(
        [
            ["kode_wilayah", "indikator", "periode", "nilai"],
            ["32.73", "FM", PERIOD, "1"],
            ["35.78", "FM", PERIOD, "1"],
        ]
    )
    batch = run(mixed, "mixed.csv", user=rahmat)
    assert [(e["row"], e["reason"]) for e in batch.errors] == [(3, "outside_scope")]
    assert batch.errors[0]["suggestion"] == "32"
    assert snapshot() == before
    inside = run(FILE, "inside.csv", user=rahmat)
    assert inside.status == BatchStatus.SUCCEEDED
    assert inside.created_by == rahmat


def test_rows_are_numbered_as_a_spreadsheet_shows_them_even_after_blank_lines() -> None:
    content = b"kode_wilayah,indikator,periode,nilai\n32.73,FM,2031,1\n\n32.73,PD,2031,x\n"
    batch = run(content, "blank.csv")
    assert [(e["row"], e["reason"]) for e in batch.errors] == [(4, "not_a_number")]


def test_xlsx_rows_skip_blank_lines_but_keep_their_numbers() -> None:
    content = xlsx_bytes(
        [
            ["kode_wilayah", "indikator", "periode", "nilai"],
            ["32.73", "FM", PERIOD, 1],
            [],
            ["32.73", "PD", PERIOD, "x"],
        ]
    )
    batch = run(content, "blank.xlsx")
    assert [(e["row"], e["reason"]) for e in batch.errors] == [(4, "not_a_number")]


def test_hxl_hashtags_alone_are_headers_too() -> None:
    content = csv_bytes(
        [
            ["#adm3+code", "#indicator+code", "#date+period", "#indicator+value+num"],
            ["32.73.01", "PSM", PERIOD, "14"],
        ]
    )
    batch = run(content, "hxl-only.csv")
    assert batch.status == BatchStatus.SUCCEEDED, batch.errors
    assert value("PSM", 3, PERIOD, "32.73.01")["value"] == 14  # type: ignore[index]


def test_a_quoted_line_break_inside_a_note_is_part_of_the_cell() -> None:
    content = (
        b'kode_wilayah,indikator,periode,nilai,catatan\n32.73,FM,2031,5,"baris satu\nbaris dua"\n'
    )
    batch = run(content, "note.csv")
    assert batch.status == BatchStatus.SUCCEEDED, batch.errors
    assert value("FM", 2, PERIOD, "32.73")["note"] == "baris satu\nbaris dua"  # type: ignore[index]
