"""Synergy test setup: the atlas's statistics and isolation, the interventions personas, and
a coverage table rebuilt for every test (and rechecked on every read)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sinergi.atlas.imports.periods import year_of as _year_of  # noqa: F401 - atlas loaded
from sinergi.synergy import snapshot
from tests.atlas.conftest import _atlas_isolation, _statistics, stats
from tests.interventions.conftest import alice, bob, charlie, dede, mitra_a, mitra_b, vera
from tests.synergy.plan_world import _plan_caches, world

__all__ = [
    "_atlas_isolation",
    "_plan_caches",
    "_statistics",
    "alice",
    "bob",
    "charlie",
    "dede",
    "mitra_a",
    "mitra_b",
    "stats",
    "vera",
    "world",
]


@pytest.fixture(autouse=True)
def _coverage_isolation(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(snapshot, "RECHECK_SECONDS", 0.0)
    snapshot.coverage_forget()
    yield
    snapshot.coverage_forget()
