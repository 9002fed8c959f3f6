"""Counting beneficiaries over locations at several levels without double counting.

Pure functions over region codes (dotted Kemendagri codes, so ``32.73`` lies inside ``32``);
no Django. The rule (docs/methods/interventions-counting.md): when an intervention lists a
region and also regions inside it, the inner figures are a *breakdown* of the outer one and
never add to it. So an intervention's total is the sum over its outermost locations, and its
figure for a region R is the sum over its outermost locations inside R. A location that only
*contains* R (a province-wide entry, seen from one of its regencies) says nothing about how
many people in R, so it contributes nothing to R's figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


def outermost(codes: Iterable[str]) -> list[str]:
    """The codes that lie inside no other code of the set, sorted."""
    kept: list[str] = []
    # Sorted, a code's descendants follow it in one run ("32" < "32.01" < "32.01.01" <
    # "32.02": "." sorts before every digit), so only the last code kept can contain it.
    for code in sorted(set(codes)):
        if not kept or not within(code, kept[-1]):
            kept.append(code)
    return kept


def total(figures: Mapping[str, int]) -> int:
    """An intervention's total over its locations, counting each person once."""
    return sum(figures[code] for code in outermost(figures))


def total_within(figures: Mapping[str, int], region: str) -> int:
    """An intervention's figure for ``region``: its outermost locations inside it."""
    return total({code: value for code, value in figures.items() if within(code, region)})


def nesting_excess(figures: Mapping[str, int]) -> dict[str, int]:
    """Locations whose breakdown adds up to more than their own figure: code → breakdown sum.
    A breakdown may be partial (less), never more."""
    excess = {}
    for code, value in figures.items():
        inner = {c: v for c, v in figures.items() if c != code and within(c, code)}
        if inner and total(inner) > value:
            excess[code] = total(inner)
    return excess


def split(amount: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Share ``amount`` over the codes in proportion to ``weights`` (largest remainder, so the
    shares add up exactly); equal shares when no weight is known."""
    codes = sorted(weights)
    if not codes:
        return {}
    known = {code: max(weights[code], 0) for code in codes}
    whole = sum(known.values())
    if whole == 0:
        known = dict.fromkeys(codes, 1)
        whole = len(codes)
    shares = {code: amount * known[code] // whole for code in codes}
    remainders = sorted(codes, key=lambda c: (-(amount * known[c] % whole), c))
    for code in remainders[: amount - sum(shares.values())]:
        shares[code] += 1
    return shares


def apportion(amount: int, declared: Mapping[str, tuple[int, int]]) -> dict[str, int]:
    """Where an approved total of ``amount`` people was reached, by location.

    ``declared`` maps each location to its declared (reached, targeted) figures. Progress
    reports give one figure per period for the whole intervention, so the approved total is
    shared over the outermost locations in proportion to the declared reach (the declared
    targets when no location declares a reach; equal shares when neither is known), with the
    largest-remainder rule so that the shares add up to ``amount`` exactly. A location inside
    another (a breakdown) gets the part of its outer location's share that its declared figure
    is of the outer one's, rounded down: a breakdown never adds people.
    """
    if not declared:
        return {}
    outer = outermost(declared)
    basis = 0 if any(declared[code][0] for code in outer) else 1
    shares = split(amount, {code: declared[code][basis] for code in outer})
    result = dict(shares)
    for code, figures in declared.items():
        if code in shares:
            continue
        owner = next(o for o in outer if within(code, o))
        whole = declared[owner][basis]
        result[code] = shares[owner] * min(figures[basis], whole) // whole if whole else 0
    return result
