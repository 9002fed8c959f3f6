"""What the map page embeds for its layer controls: the picker's groups and layers with their
periods per level, and the need index's current weights (shown beside the map)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sinergi.atlas.layers import NEED_INDEX
from sinergi.atlas.models import Unit
from sinergi.atlas.need import weights
from sinergi.atlas.selectors import map_layer_groups


def map_layers(*, language: str) -> dict[str, Any]:
    units = {key: str(label) for key, label in Unit.choices}
    groups = [
        {
            "theme": group.theme,
            "label": _("Need index") if group.theme == NEED_INDEX else group.label,
            "layers": [
                {
                    "key": layer.key,
                    "label": _("Need index (0-100, higher = more need)")
                    if layer.key == NEED_INDEX
                    else layer.label,
                    "unit": layer.unit,
                    "unitLabel": units.get(layer.unit, ""),
                    "direction": layer.direction,
                    "decimals": layer.decimals,
                    "periods": {str(level): periods for level, periods in layer.periods.items()},
                }
                for layer in group.layers
            ],
        }
        for group in map_layer_groups(language=language)
    ]
    current = weights()
    total = sum(weight for _info, weight in current) or 1.0
    need = [
        {"name": info.name(language), "direction": info.direction, "share": weight / total}
        for info, weight in current
    ]
    return {"groups": groups, "needIndexWeights": need}
