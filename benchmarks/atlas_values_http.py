"""The atlas values endpoint (one indicator, all 7,285 districts) through the running server,
against the same bytes as a static file.

Set-up: ``sinergi init --no-demo`` in a temp data dir, then the demo's people-in-need counts
(``atlas_demo_seed``: every district has a figure for every PPKS group). The endpoint's gzipped
payload for ``FM`` at district level is computed in-process and written into STATIC_ROOT, so
whitenoise serves identical bytes from the same ``sinergi serve --workers 2`` (production
settings). Every request is a fresh connection with ``Accept-Encoding: gzip``; every response
must be 200 with exactly those bytes. Measured like ``boundaries_http``:

(a) closed loop, median round; target: endpoint ≥ 0.8x static (req/s);
(b) open loop at 50 req/s; target: endpoint p95 ≤ 20 ms.
"""

from __future__ import annotations

import gzip
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.benchlib import SINERGI, Figure, app_env, report
from benchmarks.boundaries_http import (
    CONCURRENCY,
    DURATION,
    RATE,
    REQUESTS,
    ROUNDS,
    TARGET_P95_MS,
    TARGET_RATIO,
    WARMUP,
    WORKERS,
    Target,
    _free_port,
    _latency_summary,
    _server,
    open_loop,
    throughput,
)

ENDPOINT = "/api/v1/atlas/values/FM?level=district&period=2024"
STATIC = "/static/bench/values.json"
DISTRICTS = 7_285
_PAYLOAD = """
import django, sys
from pathlib import Path
django.setup()
from sinergi.atlas.demo import atlas_demo_seed
from sinergi.atlas.payloads import values_payload
atlas_demo_seed()
served = values_payload(key="FM", level=3, period="2024", parent="")
Path(sys.argv[1]).write_bytes(served.gzip_body)
"""


def _prepare(data_dir: Path) -> bytes:
    """Initialise the install with demo counts; return the payload, also as a static file."""
    env = {**app_env(data_dir), "DJANGO_SETTINGS_MODULE": "sinergi.settings"}
    subprocess.run(
        [SINERGI, "init", "--no-demo"], env=env, check=True, stdout=subprocess.DEVNULL, timeout=600
    )
    static = data_dir / "static" / "bench"
    static.mkdir(parents=True, exist_ok=True)
    target = static / "values.json.gz"
    subprocess.run([sys.executable, "-c", _PAYLOAD, str(target)], env=env, check=True, timeout=600)
    body = target.read_bytes()
    # whitenoise serves the .gz sibling to gzip-accepting clients, byte for byte.
    (static / "values.json").write_bytes(gzip.decompress(body))
    return body


def _figures(
    rates: dict[str, list[float]], endpoint: dict[str, float], static: dict[str, float]
) -> list[Figure]:

    measured, floor = statistics.median(rates[ENDPOINT]), statistics.median(rates[STATIC])
    for name, path in (("endpoint", ENDPOINT), ("static", STATIC)):
        print(f"closed loop, {name}: req/s per round " + ", ".join(f"{r:.0f}" for r in rates[path]))
    for name, latency in (("endpoint", endpoint), ("static", static)):
        print(
            f"open loop {RATE:.0f} req/s, {name}: p50 {latency['p50_ms']:.1f} ms, "
            f"p95 {latency['p95_ms']:.1f} ms, max {latency['max_ms']:.1f} ms"
        )
    return [
        Figure(
            name=f"values endpoint ({DISTRICTS:,} districts), concurrency {CONCURRENCY}",
            unit="req/s",
            measured=measured,
            floor=floor,
            floor_name="static file",
            target=f"≥ {TARGET_RATIO}x",
            passed=measured >= TARGET_RATIO * floor,
        ),
        Figure(
            name=f"values endpoint open-loop p95 at {RATE:.0f} req/s",
            unit="ms",
            measured=endpoint["p95_ms"],
            floor=static["p95_ms"],
            floor_name="static file",
            target=f"p95 ≤ {TARGET_P95_MS:.0f} ms",
            passed=endpoint["p95_ms"] <= TARGET_P95_MS,
        ),
    ]


def measure(port: int, body: bytes) -> int:
    endpoint, static = Target(ENDPOINT, port, body), Target(STATIC, port, body)
    load_before = os.getloadavg()[0]
    for _ in range(WARMUP):  # both workers build the payload before anything is timed
        endpoint.fetch()
        static.fetch()
    rates = throughput(endpoint, static)
    endpoint_lat = _latency_summary(open_loop(endpoint))
    static_lat = _latency_summary(open_loop(static))
    details = {
        "body_bytes_gzip": len(body),
        "body_bytes": len(gzip.decompress(body)),
        "server_workers": WORKERS,
        "closed_loop": {
            "requests_per_path": REQUESTS // ROUNDS * ROUNDS,
            "endpoint_rps_per_round": rates[ENDPOINT],
            "static_rps_per_round": rates[STATIC],
        },
        "open_loop": {
            "rate": RATE,
            "seconds": DURATION,
            "endpoint": endpoint_lat,
            "static": static_lat,
        },
        "loadavg_1min": {"before": load_before, "after": os.getloadavg()[0]},
    }
    return report("atlas_values_http", _figures(rates, endpoint_lat, static_lat), details)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sinergi-bench-values-") as tmp:
        data_dir = Path(tmp)
        body = _prepare(data_dir)
        port = _free_port()
        with _server(data_dir, Target(ENDPOINT, port, body)):
            return measure(port, body)


if __name__ == "__main__":
    sys.exit(main())
