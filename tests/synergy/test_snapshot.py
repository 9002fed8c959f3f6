"""The coverage adapter: a snapshot from the database, kept up to date by intervention edits
and report approvals; only approved reach counts."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
import time_machine
from django.utils import timezone

from sinergi.interventions.counting import apportion
from sinergi.interventions.models import Intervention
from sinergi.interventions.report_services import report_approve, report_reopen, report_return
from sinergi.interventions.services import LocationEntry, intervention_update
from sinergi.interventions.spreadsheet import interventions_import
from sinergi.partners.models import Organisation
from sinergi.synergy import snapshot
from sinergi.synergy.engines.shares import located_shares
from tests.interventions.factories import data, intervention
from tests.synergy.helpers import need_import, reach_report, reached_intervention

pytestmark = pytest.mark.usefixtures("stats")


@pytest.fixture
def need(db: None) -> None:
    need_import(
        [
            ("32.73", "LUT", "2026", 1000),
            ("32.04", "LUT", "2026", 500),
            ("32.73", "LUT", "2024", 800),
        ]
    )


def _regency(group: str = "LUT", year: int = 2026) -> dict[str, tuple[float, float, float]]:
    table = snapshot.coverage_table(level=2, year=year, group=group)
    assert table is not None
    wanted = ("32.73", "32.04", "32.01")
    at = {code: int(np.searchsorted(table.codes, code)) for code in wanted}
    return {code: (table.need[p], table.reached[p], table.planned[p]) for code, p in at.items()}


@pytest.mark.usefixtures("need")
def test_reached_and_need_per_regency(mitra_a: Organisation, mitra_b: Organisation) -> None:
    reached_intervention(mitra_a)  # 32.73: targeted 100, reached 40 (approved), 2026
    reached_intervention(mitra_b, locations=[LocationEntry("32", 300, 150)])  # province-wide
    table = _regency()
    # 150 at province level apportioned by need 1000 : 500 (other regencies unknown: 0).
    assert table["32.73"] == pytest.approx((1000, 140.0, 300.0))
    assert table["32.04"] == pytest.approx((500, 50.0, 100.0))
    assert np.isnan(table["32.01"][0]) and table["32.01"][1] == 0
    # Need is carried forward: 2025 uses 2024's figure.
    assert _regency(year=2025)["32.73"][0] == 800
    gaps = snapshot.gap_matrix(level=2, year=2026)
    assert gaps is not None
    lut = gaps.groups.index("LUT")
    assert gaps.gap[lut, int(np.searchsorted(gaps.codes, "32.73"))] == pytest.approx(860.0)


@pytest.mark.usefixtures("need")
def test_an_edit_updates_the_table_in_place(
    mitra_a: Organisation,
    mitra_b: Organisation,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    made = reached_intervention(mitra_a)  # 40 approved in 32.73
    reached_intervention(mitra_b, locations=[LocationEntry("32.04", 0, 20)])
    before = snapshot.coverage_snapshot()
    assert _regency()["32.73"][1] == pytest.approx(40.0)
    with django_capture_on_commit_callbacks(execute=True):
        intervention_update(
            actor=None,
            intervention=made,
            data=data(
                ref=made.ref,
                locations=[LocationEntry("32.73", 100, 90), LocationEntry("32.04", 10, 5)],
                start_date=date(2025, 6, 1),
            ),
            version=made.version,
        )
    after = snapshot.coverage_snapshot()
    assert after is before  # updated in place, not rebuilt
    incremental = _regency()
    # Still 40 approved, now shared by the declared 90 : 5 (largest remainder): 38 and 2.
    assert incremental["32.73"][1] == pytest.approx(38.0)
    assert incremental["32.04"][1] == pytest.approx(22.0)
    assert incremental["32.73"][2] == pytest.approx(100.0)
    assert _regency(year=2025)["32.73"][1] == pytest.approx(38.0)
    earlier = _regency(year=2025)
    snapshot.coverage_forget()
    for year, seen in ((2026, incremental), (2025, earlier)):
        rebuilt = _regency(year=year)
        for code, figures in seen.items():
            assert rebuilt[code] == pytest.approx(figures, nan_ok=True)


def test_the_pkh_layer_is_read_from_the_atlas() -> None:
    snap = snapshot.coverage_snapshot()
    fm = snap.group_index("FM")
    assert fm is not None
    years = [y for y in snap.years if 2017 <= y <= 2024]
    assert years
    gov = snap.coverage.levels[2].government[fm]
    jabar = snap.children(2, "32")
    assert gov[snap.year_index(years[-1]) or 0, jabar].sum() > 0
    assert gov[:, snap.children(2, "35")].sum() == 0


def _import(organisation: Organisation, rows: list[tuple[str, str, int, int]]) -> None:
    """Import ``(ref, region, targeted, reached)`` rows of LUT work in 2026."""
    lines = ["ref,title,function,target_group,region_code,start_date,end_date,targeted,reached"]
    lines += [
        f"{ref},Kegiatan {ref},rehabilitasi_sosial,LUT,{code},2026-01-01,2026-12-31,{t},{r}"
        for ref, code, t, r in rows
    ]
    interventions_import(
        file=io.BytesIO("\n".join(lines).encode()),
        filename="3w.csv",
        actor=None,
        organisation=organisation,
    )


@pytest.mark.usefixtures("need")
def test_an_import_updates_the_table_or_rebuilds_it_when_large(
    mitra_a: Organisation,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    reached_intervention(mitra_a)  # 32.73: targeted 100, reached 40 (approved)
    before = snapshot.coverage_snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        _import(mitra_a, [("IMP-1", "32.04", 50, 30)])
    # A small import is applied in place, like an edit; its declared reach is not counted.
    assert snapshot.coverage_snapshot() is before
    assert _regency()["32.04"][1:] == pytest.approx((0.0, 50.0))
    monkeypatch.setattr(snapshot, "APPLY_AT_MOST", 1)
    with django_capture_on_commit_callbacks(execute=True):
        _import(mitra_a, [("IMP-2", "32.73", 50, 7), ("IMP-3", "32.04", 50, 5)])
    # A larger one makes the next read rebuild the table, with every import in it.
    assert snapshot.coverage_snapshot() is not before
    assert _regency()["32.73"][1:] == pytest.approx((40.0, 150.0))
    assert _regency()["32.04"][1:] == pytest.approx((0.0, 100.0))


# --- approved reach --------------------------------------------------------------------------


@pytest.fixture
def frozen() -> Iterator[None]:
    # The table's years run to this year (and FUTURE_YEARS beyond): fix it.
    with time_machine.travel(datetime(2026, 6, 15, 9, 0, tzinfo=UTC), tick=False):
        yield


def _cell(code: str, level: int = 2) -> tuple[float, float]:
    """(approved reached, pending) of LUT in 2026 in one region."""
    table = snapshot.coverage_table(level=level, year=2026, group="LUT")
    assert table is not None
    at = int(np.searchsorted(table.codes, code))
    assert table.codes[at] == code
    return float(table.reached[at]), float(table.pending[at])


@pytest.mark.usefixtures("need", "frozen")
def test_declared_and_pending_reach_are_never_counted(
    mitra_a: Organisation,
    mitra_b: Organisation,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    intervention(mitra_a)  # declares 40 reached in 32.73, no report at all
    waiting = intervention(
        mitra_b,
        locations=[
            LocationEntry("32.73", 300, 120),
            LocationEntry("32.73.01", 100, 50),  # a breakdown of Bandung: never adds
            LocationEntry("32.04", 100, 40),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        reach_report(waiting, 80, approve=False)  # submitted, waiting for approval
    # 80 pending shared by the declared 120 : 40 of the outermost locations.
    assert _cell("32.73") == pytest.approx((0.0, 60.0))
    assert _cell("32.04") == pytest.approx((0.0, 20.0))
    assert _cell("32", level=1) == pytest.approx((0.0, 80.0))
    table = snapshot.coverage_table(level=2, year=2026, group="LUT")
    assert table is not None
    bandung = int(np.searchsorted(table.codes, "32.73"))
    assert table.coverage[bandung] == 0 and table.gap[bandung] == 1000
    assert table.planned[bandung] == pytest.approx(400.0)  # targets still plan
    gaps = snapshot.gap_matrix(level=2, year=2026, combined=False)
    assert gaps is not None
    assert gaps.gap[gaps.groups.index("LUT"), bandung] == 1000


@pytest.mark.usefixtures("need", "frozen")
def test_approving_moves_the_cell_in_place_and_returning_or_reopening_moves_it_back(
    mitra_a: Organisation, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    made = intervention(mitra_a)  # 32.73, declares 40
    before = snapshot.coverage_snapshot()
    assert _cell("32.73") == pytest.approx((0.0, 0.0))
    with django_capture_on_commit_callbacks(execute=True):
        first = reach_report(made, 25, approve=False)
    assert _cell("32.73") == pytest.approx((0.0, 25.0))
    with django_capture_on_commit_callbacks(execute=True):
        report_approve(actor=None, report=first)
    assert _cell("32.73") == pytest.approx((25.0, 0.0))
    with django_capture_on_commit_callbacks(execute=True):
        second = reach_report(made, 10, period="2026-Q2")
    assert _cell("32.73") == pytest.approx((35.0, 0.0))  # increments per period, summed
    with django_capture_on_commit_callbacks(execute=True):
        report_reopen(actor=None, report=second, reason="Angka ganda")
    assert _cell("32.73") == pytest.approx((25.0, 0.0))
    with django_capture_on_commit_callbacks(execute=True):
        third = reach_report(made, 5, period="2026-Q3", approve=False)
    assert _cell("32.73") == pytest.approx((25.0, 5.0))
    with django_capture_on_commit_callbacks(execute=True):
        report_return(actor=None, report=third, comment="Lampirkan daftar hadir")
    assert _cell("32.73") == pytest.approx((25.0, 0.0))
    assert snapshot.coverage_snapshot() is before  # every step applied in place
    snapshot.coverage_forget()
    assert _cell("32.73") == pytest.approx((25.0, 0.0))


@pytest.mark.usefixtures("need", "frozen")
def test_an_approval_in_another_process_is_noticed(mitra_a: Organisation) -> None:
    made = intervention(mitra_a)
    before = snapshot.coverage_snapshot()
    assert _cell("32.73") == pytest.approx((0.0, 0.0))
    # Another process approves a report: the row and its stamp move, no listener runs here.
    Intervention.objects.filter(pk=made.pk).update(
        reached_approved=30, reached_pending=4, updated_at=timezone.now() + timedelta(seconds=1)
    )
    assert _cell("32.73") == pytest.approx((30.0, 4.0))
    assert snapshot.coverage_snapshot() is not before


@pytest.mark.parametrize(
    "amount, declared",
    [
        (80, {"32.73": (120, 300), "32.73.01": (50, 100), "32.04": (40, 100)}),  # a breakdown
        (10, {"32.73": (1, 5), "32.04": (1, 5), "35.78": (1, 5)}),  # remainders to lower codes
        (7, {"32.73": (0, 30), "32.04": (0, 10)}),  # by targets when no reach is declared
        (5, {"32.73": (0, 0), "32.04": (0, 0)}),  # equal shares when nothing is declared
        (0, {"32.73": (40, 100), "32.04": (10, 5)}),  # nothing approved: nothing shared
        (9, {"32.73.01.1001": (3, 9), "32.73.01.1002": (6, 9)}),  # villages: folded later
    ],
)
def test_the_read_shares_a_total_as_counting_apportion_does(
    amount: int, declared: dict[str, tuple[int, int]]
) -> None:
    # Two interventions, rows interleaved, the second sharing the same amount plus one, and a
    # row of an intervention not read (cancelled) that must be left out.
    rows = [(iv, code, r, t) for code, (r, t) in declared.items() for iv in (1, 2)]
    rows.append((3, "32", 5, 5))
    shared = located_shares(np.array([1, 2]), np.array([amount, amount + 1]), rows)
    assert [row[0] for row in shared].count(3) == 0
    for iv, total in ((1, amount), (2, amount + 1)):
        got = {code: (part, targeted) for owner, code, part, targeted in shared if owner == iv}
        expected = apportion(total, declared) if total else dict.fromkeys(declared, 0)
        assert got == {code: (expected[code], declared[code][1]) for code in declared}
