"""Interventions list and filters at national scale: p95 through the running server.

Set-up: ``sinergi init --no-demo`` in a temp data dir, then the synthetic national dataset
(``sinergi demo --scale national``: 5,000 organisations, 200,000 interventions, ~330,000
locations; its generation time is printed). ``SINERGI_BENCH_NATIONAL_DB`` may name a
SQLite file already holding both, copied and migrated instead (saves ~2 minutes).
Then ``sinergi serve --workers 2`` (production settings) on a free loopback port.

Measured: GET of a fixed, seeded mix of list pages ``/kegiatan/`` and API pages
``/api/v1/interventions`` with every filter (function, programme, target group,
organisation, region at province / regency / district level, status, period, combinations)
and later pages, as an anonymous visitor, one request at a time on a new connection.
Floor: the same bytes as static files through the same server (whitenoise), requested
interleaved with the endpoint. Target: p95 ≤ 100 ms for the list page and for the API.
"""

from __future__ import annotations

import http.client
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from benchmarks import boundaries_http
from benchmarks.benchlib import SINERGI, Figure, app_env, report
from benchmarks.boundaries_http import (
    HOST,
    REQUEST_TIMEOUT,
    Target,
    _free_port,
    _server,
    percentile,
)

ROUNDS = 6
TARGET_P95_MS = 100.0
URLS_PER_KIND = 40
SEED = 5
# The first request opens a 200 MB database on a busy machine: give the server time.
boundaries_http.START_TIMEOUT = 120.0


def _get(port: int, path: str) -> tuple[int, bytes, float]:
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    started = time.perf_counter()
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return response.status, body, time.perf_counter() - started


def _prepare(data_dir: Path) -> dict[str, float]:
    env = app_env(data_dir)
    cached = os.environ.get("SINERGI_BENCH_NATIONAL_DB")
    if cached:
        shutil.copyfile(cached, data_dir / "sinergi.sqlite3")
    run = {"check": True, "env": env, "timeout": 900, "stdout": subprocess.PIPE, "text": True}
    started = time.perf_counter()
    subprocess.run([SINERGI, "init", "--no-demo"], **run)  # type: ignore[call-overload]
    seconds = {"init_s": time.perf_counter() - started}
    if not cached:
        started = time.perf_counter()
        out = subprocess.run([SINERGI, "demo", "--scale", "national"], **run)  # type: ignore[call-overload]
        seconds["national_dataset_s"] = time.perf_counter() - started
        print(out.stdout.strip())
    return seconds


def _paths(data_dir: Path) -> dict[str, list[str]]:
    """A seeded mix of list and API URLs over the whole dataset."""
    with closing(sqlite3.connect(data_dir / "sinergi.sqlite3")) as db:
        organisations = [r[0] for r in db.execute("SELECT id FROM partners_organisation")]
        regions = {
            level: [
                r[0]
                for r in db.execute("SELECT code FROM regions_region WHERE level = ?", (level,))
            ]
            for level in (1, 2, 3)
        }
    rng = random.Random(SEED)
    functions = ["rehabilitasi_sosial", "jaminan_sosial", "pemberdayaan_sosial", "pendidikan"]
    groups = ["LUT", "FM", "PD", "AT", "ODHA", "KAT"]
    filters: list[Callable[[], str]] = [
        lambda: "",
        lambda: f"function={rng.choice(functions)}",
        lambda: f"programme={rng.choice(['PKH', 'ATENSI', 'KUBE', 'RUTILAHU'])}",
        lambda: f"target_group={rng.choice(groups)}",
        lambda: f"status={rng.choice(['ongoing', 'completed', 'planned'])}",
        lambda: (
            f"active_from={rng.randint(2022, 2024)}-01-01"
            f"&active_until={rng.randint(2024, 2025)}-12-31"
        ),
        lambda: f"organisation={rng.choice(organisations)}",
        lambda: f"region={rng.choice(regions[1])}",
        lambda: f"region={rng.choice(regions[2])}",
        lambda: f"region={rng.choice(regions[3])}",
        lambda: f"region={rng.choice(regions[2])}&target_group={rng.choice(groups)}",
        lambda: f"function={rng.choice(functions)}&status=ongoing&active_from=2024-01-01",
    ]
    pages, api = [], []
    for i in range(URLS_PER_KIND):
        query = filters[i % len(filters)]()
        later = rng.choice([1, 1, 1, 2, 5, 20])
        pages.append(f"/kegiatan/?{query}&page={later}")
        api.append(f"/api/v1/interventions?{query}&limit=50&offset={(later - 1) * 50}")
    return {"list page": pages, "API": api}


def _bodies(port: int, paths: dict[str, list[str]]) -> dict[str, bytes]:
    bodies = {}
    for path in (p for kind in paths.values() for p in kind):
        status, body, _seconds = _get(port, path)
        if status != 200:
            raise RuntimeError(f"{path}: status {status}")
        bodies[path] = body
    return bodies


def _write_static(data_dir: Path, bodies: dict[str, bytes]) -> dict[str, str]:
    static = data_dir / "static" / "bench"
    static.mkdir(parents=True, exist_ok=True)
    mapping = {}
    for index, (path, body) in enumerate(sorted(bodies.items())):
        name = f"list-{index}.html"
        (static / name).write_bytes(body)
        mapping[path] = f"/static/bench/{name}"
    return mapping


def measure(
    port: int, paths: dict[str, list[str]], static: dict[str, str]
) -> dict[str, dict[str, list[float]]]:
    """Latencies per kind, endpoint and static interleaved request by request."""
    found: dict[str, dict[str, list[float]]] = {k: {"app": [], "static": []} for k in paths}
    for path in static:  # warm both workers' code paths
        _get(port, path)
    for _round in range(ROUNDS):
        for kind, urls in paths.items():
            for path in urls:
                status, _body, seconds = _get(port, path)
                if status != 200:
                    raise RuntimeError(f"{path}: status {status}")
                found[kind]["app"].append(seconds)
                status, _body, seconds = _get(port, static[path])
                if status != 200:
                    raise RuntimeError(f"{static[path]}: status {status}")
                found[kind]["static"].append(seconds)
    return found


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sinergi-bench-list-") as tmp:
        data_dir = Path(tmp)
        setup = _prepare(data_dir)
        paths = _paths(data_dir)
        port = _free_port()
        probe = _Probe("/api/v1/interventions?limit=1", port, b"")
        with _server(data_dir, probe):
            bodies = _bodies(port, paths)
        static = _write_static(data_dir, bodies)
        load_before = os.getloadavg()[0]
        with _server(data_dir, probe):
            latencies = measure(port, paths, static)
        figures, summary = [], {}
        for kind, found in latencies.items():
            app_ms = [s * 1000 for s in found["app"]]
            static_ms = [s * 1000 for s in found["static"]]
            p95, floor = percentile(app_ms, 95), percentile(static_ms, 95)
            summary[kind] = {
                "p50_ms": percentile(app_ms, 50),
                "p95_ms": p95,
                "max_ms": max(app_ms),
                "static_p95_ms": floor,
                "requests": len(app_ms),
            }
            print(
                f"{kind}: p50 {summary[kind]['p50_ms']:.1f} ms, p95 {p95:.1f} ms, "
                f"max {max(app_ms):.1f} ms; static p95 {floor:.1f} ms"
            )
            figures.append(
                Figure(
                    name=f"{kind} p95, 200,000 interventions",
                    unit="ms",
                    measured=p95,
                    floor=floor,
                    floor_name="same bytes as a static file",
                    target=f"p95 ≤ {TARGET_P95_MS:.0f} ms",
                    passed=p95 <= TARGET_P95_MS,
                )
            )
        details = {
            "setup": setup,
            "rounds": ROUNDS,
            "urls": paths,
            "latency": summary,
            "loadavg_1min": {"before": load_before, "after": os.getloadavg()[0]},
        }
        return report("interventions_list", figures, details)


class _Probe(Target):
    """Startup probe: any 200 answer will do (the body is not known yet)."""

    def fetch(self) -> None:
        status, _body, _seconds = _get(self.port, self.path)
        if status != 200:
            raise OSError(f"status {status}")


if __name__ == "__main__":
    sys.exit(main())
