"""A small hand-computed scenario for the coverage engine (no database).

Regions: provinces 11 and 12; regencies 11.01, 11.02 (in 11) and 12.01; districts
11.01.01, 11.01.02 (in 11.01), 11.02.01 and 12.01.01. Groups LUT (elderly) and FM (poor);
years 2025 and 2026. LUT need, both years: districts 300, 100, 400 and unknown; regencies
400, 400, unknown; provinces 800, unknown. FM need unknown everywhere.

Interventions (organisation index in brackets):
- A [0] LUT 2025-2026, per location: 11.01 reached 200 (targeted 300) with a breakdown
  11.01.01 reached 50 (targeted 60); the other 150 reached are apportioned to 11.01.01 and
  11.01.02 as 300 : 100.
- B [1] LUT 2026, one total of 600 split over 11.01.02 and 11.02.01 by need 100 : 400.
- C [2] LUT + FM 2025 at province 11, reached 80: FM need unknown so LUT takes all 80,
  apportioned 40 / 40 to the regencies, then 30 / 10 and 40 to the districts.
- D [3] FM 2026 at 12.01.01, reached 10.
- E [1] LUT 2026 at province 12, reached 30: children's need unknown, so shared equally
  (12.01 is the only child: it gets all 30, and 12.01.01 too).
- F [2] LUT 2026 at 11.02.01, unit "groups": not counted against need, but present.
Government: PKH reaches 4 FM at 12.01.01 (and so 12.01 and 12) in 2026.
"""

from __future__ import annotations

import numpy as np

from sinergi.synergy.engines import coverage as cov

NAN = np.nan
TREE = cov.Tree(
    codes={
        1: np.array(["11", "12"]),
        2: np.array(["11.01", "11.02", "12.01"]),
        3: np.array(["11.01.01", "11.01.02", "11.02.01", "12.01.01"]),
    },
    parents={
        1: np.array([-1, -1]),
        2: np.array([0, 0, 1]),
        3: np.array([0, 0, 1, 2]),
    },
)
GROUPS = ("LUT", "FM")
YEARS = (2025, 2026)
LUT, FM = 0, 1
Y25, Y26 = 0, 1


def _need() -> dict[int, np.ndarray]:
    lut = {1: [800, NAN], 2: [400, 400, NAN], 3: [300, 100, 400, NAN]}
    out = {}
    for level, values in lut.items():
        arr = np.full((2, 2, len(values)), NAN)
        arr[LUT, :, :] = values
        out[level] = arr
    return out


def _government() -> dict[int, np.ndarray]:
    out = {level: np.zeros((2, 2, TREE.size(level))) for level in (1, 2, 3)}
    out[3][FM, Y26, 3] = 4
    out[2][FM, Y26, 2] = 4
    out[1][FM, Y26, 1] = 4
    return out


INTERVENTIONS = [
    # id, org, split, countable, public, first, last, total reached, total targeted
    (101, 0, False, True, True, 0, 1, 200, 300),
    (102, 1, True, True, True, 1, 1, 600, 600),
    (103, 2, False, True, False, 0, 0, 80, 80),
    (104, 3, False, True, True, 1, 1, 10, 10),
    (105, 1, False, True, True, 1, 1, 30, 30),
    (106, 2, False, False, True, 1, 1, 5, 5),
]
GROUP_ROWS = [(0, LUT), (1, LUT), (2, LUT), (2, FM), (3, FM), (4, LUT), (5, LUT)]
LOCATIONS = [
    # intervention row, level, position, reached, targeted
    (0, 2, 0, 200, 300),
    (0, 3, 0, 50, 60),
    (1, 3, 1, 0, 0),
    (1, 3, 2, 0, 0),
    (2, 1, 0, 80, 80),
    (3, 3, 3, 10, 10),
    (4, 1, 1, 30, 30),
    (5, 3, 2, 5, 5),
]


def inputs(
    interventions: list[tuple[int, int, bool, bool, bool, int, int, float, float]] | None = None,
) -> cov.Inputs:
    return cov.Inputs(
        tree=TREE,
        groups=GROUPS,
        years=YEARS,
        need=_need(),
        government=_government(),
        activities=cov.activities(
            interventions=interventions or INTERVENTIONS, groups=GROUP_ROWS, locations=LOCATIONS
        ),
        organisations=4,
    )
