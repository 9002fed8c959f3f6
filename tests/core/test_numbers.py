"""Short money figures: Indonesian rb/jt/M/T (M is miliar), English K/M/B/T."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinergi.core.numbers import money_short


@pytest.mark.parametrize(
    ("value", "indonesian", "english"),
    [
        (0, "0", "0"),
        (999, "999", "999"),
        (999.4, "999", "999"),
        (999.5, "1 rb", "1K"),  # rounds up into the next scale, never "1000"
        (1_500, "1,5 rb", "1.5K"),
        (2_000_000, "2 jt", "2M"),  # the bug: "2M" read as two *miliar* in Indonesian
        (1_250_000, "1,3 jt", "1.3M"),  # half up
        (999_950, "1 jt", "1M"),
        (99_940_000, "99,9 jt", "99.9M"),
        (99_960_000, "100 jt", "100M"),  # no decimal from 100 up
        (125_400_000, "125 jt", "125M"),
        (2_500_000_000, "2,5 M", "2.5B"),
        (3 * 10**12, "3 T", "3T"),
        (-1_500_000, "-1,5 jt", "-1.5M"),
        (-0.4, "0", "0"),  # no "-0"
        (Decimal("1234567.89"), "1,2 jt", "1.2M"),
    ],
)
def test_thresholds_and_rounding(value: float, indonesian: str, english: str) -> None:
    assert money_short(value, "id") == indonesian
    assert money_short(value, "en") == english


def test_no_value_and_unknown_languages() -> None:
    assert money_short(None, "id") == ""
    assert money_short(2_000_000, None) == "2 jt"  # the site's default language
    assert money_short(2_000_000, "en-gb") == "2M"


_SUFFIX = {" rb": 10**3, " jt": 10**6, " M": 10**9, " T": 10**12, "": 1}


@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_the_short_figure_is_within_rounding_of_the_value(value: int) -> None:
    text = money_short(value, "id")
    match = re.fullmatch(r"(-?)(\d+(?:,\d)?)( rb| jt| M| T|)", text)
    assert match, text
    sign, digits, suffix = match.groups()
    scale = _SUFFIX[suffix]
    shown = Decimal(digits.replace(",", ".")) * scale * (-1 if sign else 1)
    # One decimal of the scale below 100 of it, a whole one from 100 up: half of that is the
    # most rounding may move the figure.
    step = scale * (Decimal("0.1") if abs(shown) < 100 * scale and suffix else 1)
    assert abs(shown - value) <= step / 2
    assert bool(sign) == (shown < 0)
    # English says the same number with its own mark and letters.
    english = money_short(value, "en")
    assert english.replace(".", ",").rstrip("KMBT") == text.removesuffix(suffix)
