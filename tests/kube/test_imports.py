"""Importing a Dinsos office's list: all rows or none; duplicate people reported, not merged;
NIKs never echoed in the error report."""

from __future__ import annotations

import io
import logging
from typing import Any

import pytest
import xlsxwriter

from sinergi.core.tabular import ImportRejected
from sinergi.kube.imports import kube_import
from sinergi.kube.models import Group, Member
from tests.kube.factories import group, new_nik

pytestmark = pytest.mark.django_db

HEADERS = [
    "Nama KUBE",
    "Kode Desa",
    "Jenis Usaha",
    "Tanggal Pembentukan",
    "Nama Anggota",
    "NIK",
    "Jenis Kelamin",
    "Umur",
    "Jabatan",
    "Desil",
]


def _xlsx(rows: list[list[Any]]) -> io.BytesIO:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for r, row in enumerate([HEADERS, *rows]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, str(value))
    workbook.close()
    buffer.seek(0)
    return buffer


def _rows(name: str, village: str, count: int, niks: list[str] | None = None) -> list[list[Any]]:
    niks = niks or [new_nik() for _ in range(count)]
    roles = ["Ketua", "Sekretaris", "Bendahara"]
    return [
        [
            name,
            village,
            "Kerajinan",
            "2024-07-01",
            f"{name} anggota {i}",
            niks[i],
            "P" if i % 2 else "L",
            str(25 + i),
            roles[i] if i < 3 else "Anggota",
            "2",
        ]
        for i in range(count)
    ]


def _import(rows: list[list[Any]], **kwargs: Any) -> Any:
    return kube_import(file=_xlsx(rows), filename="kube.xlsx", actor=None, **kwargs)


def test_a_good_file_lands_whole() -> None:
    report = _import(
        _rows("KUBE Kenanga", "3273011001", 6) + _rows("KUBE Teratai", "32.73.01.1002", 5)
    )
    assert (report.groups, report.members) == (2, 11)
    kenanga = Group.objects.get(name="KUBE Kenanga")
    assert kenanga.business_category == "crafts" and kenanga.village_id == "32.73.01.1001"
    assert kenanga.members.get(role="chair").age_band == "18-29"
    assert kenanga.members.filter(sex="f").count() == 3


def test_dry_run_writes_nothing() -> None:
    report = _import(_rows("KUBE Kenanga", "32.73.01.1001", 6), dry_run=True)
    assert report.groups == 1 and not Group.objects.exists()


def test_duplicate_people_are_reported_never_merged(caplog: pytest.LogCaptureFixture) -> None:
    twice = "3273015555000011"
    existing = "3273016666000022"
    group(size=5)
    kenanga = _rows("KUBE Kenanga", "32.73.01.1001", 6)
    kenanga[5][5] = twice
    teratai = _rows("KUBE Teratai", "32.73.01.1002", 5)
    teratai[2][5] = twice
    lily = _rows("KUBE Lili", "32.73.01.1003", 5)
    lily[0][5] = existing
    _import(lily)  # lands: now 'existing' belongs to KUBE Lili
    lily_group = Group.objects.get(name="KUBE Lili")
    teratai[4][5] = existing
    with caplog.at_level(logging.DEBUG), pytest.raises(ImportRejected) as rejected:
        _import(kenanga + teratai)
    errors = [(e.row, e.column, e.value) for e in rejected.value.errors]
    # Row numbers as people see them: header is row 1, Kenanga rows 2-7, Teratai rows 8-12.
    assert (10, "NIK", "3273********0011") in errors
    assert (12, "NIK", "3273********0022") in errors
    reasons = " ".join(e.reason for e in rejected.value.errors)
    assert "7" in reasons  # the earlier row of the same person is named
    assert twice not in str(rejected.value.errors) and existing not in str(rejected.value.errors)
    assert twice not in caplog.text and existing not in caplog.text
    assert set(Group.objects.values_list("name", flat=True)) == {"KUBE Mawar", "KUBE Lili"}
    assert lily_group.members.count() == 5


def test_every_problem_is_reported_and_nothing_lands() -> None:
    small = _rows("KUBE Kecil", "32.73.01.1001", 4)
    bad = _rows("KUBE Salah", "32.73.01.1002", 6)
    bad[0][1] = "99.99.99.9999"
    bad[1][5] = "1234"
    bad[2][6] = "X"
    bad[3][7] = "12"
    bad[4][9] = "11"
    bad[4][8] = "Ketua"  # row 10 (its decile is wrong, the person is still counted)
    bad[5][8] = "Ketua"
    with pytest.raises(ImportRejected) as rejected:
        _import(small + bad)
    columns = {(e.row, e.column) for e in rejected.value.errors}
    assert {
        (2, "Nama KUBE"),  # a group of four
        (6, "Kode Desa"),
        (7, "NIK"),
        (8, "Jenis Kelamin"),
        (9, "Umur"),
        (10, "Desil"),
        (11, "Jabatan"),  # a second chair
    } <= columns
    value_of_bad_nik = next(
        e.value for e in rejected.value.errors if (e.row, e.column) == (7, "NIK")
    )
    assert value_of_bad_nik == "1234"
    assert not Group.objects.exists() and not Member.objects.exists()


def test_missing_columns_are_reported_up_front() -> None:
    buffer = io.BytesIO(b"Nama KUBE,NIK\nKUBE A,3273010000000001\n")
    with pytest.raises(ImportRejected) as rejected:
        kube_import(file=buffer, filename="kube.csv", actor=None)
    assert {e.column for e in rejected.value.errors} >= {"village", "business", "sex"}


def test_a_coordinator_imports_only_in_their_regions() -> None:
    with pytest.raises(ImportRejected) as rejected:
        _import(_rows("KUBE Jatim", "35.78.01.1001", 5), region_scope=("32",))
    assert {e.column for e in rejected.value.errors} == {"Kode Desa"}
