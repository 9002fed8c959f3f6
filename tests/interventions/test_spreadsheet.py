"""The 3W round trip: download → edit → upload updates, creates, never duplicates; any bad
row rejects the whole file; the HXL export re-imports to the same records."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from sinergi.core.tabular import ImportRejected
from sinergi.interventions.exports import csv_bytes, xlsx_bytes
from sinergi.interventions.models import Intervention, InterventionLocation
from sinergi.interventions.selectors import interventions_by_ref
from sinergi.interventions.services import LocationEntry
from sinergi.interventions.spreadsheet import interventions_import
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention

pytestmark = pytest.mark.django_db


def _rows(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode())))


def _write(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _upload(raw: bytes, organisation: Organisation, *, name: str = "3w.csv", dry_run: bool = False):  # type: ignore[no-untyped-def]
    return interventions_import(
        file=io.BytesIO(raw), filename=name, actor=None, organisation=organisation, dry_run=dry_run
    )


def _state() -> list[tuple[object, ...]]:
    return sorted(
        (
            i.organisation_id,
            i.ref,
            i.title,
            i.status,
            i.budget_idr,
            i.targeted,
            i.reached,
            i.version,
        )
        for i in Intervention.objects.all()
    ) + sorted(
        InterventionLocation.objects.values_list(
            "intervention__ref", "region_id", "targeted", "reached"
        )
    )


@pytest.fixture
def two(mitra_a: Organisation) -> list[Intervention]:
    return [
        intervention(
            mitra_a,
            ref="A-1",
            title="Rehabilitasi lansia",
            budget_idr=150_000_000,
            locations=[LocationEntry("32.73", 100, 40), LocationEntry("32.04", 60, 20)],
        ),
        intervention(mitra_a, ref="A-2", title="Pelatihan", function="pendidikan"),
    ]


def test_download_edit_upload_updates_creates_and_never_duplicates(
    mitra_a: Organisation, two: list[Intervention]
) -> None:
    rows = _rows(csv_bytes(two, hxl=False))
    assert [(r["ref"], r["region_code"]) for r in rows] == [
        ("A-1", "32.04"),
        ("A-1", "32.73"),
        ("A-2", "32.73"),
    ]
    for row in rows:
        if row["ref"] == "A-1":
            row["title"] = "Rehabilitasi lansia terpadu"
            row["budget_idr"] = "200.000.000"
    rows[0]["reached"] = "35"
    rows.append(rows[2] | {"ref": "A-3", "title": "Baru", "region_code": "327301"})
    first = _upload(_write(rows), mitra_a)
    assert (first.count("create"), first.count("update"), first.count("unchanged")) == (1, 1, 1)
    found = interventions_by_ref(organisation_ids=[mitra_a.pk])
    assert set(found) == {(mitra_a.pk, "A-1"), (mitra_a.pk, "A-2"), (mitra_a.pk, "A-3")}
    a1 = found[(mitra_a.pk, "A-1")].intervention
    assert (a1.title, a1.budget_idr, a1.reached, a1.version) == (
        "Rehabilitasi lansia terpadu",
        200_000_000,
        75,
        2,
    )
    assert [code for code, *_figures in found[(mitra_a.pk, "A-3")].locations] == ["32.73.01"]
    before = _state()
    again = _upload(_write(rows), mitra_a)
    assert again.count("unchanged") == 3 and _state() == before


def test_xlsx_template_round_trips(mitra_a: Organisation, two: list[Intervention]) -> None:
    raw = xlsx_bytes(two)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(raw)).get_sheet_by_index(0).to_python()
    assert sheet[0][:3] == ["ref", "organisation", "title"]
    before = _state()
    report = _upload(raw, mitra_a, name="3w.xlsx")
    assert report.count("unchanged") == 2 and _state() == before


def test_a_dry_run_reports_and_changes_nothing(
    mitra_a: Organisation, two: list[Intervention]
) -> None:
    rows = _rows(csv_bytes(two, hxl=False))
    rows.append(rows[2] | {"ref": "A-9"})
    before = _state()
    report = _upload(_write(rows), mitra_a, dry_run=True)
    assert report.dry_run and report.count("create") == 1
    assert _state() == before


def test_every_kind_of_bad_row_is_reported_and_nothing_changes(
    mitra_a: Organisation, mitra_b: Organisation, two: list[Intervention]
) -> None:
    rows = _rows(csv_bytes(two, hxl=False))
    good = rows[2]
    bad = [
        good | {"ref": "B-1", "function": "astrologi"},
        good | {"ref": "B-2", "programme": "NOPE"},
        good | {"ref": "B-3", "target_group": "LUT;XX"},
        good | {"ref": "B-4", "region_code": "99.99"},
        good | {"ref": "B-5", "region_code": "abc"},
        good | {"ref": "B-6", "start_date": "kemarin"},
        good | {"ref": "B-7", "start_date": "2026-05-01", "end_date": "2026-01-01"},
        good | {"ref": "B-8", "status": "selesai-ish"},
        good | {"ref": "B-9", "budget_idr": "-5"},
        good | {"ref": "B-10", "targeted": "1,5e3"},
        good | {"ref": "", "title": ""},
        good | {"ref": "B-12", "organisation": mitra_b.name},
        good | {"ref": "B-13", "organisation": "Tidak Ada"},
        good | {"ref": "A-2"},  # the same ref and region twice
        good | {"ref": "A-1", "region_code": "32.73.01", "title": "Lain"},  # differs within a ref
        good | {"ref": "B-16", "region_code": "32", "targeted": "10"},
        good | {"ref": "B-16", "region_code": "32.73", "targeted": "50"},  # breakdown > total
    ]
    before = _state()
    with pytest.raises(ImportRejected) as caught:
        _upload(_write(rows + bad), mitra_a)
    assert _state() == before
    reported = {(e.row, e.column) for e in caught.value.errors}
    first_bad = len(rows) + 2
    expected = {
        (first_bad, "function"),
        (first_bad + 1, "programme"),
        (first_bad + 2, "target_group"),
        (first_bad + 3, "region_code"),
        (first_bad + 4, "region_code"),
        (first_bad + 5, "start_date"),
        (first_bad + 6, "end_date"),
        (first_bad + 7, "status"),
        (first_bad + 8, "budget_idr"),
        (first_bad + 9, "targeted"),
        (first_bad + 10, "ref"),
        (first_bad + 10, "title"),
        (first_bad + 11, "organisation"),
        (first_bad + 12, "organisation"),
        (first_bad + 13, "region_code"),
        (first_bad + 14, "title"),
        (first_bad + 15, "region_code"),
    }
    assert expected <= reported, expected - reported


def test_unknown_and_missing_columns_are_reported(mitra_a: Organisation) -> None:
    with pytest.raises(ImportRejected) as caught:
        _upload(b"ref,judul,warna\nX,Y,merah\n", mitra_a)
    columns = {e.column for e in caught.value.errors}
    assert {"warna", "function", "region_code"} <= columns


def test_hxl_hashtags_are_accepted_as_headers(mitra_a: Organisation) -> None:
    raw = (
        "#activity+id,#org+name,#activity+name,#sector,#adm1+code,#adm2+code,#date+start,"
        "#date+end,#status,#value+budget,#targeted,#reached\n"
        f"H-1,{mitra_a.name},Dapur umum,bencana,32,32.73,2026-02-01,2026-03-01,completed,"
        "5000000,300,280\n"
    ).encode()
    _upload(raw, mitra_a)
    made = Intervention.objects.get(ref="H-1")
    assert (made.function, made.status, made.start_date, made.reached) == (
        "bencana",
        "completed",
        date(2026, 2, 1),
        280,
    )
    assert [loc.region_id for loc in made.locations.all()] == ["32.73"]


def test_the_hxl_export_reimports_to_the_same_records(
    mitra_a: Organisation, two: list[Intervention]
) -> None:
    raw = csv_bytes(two, hxl=True)
    lines = raw.decode().splitlines()
    assert lines[1].startswith("#activity+id,#org+name,#activity+name,#sector")
    before = _state()
    report = _upload(raw, mitra_a)
    assert report.count("unchanged") == 2 and _state() == before
    # …and into an empty registry it recreates them.
    Intervention.objects.all().delete()
    _upload(raw, mitra_a)
    assert sorted(i.ref for i in Intervention.objects.all()) == ["A-1", "A-2"]
    restored = Intervention.objects.get(ref="A-1")
    assert (restored.targeted, restored.reached, restored.budget_idr) == (160, 60, 150_000_000)


def test_a_partner_may_not_import_for_another_organisation(
    mitra_a: Organisation, mitra_b: Organisation
) -> None:
    raw = f"ref,organisation,title,function,region_code\nX-1,{mitra_b.name},T,bencana,35.78\n"
    with pytest.raises(ImportRejected) as caught:
        interventions_import(
            file=io.BytesIO(raw.encode()),
            filename="x.csv",
            actor=None,
            may_write=lambda organisation: organisation.pk == mitra_a.pk,
        )
    assert caught.value.errors[0].column == "organisation"
    assert not Intervention.objects.exists()
