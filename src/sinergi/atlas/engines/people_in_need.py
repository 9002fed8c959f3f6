"""People in need (PiN) per region for one target group. Pure functions, no Django.

Figures are taken in this order, and each region's figure says which method produced it:

1. ``COUNTED``: a count of the target group (imported, or rolled up from counts below);
2. ``OFFICIAL``: an official count of the same people (for *fakir miskin*: BPS's number of
   poor people);
3. ``MODELLED``: a rate times the population (for *fakir miskin*: P0 % x population / 100),
   rounded to whole people. Always labelled as an estimate, with its inputs.

Demo counts (``demo_counted``) come last of all: generated figures never displace an official
or modelled one; where they are used the method is ``COUNTED`` and callers mark them as demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np


class Method(IntEnum):
    NONE = 0
    COUNTED = 1
    OFFICIAL = 2
    MODELLED = 3


@dataclass(frozen=True)
class PinInputs:
    counted: np.ndarray | None = None
    official: np.ndarray | None = None
    rate_percent: np.ndarray | None = None
    population: np.ndarray | None = None
    demo_counted: np.ndarray | None = None


@dataclass(frozen=True)
class PinResult:
    values: np.ndarray  # NaN where no method applies
    methods: np.ndarray  # Method per region (uint8)


def people_in_need(inputs: PinInputs, *, size: int) -> PinResult:
    values = np.full(size, np.nan)
    methods = np.full(size, Method.NONE, dtype=np.uint8)

    def fill(candidate: np.ndarray | None, method: Method) -> None:
        if candidate is None:
            return
        take = np.isnan(values) & ~np.isnan(candidate)
        values[take] = candidate[take]
        methods[take] = method

    fill(inputs.counted, Method.COUNTED)
    fill(inputs.official, Method.OFFICIAL)
    if inputs.rate_percent is not None and inputs.population is not None:
        fill(np.round(inputs.rate_percent / 100.0 * inputs.population), Method.MODELLED)
    fill(inputs.demo_counted, Method.COUNTED)
    return PinResult(values=values, methods=methods)
