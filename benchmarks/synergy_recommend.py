"""Recommendations for one organisation, end to end and warm, on the national synthetic
dataset (``sinergi demo --scale national``; set up as in ``synergy_coverage``, and
``SINERGI_BENCH_NATIONAL_DIR`` keeps and reuses the database).

- Measured: ``GET /api/v1/synergy/recommendations/organisations/<id>`` through Django's full
  request stack in process (middleware, access helper, selectors, engine, the reasons worded,
  JSON), for ``REQUESTS`` requests cycling over ``ORGANISATIONS`` organisations with target
  groups and a footprint, after one warm-up request builds the per-version tables. p95.
- Floor (printed beside it): one recompute of the regency gap matrix for the year from the
  coverage table (``snapshot.gap_matrix``), the figure performance.md compares top-k with.
- Target: p95 <= 50 ms.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.benchlib import Figure, report
from benchmarks.synergy_coverage import _setup

REQUESTS = 300
ORGANISATIONS = 50
TARGET_MS = 50.0


def main() -> int:
    keep = os.environ.get("SINERGI_BENCH_NATIONAL_DIR")
    with tempfile.TemporaryDirectory(prefix="sinergi-bench-recommend-") as tmp:
        _setup(Path(keep) if keep else Path(tmp))
        from django.test import Client
        from django.utils import timezone

        from sinergi.partners.models import FocusKind, Organisation
        from sinergi.synergy import snapshot

        year = timezone.localdate().year
        ids = list(
            Organisation.objects.filter(focus__kind=FocusKind.TARGET_GROUP, footprint__isnull=False)
            .distinct()
            .order_by("pk")
            .values_list("pk", flat=True)[:ORGANISATIONS]
        )
        client = Client(HTTP_HOST="127.0.0.1")
        started = time.perf_counter()
        first = client.get(f"/api/v1/synergy/recommendations/organisations/{ids[0]}?year={year}")
        cold = time.perf_counter() - started
        times, rows = [], 0
        for i in range(REQUESTS):
            url = f"/api/v1/synergy/recommendations/organisations/{ids[i % len(ids)]}?year={year}"
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content
            rows += len(response.json())
        gap = []
        for _ in range(20):
            started = time.perf_counter()
            snapshot.gap_matrix(level=2, year=year)
            gap.append((time.perf_counter() - started) * 1000)
    p95 = float(np.percentile(times, 95))
    floor = statistics.median(gap)
    figures = [
        Figure("recommendations for one organisation, p95 warm", "ms", p95, floor,
               "one gap-matrix recompute", f"p95 <= {TARGET_MS} ms", p95 <= TARGET_MS),
    ]  # fmt: skip
    details = {
        "organisations": len(ids),
        "requests": REQUESTS,
        "median_ms": statistics.median(times),
        "p95_ms": p95,
        "cold_first_request_s": cold,
        "first_status": first.status_code,
        "rows_per_answer": rows / REQUESTS,
        "gap_matrix_median_ms": floor,
    }
    return report("synergy_recommend", figures, details)


if __name__ == "__main__":
    raise SystemExit(main())
