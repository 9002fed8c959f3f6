"""Load the shipped official statistics into the atlas: idempotent, all-or-nothing, in bulk.

Same rules as the region loader: the catalogue is synced first; every figure is checked
(known region at the right level, known indicator, value in range) before anything is
written; the files' checksum (with the region registry's and the catalogue version) is the
dataset version, and a second run with the same inputs changes nothing and says so.
Population figures come from the region registry (Dukcapil, December 2024).
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa  # type: ignore[import-untyped]
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.atlas import statistics
from sinergi.atlas.catalogue import CATALOGUE_VERSION
from sinergi.atlas.engines import cells
from sinergi.atlas.imports.grouping import SeriesKey
from sinergi.atlas.models import BatchKind, BatchStatus, Indicator
from sinergi.atlas.services import (
    LandReport,
    catalogue_sync,
    import_batch_create,
    import_batch_finish,
    series_land,
    source_ensure,
)
from sinergi.core.services import audit_record
from sinergi.regions.codes import level_of
from sinergi.regions.models import ReferenceDataset, Region
from sinergi.regions.reference import REGIONS_DATASET, ReferenceDataError

Progress = Callable[[str], None]
POPULATION_PERIOD = "2024"


@dataclass
class StatisticsReport:
    changed: bool
    values: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    series: int = 0
    seconds: float = 0.0


def _population_rows() -> list[statistics.StatRow]:
    rows = Region.objects.filter(level__lte=2, population__isnull=False).values_list(
        "code", "level", "population"
    )
    return [
        statistics.StatRow(
            "population", level, POPULATION_PERIOD, code, float(people or 0), "dukcapil_population"
        )
        for code, level, people in rows
    ]


def _check(rows: list[statistics.StatRow], known_levels: dict[str, int]) -> None:
    """Every figure fits the catalogue and the registry, or nothing is loaded."""
    rules = {
        key: (low, high, whole, set(levels))
        for key, low, high, whole, levels in Indicator.objects.values_list(
            "key", "min_value", "max_value", "whole_numbers", "levels"
        )
    }
    problems = []
    for row in rows:
        where = f"{row.indicator} {row.code} {row.period}"
        rule = rules.get(row.indicator)
        if rule is None:
            problems.append(f"{where}: indicator not in the catalogue")
            continue
        low, high, whole, levels = rule
        if known_levels.get(row.code) != row.level or level_of(row.code) != row.level:
            problems.append(f"{where}: not a known region of level {row.level}")
        if (low is not None and row.value < low) or (high is not None and row.value > high):
            problems.append(f"{where}: {row.value} is out of range")
        if whole and row.value != int(row.value):
            problems.append(f"{where}: {row.value} is not a whole number")
        if row.level not in levels:
            problems.append(f"{where}: not kept at level {row.level}")
    if problems:
        raise ReferenceDataError(problems)


def _source_ids(rows: list[statistics.StatRow]) -> dict[str, int]:
    ids = {}
    for key in sorted({row.source for row in rows}):
        spec = statistics.SOURCES.get(key)
        if spec is not None:
            source = source_ensure(
                name=spec.name,
                publication=spec.publication,
                licence=spec.licence,
                caveats=spec.caveats,
            )
        else:  # a yearbook table: "BPS: Statistik Indonesia|<publication>|<table>|<page>"
            name, publication, table, page = key.split("|")
            source = source_ensure(
                name=name,
                publication=_("%(publication)s, table %(table)s, PDF page %(page)s")
                % {"publication": publication, "table": table, "page": page},
                licence="no licence stated in the mirror; the figures are BPS statistics",
                caveats="Machine-extracted from the yearbook PDF: spot-check before official use.",
            )
        ids[key] = source.pk
    return ids


def _tables(
    rows: list[statistics.StatRow], source_ids: dict[str, int], batch: int
) -> dict[SeriesKey, pa.Table]:
    grouped: dict[tuple[int, int, str], list[statistics.StatRow]] = defaultdict(list)
    ids = dict(Indicator.objects.values_list("key", "pk"))
    for row in rows:
        grouped[(ids[row.indicator], row.level, row.period)].append(row)
    return {
        key: cells.make(
            codes=[r.code for r in items],
            values=[r.value for r in items],
            batch=batch,
            source=[source_ids[r.source] for r in items],
            note=[r.note or None for r in items],
            boundary_break=[r.boundary_break for r in items],
        )
        for key, items in grouped.items()
    }


def _version(data_dir: Path) -> str:
    regions = (
        ReferenceDataset.objects.filter(name=REGIONS_DATASET)
        .values_list("checksum", flat=True)
        .first()
    )
    digest = hashlib.sha256()
    for part in (statistics.checksum(statistics.files(data_dir)), regions or "", CATALOGUE_VERSION):
        digest.update(part.encode())
    return digest.hexdigest()


@transaction.atomic
def statistics_load(
    *, data_dir: Path = statistics.DATA_DIR, force: bool = False, progress: Progress | None = None
) -> StatisticsReport:
    """Load the shipped statistics (see the module docstring). Raises ``ReferenceDataError``
    listing every problem before anything is written."""
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    catalogue_sync()
    version = _version(data_dir)
    stored = ReferenceDataset.objects.filter(name=statistics.DATASET).first()
    if not force and stored is not None and stored.checksum == version:
        return StatisticsReport(changed=False, values=stored.row_count)
    rows, _conflicts = statistics.read_statistics(data_dir)
    rows += _population_rows()
    say(_("Checking %(count)d official figures…") % {"count": len(rows)})
    _check(rows, dict(Region.objects.filter(level__lte=2).values_list("code", "level")))
    batch = import_batch_create(
        kind=BatchKind.REFERENCE, created_by=None, filename="sinergi/data/stats", checksum=version
    )
    report: LandReport = series_land(batch=batch, tables=_tables(rows, _source_ids(rows), batch.pk))
    import_batch_finish(batch=batch, status=BatchStatus.SUCCEEDED, counts=report.counts())
    ReferenceDataset.objects.update_or_create(
        name=statistics.DATASET, defaults={"checksum": version, "row_count": len(rows)}
    )
    audit_record(
        actor=None,
        action="atlas.statistics.load",
        target_type="dataset",
        target_id=statistics.DATASET,
        changes=report.counts(),
    )
    return StatisticsReport(
        changed=report.changed,
        values=len(rows),
        series=report.series_written,
        seconds=time.perf_counter() - started,
        **report.counts(),
    )
