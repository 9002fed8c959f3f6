"""Atlas import: a 1,000,000-row long CSV, and the XLSX reader's memory.

(a) App path = ``importing.values_import`` on a synthetic long CSV (every district x the 26
    PPKS target groups x years, whole-number counts), in-process against a freshly migrated
    SQLite holding the region registry and the shipped statistics: read (pyarrow), map the
    columns, validate every row (vectorised), group into series and land them in one
    transaction. Every run starts from a copy of the same database. Region and indicator
    lookups are built once per process and registry version, as in the web worker, and are
    built before timing. Statements are counted: landing must not insert row by row.
    Floor = a bare read of the same file with DuckDB (``read_csv`` into an Arrow table);
    pyarrow's ``read_csv`` is printed too. Best of ``RUNS`` each, interleaved.
    Target: app ≤ 3.0x the DuckDB floor.
(b) XLSX: a long-layout workbook of ``XLSX_ROWS`` rows (xlsxwriter), read by the streaming
    reader in a fresh process; peak RSS growth over the process's RSS before reading, against
    the file size. Target: ≤ 5x the file size.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import django
import duckdb
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]
from django.core.management import call_command
from django.db import connection

from benchmarks.benchlib import Figure, app_env, report

RUNS = 3
ROWS = 1_000_000
TARGET_RATIO = 3.0
XLSX_ROWS = 200_000
TARGET_MEMORY = 5.0
MAX_INSERTS = 1_000  # series rows, revisions, sources, audit: never one per value
GROUPS = (
    *("ABT", "AT", "ABH", "AJ", "ADK", "AKTK", "AMPK", "LUT", "PD", "TS", "GLD", "PGM", "PML"),
    *("KMIN", "BWBLP", "ODHA", "NAPZA", "KTR", "KTK", "PMBS", "KBA", "KBS", "PRSE", "FM"),
    *("KBSP", "KAT"),
)


def _django_setup(data_dir: Path) -> None:
    os.environ.update(app_env(data_dir))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sinergi.settings"
    django.setup()


def _app_db() -> Path:
    return Path(str(connection.settings_dict["NAME"]))


def _copy_db(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _template(work: Path) -> Path:
    """Migrate, load the registry and the statistics once; every run starts from a copy."""
    from sinergi.atlas.loading import statistics_load
    from sinergi.regions.services import reference_load

    call_command("migrate", "--no-input", "-v", "0")
    reference_load()
    statistics_load()
    connection.close()
    template = work / "template.sqlite3"
    _copy_db(_app_db(), template)
    return template


def synthetic_csv(path: Path, rows: int) -> None:
    """District x target group x year counts, deterministic, written by pyarrow."""
    from sinergi.regions.models import Region

    codes = np.array(
        list(Region.objects.filter(level=3).order_by("code").values_list("code", flat=True))
    )
    per_year = len(codes) * len(GROUPS)
    years = -(-rows // per_year)
    region = np.tile(codes, len(GROUPS) * years)[:rows]
    group = np.tile(np.repeat(np.array(GROUPS), len(codes)), years)[:rows]
    period = np.repeat(np.arange(2015, 2015 + years).astype(str), per_year)[:rows]
    value = np.random.default_rng(7).integers(0, 5_000, rows).astype(str)
    table = pa.table(
        {"kode_wilayah": region, "indikator": group, "periode": period, "nilai": value}
    )
    pacsv.write_csv(table, path, write_options=pacsv.WriteOptions(quoting_style="none"))


def floor_duckdb(path: Path) -> float:
    with closing(duckdb.connect()) as db:
        started = time.perf_counter()
        table = db.sql(f"SELECT * FROM read_csv('{path}')").to_arrow_table()  # noqa: S608
        seconds = time.perf_counter() - started
    assert table.num_rows == ROWS, table.num_rows
    return seconds


def floor_pyarrow(path: Path) -> float:
    started = time.perf_counter()
    table = pacsv.read_csv(path)
    seconds = time.perf_counter() - started
    assert table.num_rows == ROWS
    return seconds


@contextmanager
def _counting(statements: list[str]) -> Iterator[None]:
    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        statements.append(sql.split(None, 1)[0].upper())
        return execute(sql, *args)

    with connection.execute_wrapper(wrapper):
        yield


def app_run(template: Path, data: bytes) -> tuple[float, int, dict[str, int]]:
    """Seconds for one import into a fresh copy of the template, and its INSERT count."""
    from sinergi.atlas.cache import atlas_cache
    from sinergi.atlas.importing import checksum_of, values_import
    from sinergi.atlas.selectors import import_lookups, indicator_aliases
    from sinergi.atlas.services import import_batch_create

    connection.close()
    _copy_db(template, _app_db())
    connection.ensure_connection()
    atlas_cache.invalidate()
    import_lookups(principal=None)  # per-process lookups, warm in a running worker
    indicator_aliases()
    batch = import_batch_create(
        kind="cli", created_by=None, filename="synthetic.csv", checksum=checksum_of(data)
    )
    statements: list[str] = []
    with _counting(statements):
        started = time.perf_counter()
        batch = values_import(batch=batch, data=data, principal=None)
        seconds = time.perf_counter() - started
    assert batch.status == "succeeded", batch.errors[:3]
    assert batch.inserted == ROWS, batch.inserted
    counts = {"inserted": batch.inserted, "updated": batch.updated, "unchanged": batch.unchanged}
    return seconds, statements.count("INSERT"), counts


_MEMORY_PROBE = """
import json, sys
from pathlib import Path
def peak():
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) * 1024
def current():
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) * 1024
from sinergi.atlas.imports.reading import read_xlsx
path = Path(sys.argv[1])
before = current()
table = read_xlsx(path)
print(json.dumps({"rows": table.num_rows, "before": before, "peak": peak()}))
"""


def xlsx_memory(work: Path, csv_path: Path) -> dict[str, float]:
    """Write an XLSX of the CSV's first rows, then measure the reader in a fresh process."""
    import xlsxwriter

    path = work / "long.xlsx"
    table = pacsv.read_csv(csv_path).slice(0, XLSX_ROWS)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, table.column_names)
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    for index, row in enumerate(zip(*columns, strict=True), start=1):
        sheet.write_row(index, 0, [str(row[0]), row[1], str(row[2]), row[3]])
    workbook.close()
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
    )
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["rows"] == XLSX_ROWS, probe
    return {
        "file_bytes": float(path.stat().st_size),
        "growth_bytes": float(probe["peak"] - probe["before"]),
    }


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sinergi-bench-import-") as tmp:
        work = Path(tmp)
        _django_setup(work / "app")
        template = _template(work)
        csv_path = work / "long.csv"
        connection.ensure_connection()
        synthetic_csv(csv_path, ROWS)
        data = csv_path.read_bytes()
        duck, arrow, app, inserts = [], [], [], []
        counts: dict[str, int] = {}
        for _ in range(RUNS):  # interleaved so drift hits every path alike
            duck.append(floor_duckdb(csv_path))
            arrow.append(floor_pyarrow(csv_path))
            seconds, insert_count, counts = app_run(template, data)
            app.append(seconds)
            inserts.append(insert_count)
        connection.close()
        memory = xlsx_memory(work, csv_path)
        shutil.rmtree(work / "app", ignore_errors=True)
    return _report(app, duck, arrow, inserts, counts, memory, len(data))


def _report(
    app: list[float],
    duck: list[float],
    arrow: list[float],
    inserts: list[int],
    counts: dict[str, int],
    memory: dict[str, float],
    csv_bytes: int,
) -> int:
    best, floor, arrow_floor = min(app), min(duck), min(arrow)
    print(
        f"import best {best:.3f} s; DuckDB read best {floor:.3f} s; pyarrow read best "
        f"{arrow_floor:.3f} s ({best / arrow_floor:.2f}x pyarrow); INSERTs per import {inserts}"
    )
    ratio = memory["growth_bytes"] / memory["file_bytes"]
    print(
        f"XLSX {XLSX_ROWS:,} rows, {memory['file_bytes'] / 1e6:.1f} MB: peak RSS growth "
        f"{memory['growth_bytes'] / 1e6:.1f} MB = {ratio:.2f}x the file"
    )
    figures = [
        Figure(
            name=f"import {ROWS:,}-row long CSV (district level)",
            unit="s",
            measured=best,
            floor=floor,
            floor_name="bare DuckDB read_csv",
            target=f"≤ {TARGET_RATIO}x",
            passed=best <= TARGET_RATIO * floor and max(inserts) <= MAX_INSERTS,
        ),
        Figure(
            name=f"XLSX streaming read, {XLSX_ROWS:,} rows",
            unit="MB",
            measured=memory["growth_bytes"] / 1e6,
            floor=memory["file_bytes"] / 1e6,
            floor_name="file size",
            target=f"≤ {TARGET_MEMORY}x",
            passed=ratio <= TARGET_MEMORY,
        ),
    ]
    details = {
        "rows": ROWS,
        "csv_bytes": csv_bytes,
        "runs": RUNS,
        "app_s": app,
        "duckdb_read_s": duck,
        "pyarrow_read_s": arrow,
        "ratio_to_pyarrow": best / arrow_floor,
        "insert_statements_per_import": inserts,
        "outcome": counts,
        "xlsx": {"rows": XLSX_ROWS, **memory, "ratio": ratio},
        "loadavg_1min": os.getloadavg()[0],
    }
    return report("atlas_import", figures, details)


if __name__ == "__main__":
    sys.exit(main())
