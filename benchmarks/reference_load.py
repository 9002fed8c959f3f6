"""Reference load: all regions into a fresh SQLite, against a bare ``sqlite3`` executemany.

App path = ``reference.read_regions()`` (parse the shipped gz CSVs) + ``services.regions_land``
inside one transaction, as ``reference_load`` runs it, into a freshly migrated database.
Floor = stdlib ``sqlite3`` ``executemany`` of the very same row tuples into a fresh file whose
``regions_region`` table and indexes are copied from the migrated schema, with the app's
PRAGMAs, committed. Best of ``RUNS`` each, interleaved. Target: app ≤ 3.0x floor.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
from django.core.management import call_command
from django.db import connection, transaction

from benchmarks.benchlib import Figure, app_env, report
from sinergi.regions.reference import REGION_COLUMNS, RegionRow, read_regions

RUNS = 3
TARGET_RATIO = 3.0
EXPECTED_REGIONS = 91_599
TABLE = "regions_region"
# What Django's SQLite backend and settings.DATABASES apply to every app connection.
PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON")

Row = tuple[Any, ...]


@dataclass(frozen=True)
class AppRun:
    read: float
    land: float

    @property
    def total(self) -> float:
        return self.read + self.land


def _django_setup(data_dir: Path) -> None:
    # Settings read the environment once at import, so it must be set before django.setup().
    os.environ.update(app_env(data_dir))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sinergi.settings"
    django.setup()


def _app_db() -> Path:
    return Path(str(connection.settings_dict["NAME"]))


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _copy_db(source: Path, target: Path) -> None:
    """A consistent copy even while ``source`` is in WAL mode."""
    _remove_db(target)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _migrated_template(work: Path) -> Path:
    """Migrate the app's database once and keep a copy to start every run from."""
    call_command("migrate", "--no-input", "-v", "0")
    connection.close()
    template = work / "template.sqlite3"
    _copy_db(_app_db(), template)
    return template


def _schema(template: Path) -> list[str]:
    """CREATE TABLE then CREATE INDEX statements of the regions table, exactly as migrated."""
    query = (
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
        "ORDER BY type = 'index', name"
    )
    with closing(sqlite3.connect(template)) as db:
        return [sql for (sql,) in db.execute(query, (TABLE,))]


def _as_tuples(rows: Sequence[RegionRow]) -> list[Row]:
    # The same expression regions_land uses, so both paths insert identical tuples.
    return [tuple(getattr(row, column) for column in REGION_COLUMNS) for row in rows]


def bare_run(schema: list[str], path: Path, rows: list[Row]) -> float:
    """Seconds for one executemany of ``rows`` plus commit into a fresh file."""
    _remove_db(path)
    placeholders = ", ".join("?" * len(REGION_COLUMNS))
    sql = f"INSERT INTO {TABLE} ({', '.join(REGION_COLUMNS)}) VALUES ({placeholders})"  # noqa: S608
    with closing(sqlite3.connect(path)) as db:
        for pragma in PRAGMAS:
            db.execute(f"PRAGMA {pragma}")
        for statement in schema:
            db.execute(statement)
        db.commit()
        started = time.perf_counter()
        db.executemany(sql, rows)
        db.commit()
        return time.perf_counter() - started


def app_run(template: Path) -> AppRun:
    """Read the CSVs and land them, in one transaction like ``reference_load``."""
    from sinergi.regions.services import regions_land  # models: only after django.setup()

    connection.close()
    _copy_db(template, _app_db())
    connection.ensure_connection()  # connecting is not part of the measured work
    started = time.perf_counter()
    rows = read_regions()
    read_done = time.perf_counter()
    with transaction.atomic():
        changes = regions_land(rows)
    landed = time.perf_counter()
    assert changes.inserted == EXPECTED_REGIONS, changes
    return AppRun(read=read_done - started, land=landed - read_done)


def _same_content(app_db: Path, bare_db: Path) -> bool:
    query = f"SELECT * FROM {TABLE} ORDER BY code"  # noqa: S608
    with closing(sqlite3.connect(app_db)) as app, closing(sqlite3.connect(bare_db)) as bare:
        return app.execute(query).fetchall() == bare.execute(query).fetchall()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sinergi-bench-load-") as tmp:
        work = Path(tmp)
        _django_setup(work / "app")
        template = _migrated_template(work)
        schema = _schema(template)
        rows = _as_tuples(read_regions())
        assert len(rows) == EXPECTED_REGIONS, len(rows)
        bare_db = work / "bare.sqlite3"
        bare: list[float] = []
        app: list[AppRun] = []
        for _ in range(RUNS):  # interleaved so drift hits both paths alike
            bare.append(bare_run(schema, bare_db, rows))
            app.append(app_run(template))
        connection.close()
        identical = _same_content(_app_db(), bare_db)
    return _report(app, bare, identical)


def _report(app: list[AppRun], bare: list[float], identical: bool) -> int:
    best = min(app, key=lambda run: run.total)
    floor = min(bare)
    print(
        f"app best {best.total:.3f} s = read_regions {best.read:.3f} s "
        f"+ regions_land {best.land:.3f} s; bare executemany best {floor:.3f} s"
    )
    print(f"land alone: {best.land / floor:.2f}x floor; read alone: {best.read / floor:.2f}x floor")
    figure = Figure(
        name=f"reference load ({EXPECTED_REGIONS:,} regions)",
        unit="s",
        measured=best.total,
        floor=floor,
        floor_name="bare sqlite3 executemany",
        target=f"≤ {TARGET_RATIO}x",
        passed=identical and best.total <= TARGET_RATIO * floor,
    )
    if not identical:
        print("FAIL: the app's table and the bare table hold different rows")
    details = {
        "runs": RUNS,
        "app_read_s": [run.read for run in app],
        "app_land_s": [run.land for run in app],
        "bare_executemany_s": bare,
        "best_read_s": best.read,
        "best_land_s": best.land,
        "same_rows": identical,
        "pragmas": list(PRAGMAS),
    }
    return report("reference_load", [figure], details)


if __name__ == "__main__":
    sys.exit(main())
