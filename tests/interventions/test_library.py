"""The shipped indicator library: a fresh install has it, a second load changes nothing, the
flags and tags are right, and organisations' own indicators are never touched."""

from __future__ import annotations

import argparse
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from sinergi import cli
from sinergi.core.models import AuditEvent, User
from sinergi.core.taxonomy import FUNCTIONS, SECTORS
from sinergi.interventions.library import LIBRARY_FILE, indicator_library_load, library_read
from sinergi.interventions.models import Indicator, Intervention
from sinergi.interventions.report_services import (
    ValueEntry,
    report_approve,
    report_create,
    report_submit,
    report_update,
)
from sinergi.interventions.services import indicator_create
from sinergi.partners.models import Organisation
from sinergi.regions.reference import ReferenceDataError
from tests.interventions.factories import intervention, tracked

pytestmark = pytest.mark.django_db
HEADER = "code,name,unit,function,programme,sdg_targets,counts_reached\n"


def _library() -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.filter(organisation=None)}


def test_a_fresh_install_has_the_library_through_the_command() -> None:
    out = StringIO()
    call_command("load_indicators", stdout=out)
    library = _library()
    assert 20 <= len(library) <= 40
    assert "38 ditambahkan" in out.getvalue()  # "38 added", in Indonesian by default
    # Every ministry function and every partner sector has at least one indicator.
    assert {term.key for term in SECTORS} <= {i.function for i in library.values()}
    atensi = [i for i in library.values() if i.programme == "ATENSI"]
    names = " ".join(i.name for i in atensi)
    for cluster in ("Lansia", "disabilitas", "Anak", "NAPZA"):
        assert cluster in names
    assert {"KUBE", "PKH"} <= {i.programme for i in library.values()}
    assert all(i.sdgs for i in library.values())


def test_flags_and_sdg_tags_are_right() -> None:
    indicator_library_load()
    library = _library()
    # People or families reached count; groups, things and outcomes do not.
    assert library["RS-01"].counts_reached and library["PKH-01"].counts_reached
    assert library["AS-01"].counts_reached  # households served
    assert not library["PM-01"].counts_reached  # KUBE groups
    assert not library["FM-03"].counts_reached  # houses repaired
    assert not library["JS-01"].counts_reached  # graduation is an outcome
    # Targets 1.3;3.8 become the goals, sorted; 11.b keeps goal 11.
    assert library["PS-01"].sdgs == ["SDG1", "SDG3"]
    assert library["PB-02"].sdgs == ["SDG11", "SDG13"]
    assert library["PKH-01"].function == "jaminan_sosial"
    assert {term.key for term in FUNCTIONS} <= {i.function for i in library.values()}


def test_a_second_run_changes_nothing() -> None:
    first = indicator_library_load()
    assert first.changed and first.created == 38
    events = AuditEvent.objects.filter(action="indicator.library_load").count()
    second = indicator_library_load()
    assert not second.changed and second.unchanged == 38 and second.created == 0
    forced = indicator_library_load(force=True)
    assert not forced.changed and forced.unchanged == 38
    assert AuditEvent.objects.filter(action="indicator.library_load").count() == events == 1
    out = StringIO()
    call_command("load_indicators", stdout=out)
    assert "tidak ada perubahan" in out.getvalue()  # "nothing changed"


def test_changed_and_missing_rows_are_brought_back_to_the_file(tmp_path: Path) -> None:
    indicator_library_load()
    Indicator.objects.filter(code="RS-01").update(name="Diubah", counts_reached=False)
    Indicator.objects.filter(code="PM-02").delete()
    # The checksum is the same but a row is missing: the load compares every row again.
    report = indicator_library_load()
    assert (report.created, report.updated) == (1, 1)
    again = Indicator.objects.get(code="RS-01")
    assert again.name == "Penerima manfaat yang selesai rehabilitasi sosial"
    assert again.counts_reached
    # A new version of the file renames a row: it is updated, nothing else is.
    edited = tmp_path / "library.csv"
    edited.write_text(
        LIBRARY_FILE.read_text(encoding="utf-8").replace(
            "KUBE yang didampingi,", "KUBE yang didampingi secara rutin,"
        ),
        encoding="utf-8",
    )
    report = indicator_library_load(path=edited)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 37)
    assert Indicator.objects.get(code="PM-01").name == "KUBE yang didampingi secara rutin"


def test_organisations_own_indicators_are_never_touched(
    mitra_a: Organisation, tmp_path: Path
) -> None:
    own = indicator_create(
        actor=None, code="RS-01", name="Milik Mitra A", unit="orang", organisation=mitra_a
    )
    other = indicator_create(
        actor=None, code="M1-001", name="Lain", unit="paket", organisation=mitra_a
    )
    report = indicator_library_load()
    assert report.conflicts == ["RS-01"] and report.created == 37
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.name, own.organisation_id, own.counts_reached) == (
        "Milik Mitra A",
        mitra_a.pk,
        False,
    )
    assert other.name == "Lain"
    err = StringIO()
    call_command("load_indicators", stdout=StringIO(), stderr=err)
    assert "RS-01" in err.getvalue()


def test_a_bad_file_is_refused_whole_before_writing(tmp_path: Path) -> None:
    bad = tmp_path / "library.csv"
    bad.write_text(
        HEADER
        + "XX-01,Baik,orang,pendidikan,,4.1,true\n"
        + "xx,Kode buruk,orang,pendidikan,,4.1,true\n"
        + "XX-02,Fungsi salah,orang,bukan_fungsi,,4.1,true\n"
        + "XX-03,SDG salah,orang,pendidikan,,18.1,true\n"
        + "XX-04,Tanda salah,orang,pendidikan,,4.1,ya\n"
        + "XX-01,Kembar,orang,pendidikan,,4.1,true\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError) as refused:
        indicator_library_load(path=bad)
    assert len(refused.value.problems) == 5
    assert any("XX-01 appears twice" in p for p in refused.value.problems)
    assert not Indicator.objects.exists()
    wrong_columns = tmp_path / "columns.csv"
    wrong_columns.write_text("code,name\nXX-01,Baik\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError):
        library_read(wrong_columns)


def test_a_shipped_indicator_that_starts_counting_recounts_reach(
    mitra_a: Organisation, alice: User, nadia: User, tmp_path: Path
) -> None:
    indicator_library_load()
    work = intervention(mitra_a)
    followed = tracked(work, Indicator.objects.get(code="PM-01"))
    report = report_create(actor=alice, intervention=work, period="2026-Q1")
    report = report_update(
        actor=alice,
        report=report,
        narrative="",
        values={followed.pk: ValueEntry(Decimal(12))},
        version=report.version,
    )
    report_approve(actor=nadia, report=report_submit(actor=alice, report=report))
    assert Intervention.objects.get(pk=work.pk).reached_approved == 0
    edited = tmp_path / "library.csv"
    edited.write_text(
        LIBRARY_FILE.read_text(encoding="utf-8").replace("8.3,false\nPM-02", "8.3,true\nPM-02"),
        encoding="utf-8",
    )
    indicator_library_load(path=edited)
    assert Intervention.objects.get(pk=work.pk).reached_approved == 12


def test_init_and_load_reference_load_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[tuple[str, ...]] = []
    monkeypatch.setattr(cli, "_django", lambda: None)
    monkeypatch.setattr(cli, "_call", lambda name, *args: called.append((name, *args)))
    cli.cmd_init(argparse.Namespace(no_demo=True))
    # After the statistics, before any demo: a fresh install has the library.
    assert called.index(("load_indicators",)) > called.index(("load_statistics",))
    called.clear()
    cli.cmd_load_reference(argparse.Namespace(force=True))
    assert ("load_indicators", "--force") in called
