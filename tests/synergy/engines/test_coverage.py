"""The coverage engine on the hand-computed scenario of ``scenario.py`` (no database)."""

from __future__ import annotations

import numpy as np
import pytest

from sinergi.synergy.engines import coverage as cov
from sinergi.synergy.engines import gaps
from tests.synergy.engines import scenario as sc
from tests.synergy.engines.scenario import FM, LUT, NAN, Y25, Y26


@pytest.fixture
def result() -> cov.Coverage:
    return cov.compute(sc.inputs())


def test_districts_2025_breakdown_residual_and_apportioned_province_entry(
    result: cov.Coverage,
) -> None:
    level = result.levels[3]
    # A: 50 given + 150 x 3/4; C: 80 x 1/2 x 3/4 = 30.
    assert level.reached[LUT, Y25].tolist() == pytest.approx([192.5, 47.5, 40.0, 0.0])
    assert level.apportioned[LUT, Y25].tolist() == pytest.approx([142.5, 47.5, 40.0, 0.0])
    # Planned: A 60 given + 240 x 3/4 (and x 1/4); C 80 as above.
    assert level.planned[LUT, Y25].tolist() == pytest.approx([270.0, 70.0, 40.0, 0.0])


def test_split_total_by_need_and_equal_share_where_need_unknown(result: cov.Coverage) -> None:
    level = result.levels[3]
    # 2026: A again (162.5, 37.5); B 600 as 100 : 400 → 120, 480; E 30 into 12.01.01.
    assert level.reached[LUT, Y26].tolist() == pytest.approx([162.5, 157.5, 480.0, 30.0])
    assert result.levels[2].reached[LUT, Y26].tolist() == pytest.approx([320.0, 480.0, 30.0])
    assert result.levels[2].apportioned[LUT, Y26].tolist() == pytest.approx([0.0, 0.0, 30.0])


def test_levels_above_sum(result: cov.Coverage) -> None:
    assert result.levels[2].reached[LUT, Y25].tolist() == pytest.approx([240.0, 40.0, 0.0])
    assert result.levels[1].reached[LUT, Y25].tolist() == pytest.approx([280.0, 0.0])
    assert result.levels[1].reached[LUT, Y26].tolist() == pytest.approx([800.0, 30.0])
    assert result.levels[1].reached[FM, Y26].tolist() == pytest.approx([0.0, 10.0])


def test_a_group_with_unknown_need_takes_no_share_beside_a_known_one(
    result: cov.Coverage,
) -> None:
    assert result.levels[1].reached[FM, Y25].tolist() == pytest.approx([0.0, 0.0])


def test_uncountable_units_count_as_presence_only(result: cov.Coverage) -> None:
    level = result.levels[3]
    # F (groups) adds nothing to 11.02.01 in 2026 but B and F both work there.
    assert level.reached[LUT, Y26, 2] == pytest.approx(480.0)
    assert level.organisations[LUT, Y26].tolist() == [1, 1, 2, 0]
    assert result.levels[1].organisations[LUT, Y26].tolist() == [3, 1]


def test_coverage_and_gap() -> None:
    reached, need = np.array([192.5, 47.5, 0.0, 5.0]), np.array([300.0, 100.0, NAN, 0.0])
    assert cov.ratio(reached, need)[:2].tolist() == pytest.approx([192.5 / 300, 0.475])
    assert np.isnan(cov.ratio(reached, need)[2:]).all()
    assert cov.gap(reached, need)[[0, 1, 3]].tolist() == pytest.approx([107.5, 52.5, 0.0])
    assert np.isnan(cov.gap(reached, need)[2])


def test_government_layer_is_separate(result: cov.Coverage) -> None:
    level = result.levels[3]
    assert level.government[FM, Y26, 3] == 4
    assert level.reached[FM, Y26, 3] == pytest.approx(10.0)


def test_blank_spots_ranked_by_gap(result: cov.Coverage) -> None:
    spots = gaps.blank_spots(result, level=3, year=Y25, threshold=0.5)
    # 11.02.01: 400 in need, 40 reached (10 %); 11.01.02: 100, 47.5 (47.5 %).
    assert [(c.region, c.gap) for c in spots] == [(2, pytest.approx(360.0)), (1, 52.5)]
    assert spots[0].coverage == pytest.approx(0.1)
    assert (
        gaps.blank_spots(result, level=3, year=Y25, regions=slice(0, 2), threshold=0.5)[0].region
        == 1
    )


def test_overlaps_several_organisations_government_and_over_coverage(
    result: cov.Coverage,
) -> None:
    found = gaps.overlaps(result, level=3, year=Y26)
    by_cell = {(c.group, c.region): c for c in found}
    # 11.02.01 LUT: B and F, and 480 reached for 400 in need.
    assert by_cell[(LUT, 2)].organisations == 2
    assert by_cell[(LUT, 2)].excess == pytest.approx(80.0)
    # 11.01.02 LUT: over-covered (157.5 for 100) with one organisation.
    assert by_cell[(LUT, 1)].over_covered
    # 12.01.01 FM: D beside PKH.
    assert by_cell[(FM, 3)].with_government
    assert set(by_cell) == {(LUT, 2), (LUT, 1), (FM, 3)}
    assert found[0].group == LUT and found[0].region == 2
    cells = np.array([result.cell(3, LUT, Y26, 2)])
    assert result.organisations_at(3, cells) == [[1, 2]]
    assert gaps.count_overlaps(result, level=3, year=Y26) == 3


def test_internal_interventions_are_left_out_of_public_presence(result: cov.Coverage) -> None:
    cells = np.array([result.cell(1, LUT, Y25, 0)])
    assert result.organisations_at(1, cells) == [[0, 2]]
    assert result.organisations_at(1, cells, public_only=True) == [[0]]


def _same(left: cov.Coverage, right: cov.Coverage) -> None:
    for level in cov.LEVELS:
        a, b = left.levels[level], right.levels[level]
        for name in ("reached", "planned", "apportioned", "organisations", "present"):
            np.testing.assert_allclose(getattr(a, name), getattr(b, name), atol=1e-9)
        for cell in range(a.reached.size):
            for public_only in (False, True):
                for apportioned in (False, True):
                    here = np.array([cell])
                    assert left.organisations_at(
                        level, here, public_only=public_only, apportioned=apportioned
                    ) == right.organisations_at(
                        level, here, public_only=public_only, apportioned=apportioned
                    )


def test_incremental_change_equals_a_full_recompute(result: cov.Coverage) -> None:
    changed = list(sc.INTERVENTIONS)
    # C becomes public, runs both years, is led by organisation 3 and reaches 120.
    changed[2] = (103, 3, False, True, True, 0, 1, 120, 80)
    locations = [row if row[0] != 2 else (2, 1, 0, 120, 80) for row in sc.LOCATIONS]
    full = cov.compute(
        cov.Inputs(
            **{
                **sc.inputs().__dict__,
                "activities": cov.activities(
                    interventions=changed, groups=sc.GROUP_ROWS, locations=locations
                ),
            }
        )
    )
    new = full.inputs.activities.take(np.array([2]))
    assert cov.fits(result, new)
    cov.apply_change(result, 103, new)
    _same(result, full)
    # And again (the override is the new starting point), then removed altogether.
    cov.apply_change(result, 103, new)
    _same(result, full)
    cov.apply_change(result, 103, None)
    without = cov.compute(
        cov.Inputs(
            **{
                **sc.inputs().__dict__,
                "activities": full.inputs.activities.take(np.array([0, 1, 3, 4, 5])),
            }
        )
    )
    _same(result, without)


def test_an_empty_input_gives_empty_tables() -> None:
    empty = cov.compute(
        cov.Inputs(
            **{
                **sc.inputs().__dict__,
                "activities": cov.activities(interventions=[], groups=[], locations=[]),
            }
        )
    )
    assert not empty.levels[3].reached.any()
    assert gaps.overlaps(empty, level=3, year=Y26) == []
    assert len(gaps.blank_spots(empty, level=3, year=Y25)) == 3


def test_registries_name_the_engines() -> None:
    assert cov.ENGINES["coverage"] is cov.compute
    assert set(gaps.ENGINES) == {"blank_spots", "overlaps"}
