"""The values endpoint's answer: one layer at one level and period as a compact
``{code: value}`` JSON document, serialised and gzipped once per data version.

Payloads are public views: counts of a sensitive target group from 1 up to the indicator's
threshold (10 by default) are withheld and listed as ``suppressed``. Zero is shown: it
identifies nobody.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import numpy as np

from sinergi.atlas.cache import atlas_cache
from sinergi.atlas.engines.people_in_need import Method
from sinergi.atlas.layers import NEED_INDEX, PIN_PREFIX, Layer, indicators
from sinergi.atlas.selectors import layer_get
from sinergi.regions.codes import Level


@dataclass(frozen=True)
class ServedValues:
    etag: str
    body: bytes
    gzip_body: bytes


def suppressed_mask(layer: Layer) -> np.ndarray:
    """Where a public view must withhold the figure (small counts of a sensitive group)."""
    if not layer.suppress_below:
        return np.zeros(len(layer.values), dtype=bool)
    with np.errstate(invalid="ignore"):
        return (layer.values > 0) & (layer.values < layer.suppress_below)


def number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(float(value), 4)


def layer_meta(key: str) -> dict[str, Any]:
    if key == NEED_INDEX:
        return {"unit": "score", "decimals": 1, "direction": "higher_worse"}
    info = indicators()[key.removeprefix(PIN_PREFIX)]
    return {"unit": info.unit, "decimals": info.decimals, "direction": info.direction}


def _document(layer: Layer, parent: str) -> dict[str, Any]:
    inside = np.ones(len(layer.codes), dtype=bool)
    if parent:
        inside = np.char.startswith(layer.codes.astype(str), parent + ".")
    hidden = suppressed_mask(layer)
    shown = inside & ~np.isnan(layer.values) & ~hidden
    codes = layer.codes

    def listed(mask: np.ndarray) -> list[str]:
        return [str(code) for code in codes[inside & mask]]

    modelled = (
        layer.methods == Method.MODELLED
        if layer.methods is not None
        else np.zeros(len(codes), dtype=bool)
    )
    return {
        "key": layer.key,
        "level": Level(layer.level).key,
        "period": layer.period,
        "parent": parent or None,
        **layer_meta(layer.key),
        "values": {
            str(code): number(value)
            for code, value in zip(codes[shown], layer.values[shown], strict=True)
        },
        "rolled_up": listed(layer.rolled_up & shown),
        "modelled": listed(modelled & shown),
        "suppressed": listed(hidden),
        "demo": listed(layer.demo & shown),
        "notes": {
            str(codes[position]): note
            for position, note in sorted(layer.notes.items())
            if inside[position] and shown[position]
        },
    }


def values_payload(*, key: str, level: int, period: str | None, parent: str) -> ServedValues | None:
    """The served bytes for a layer (None when there is no such layer or period)."""

    def build() -> ServedValues | None:
        layer = layer_get(key=key, level=level, period=period)
        if layer is None:
            return None
        body = json.dumps(_document(layer, parent), separators=(",", ":")).encode()
        etag = hashlib.blake2b(body, digest_size=12).hexdigest()
        return ServedValues(etag, body, gzip.compress(body, compresslevel=6, mtime=0))

    return atlas_cache.memo(("payload", key, level, period or "", parent), build)
