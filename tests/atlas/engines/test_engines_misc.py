"""People in need, class breaks and series cells (no database)."""

from __future__ import annotations

import numpy as np
import pytest

from sinergi.atlas.engines import cells
from sinergi.atlas.engines.classify import class_of, equal_interval, natural_breaks, quantiles
from sinergi.atlas.engines.people_in_need import Method, PinInputs, people_in_need

NAN = float("nan")


def test_people_in_need_prefers_counts_then_official_then_modelled() -> None:
    result = people_in_need(
        PinInputs(
            counted=np.array([120.0, NAN, NAN, NAN]),
            official=np.array([999.0, 450.0, NAN, NAN]),
            rate_percent=np.array([10.0, 10.0, 12.5, NAN]),
            population=np.array([1000.0, 1000.0, 2001.0, 500.0]),
        ),
        size=4,
    )
    # 12.5 % of 2,001 = 250.125 → 250 whole people
    assert result.values[:3].tolist() == [120.0, 450.0, 250.0]
    assert np.isnan(result.values[3])
    assert result.methods.tolist() == [Method.COUNTED, Method.OFFICIAL, Method.MODELLED, 0]


def test_class_breaks() -> None:
    values = np.arange(1.0, 11.0)
    assert quantiles(values, 5) == [3.0, 5.0, 7.0, 9.0]
    assert equal_interval(np.array([0.0, 10.0, NAN]), 5) == [2.0, 4.0, 6.0, 8.0]
    clusters = np.array([1.0, 1.0, 2.0, 10.0, 11.0, 12.0, 50.0, 51.0])
    assert natural_breaks(clusters, 3) == [10.0, 50.0]
    assert class_of(10.0, [10.0, 50.0]) == 1
    assert class_of(9.9, [10.0, 50.0]) == 0


def test_cells_round_trip_sorted_by_code() -> None:
    table = cells.make(codes=["32.73", "32.01"], values=[2.0, 1.0], batch=7)
    back = cells.decode(cells.encode(table))
    assert back["code"].to_pylist() == ["32.01", "32.73"]
    assert back["value"].to_pylist() == [1.0, 2.0]
    assert back["batch"].to_pylist() == [7, 7]


def test_merge_keeps_provenance_of_unchanged_values_and_counts_changes() -> None:
    old = cells.make(codes=["A", "B"], values=[1.0, 2.0], batch=1)
    same_and_new = cells.make(codes=["B", "C"], values=[2.0, 3.0], batch=2)
    merged = cells.merge(old, same_and_new)
    assert (merged.inserted, merged.updated, merged.unchanged) == (1, 0, 1)
    assert merged.table["code"].to_pylist() == ["A", "B", "C"]
    assert merged.table["batch"].to_pylist() == [1, 1, 2]
    corrected = cells.merge(merged.table, cells.make(codes=["B"], values=[5.0], batch=3))
    assert (corrected.inserted, corrected.updated, corrected.unchanged) == (0, 1, 0)
    assert corrected.table["value"].to_pylist() == [1.0, 5.0, 3.0]
    assert corrected.table["batch"].to_pylist() == [1, 3, 2]


def test_merging_identical_cells_changes_nothing() -> None:
    old = cells.make(codes=["A"], values=[1.0], batch=1, note=["n"])
    merged = cells.merge(old, cells.make(codes=["A"], values=[1.0], batch=9, note=["n"]))
    assert not merged.changed
    assert merged.table is old
    noted = cells.merge(old, cells.make(codes=["A"], values=[1.0], batch=9, note=["other"]))
    assert noted.updated == 1


@pytest.mark.parametrize("k", [2, 5])
def test_breaks_of_an_empty_layer(k: int) -> None:
    empty = np.array([NAN])
    assert quantiles(empty, k) == equal_interval(empty, k) == natural_breaks(empty, k) == []


def test_demo_counts_never_displace_official_or_modelled_figures() -> None:
    result = people_in_need(
        PinInputs(
            counted=np.array([NAN, NAN, NAN]),
            official=np.array([300.0, NAN, NAN]),
            rate_percent=np.array([NAN, 10.0, NAN]),
            population=np.array([NAN, 1000.0, NAN]),
            demo_counted=np.array([7.0, 8.0, 9.0]),
        ),
        size=3,
    )
    assert result.values.tolist() == [300.0, 100.0, 9.0]
    assert result.methods.tolist() == [Method.OFFICIAL, Method.MODELLED, Method.COUNTED]
