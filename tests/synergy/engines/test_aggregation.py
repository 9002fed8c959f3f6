"""Aggregation across levels, hand-computed on a three-level tree (no database).

Province 11 → regencies 11.01, 11.02 → districts 11.01.01, 11.01.02 (in 11.01) and 11.02.01,
11.02.02 (in 11.02). One target group (LUT), one year. Need: districts 100, 100, 200, 200;
regencies 200, 400; province 600. Interventions (organisation index in brackets):

- A [0] at regency 11.01, reached 300: apportioned 150 / 150 to its districts (100 : 100);
- B [1] at district 11.02.01, reached 50;
- C [2] at province 11, reached 60: 20 / 40 to the regencies (200 : 400), then 10 / 10 and
  20 / 20 to the districts.

Districts reach 160, 160, 70 and 20: gaps 0, 0, 130, 180 and over-coverage 60, 60, 0, 0.
Regency 11.01 reaches 320 for 200 (gap 0, 120 over-covered); 11.02 reaches 90 for 400 (gap
310). The province reaches 410 for 600: its gap is 0 + 310 = 310 (not 600 - 410 = 190: the
surplus of 11.01 does not reach the people of 11.02), and 120 are over-covered.
"""

from __future__ import annotations

import numpy as np
import pytest

from sinergi.synergy.engines import aggregation, gaps
from sinergi.synergy.engines import coverage as cov

NAN = np.nan
TREE = cov.Tree(
    codes={
        1: np.array(["11"]),
        2: np.array(["11.01", "11.02"]),
        3: np.array(["11.01.01", "11.01.02", "11.02.01", "11.02.02"]),
    },
    parents={1: np.array([-1]), 2: np.array([0, 0]), 3: np.array([0, 0, 1, 1])},
)
NEED = {1: [600.0], 2: [200.0, 400.0], 3: [100.0, 100.0, 200.0, 200.0]}
INTERVENTIONS = [
    (1, 0, False, True, True, 0, 0, 300, 300),
    (2, 1, False, True, True, 0, 0, 50, 50),
    (3, 2, False, True, True, 0, 0, 60, 60),
]
LOCATIONS = [(0, 2, 0, 300, 300), (1, 3, 2, 50, 50), (2, 1, 0, 60, 60)]


def compute(
    need: dict[int, list[float]] = NEED, government: dict[int, list[float]] | None = None
) -> cov.Coverage:
    shaped = {lv: np.array(values, dtype=float).reshape(1, 1, -1) for lv, values in need.items()}
    gov = government or {lv: [0.0] * TREE.size(lv) for lv in cov.LEVELS}
    return cov.compute(
        cov.Inputs(
            tree=TREE,
            groups=("LUT",),
            years=(2026,),
            need=shaped,
            government={lv: np.array(v, dtype=float).reshape(1, 1, -1) for lv, v in gov.items()},
            activities=cov.activities(
                interventions=INTERVENTIONS,
                groups=[(0, 0), (1, 0), (2, 0)],
                locations=LOCATIONS,
            ),
            organisations=3,
        )
    )


def _rollup(result: cov.Coverage, level: int, *, combined: bool = False) -> aggregation.Rollup:
    return aggregation.level_rollup(result, level=level, year=0, combined=combined)


def test_the_province_gap_is_the_sum_of_unmet_need_below_not_need_minus_reached() -> None:
    result = compute()
    assert result.levels[3].reached[0, 0].tolist() == pytest.approx([160, 160, 70, 20])
    assert result.levels[1].reached[0, 0, 0] == pytest.approx(410)
    districts, regencies, province = (_rollup(result, lv) for lv in (3, 2, 1))
    assert districts.gap[0].tolist() == pytest.approx([0, 0, 130, 180])
    assert districts.over_covered[0].tolist() == pytest.approx([60, 60, 0, 0])
    assert regencies.gap[0].tolist() == pytest.approx([0, 310])
    assert regencies.over_covered[0].tolist() == pytest.approx([120, 0])
    assert province.gap[0, 0] == pytest.approx(310)  # need - reached would say 190
    assert province.over_covered[0, 0] == pytest.approx(120)
    assert province.unknown[0, 0] == 0
    # Coverage stays reached ÷ need at every level.
    level = result.levels[1]
    assert cov.ratio(level.reached, level.need)[0, 0, 0] == pytest.approx(410 / 600)


def test_regions_without_need_figures_add_nothing_and_are_counted() -> None:
    # 11.02.02, 11.02 and the province have no need figure: 11.02 sums what is known below it.
    # C's people all go to 11.01 (the only regency with need), 30 / 30 to its districts.
    result = compute({1: [NAN], 2: [200, NAN], 3: [100, 100, 200, NAN]})
    assert result.levels[3].reached[0, 0].tolist() == pytest.approx([180, 180, 50, 0])
    regencies, province = _rollup(result, 2), _rollup(result, 1)
    assert regencies.gap[0].tolist() == pytest.approx([0, 150])
    assert regencies.unknown[0].tolist() == [0, 1]
    assert province.gap[0, 0] == pytest.approx(150)
    assert province.over_covered[0, 0] == pytest.approx(160)
    assert province.unknown[0, 0] == 1
    assert np.isnan(_rollup(result, 3).gap[0, 3])


def test_a_regency_with_incomplete_districts_uses_its_own_need() -> None:
    # 11.02 knows its need (400) but 11.02.02 does not: the finest complete level there is the
    # regency itself. C's 40 for 11.02 all go to 11.02.01 (the district with need).
    result = compute({1: [600], 2: [200, 400], 3: [100, 100, 200, NAN]})
    assert result.levels[2].reached[0, 0].tolist() == pytest.approx([320, 90])
    regencies, province = _rollup(result, 2), _rollup(result, 1)
    assert regencies.gap[0].tolist() == pytest.approx([0, 310])
    assert regencies.unknown[0].tolist() == [0, 0]
    assert province.gap[0, 0] == pytest.approx(310)
    assert province.over_covered[0, 0] == pytest.approx(120)


def test_the_gap_is_counted_against_the_need_of_the_finest_level() -> None:
    # The province's own figure (500) disagrees with its regencies' (200 + 400): the gap is
    # summed below, so it is counted against 600; coverage still uses the province's 500.
    result = compute({1: [500], 2: [200, 400], 3: [100, 100, 200, 200]})
    province = _rollup(result, 1)
    assert province.need[0, 0] == pytest.approx(600)
    assert province.gap[0, 0] == pytest.approx(310)
    assert _rollup(result, 2).need[0].tolist() == pytest.approx([200, 400])
    unknown_below = compute({1: [NAN], 2: [200, NAN], 3: [100, 100, 200, NAN]})
    assert _rollup(unknown_below, 1).need[0, 0] == pytest.approx(400)  # 100 + 100 + 200


def test_nothing_known_anywhere_is_unknown_not_zero() -> None:
    result = compute({1: [NAN], 2: [NAN, NAN], 3: [NAN] * 4})
    province = _rollup(result, 1)
    assert np.isnan(province.gap[0, 0]) and np.isnan(province.over_covered[0, 0])
    assert np.isnan(province.need[0, 0])
    assert province.unknown[0, 0] == 4


def test_a_programme_known_per_regency_counts_in_the_districts_gaps() -> None:
    # PKH reaches 100 in 11.02 (none per district): shared 50 / 50 by need, so the combined
    # district gaps are 200 - 70 - 50 = 80 and 200 - 20 - 50 = 130.
    result = compute(government={1: [100], 2: [0, 100], 3: [0, 0, 0, 0]})
    regencies = _rollup(result, 2, combined=True)
    assert regencies.gap[0].tolist() == pytest.approx([0, 210])
    assert _rollup(result, 1, combined=True).gap[0, 0] == pytest.approx(210)
    assert _rollup(result, 1).gap[0, 0] == pytest.approx(310)  # partners only


def test_apportioned_organisations_are_present_and_flagged() -> None:
    result = compute()
    districts, regencies = result.levels[3], result.levels[2]
    assert districts.organisations[0, 0].tolist() == [0, 0, 1, 0]
    assert districts.present[0, 0].tolist() == [2, 2, 2, 1]
    assert regencies.organisations[0, 0].tolist() == [1, 1]
    assert regencies.present[0, 0].tolist() == [2, 2]
    assert result.levels[1].present[0, 0, 0] == result.levels[1].organisations[0, 0, 0] == 3
    cell = np.array([result.cell(3, 0, 0, 2)])
    assert result.organisations_at(3, cell) == [[1]]
    assert result.organisations_at(3, cell, apportioned=True) == [[1, 2]]


def test_overlaps_list_apportioned_presence_with_its_kind() -> None:
    result = compute()
    by_region = {c.region: c for c in gaps.overlaps(result, level=3, year=0)}
    assert set(by_region) == {0, 1, 2}  # 11.02.02 has C alone: no overlap
    assert by_region[2].kinds == ("apportioned",)
    assert by_region[0].kinds == ("over_covered", "apportioned")
    assert by_region[0].excess == pytest.approx(60)
    regencies = {c.region: c for c in gaps.overlaps(result, level=2, year=0)}
    assert regencies[0].kinds == ("over_covered", "apportioned")
    assert regencies[1].kinds == ("apportioned",)
    (province,) = gaps.overlaps(result, level=1, year=0)
    assert province.kinds == ("organisations", "over_covered")
    assert (province.gap, province.excess, province.partner_gap) == pytest.approx((310, 120, 310))


def test_an_over_covered_regency_makes_its_province_an_overlap_even_when_under_covered() -> None:
    # Only A: the province reaches 300 for 600 (50 %), yet 11.01 holds 100 more than its need.
    result = compute()
    cov.apply_change(result, 2, None)
    cov.apply_change(result, 3, None)
    (province,) = gaps.overlaps(result, level=1, year=0)
    assert province.need > province.combined
    assert province.kinds == ("over_covered",)
    assert province.excess == pytest.approx(100)
    assert province.gap == pytest.approx(400)  # 11.02's 400 people, none reached


def test_blank_spots_rank_by_the_summed_gap() -> None:
    result = compute()
    (spot,) = gaps.blank_spots(result, level=2, year=0, threshold=0.5)
    assert spot.region == 1 and spot.gap == pytest.approx(310)


def test_apportioned_presence_follows_incremental_changes() -> None:
    result = compute()
    cov.apply_change(result, 3, None)  # C gone: nobody is apportioned to 11.02 any more
    assert result.levels[3].present[0, 0].tolist() == [1, 1, 1, 0]
    assert result.levels[2].present[0, 0].tolist() == [1, 1]
    cell = np.array([result.cell(3, 0, 0, 2)])
    assert result.organisations_at(3, cell, apportioned=True) == [[1]]
