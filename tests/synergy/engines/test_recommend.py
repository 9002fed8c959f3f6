"""The recommendation engine without a database: an obvious order, and its reasons."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sinergi.synergy.engines import recommend as engine
from sinergi.synergy.engines.recommend import Cells, Organisation, Weights


def _cells() -> Cells:
    # Bogor-like LUT gap 900, Bandung LUT gap 500 (crowded), Surabaya LUT gap 950 (far), FM cell.
    return Cells(
        regions=np.array(["32.01", "32.73", "35.78", "32.01"]),
        groups=np.array(["LUT", "LUT", "LUT", "FM"]),
        need=np.array([1000.0, 600.0, 1000.0, 5000.0]),
        reached=np.array([100.0, 100.0, 50.0, 0.0]),
        lat=np.array([-6.6, -6.9, -7.25, -6.6]),
        lng=np.array([106.8, 107.6, 112.75, 106.8]),
        active=(frozenset(), frozenset({8, 9}), frozenset(), frozenset()),
    )


PLANT = Organisation(1, frozenset({"LUT"}), ("32.01",), ((-6.6, 106.8),))


def test_the_obvious_cell_comes_first_and_passion_filters() -> None:
    found = engine.for_organisation(_cells(), PLANT, Weights())
    assert [c.cell for c in found] == [0, 2, 1]  # own footprint, then far but large, crowded last
    assert all(c.cell != 3 for c in found)  # FM is not its passion
    first = found[0]
    assert first.in_footprint and first.gap == 900 and first.others == 0
    assert first.coverage == pytest.approx(0.1)
    assert found[1].distance_km == pytest.approx(680, rel=0.05)  # Bogor → Surabaya
    assert found[2].others == 2


def test_weights_change_the_order() -> None:
    no_place = Weights(footprint=0.0, proximity=0.0, crowding=0.0)
    found = engine.for_organisation(_cells(), PLANT, no_place)
    assert [c.cell for c in found] == [2, 0, 1]  # pure gap order


def test_an_organisation_without_target_groups_gets_every_group_at_a_discount() -> None:
    open_minded = Organisation(2, frozenset(), (), ())
    found = engine.for_organisation(_cells(), open_minded, Weights())
    assert found[0].cell == 3  # the FM gap of 5,000 is the largest
    assert math.isnan(found[0].distance_km)
    assert found[0].score == pytest.approx(0.5)


def test_for_region_ranks_organisations_by_fit() -> None:
    far = Organisation(3, frozenset({"LUT"}), ("35.78",), ((-7.25, 112.75),))
    other_passion = Organisation(4, frozenset({"ODHA"}), ("32.01",), ((-6.6, 106.8),))
    found = engine.for_region(_cells(), "32.01", [far, PLANT, other_passion], Weights())
    assert [c.organisation for c in found] == [1, 3]
    assert found[0].cell == 0


def test_a_cell_without_gap_is_never_recommended() -> None:
    cells = Cells(
        regions=np.array(["32.01"]), groups=np.array(["LUT"]), need=np.array([10.0]),
        reached=np.array([12.0]), lat=np.array([np.nan]), lng=np.array([np.nan]),
        active=(frozenset(),),
    )  # fmt: skip
    assert engine.for_organisation(cells, PLANT, Weights()) == []
    assert engine.for_region(cells, "32.01", [PLANT], Weights()) == []
