"""Short money figures for charts and tight tables, in the reader's own abbreviations.

Indonesian readers read "M" as *miliar* (10⁹), so the English/SI style "Rp 2M" for two million
tells them two billion. Each language therefore has its own scale words:

========  =========  ==========
value     Indonesian English
========  =========  ==========
10³       rb (ribu)  K
10⁶       jt (juta)  M
10⁹       M (miliar) B
10¹²      T (triliun) T
========  =========  ==========

The rule (one for Python and for the chart axes, see :func:`money_axis_expression`): pick the
largest scale the value reaches once rounded, show one decimal below 100 of that scale and
none from 100 up, drop a trailing ",0"/".0", and keep the sign. So 1 250 000 is "1,3 jt" /
"1.3M", 999 950 is "1 jt" (it would round to 1 000 rb), 125 000 000 is "125 jt", and values
under a thousand are shown whole. Pure functions: no Django.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple


class Scale(NamedTuple):
    factor: int
    suffix: str


# Largest first. Indonesian puts a space before its word abbreviations ("1,5 jt").
SCALES: dict[str, tuple[Scale, ...]] = {
    "id": (Scale(10**12, " T"), Scale(10**9, " M"), Scale(10**6, " jt"), Scale(10**3, " rb")),
    "en": (Scale(10**12, "T"), Scale(10**9, "B"), Scale(10**6, "M"), Scale(10**3, "K")),
}
DECIMAL_MARK = {"id": ",", "en": "."}
# Below this many units of a scale the figure keeps one decimal.
ONE_DECIMAL_BELOW = 100
# A value at or above this fraction of a scale rounds to at least "1" of it (999 950 → 1 jt).
PROMOTE_AT = Decimal("0.9995")


def _language(language: str | None) -> str:
    code = (language or "id")[:2]
    return code if code in SCALES else "id"


def _rounded(scaled: Decimal) -> Decimal:
    places = Decimal("0.1") if scaled < ONE_DECIMAL_BELOW - Decimal("0.05") else Decimal(1)
    return scaled.quantize(places, rounding=ROUND_HALF_UP)


def money_short(value: float | int | Decimal | None, language: str | None) -> str:
    """``value`` (rupiah) abbreviated for ``language`` ("id" or "en"); "" for no value."""
    if value is None:
        return ""
    code = _language(language)
    amount = Decimal(str(value))
    sign = "-" if amount < 0 else ""
    size = abs(amount)
    for scale in SCALES[code]:
        if size >= scale.factor * PROMOTE_AT:
            text = format(_rounded(size / scale.factor).normalize(), "f")
            return sign + text.replace(".", DECIMAL_MARK[code]) + scale.suffix
    whole = int(size.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return (sign if whole else "") + str(whole)


def money_axis_expression(language: str | None, field: str = "datum.value") -> str:
    """The same rule as :func:`money_short`, as a Vega expression for an axis ``labelExpr``
    (the chart's format locale supplies the decimal mark)."""
    code = _language(language)
    size = f"abs({field})"
    sign = f"({field} < 0 ? '-' : '')"
    expression = f"format({size}, '.0f')"
    for scale in reversed(SCALES[code]):
        scaled = f"{size} / {scale.factor}"
        limit = ONE_DECIMAL_BELOW - 0.05
        shown = f"({scaled} < {limit} ? format({scaled}, '.1~f') : format({scaled}, '.0f'))"
        threshold = float(scale.factor * PROMOTE_AT)
        expression = f"({size} >= {threshold} ? {shown} + '{scale.suffix}' : {expression})"
    return f"({field} == 0 ? '0' : {sign} + {expression})"
