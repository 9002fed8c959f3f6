"""Regency boundaries endpoint through the running server, against the same bytes as a static file.

Set-up: ``sinergi init --no-demo`` in a temp data dir; the endpoint's gzipped body (read from the
stored ``BoundaryBundle``) is written into STATIC_ROOT so whitenoise serves identical bytes from
the same gunicorn server (``sinergi serve --workers 2``, production settings). Every request is
a fresh connection on 127.0.0.1 with ``Accept-Encoding: gzip``; every response must be 200 with
exactly the expected bytes.

(a) Closed loop: ``REQUESTS`` per path at concurrency ``CONCURRENCY``, in ``ROUNDS`` rounds
    alternating the order of the two paths; target: median endpoint round ≥ 0.8x median
    static round (req/s).
(b) Open loop: ``RATE`` req/s for ``DURATION`` s on a timetable, latency counted from the
    scheduled send time (so queueing is not hidden); target endpoint p95 ≤ 20 ms. The static
    file gets the same run as the floor.
"""

from __future__ import annotations

import gzip
import http.client
import math
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.benchlib import SINERGI, Figure, app_env, report

HOST = "127.0.0.1"
ENDPOINT = "/api/v1/boundaries/regency"
STATIC = "/static/bench/regency.geojson"
WORKERS = 2
REQUESTS = 2_000
ROUNDS = 8
CONCURRENCY = 4
WARMUP = 20
RATE = 50.0
DURATION = 10.0
OPEN_LOOP_THREADS = 16
TARGET_RATIO = 0.8
TARGET_P95_MS = 20.0
REQUEST_TIMEOUT = 10.0
START_TIMEOUT = 30.0


class BadResponseError(Exception):
    """A response that was not 200 with the expected bytes: the comparison would be void."""


@dataclass(frozen=True)
class Target:
    path: str
    port: int
    body: bytes

    def fetch(self) -> None:
        """One GET on a new connection; raise unless 200 with exactly the expected bytes."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request("GET", self.path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            body = response.read()
        finally:
            conn.close()
        if response.status != 200 or body != self.body:
            raise BadResponseError(f"{self.path}: status {response.status}, {len(body)} bytes")


def _prepare(data_dir: Path) -> bytes:
    """Initialise the install; return the endpoint's gzip body, also written as a static file."""
    subprocess.run(
        [SINERGI, "init", "--no-demo"],
        env=app_env(data_dir),
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=300,
    )
    query = "SELECT body_gzip FROM regions_boundarybundle WHERE level = 2 AND parent_code = ''"
    with closing(sqlite3.connect(data_dir / "sinergi.sqlite3")) as db:
        (body,) = db.execute(query).fetchone()
    static = data_dir / "static" / "bench"
    static.mkdir(parents=True, exist_ok=True)
    # whitenoise serves the .gz sibling to gzip-accepting clients, byte for byte.
    (static / "regency.geojson").write_bytes(gzip.decompress(body))
    (static / "regency.geojson.gz").write_bytes(body)
    return bytes(body)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(server: subprocess.Popen[bytes], target: Target) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.returncode}")
        try:
            target.fetch()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {START_TIMEOUT:.0f} s")


@contextmanager
def _server(data_dir: Path, probe: Target) -> Iterator[None]:
    """``sinergi serve`` (gunicorn) for the duration of the block; always stopped after."""
    command = [SINERGI, "serve", "--bind", f"{HOST}:{probe.port}", "--workers", str(WORKERS)]
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        # Own session: the fallback kill reaches gunicorn's workers and nothing else.
        server = subprocess.Popen(
            command, env=app_env(data_dir), stdout=log, stderr=log, start_new_session=True
        )
    try:
        _wait_until_up(server, probe)
        yield
    except BaseException:
        sys.stderr.write(log_path.read_text(encoding="utf-8", errors="replace")[-4000:])
        raise
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _closed_loop(target: Target, count: int) -> float:
    """Seconds for ``count`` requests issued back to back by ``CONCURRENCY`` threads."""
    share = [count // CONCURRENCY + (i < count % CONCURRENCY) for i in range(CONCURRENCY)]

    def worker(n: int) -> None:
        for _ in range(n):
            target.fetch()

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        started = time.perf_counter()
        list(pool.map(worker, share))  # list() re-raises a worker's BadResponseError
        return time.perf_counter() - started


def throughput(endpoint: Target, static: Target) -> dict[str, list[float]]:
    """Req/s per round for each path; rounds alternate which path goes first (ABBA...)."""
    per_round = REQUESTS // ROUNDS
    rates: dict[str, list[float]] = {endpoint.path: [], static.path: []}
    for round_no in range(ROUNDS):
        order = (endpoint, static) if round_no % 2 == 0 else (static, endpoint)
        for target in order:
            rates[target.path].append(per_round / _closed_loop(target, per_round))
    return rates


def _throughput_figure(rates: dict[str, list[float]]) -> Figure:
    # Medians: a burst from another process on this 2-core box spoils a round, not the result.
    endpoint, static = statistics.median(rates[ENDPOINT]), statistics.median(rates[STATIC])
    for name, path in (("endpoint", ENDPOINT), ("static", STATIC)):
        print(f"closed loop, {name}: req/s per round " + ", ".join(f"{r:.0f}" for r in rates[path]))
    return Figure(
        name=f"closed-loop throughput (median round), concurrency {CONCURRENCY}",
        unit="req/s",
        measured=endpoint,
        floor=static,
        floor_name="static file",
        target=f"≥ {TARGET_RATIO}x",
        passed=endpoint >= TARGET_RATIO * static,
    )


def open_loop(target: Target) -> list[float]:
    """Latencies (s) of ``RATE`` req/s for ``DURATION`` s, each from its scheduled send time."""
    count = int(RATE * DURATION)
    latencies: list[float] = []
    lock = threading.Lock()

    def send(scheduled: float) -> None:
        target.fetch()
        latency = time.perf_counter() - scheduled
        with lock:
            latencies.append(latency)

    with ThreadPoolExecutor(OPEN_LOOP_THREADS) as pool:
        start = time.perf_counter() + 0.05
        futures = []
        for i in range(count):
            scheduled = start + i / RATE
            time.sleep(max(0.0, scheduled - time.perf_counter()))
            futures.append(pool.submit(send, scheduled))
        for future in futures:
            future.result()  # re-raises a BadResponseError
    return latencies


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def _latency_summary(latencies: list[float]) -> dict[str, float]:
    return {
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "max_ms": max(latencies) * 1000,
    }


def _latency_figure(endpoint: dict[str, float], static: dict[str, float]) -> Figure:
    for name, latency in (("endpoint", endpoint), ("static", static)):
        print(f"open loop {RATE:.0f} req/s x {DURATION:.0f} s, {name}: " + _fmt(latency))
    return Figure(
        name=f"open-loop p95 at {RATE:.0f} req/s",
        unit="ms",
        measured=endpoint["p95_ms"],
        floor=static["p95_ms"],
        floor_name="static file",
        target=f"p95 ≤ {TARGET_P95_MS:.0f} ms",
        passed=endpoint["p95_ms"] <= TARGET_P95_MS,
    )


def measure(port: int, body: bytes) -> int:
    endpoint, static = Target(ENDPOINT, port, body), Target(STATIC, port, body)
    load_before = os.getloadavg()[0]
    for _ in range(WARMUP):  # both workers load the bundle before anything is timed
        endpoint.fetch()
        static.fetch()
    rates = throughput(endpoint, static)
    endpoint_lat = _latency_summary(open_loop(endpoint))
    static_lat = _latency_summary(open_loop(static))
    figures = [_throughput_figure(rates), _latency_figure(endpoint_lat, static_lat)]
    details = {
        "body_bytes": len(body),
        "server_workers": WORKERS,
        "closed_loop": {
            "requests_per_path": REQUESTS // ROUNDS * ROUNDS,
            "rounds": ROUNDS,
            "concurrency": CONCURRENCY,
            "endpoint_rps_per_round": rates[ENDPOINT],
            "static_rps_per_round": rates[STATIC],
        },
        "open_loop": {
            "rate": RATE,
            "seconds": DURATION,
            "endpoint": endpoint_lat,
            "static": static_lat,
        },
        # Other work on the machine skews both paths; the load average shows whether it did.
        "loadavg_1min": {"before": load_before, "after": os.getloadavg()[0]},
    }
    return report("boundaries_http", figures, details)


def _fmt(latency: dict[str, float]) -> str:
    return ", ".join(f"{key.removesuffix('_ms')} {value:.1f} ms" for key, value in latency.items())


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sinergi-bench-http-") as tmp:
        data_dir = Path(tmp)
        body = _prepare(data_dir)
        port = _free_port()
        with _server(data_dir, Target(ENDPOINT, port, body)):
            return measure(port, body)


if __name__ == "__main__":
    sys.exit(main())
