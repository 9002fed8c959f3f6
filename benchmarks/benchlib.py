"""Shared pieces: figures compared with a floor measured in the same run, JSON results, env."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
# The venv's console scripts sit beside its interpreter; the benchmarks run under .venv/bin/python.
SINERGI = str(Path(sys.executable).with_name("sinergi"))


@dataclass(frozen=True)
class Figure:
    """One measured quantity next to the same quantity for the floor (the baseline)."""

    name: str
    unit: str
    measured: float
    floor: float
    floor_name: str
    target: str
    passed: bool

    @property
    def ratio(self) -> float:
        return self.measured / self.floor

    def line(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return (
            f"{self.name}: {self.measured:.4g} {self.unit} vs {self.floor_name} "
            f"{self.floor:.4g} {self.unit} = {self.ratio:.2f}x  target {self.target}  {verdict}"
        )


def app_env(data_dir: Path) -> dict[str, str]:
    """Environment for a production-like app on embedded SQLite in ``data_dir``."""
    env = dict(os.environ)
    env.update(
        SINERGI_DATA_DIR=str(data_dir),
        SINERGI_DEBUG="0",
        SINERGI_TESTING="0",
        DATABASE_URL="",  # force the embedded SQLite even if the caller's shell sets one
    )
    return env


def report(benchmark: str, figures: list[Figure], details: Mapping[str, object]) -> int:
    """Print the figures and write ``results/<benchmark>.json``; 1 if a target is missed."""
    for figure in figures:
        print(figure.line())
    passed = all(figure.passed for figure in figures)
    payload = {
        "benchmark": benchmark,
        "passed": passed,
        "figures": [{**asdict(figure), "ratio": figure.ratio} for figure in figures],
        "details": details,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{benchmark}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if passed else 1
