"""Kemendagri region codes: parsing and the rules their shape encodes. Pure functions.

Dotted form: ``32`` (province), ``32.73`` (regency/city), ``32.73.01`` (district),
``32.73.01.1001`` (village). The compact form drops the dots (``3273``) and is accepted on input.
The compact form is *not* a BPS code; BPS codes go through the crosswalk.
"""

from __future__ import annotations

import re
from enum import IntEnum


class Level(IntEnum):
    PROVINCE = 1
    REGENCY = 2
    DISTRICT = 3
    VILLAGE = 4

    @property
    def key(self) -> str:
        return self.name.lower()


LEVEL_BY_KEY = {level.key: level for level in Level}
_SEGMENT_WIDTHS = (2, 2, 2, 4)
_DOTTED = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_COMPACT = re.compile(r"^(\d{2}|\d{4}|\d{6}|\d{10})$")


class InvalidCodeError(ValueError):
    """The text is not a Kemendagri code in dotted or compact form."""


def normalise_code(text: str) -> str:
    """Return the dotted code for a dotted or compact code; raise InvalidCodeError otherwise."""
    value = text.strip()
    if _DOTTED.match(value):
        return value
    if _COMPACT.match(value):
        segments, start = [], 0
        for width in _SEGMENT_WIDTHS:
            if start >= len(value):
                break
            segments.append(value[start : start + width])
            start += width
        return ".".join(segments)
    raise InvalidCodeError(
        f"{text!r} is not a Kemendagri code: expected NN, NN.NN, NN.NN.NN or NN.NN.NN.NNNN "
        "(dots optional)"
    )


def level_of(code: str) -> Level:
    return Level(code.count(".") + 1)


def parent_of(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def ancestors_of(code: str) -> list[str]:
    """Codes from the province down to the parent, e.g. 32.73.01 → [32, 32.73]."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def compact(code: str) -> str:
    return code.replace(".", "")
