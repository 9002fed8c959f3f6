"""The shipped registry as loaded into the test database, and the loader's contract."""

import gzip
import shutil
from pathlib import Path

import pytest

from sinergi.core.models import AuditEvent
from sinergi.regions import reference
from sinergi.regions.models import Boundary, BoundaryBundle, Region
from sinergi.regions.services import reference_load

pytestmark = pytest.mark.django_db


def test_all_four_levels_are_loaded_with_the_official_counts() -> None:
    counts = {level: Region.objects.filter(level=level).count() for level in (1, 2, 3, 4)}
    assert counts == {1: 38, 2: 514, 3: 7_285, 4: 83_762}
    assert Region.objects.count() == 91_599


@pytest.mark.parametrize(
    ("code", "name", "parent", "kind"),
    [
        ("32.73", "Kota Bandung", "32", "kota"),
        ("35.78", "Kota Surabaya", "35", "kota"),
        ("11.09", "Kabupaten Simeulue", "11", "kabupaten"),
        ("32", "Jawa Barat", None, "provinsi"),
    ],
)
def test_spot_checks(code: str, name: str, parent: str | None, kind: str) -> None:
    region = Region.objects.get(code=code)
    assert (region.name, region.parent_id, region.type) == (name, parent, kind)


def test_bps_codes_join_through_the_crosswalk() -> None:
    assert Region.objects.get(bps_code="1101").code == "11.09"
    assert Region.objects.get(code="32.73").bps_code == "3273"
    assert Region.objects.get(code="32").bps_code == "32"
    # After the 2022 split no single BPS province code identifies the Papua provinces.
    assert set(
        Region.objects.filter(code__in=["91", "92", "93", "94", "95", "96"]).values_list(
            "bps_code", flat=True
        )
    ) == {""}


def test_facts_are_published_where_the_sources_have_them() -> None:
    bandung = Region.objects.get(code="32.73")
    assert bandung.population == 2_591_763
    assert bandung.area_km2 == pytest.approx(166.593)
    assert Region.objects.filter(level=1).exclude(population=None).count() == 38
    national = sum(
        p or 0 for p in Region.objects.filter(level=1).values_list("population", flat=True)
    )
    assert national == 284_973_643  # Dukcapil, December 2024
    villages = Region.objects.filter(level=4)
    assert set(villages.values_list("type", flat=True).distinct()) == {
        "desa",
        "kelurahan",
        "desa_adat",
    }
    assert villages.filter(type="desa_adat").count() == 14


def test_every_region_down_to_districts_has_a_boundary_and_bundles_exist() -> None:
    assert Boundary.objects.count() == 38 + 514 + 7_285
    assert BoundaryBundle.objects.filter(parent_code="").count() == 2
    assert BoundaryBundle.objects.filter(level=3).count() == 38 + 514


def test_a_second_load_changes_nothing_and_says_so() -> None:
    events = AuditEvent.objects.count()
    report = reference_load()
    assert not report.changed
    assert report.regions.unchanged == 91_599
    assert report.bundles_built == 0
    assert AuditEvent.objects.count() == events


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(reference.DATA_DIR, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def _rewrite(path: Path, old: str, new: str) -> None:
    text = gzip.decompress(path.read_bytes()).decode()
    assert old in text
    path.write_bytes(gzip.compress(text.replace(old, new, 1).encode()))


def test_a_corrected_file_updates_in_place(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _rewrite(data / "regions" / "regencies.csv.gz", "Kota Bandung,", "Kota Bandung (koreksi),")
    report = reference_load(data_dir=data)
    assert (report.regions.inserted, report.regions.updated) == (0, 1)
    assert Region.objects.get(code="32.73").name == "Kota Bandung (koreksi)"
    assert Region.objects.get(code="32.73").search_name == "kota bandung koreksi"
    assert AuditEvent.objects.filter(action="reference.load").exists()


def test_inconsistent_data_is_refused_whole_with_every_problem_named(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _rewrite(data / "regions" / "regencies.csv.gz", "Kota Bandung,", "Kota Bandung Baru,")
    _rewrite(
        data / "regions" / "villages.csv.gz",
        "11.01.01.2001,Keude Bakongan,11.01.01",
        "11.01.01.2001,Keude Bakongan,11.01.99",
    )
    _rewrite(data / "regions" / "districts.csv.gz", "11.01.02,Kluet Utara", "11.01.2,Kluet Utara")
    with pytest.raises(reference.ReferenceDataError) as raised:
        reference_load(data_dir=data)
    problems = raised.value.problems
    assert "11.01.01.2001: parent 11.01.99 contradicts the code" in problems
    assert any(p.startswith("'11.01.2'") for p in problems)
    assert "11.01.02.2001: parent 11.01.02 is not a known region above it" in problems
    assert str(raised.value).startswith(f"{len(problems)} problem(s) in the reference data")
    assert Region.objects.get(code="32.73").name == "Kota Bandung"  # nothing landed
