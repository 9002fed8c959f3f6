"""The HXL 3W export adds up in the tools that read it: breakdown rows are marked, so a sum of
the other rows counts each person once; reach goes out approved, with pending and declared
beside it; every text cell is formula-safe and the export still re-imports unchanged."""

from __future__ import annotations

import csv
import io
from typing import Any

import hxl
import pytest
from python_calamine import CalamineWorkbook

from sinergi.interventions.exports import csv_bytes, xlsx_bytes
from sinergi.interventions.models import Intervention
from sinergi.interventions.services import LocationEntry
from sinergi.interventions.spreadsheet import interventions_import
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention

pytestmark = pytest.mark.django_db


@pytest.fixture
def works(mitra_a: Organisation) -> list[Intervention]:
    """H-1: Jawa Barat (32) 500 targeted, of which Kota Bandung (32.73) 290, and Surabaya
    (35.78) 240: 1,030 over its rows, 740 people. H-2: Kota Bandung 60. The organisation
    targets 800 people; a plain sum of the rows says 1,090."""
    first = intervention(
        mitra_a,
        ref="H-1",
        title='=HYPERLINK("http://example.invalid")',
        locations=[
            LocationEntry("32", 500, 200),
            LocationEntry("32.73", 290, 120),
            LocationEntry("35.78", 240, 100),
        ],
    )
    second = intervention(mitra_a, ref="H-2", locations=[LocationEntry("32.73", 60, 30)])
    # As the report workflow leaves them (tests/interventions/test_metrics.py goes through it).
    Intervention.objects.filter(pk=first.pk).update(reached_approved=110, reached_pending=22)
    Intervention.objects.filter(pk=second.pk).update(reached_approved=25, reached_pending=0)
    return list(Intervention.objects.filter(organisation=mitra_a).order_by("ref"))


def _hxl(raw: bytes) -> Any:
    return hxl.data(io.BytesIO(raw))


def _sum(raw: bytes, tag: str, *, outermost: bool = True) -> int:
    """The column's sum as libhxl reads it, over the rows that are no breakdown (a libhxl
    dataset is a stream: read afresh each time)."""
    dataset = _hxl(raw).with_rows("#meta+breakdown=0") if outermost else _hxl(raw)
    return sum(int(row.get(tag)) for row in dataset)


def test_summing_the_rows_that_are_no_breakdown_gives_sinergis_own_totals(
    works: list[Intervention], mitra_a: Organisation
) -> None:
    raw = csv_bytes(works, hxl=True)
    assert _sum(raw, "#targeted", outermost=False) == 1_090  # a plain sum double counts
    assert _sum(raw, "#targeted") == 800
    assert sum(i.targeted for i in works) == 800  # Sinergi's own total for the organisation
    assert _sum(raw, "#reached+approved") == 135 == sum(i.reached_approved for i in works)
    assert _sum(raw, "#reached+pending") == 22
    assert _sum(raw, "#reached+declared") == 330 == sum(i.reached for i in works)


def test_each_row_carries_its_approved_share_and_the_pending_one_beside_it(
    works: list[Intervention],
) -> None:
    rows = list(_hxl(csv_bytes(works, hxl=True)))
    figures = {
        (row.get("#activity+id"), row.get("#adm1+code"), row.get("#adm2+code")): (
            row.get("#meta+breakdown"),
            row.get("#targeted"),
            row.get("#reached+approved"),
            row.get("#reached+pending"),
        )
        for row in rows
    }
    # 110 approved shared by declared reach 200 : 100 (largest remainder) → 73 and 37; Kota
    # Bandung is 120/200 of Jawa Barat's 73 → 43. Pending 22 → 15, 7 and 9.
    assert figures == {
        ("H-1", "32", None): ("0", "500", "73", "15"),
        ("H-1", "32", "32.73"): ("1", "290", "43", "9"),
        ("H-1", "35", "35.78"): ("0", "240", "37", "7"),
        ("H-2", "32", "32.73"): ("0", "60", "25", "0"),
    }


def test_the_header_says_how_to_sum(works: list[Intervention]) -> None:
    header, tags = list(csv.reader(io.StringIO(csv_bytes(works, hxl=True).decode())))[:2]
    column = tags.index("#meta+breakdown")
    assert "leave out of sums" in header[column]
    assert tags[column + 1 : column + 5] == [
        "#targeted",
        "#reached+approved",
        "#reached+pending",
        "#reached+declared",
    ]


def test_text_that_a_spreadsheet_would_run_goes_out_as_text(works: list[Intervention]) -> None:
    for hxl_export in (True, False):
        rows = list(csv.reader(io.StringIO(csv_bytes(works, hxl=hxl_export).decode())))
        titles = {row[2] for row in rows[2 if hxl_export else 1 :]}
        assert '\'=HYPERLINK("http://example.invalid")' in titles
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx_bytes(works))).get_sheet_by_index(0)
    cells = [cell for row in sheet.to_python() for cell in row]
    assert '\'=HYPERLINK("http://example.invalid")' in cells


def test_the_export_reimports_unchanged_apostrophes_and_computed_columns_aside(
    works: list[Intervention], mitra_a: Organisation
) -> None:
    raw = csv_bytes(works, hxl=True)
    report = interventions_import(
        file=io.BytesIO(raw), filename="3w.csv", actor=None, organisation=mitra_a
    )
    assert report.count("unchanged") == 2
    Intervention.objects.all().delete()
    interventions_import(file=io.BytesIO(raw), filename="3w.csv", actor=None, organisation=mitra_a)
    restored = Intervention.objects.get(ref="H-1")
    assert restored.title == '=HYPERLINK("http://example.invalid")'
    assert (restored.targeted, restored.reached) == (740, 300)
    assert (restored.reached_approved, restored.reached_pending) == (0, 0)  # reports only
