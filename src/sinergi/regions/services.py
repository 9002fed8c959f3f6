"""Writes for the region registry: the reference-data loader and scoped role assignment."""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from sinergi.core.models import Role, RoleAssignment, User
from sinergi.core.services import audit_record, role_assign
from sinergi.regions import reference
from sinergi.regions.boundaries import FeatureSource, build_bundle, prepare_all
from sinergi.regions.codes import Level, normalise_code
from sinergi.regions.models import Boundary, BoundaryBundle, ReferenceDataset, Region

Progress = Callable[[str], None]
REGIONS_DATASET = reference.REGIONS_DATASET
BOUNDARIES_DATASET = reference.BOUNDARIES_DATASET
_BATCH = 5_000


@dataclass
class TableChanges:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated)


@dataclass
class LoadReport:
    regions: TableChanges = field(default_factory=TableChanges)
    boundaries: TableChanges = field(default_factory=TableChanges)
    bundles_built: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return self.regions.changed or self.boundaries.changed


def _quoted(model: type[Any], columns: Sequence[str]) -> tuple[str, list[str]]:
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), [quote(column) for column in columns]


def _insert_rows(model: type[Any], columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    table, quoted = _quoted(model, columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(quoted)}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            cursor.executemany(sql, rows[start : start + _BATCH])


def _update_rows(model: type[Any], columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """UPDATE by primary key; ``columns[0]`` is the key and each row starts with it."""
    table, quoted = _quoted(model, columns)
    assignments = ", ".join(f"{column} = %s" for column in quoted[1:])
    sql = f"UPDATE {table} SET {assignments} WHERE {quoted[0]} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row[1:], row[0]) for row in rows])


def _upsert(
    model: type[Any], columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> TableChanges:
    """Insert new rows and update changed ones in bulk; leave identical rows alone."""
    existing = {row[0]: row for row in model.objects.values_list(*columns)}
    if not existing:
        _insert_rows(model, columns, rows)
        return TableChanges(inserted=len(rows))
    new = [row for row in rows if row[0] not in existing]
    changed = [row for row in rows if row[0] in existing and existing[row[0]] != row]
    _insert_rows(model, columns, new)
    _update_rows(model, columns, changed)
    return TableChanges(
        inserted=len(new), updated=len(changed), unchanged=len(rows) - len(new) - len(changed)
    )


def _dataset_current(name: str, checksum: str, model: type[Any], count: int) -> bool:
    stored = ReferenceDataset.objects.filter(name=name).first()
    return stored is not None and stored.checksum == checksum and model.objects.count() == count


def _mark_dataset(name: str, checksum: str, count: int) -> None:
    ReferenceDataset.objects.update_or_create(
        name=name, defaults={"checksum": checksum, "row_count": count}
    )


def regions_land(rows: Sequence[reference.RegionRow]) -> TableChanges:
    """Land region rows (parents first) in bulk. Used by the loader and its benchmark."""
    as_tuples = [tuple(getattr(row, column) for column in reference.REGION_COLUMNS) for row in rows]
    return _upsert(Region, reference.REGION_COLUMNS, as_tuples)


def _feature_sources() -> list[FeatureSource]:
    rows = Boundary.objects.select_related("region").order_by("region__code")
    return [
        FeatureSource(
            code=boundary.region.code,
            name=boundary.region.name,
            level=boundary.region.level,
            parent_code=boundary.region.parent_id,
            population=boundary.region.population,
            area_km2=boundary.region.area_km2,
            geometry_json=boundary.geometry,
            label_lat=boundary.label_lat,
            label_lng=boundary.label_lng,
        )
        for boundary in rows.iterator(chunk_size=2_000)
    ]


def bundles_rebuild() -> int:
    """Serialise and gzip every served boundary FeatureCollection once.

    Served: provinces and regencies nationwide; regencies within each province; districts
    within each province and within each regency.
    """
    groups: dict[tuple[int, str], list[FeatureSource]] = defaultdict(list)
    for source in _feature_sources():
        if source.level <= Level.REGENCY:
            groups[(source.level, "")].append(source)
        if source.level >= Level.REGENCY:
            groups[(source.level, source.code[:2])].append(source)
        if source.level == Level.DISTRICT:
            groups[(source.level, source.code[:5])].append(source)
    BoundaryBundle.objects.all().delete()
    bundles = []
    for (level, parent_code), sources in groups.items():
        bundle = build_bundle(sources)
        bundles.append(
            BoundaryBundle(
                level=level,
                parent_code=parent_code,
                etag=bundle.etag,
                body_gzip=bundle.gzip_body,
                feature_count=bundle.feature_count,
            )
        )
    BoundaryBundle.objects.bulk_create(bundles, batch_size=50)
    version = hashlib.sha256("".join(sorted(b.etag for b in bundles)).encode()).hexdigest()
    _mark_dataset(reference.BUNDLES_DATASET, version, len(bundles))
    return len(bundles)


@transaction.atomic
def reference_load(
    *,
    data_dir: Path = reference.DATA_DIR,
    progress: Progress | None = None,
    force: bool = False,
) -> LoadReport:
    """Load the shipped region registry and boundaries. Idempotent and all-or-nothing.

    Raises ``ReferenceDataError`` listing every inconsistency before anything is written.
    A dataset whose checksum and row count match what is stored is skipped entirely, so a
    second run changes nothing. Otherwise rows are inserted or updated in bulk (never row by
    row) and the boundary bundles are rebuilt for the new data version.
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    report = LoadReport()

    region_sum = reference.checksum(reference.region_files(data_dir))
    region_rows = reference.read_regions(data_dir)
    reference.validate_regions(region_rows)
    if force or not _dataset_current(REGIONS_DATASET, region_sum, Region, len(region_rows)):
        say(_("Loading %(count)d regions…") % {"count": len(region_rows)})
        report.regions = regions_land(region_rows)
        _mark_dataset(REGIONS_DATASET, region_sum, len(region_rows))
    else:
        report.regions = TableChanges(unchanged=len(region_rows))

    boundary_paths = reference.boundary_files(data_dir)
    boundary_sum = reference.checksum(boundary_paths)
    expected = sum(1 for row in region_rows if row.level <= Level.DISTRICT)
    if force or not _dataset_current(BOUNDARIES_DATASET, boundary_sum, Boundary, expected):
        say(_("Simplifying boundaries for the screen…"))
        prepared = prepare_all(zip(Level, boundary_paths, strict=False))
        columns = ("region_id", "geometry", "label_lat", "label_lng")
        tuples = [(b.code, b.geometry_json, b.label_lat, b.label_lng) for b in prepared]
        report.boundaries = _upsert(Boundary, columns, tuples)
        _mark_dataset(BOUNDARIES_DATASET, boundary_sum, len(tuples))
    else:
        report.boundaries = TableChanges(unchanged=expected)

    if report.changed or force or not BoundaryBundle.objects.exists():
        say(_("Building map layers…"))
        report.bundles_built = bundles_rebuild()
    report.seconds = time.perf_counter() - started
    if report.changed:
        audit_record(
            actor=None,
            action="reference.load",
            target_type="dataset",
            target_id=REGIONS_DATASET,
            changes={"regions": vars(report.regions), "boundaries": vars(report.boundaries)},
        )
    return report


@transaction.atomic
def region_coordinator_assign(
    *, user: User, region_code: str, assigned_by: User | None = None
) -> RoleAssignment:
    """Make ``user`` the regional coordinator for the subtree under an existing region."""
    code = normalise_code(region_code)
    if not Region.objects.filter(code=code).exists():
        raise ValidationError({"region_code": _("Unknown region code %(code)s.") % {"code": code}})
    return role_assign(
        user=user, role=Role.REGIONAL_COORDINATOR, region_code=code, assigned_by=assigned_by
    )
