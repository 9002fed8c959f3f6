"""Merge the per-benchmark results of one ``benchmarks/run`` into ``results/summary.json``.

Exit status 1 when any named benchmark missed a target or left no result (it crashed).
"""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from typing import Any

from benchmarks.benchlib import RESULTS_DIR


def _load(name: str) -> dict[str, Any]:
    path = RESULTS_DIR / f"{name}.json"
    if not path.exists():
        return {"benchmark": name, "passed": False, "error": "no result: the benchmark failed"}
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def main(names: list[str]) -> int:
    now = datetime.now(UTC)
    results = [_load(name) for name in names]
    passed = bool(results) and all(result["passed"] for result in results)
    summary = {
        "finished_at": now.isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "passed": passed,
        "benchmarks": results,
    }
    text = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
    stamped = RESULTS_DIR / f"summary-{now:%Y%m%dT%H%M%SZ}.json"
    for path in (RESULTS_DIR / "summary.json", stamped):
        path.write_text(text, encoding="utf-8")
    for result in results:
        print(f"{result['benchmark']}: {'PASS' if result['passed'] else 'FAIL'}")
    print(f"summary written to {stamped}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
