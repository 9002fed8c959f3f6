"""Synergy coverage on the national synthetic dataset (``sinergi demo --scale national``).

Set-up (not timed): a temporary SQLite database with the registry, the shipped statistics and
the synthetic national dataset (5,000 organisations, 200,000 interventions, people in need per
district x PPKS group x year), read into the engine's arrays by the adapter
(``synergy.snapshot.snapshot_inputs``). ``SINERGI_BENCH_NATIONAL_DIR`` names a data directory
to keep (and reuse) that database between runs.

(a) Full recompute: ``engines.coverage.compute`` for every level x region x target group x
    year (reached, planned, apportioned, distinct organisations present directly, and present
    directly or through figures apportioned from a coarser level). Floor = one hand-written
    DuckDB query computing the same table from the same arrays (as Arrow tables, built before
    timing) with the same rules. The two tables must be equal (figures to 1e-6 relative,
    organisation counts exactly). Best of ``RUNS`` each, interleaved. Target ≤ 2.0x.
(b) Single edit: ``EDITS`` interventions changed one at a time through the adapter's listener
    (the intervention re-read in three queries, its old contribution removed and the new one
    added in place, in the approved table and, when it has pending reach, the pending one).
    Target: p95 ≤ 10 ms. Afterwards the table must equal a full recompute.
"""

from __future__ import annotations

import os
import statistics as stats_
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import django
import duckdb
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]

from benchmarks.benchlib import Figure, app_env, report

RUNS = 3
EDITS = 200
TARGET_RATIO = 2.0
TARGET_EDIT_MS = 10.0


def _setup(data_dir: Path) -> None:
    os.environ.update(app_env(data_dir))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sinergi.settings"
    django.setup()
    from django.core.management import call_command

    from sinergi.atlas.loading import statistics_load
    from sinergi.interventions.synthetic import NationalScale, national_exists, national_generate
    from sinergi.regions.services import reference_load

    call_command("migrate", "--no-input", "-v", "0")
    if not national_exists():
        reference_load()
        statistics_load()
        national_generate(NationalScale())


SQL = """
WITH lo AS (
  SELECT l.*, a.a2, a.a1 FROM loc l JOIN anc a ON a.lvl = l.lvl AND a.reg = l.reg
), outer_ AS (
  SELECT lo.lid, COALESCE(p2.lid, p1.lid) AS outer_lid
  FROM lo
  LEFT JOIN loc p2 ON lo.lvl = 3 AND p2.owner = lo.owner AND p2.lvl = 2 AND p2.reg = lo.a2
  LEFT JOIN loc p1 ON lo.lvl >= 2 AND p1.owner = lo.owner AND p1.lvl = 1 AND p1.reg = lo.a1
), inner_ AS (
  SELECT o.outer_lid AS lid, SUM(l.r) AS ir, SUM(l.t) AS it
  FROM outer_ o JOIN loc l ON l.lid = o.lid WHERE o.outer_lid IS NOT NULL GROUP BY 1
), fig AS (
  SELECT lo.lid, lo.owner, lo.lvl, lo.reg, lo.a2, lo.a1, i.org, i.split, i.countable,
         i.fy, i.ly, o.outer_lid IS NULL AS outermost,
         CASE WHEN i.split THEN i.tr ELSE GREATEST(lo.r - COALESCE(n.ir, 0), 0) END AS fr,
         CASE WHEN i.split THEN i.tt ELSE GREATEST(lo.t - COALESCE(n.it, 0), 0) END AS ft
  FROM lo JOIN iv i ON i.owner = lo.owner JOIN outer_ o ON o.lid = lo.lid
  LEFT JOIN inner_ n ON n.lid = lo.lid
), ex AS (
  SELECT f.*, g.g, y.y, COALESCE(nd.w, 0) AS w, (NOT f.split) OR f.outermost AS eligible,
         CASE WHEN f.split THEN -(f.owner * $years + y.y) - 1 ELSE f.lid * $years + y.y END AS s
  FROM fig f JOIN grp g ON g.owner = f.owner JOIN years y ON y.y BETWEEN f.fy AND f.ly
  LEFT JOIN need_all nd ON nd.lvl = f.lvl AND nd.g = g.g AND nd.y = y.y AND nd.reg = f.reg
), sh AS (
  SELECT *, SUM(CASE WHEN eligible THEN w ELSE 0 END) OVER (PARTITION BY s) AS sw,
            SUM(CASE WHEN eligible THEN 1 ELSE 0 END) OVER (PARTITION BY s) AS sc
  FROM ex
), amt AS (
  SELECT lvl, g, y, reg, org,
         CASE WHEN NOT eligible OR NOT countable THEN 0.0
              WHEN sw > 0 THEN w / sw ELSE 1.0 / sc END AS share, fr, ft
  FROM sh
), direct AS (
  SELECT lvl, g, y, reg, SUM(fr * share) AS ar, SUM(ft * share) AS at FROM amt GROUP BY ALL
), frac AS (
  SELECT p.lvl, nd.g, nd.y, p.reg, p.parent,
         CASE WHEN SUM(nd.w) OVER w > 0 THEN nd.w / SUM(nd.w) OVER w
              ELSE 1.0 / COUNT(*) OVER w END AS f
  FROM par p JOIN need_all nd ON nd.lvl = p.lvl AND nd.reg = p.reg
  WINDOW w AS (PARTITION BY p.lvl, nd.g, nd.y, p.parent)
), d1 AS (
  SELECT nd.g, nd.y, nd.reg, COALESCE(d.ar, 0) AS ar, COALESCE(d.at, 0) AS at
  FROM need_all nd LEFT JOIN direct d ON d.lvl = 1 AND d.g = nd.g AND d.y = nd.y AND d.reg = nd.reg
  WHERE nd.lvl = 1
), t2 AS (
  SELECT f.g, f.y, f.reg, d1.ar * f.f AS apr,
         d1.ar * f.f + COALESCE(d.ar, 0) AS cr, d1.at * f.f + COALESCE(d.at, 0) AS ct
  FROM frac f JOIN d1 ON d1.g = f.g AND d1.y = f.y AND d1.reg = f.parent
  LEFT JOIN direct d ON d.lvl = 2 AND d.g = f.g AND d.y = f.y AND d.reg = f.reg
  WHERE f.lvl = 2
), r3 AS (
  SELECT f.g, f.y, f.reg, t2.cr * f.f + COALESCE(d.ar, 0) AS reached,
         t2.ct * f.f + COALESCE(d.at, 0) AS planned, t2.cr * f.f AS apportioned
  FROM frac f JOIN t2 ON t2.g = f.g AND t2.y = f.y AND t2.reg = f.parent
  LEFT JOIN direct d ON d.lvl = 3 AND d.g = f.g AND d.y = f.y AND d.reg = f.reg
  WHERE f.lvl = 3
), s3 AS (
  SELECT p.parent AS reg, r3.g, r3.y, SUM(r3.reached) AS reached, SUM(r3.planned) AS planned
  FROM r3 JOIN par p ON p.lvl = 3 AND p.reg = r3.reg GROUP BY ALL
), r2 AS (
  SELECT t2.g, t2.y, t2.reg, COALESCE(s3.reached, t2.cr) AS reached,
         COALESCE(s3.planned, t2.ct) AS planned, t2.apr AS apportioned
  FROM t2 LEFT JOIN s3 ON s3.reg = t2.reg AND s3.g = t2.g AND s3.y = t2.y
), s2 AS (
  SELECT p.parent AS reg, r2.g, r2.y, SUM(r2.reached) AS reached, SUM(r2.planned) AS planned
  FROM r2 JOIN par p ON p.lvl = 2 AND p.reg = r2.reg GROUP BY ALL
), r1 AS (
  SELECT d1.g, d1.y, d1.reg, COALESCE(s2.reached, d1.ar) AS reached,
         COALESCE(s2.planned, d1.at) AS planned, 0.0 AS apportioned
  FROM d1 LEFT JOIN s2 ON s2.reg = d1.reg AND s2.g = d1.g AND s2.y = d1.y
), pres AS (
  SELECT 3 AS lvl, g, y, reg, org FROM ex WHERE lvl = 3
  UNION ALL SELECT 2, g, y, a2, org FROM ex WHERE lvl >= 2
  UNION ALL SELECT 1, g, y, a1, org FROM ex
), orgs AS (
  SELECT lvl, g, y, reg, COUNT(DISTINCT org) AS n FROM pres GROUP BY ALL
), arow AS (
  -- Entries at a coarser level whose people are apportioned down (a positive figure).
  SELECT DISTINCT lvl, g, y, reg, org FROM amt WHERE lvl < 3 AND fr * share + ft * share > 0
), ap2 AS (
  SELECT DISTINCT f.g, f.y, f.reg, a.org
  FROM arow a JOIN frac f ON f.lvl = 2 AND f.parent = a.reg AND f.g = a.g AND f.y = a.y
  WHERE a.lvl = 1 AND f.f > 0
), ap3 AS (
  SELECT DISTINCT f.g, f.y, f.reg, a.org
  FROM (SELECT g, y, reg, org FROM ap2 UNION SELECT g, y, reg, org FROM arow WHERE lvl = 2) a
  JOIN frac f ON f.lvl = 3 AND f.parent = a.reg AND f.g = a.g AND f.y = a.y
  WHERE f.f > 0
), anyorgs AS (
  SELECT lvl, g, y, reg, COUNT(DISTINCT org) AS n FROM (
    SELECT * FROM pres UNION ALL SELECT 2, * FROM ap2 UNION ALL SELECT 3, * FROM ap3
  ) GROUP BY ALL
), tab AS (
  SELECT 1 AS lvl, * FROM r1 UNION ALL SELECT 2, * FROM r2 UNION ALL SELECT 3, * FROM r3
)
SELECT tab.lvl, tab.g, tab.y, tab.reg, tab.reached, tab.planned, tab.apportioned,
       COALESCE(orgs.n, 0) AS organisations, COALESCE(anyorgs.n, 0) AS present
FROM tab LEFT JOIN orgs
  ON orgs.lvl = tab.lvl AND orgs.g = tab.g AND orgs.y = tab.y AND orgs.reg = tab.reg
LEFT JOIN anyorgs
  ON anyorgs.lvl = tab.lvl AND anyorgs.g = tab.g AND anyorgs.y = tab.y AND anyorgs.reg = tab.reg
"""


def arrow_tables(inputs: Any) -> dict[str, pa.Table]:
    """The engine's arrays as the tables the DuckDB query reads (built before timing)."""
    act, tree = inputs.activities, inputs.tree
    n_groups, n_years = len(inputs.groups), len(inputs.years)
    anc_rows, par_rows, need_rows = [], [], []
    for lv in (1, 2, 3):
        size = tree.size(lv)
        reg = np.arange(size)
        a2 = tree.ancestor(lv, reg, 2) if lv >= 2 else np.full(size, -1)
        a1 = tree.ancestor(lv, reg, 1)
        anc_rows.append(pa.table({"lvl": np.full(size, lv), "reg": reg, "a2": a2, "a1": a1}))
        if lv >= 2:
            par_rows.append(
                pa.table({"lvl": np.full(size, lv), "reg": reg, "parent": tree.parents[lv]})
            )
        g, y, r = np.meshgrid(np.arange(n_groups), np.arange(n_years), reg, indexing="ij")
        w = np.nan_to_num(np.maximum(inputs.need[lv], 0.0)).reshape(-1)
        need_rows.append(
            pa.table(
                {
                    "lvl": np.full(w.size, lv),
                    "g": g.reshape(-1),
                    "y": y.reshape(-1),
                    "reg": r.reshape(-1),
                    "w": w,
                }
            )
        )
    return {
        "iv": pa.table(
            {
                "owner": np.arange(len(act.ids)),
                "org": act.organisation,
                "split": act.split,
                "countable": act.countable,
                "fy": act.first_year,
                "ly": act.last_year,
                "tr": act.total_reached,
                "tt": act.total_targeted,
            }
        ),
        "grp": pa.table({"owner": act.group_owner, "g": act.group}),
        "loc": pa.table(
            {
                "lid": np.arange(len(act.loc_owner)),
                "owner": act.loc_owner,
                "lvl": act.loc_level,
                "reg": act.loc_region,
                "r": act.loc_reached,
                "t": act.loc_targeted,
            }
        ),
        "anc": pa.concat_tables(anc_rows),
        "par": pa.concat_tables(par_rows),
        "need_all": pa.concat_tables(need_rows),
        "years": pa.table({"y": np.arange(n_years)}),
    }


def floor_duckdb(tables: dict[str, pa.Table], n_years: int) -> tuple[float, dict[str, np.ndarray]]:
    con = duckdb.connect()
    for name, table in tables.items():
        con.register(name, table)
    started = time.perf_counter()
    result = con.execute(SQL.replace("$years", str(n_years))).fetchnumpy()
    seconds = time.perf_counter() - started
    con.close()
    return seconds, {name: np.asarray(values) for name, values in result.items()}


def app_compute(inputs: Any) -> tuple[float, Any]:
    from sinergi.synergy.engines import coverage as engine

    started = time.perf_counter()
    result = engine.compute(inputs)
    return time.perf_counter() - started, result


def same_table(result: Any, floor: dict[str, np.ndarray]) -> bool:
    shape_gy = (len(result.inputs.groups), len(result.inputs.years))
    for lv in (1, 2, 3):
        at = floor["lvl"] == lv
        size = result.inputs.tree.size(lv)
        flat = (floor["g"][at] * shape_gy[1] + floor["y"][at]) * size + floor["reg"][at]
        if len(flat) != int(np.prod(shape_gy)) * size:
            return False
        level = result.levels[lv]
        for name in ("reached", "planned", "apportioned"):
            mine = getattr(level, name).reshape(-1)[flat]
            if not np.allclose(mine, floor[name][at], rtol=1e-6, atol=1e-6):
                return False
        for name in ("organisations", "present"):
            if not np.array_equal(getattr(level, name).reshape(-1)[flat], floor[name][at]):
                return False
    return True


def edits(snapshot_module: Any) -> tuple[list[float], bool]:
    """Change EDITS interventions (reached doubled) one at a time through the
    listener, timing each; then compare with a full recompute of the changed data."""
    from django.db import transaction

    snapshot = snapshot_module.coverage_snapshot()
    rng = np.random.default_rng(6)
    ids = rng.choice(snapshot.coverage.inputs.activities.ids, EDITS, replace=False)
    times: list[float] = []
    with transaction.atomic():  # rolled back below: a kept database stays as generated
        equal = _timed_edits(snapshot_module, snapshot, ids, times)
        transaction.set_rollback(True)
    snapshot_module.coverage_forget()
    return times, equal


def _timed_edits(snapshot_module: Any, snapshot: Any, ids: np.ndarray, times: list[float]) -> bool:
    from django.db.models import F

    from sinergi.interventions.models import Intervention, InterventionLocation
    from sinergi.synergy.engines import coverage as engine

    for iv in ids.tolist():
        # The write itself (not timed) is what the service would do; the listener is timed.
        InterventionLocation.objects.filter(intervention_id=iv).update(reached=F("reached") * 2)
        Intervention.objects.filter(pk=iv).update(
            reached=F("reached") * 2, reached_approved=F("reached_approved") * 2
        )
        started = time.perf_counter()
        snapshot_module.on_interventions_changed([iv])
        times.append((time.perf_counter() - started) * 1000)
    assert snapshot_module.coverage_snapshot() is snapshot, "rebuilt instead of updated"
    inputs, _orgs, _used = snapshot_module.snapshot_inputs()
    full = engine.compute(inputs)
    return all(
        np.allclose(
            getattr(snapshot.coverage.levels[lv], name), getattr(full.levels[lv], name), atol=1e-6
        )
        for lv in (1, 2, 3)
        for name in ("reached", "planned", "apportioned", "organisations", "present")
    )


def main() -> int:
    keep = os.environ.get("SINERGI_BENCH_NATIONAL_DIR")
    with tempfile.TemporaryDirectory(prefix="sinergi-bench-synergy-") as tmp:
        data_dir = Path(keep) if keep else Path(tmp)
        started = time.perf_counter()
        _setup(data_dir)
        setup_seconds = time.perf_counter() - started
        from sinergi.synergy import snapshot as snapshot_module

        started = time.perf_counter()
        inputs, _orgs, _used = snapshot_module.snapshot_inputs()
        read_seconds = time.perf_counter() - started
        tables = arrow_tables(inputs)
        app, floor = [], []
        equal = True
        for _ in range(RUNS):
            seconds, floor_table = floor_duckdb(tables, len(inputs.years))
            floor.append(seconds)
            seconds, result = app_compute(inputs)
            app.append(seconds)
            equal = equal and same_table(result, floor_table)
        snapshot_module.coverage_snapshot()  # build the cache the edits update
        times, edits_equal = edits(snapshot_module)
    act = inputs.activities
    p95 = float(np.percentile(times, 95))
    figures = [
        Figure(
            "full coverage recompute",
            "s",
            min(app),
            min(floor),
            "DuckDB query",
            f"<= {TARGET_RATIO}x and equal tables",
            min(app) <= TARGET_RATIO * min(floor) and equal,
        ),
        Figure(
            "single-edit update p95",
            "ms",
            p95,
            TARGET_EDIT_MS,
            "target",
            f"<= {TARGET_EDIT_MS} ms and equal to a recompute",
            p95 <= TARGET_EDIT_MS and edits_equal,
        ),
    ]
    details = {
        "interventions": len(act.ids),
        "locations": len(act.loc_owner),
        "groups": len(inputs.groups),
        "years": list(inputs.years),
        "regions": {lv: inputs.tree.size(lv) for lv in (1, 2, 3)},
        "tables_equal": equal,
        "edits_equal_recompute": edits_equal,
        "app_seconds": app,
        "duckdb_seconds": floor,
        "edit_ms_median": stats_.median(times),
        "edit_ms_max": max(times),
        "setup_seconds": setup_seconds,
        "adapter_read_seconds": read_seconds,
    }
    print(f"set-up {setup_seconds:.1f} s; adapter read {read_seconds:.2f} s; details {details}")
    return report("synergy_coverage", figures, details)


if __name__ == "__main__":
    sys.exit(main())
