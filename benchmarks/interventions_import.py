"""Interventions import: a 50,000-row 3W file (CSV and XLSX) against a bare read + validate.

The file: one row per intervention and location (the 3W convention), ~21,000 interventions
of 300 registered organisations with 1-5 locations each at real regency and district
codes, every column of the template (ref, organisation, title, function, programme,
target groups, region code, dates, status, budget, targeted, reached, unit, visibility);
seeded, so every run imports the same file.

App = ``spreadsheet.interventions_import`` (what ``sinergi import interventions`` and the
upload run) into a fresh copy of a migrated SQLite holding the regions and the
organisations: read, check every row, match the organisations and references, check every
intervention, write everything in one transaction. Its phases are printed, and INSERT
statements counted (bulk: a few per thousand rows, never one per row).
Floor = ``spreadsheet.interventions_read_rows`` on the same file: the same reader and the
same per-row checks, without the database. Best of ``RUNS`` each, interleaved.
Target: app ≤ 5x floor, for the CSV and for the XLSX. A re-import of the same file (all
unchanged, nothing written) is timed too. Every timed run starts after a full garbage
collection, so none pays for the garbage another left behind.
"""

from __future__ import annotations

import csv
import gc
import io
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from django.db import connection

from benchmarks.atlas_import import _app_db, _copy_db, _counting, _django_setup
from benchmarks.benchlib import Figure, report

RUNS = 2
ROWS = 50_000
ORGANISATIONS = 300
TARGET_RATIO = 5.0
SEED = 50
HEADERS = (
    *("ref", "organisation", "title", "function", "programme", "target_group", "region_code"),
    *("start_date", "end_date", "status", "budget_idr", "targeted", "reached", "unit"),
    "visibility",
)


def _template(work: Path) -> tuple[Path, list[str]]:
    """Migrate, load the regions, register the organisations; runs start from a copy."""
    from django.core.management import call_command

    from sinergi.core.text import search_key
    from sinergi.partners.models import Organisation
    from sinergi.regions.services import reference_load

    call_command("migrate", "--no-input", "-v", "0")
    reference_load()
    names = [f"Yayasan Benchmark Impor {n:03d}" for n in range(ORGANISATIONS)]
    Organisation.objects.bulk_create(
        Organisation(name=name, name_key=search_key(name), type="foundation") for name in names
    )
    connection.close()
    template = work / "template.sqlite3"
    _copy_db(_app_db(), template)
    return template, names


def _rows(names: list[str]) -> list[list[str]]:
    from sinergi.core.taxonomy import PPKS, PROGRAMMES, SECTORS
    from sinergi.regions.models import Region

    rng = random.Random(SEED)
    regions = list(
        Region.objects.filter(level__in=(2, 3), retired_on__isnull=True).values_list(
            "code", flat=True
        )
    )
    regencies = sorted(code for code in regions if code.count(".") == 1)
    districts: dict[str, list[str]] = {}
    for code in regions:
        if code.count(".") == 2:
            districts.setdefault(code[:5], []).append(code)
    statuses = ["planned", "ongoing", "completed", "cancelled"]
    rows: list[list[str]] = []
    n = 0
    while len(rows) < ROWS:
        n += 1
        start = date(2022, 1, 1) + timedelta(days=rng.randrange(1400))
        end = start + timedelta(days=rng.randrange(30, 700))
        regency = rng.choice(regencies)
        pool = districts.get(regency) or [regency]
        wanted = min(len(pool), rng.choice([1, 1, 2, 2, 3, 4, 5]))
        places = [regency] if rng.random() < 0.3 else rng.sample(pool, wanted)
        common = [
            f"KG-{n:06d}",
            rng.choice(names),
            f"Pendampingan sosial {n}",
            rng.choice(SECTORS).key,
            rng.choice(PROGRAMMES).key if rng.random() < 0.4 else "",
            ";".join(sorted({g.key for g in rng.sample(PPKS, rng.randint(1, 3))})),
        ]
        dates = [start.isoformat(), end.isoformat(), rng.choice(statuses)]
        budget = str(rng.randrange(10, 5_000) * 1_000_000)
        for place in sorted(places):
            targeted = rng.randrange(10, 2_000)
            reached = str(rng.randrange(0, targeted))
            rows.append(
                [*common, place, *dates, budget, str(targeted), reached, "persons", "public"]
            )
    return rows[:ROWS] if len(rows) == ROWS else _trim(rows)


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Exactly ``ROWS`` rows without splitting the last intervention across the cut."""
    while len(rows) > ROWS:
        last = rows[-1][0]
        while rows and rows[-1][0] == last:
            rows.pop()
    while len(rows) < ROWS:  # pad with one-location interventions
        extra = list(rows[-1])
        extra[0] = f"KG-PAD-{len(rows):06d}"
        rows.append(extra)
    return rows


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode()


def _xlsx(rows: list[list[str]], path: Path) -> bytes:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, row)
    workbook.close()
    return path.read_bytes()


def floor_run(data: bytes, filename: str) -> float:
    from sinergi.interventions.spreadsheet import interventions_read_rows

    gc.collect()  # each run starts without the previous run's garbage to collect
    started = time.perf_counter()
    checked = interventions_read_rows(io.BytesIO(data), filename=filename)
    seconds = time.perf_counter() - started
    assert len(checked.rows) == ROWS, len(checked.rows)
    assert not any(row.errors for row in checked.rows), checked.rows[0].errors
    return seconds


def app_run(
    template: Path, data: bytes, filename: str
) -> tuple[float, dict[str, float], int, float]:
    """One import into a fresh copy of the template: seconds, phases, INSERTs; then the
    seconds of a re-import of the same file (all unchanged)."""
    from sinergi.interventions.spreadsheet import interventions_import

    connection.close()
    _copy_db(template, _app_db())
    connection.ensure_connection()
    statements: list[str] = []
    gc.collect()
    with _counting(statements):
        started = time.perf_counter()
        result = interventions_import(file=io.BytesIO(data), filename=filename, actor=None)
        seconds = time.perf_counter() - started
    assert result.count("create") == len(result.rows) and result.rows, result.rows[:3]
    phases = result.seconds
    del result
    gc.collect()
    started = time.perf_counter()
    again = interventions_import(file=io.BytesIO(data), filename=filename, actor=None)
    reimport = time.perf_counter() - started
    assert again.count("unchanged") == len(again.rows)
    return seconds, phases, statements.count("INSERT"), reimport


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sinergi-bench-ivimport-") as tmp:
        work = Path(tmp)
        _django_setup(work / "app")
        template, names = _template(work)
        connection.ensure_connection()
        rows = _rows(names)
        files = {"CSV": (_csv(rows), "3w.csv"), "XLSX": (_xlsx(rows, work / "3w.xlsx"), "3w.xlsx")}
        figures, details = [], {}
        for kind, (data, filename) in files.items():
            floors, apps, phases, inserts, reimports = [], [], [], 0, []
            for _ in range(RUNS):  # interleaved so drift hits both alike
                floors.append(floor_run(data, filename))
                seconds, parts, inserts, reimport = app_run(template, data, filename)
                apps.append(seconds)
                phases.append(parts)
                reimports.append(reimport)
            best = phases[apps.index(min(apps))]
            parts_text = ", ".join(f"{name} {value:.2f} s" for name, value in best.items())
            print(
                f"{kind} ({len(data) / 1e6:.1f} MB): "
                f"floor (read + check rows) {min(floors):.2f} s; "
                f"import {min(apps):.2f} s ({parts_text}; {inserts} INSERTs); "
                f"re-import, all unchanged {min(reimports):.2f} s"
            )
            figures.append(
                Figure(
                    name=f"import {ROWS:,} rows ({kind})",
                    unit="s",
                    measured=min(apps),
                    floor=min(floors),
                    floor_name="read + per-row validation",
                    target=f"≤ {TARGET_RATIO:.0f}x floor",
                    passed=min(apps) <= TARGET_RATIO * min(floors),
                )
            )
            details[kind] = {
                "bytes": len(data),
                "floor_s": floors,
                "app_s": apps,
                "phases_of_best": best,
                "inserts": inserts,
                "reimport_unchanged_s": reimports,
            }
        connection.close()
    return report("interventions_import", figures, details)


if __name__ == "__main__":
    sys.exit(main())
