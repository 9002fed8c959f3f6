import io
from io import StringIO
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

from sinergi.core.models import AuditEvent, User
from sinergi.core.tabular import ImportRejected, UnreadableFile
from sinergi.partners.imports import organisations_import
from sinergi.partners.models import Organisation, OrganisationFocus, OrganisationFootprint
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "nama;jenis;nib;sektor;kelompok sasaran;wilayah kerja;ring 1;kode wilayah;aktif sejak\n"
    "PT Pulih Bersama;Perusahaan swasta;9120000000011;Rehabilitasi Sosial, kesehatan;NAPZA;"
    "35.78;3525;3578;2010\n"
    "Yayasan Pintar Nusantara;yayasan;;Pendidikan;Anak Terlantar;53;;31.74;2015\n"
    "Perkumpulan Usaha Perempuan;association;;ekonomi;PRSE;32.04, 32.05;;;\n"
)


def run(text: str, *, dry_run: bool = False, name: str = "mitra.csv") -> list[tuple[str, str]]:
    report = organisations_import(
        file=io.BytesIO(text.encode()), filename=name, actor=None, dry_run=dry_run
    )
    return [(row.name, row.action) for row in report.rows]


def snapshot() -> list[tuple[object, ...]]:
    return sorted(
        Organisation.objects.values_list("name", "type", "nib", "home_region_id", "active_since")
    )


def test_a_good_file_creates_organisations_with_focus_and_footprint() -> None:
    assert run(GOOD) == [
        ("PT Pulih Bersama", "create"),
        ("Yayasan Pintar Nusantara", "create"),
        ("Perkumpulan Usaha Perempuan", "create"),
    ]
    company = Organisation.objects.get(nib="9120000000011")
    assert (company.type, company.home_region_id, company.active_since) == (
        "private_company",
        "35.78",
        2010,
    )
    assert sorted(
        OrganisationFocus.objects.filter(organisation=company).values_list("kind", "key")
    ) == [("sector", "kesehatan"), ("sector", "rehabilitasi_sosial"), ("target_group", "NAPZA")]
    assert sorted(
        OrganisationFootprint.objects.filter(organisation=company).values_list("region_id", "kind")
    ) == [("35.25", "ring_1"), ("35.78", "operates")]
    assert Organisation.objects.get(name="Yayasan Pintar Nusantara").type == "foundation"
    assert AuditEvent.objects.filter(action="organisation.create").count() == 3


def test_reimporting_creates_no_duplicates() -> None:
    run(GOOD)
    before = snapshot()
    assert [action for _name, action in run(GOOD)] == ["unchanged"] * 3
    assert snapshot() == before
    assert AuditEvent.objects.filter(action="organisation.update").count() == 0


def test_rows_match_on_identifier_or_exact_name() -> None:
    run(GOOD)
    renamed = (
        "nama,nib,jenis\n"
        "PT Pulih Bersama Tbk,9120000000011,\n"  # same NIB, new name: the same company
        "  yayasan PINTAR nusantara ,1111111111111,\n"  # same name written differently
    )
    assert run(renamed) == [
        ("PT Pulih Bersama Tbk", "update"),
        ("Yayasan Pintar Nusantara", "update"),
    ]
    assert Organisation.objects.count() == 3
    assert Organisation.objects.get(nib="9120000000011").name == "PT Pulih Bersama Tbk"
    school = Organisation.objects.get(nib="1111111111111")
    assert school.name == "Yayasan Pintar Nusantara"  # the registered spelling stays
    assert school.type == "foundation"  # empty cells change nothing


def test_any_error_rejects_the_whole_file_and_changes_nothing() -> None:
    run(GOOD)
    before = snapshot()
    bad = (
        "nama,jenis,nib,sektor,wilayah kerja,aktif sejak,deskripsii\n"
        "Mitra Baru Sekali,private_company,,pendidikan,32.73,2001,\n"  # fine on its own
        "PT Pulih Bersama,private_company,123,sihir,99.99,kemarin,\n"
        ",foundation,,,,,\n"
        "Yayasan Pintar Nusantara,,9120000000011,,,,\n"  # NIB of another organisation
        "Mitra Baru Sekali,ngo,,,,,\n"  # the same as row 2
    )
    with pytest.raises(ImportRejected) as caught:
        run(bad)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(1, "deskripsii")}  # an unknown column, reported with a suggestion
    assert caught.value.errors[0].suggestion == "deskripsi"
    # the header error stops before rows are read: fix it and every row error shows
    with pytest.raises(ImportRejected) as caught:
        run(bad.replace(",deskripsii", ",deskripsi"))
    errors = {(e.row, e.column): e for e in caught.value.errors}
    assert {(3, "nib"), (3, "sektor"), (3, "aktif sejak"), (3, "wilayah kerja")} <= set(errors)
    assert errors[(3, "sektor")].value == "sihir"
    assert (4, "nama") in errors
    assert (5, "nama") in errors  # identifiers point at two organisations
    assert (6, "nama") in errors and "2" in errors[(6, "nama")].reason
    assert (2, "nama") not in errors
    assert snapshot() == before
    assert not Organisation.objects.filter(name="Mitra Baru Sekali").exists()


def test_a_dry_run_reports_the_plan_and_writes_nothing() -> None:
    OrganisationFactory.create(name="PT Pulih Bersama", type="private_company", home_region_id=None)
    plan = run(GOOD, dry_run=True)
    assert plan[0] == ("PT Pulih Bersama", "update")
    assert [action for _name, action in plan[1:]] == ["create", "create"]
    assert Organisation.objects.count() == 1
    assert not AuditEvent.objects.filter(target_type="organisation").exists()


def test_xlsx_files_import_the_same_way() -> None:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    rows: list[list[object]] = [
        ["Name", "Type", "NIB", "Active since"],
        ["PT Excel", "ngo", "", 1999],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.close()
    report = organisations_import(
        file=io.BytesIO(buffer.getvalue()), filename="mitra.xlsx", actor=None
    )
    assert [(r.name, r.action) for r in report.rows] == [("PT Excel", "create")]
    assert Organisation.objects.get(name="PT Excel").active_since == 1999


def test_a_file_without_a_name_column_or_of_another_type_is_refused() -> None:
    with pytest.raises(ImportRejected) as caught:
        run("jenis\nngo\n")
    assert [e.column for e in caught.value.errors] == ["nama"]
    with pytest.raises(UnreadableFile):
        run("nama\nA\n", name="mitra.pdf")


def test_the_command_imports_and_reports(tmp_path: Path, nadia: User) -> None:
    path = tmp_path / "mitra.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command("import_organisations", str(path), "--dry-run", stdout=out)
    assert Organisation.objects.count() == 0
    call_command("import_organisations", str(path), "--user", "nadia", stdout=out)
    assert Organisation.objects.count() == 3
    assert AuditEvent.objects.filter(action="organisation.create", actor=nadia).count() == 3
    path.write_text("nama,jenis\nX,planet\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_organisations", str(path), stdout=out, stderr=err)
    assert "planet" in err.getvalue()
