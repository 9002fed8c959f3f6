"""Reads of the atlas for pages and endpoints. Values come as *layers* (``layers.py``,
``need.py``): one figure per region of a level, memoised per data version."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db.models import QuerySet

from sinergi.atlas.cache import atlas_cache
from sinergi.atlas.imports.validate import IndicatorRule, Lookups, Registry
from sinergi.atlas.layers import (
    NEED_INDEX,
    PIN_PREFIX,
    IndicatorInfo,
    Layer,
    hierarchy,
    indicator_layer,
    indicators,
    periods_for,
    pin_layer,
    pin_periods,
)
from sinergi.atlas.models import ImportBatch, Indicator, Theme
from sinergi.atlas.need import need_index_as_layer, need_index_years
from sinergi.core.access import Principal
from sinergi.core.text import search_key
from sinergi.regions.models import Region


def indicator_list() -> list[IndicatorInfo]:
    """The published catalogue in its order (from the per-version memo: no query when warm)."""
    return sorted(indicators().values(), key=lambda info: info.sort_order)


def indicator_get(*, key: str) -> IndicatorInfo | None:
    return indicators().get(key)


# --- layers ----------------------------------------------------------------------------------


def layer_periods(*, key: str, level: int) -> list[str]:
    """Periods for which the layer has figures at ``level``, oldest first."""
    if key == NEED_INDEX:
        return need_index_years(level)
    if key.startswith(PIN_PREFIX):
        return pin_periods(key.removeprefix(PIN_PREFIX), level)
    info = indicators().get(key)
    return periods_for(info, level) if info is not None else []


def region_known(*, code: str) -> bool:
    """Is ``code`` a region of the registry (without a query when the memo is warm)?"""
    tree = hierarchy()
    level = code.count(".") + 1
    return level in tree.codes and bool(tree.positions(level, [code])[0] >= 0)


def layer_exists(*, key: str) -> bool:
    if key == NEED_INDEX:
        return True
    if key.startswith(PIN_PREFIX):
        info = indicators().get(key.removeprefix(PIN_PREFIX))
        return info is not None and info.pin_role == "count"
    return key in indicators()


def default_period(*, key: str, level: int) -> str | None:
    """The period a map opens on: the latest one with figures for at least half as many
    regions as the best-covered period (a newest year published for one province only
    should not open the national map). Demo figures count only where there is nothing
    else, so official figures come first."""

    def build() -> str | None:
        periods = layer_periods(key=key, level=level)
        real, demo = [], []
        for period in periods:
            layer = _layer(key, level, period)
            present = np.zeros(0, dtype=bool) if layer is None else ~np.isnan(layer.values)
            real.append(0 if layer is None else int((present & ~layer.demo).sum()))
            demo.append(0 if layer is None else int(present.sum()))
        counts = real if any(real) else demo
        if not periods or not max(counts):
            return None
        best = max(counts)
        return next(
            p for p, n in zip(reversed(periods), reversed(counts), strict=True) if n * 2 >= best
        )

    return atlas_cache.memo(("default-period", key, level), build)


def layer_get(*, key: str, level: int, period: str | None) -> Layer | None:
    """A map layer; ``period=None`` means ``default_period``."""
    if period is None:
        period = default_period(key=key, level=level)
        if period is None:
            return None
    return _layer(key, level, period)


def _layer(key: str, level: int, period: str) -> Layer | None:
    if period not in layer_periods(key=key, level=level):
        return None
    if key == NEED_INDEX:
        return need_index_as_layer(level, period)
    if key.startswith(PIN_PREFIX):
        return pin_layer(key.removeprefix(PIN_PREFIX), level, period)
    return indicator_layer(key, level, period)


@dataclass(frozen=True)
class LayerOption:
    key: str
    label: str
    unit: str
    direction: str
    decimals: int
    periods: dict[int, list[str]]  # level → periods


@dataclass(frozen=True)
class LayerGroup:
    theme: str
    label: str
    layers: list[LayerOption]


def map_layer_groups(*, language: str) -> list[LayerGroup]:
    """The map's indicator picker: every layer with figures somewhere, grouped by theme;
    people in need stands in for the raw PPKS counts it is built from."""
    return atlas_cache.memo(("map-layers", language), lambda: _layer_groups(language))


def _periods(key: str) -> dict[int, list[str]]:
    found = {level: layer_periods(key=key, level=level) for level in (1, 2, 3)}
    return {level: periods for level, periods in found.items() if periods}


def _layer_groups(language: str) -> list[LayerGroup]:
    labels = dict(Theme.choices)
    groups: dict[str, list[LayerOption]] = {}
    need_periods = _periods(NEED_INDEX)
    if need_periods:
        groups["need_index"] = [
            LayerOption(NEED_INDEX, "", "score", "higher_worse", 1, need_periods)
        ]
    for info in indicator_list():
        key = PIN_PREFIX + info.key if info.kind == "people_in_need" else info.key
        periods = _periods(key)
        if periods:
            groups.setdefault(info.theme, []).append(
                LayerOption(
                    key, info.name(language), info.unit, info.direction, info.decimals, periods
                )
            )
    return [
        LayerGroup(theme, str(labels.get(theme, "")), layers) for theme, layers in groups.items()
    ]


# --- imports ---------------------------------------------------------------------------------


def import_registry() -> Registry:
    """Region lookups for validating imports, built once per data version."""

    def build() -> Registry:
        levels: dict[str, int] = {}
        bps: dict[str, str] = {}
        children: dict[str, list[tuple[str, str]]] = {}
        rows = Region.objects.filter(retired_on__isnull=True).values_list(
            "code", "level", "bps_code", "parent_id", "search_name"
        )
        for code, level, bps_code, parent, name in rows.iterator(10_000):
            levels[code] = level
            if bps_code:
                bps.setdefault(bps_code, code)
            children.setdefault(parent or "", []).append((code, name))
        return Registry(levels=levels, bps=bps, children=children)

    return atlas_cache.memo_regions(("import-registry",), build)


def indicator_aliases() -> dict[str, str]:
    """Normalised keys and names (both languages) → catalogue key; ambiguous names dropped."""

    def build() -> dict[str, str]:
        found: dict[str, set[str]] = {}
        for info in indicators().values():
            texts = {info.key.lower(), info.name_id, info.name_en, info.short_id, info.short_en}
            for text in texts:
                for alias in {text.lower(), search_key(text)}:
                    if alias:
                        found.setdefault(alias, set()).add(info.key)
        return {alias: next(iter(keys)) for alias, keys in found.items() if len(keys) == 1}

    return atlas_cache.memo(("indicator-aliases",), build)


def import_lookups(*, principal: Principal | None) -> Lookups:
    """What validation needs. ``principal=None`` is the operator at the command line, who
    may import for any region; a coordinator only for regions in their subtree."""
    infos = indicators()
    rules = {
        key: IndicatorRule(
            key=infos[key].key,
            id=infos[key].id,
            min_value=rule_min,
            max_value=rule_max,
            whole_numbers=whole,
            levels=frozenset(infos[key].levels),
        )
        for key, (rule_min, rule_max, whole) in _ranges().items()
    }
    scope: tuple[str, ...] | None = None
    if principal is not None and not principal.is_national_admin:
        scope = principal.coordinated_regions()
    aliases = {alias: rules[key] for alias, key in indicator_aliases().items() if key in rules}
    return Lookups(registry=import_registry(), indicators=aliases, scope=scope)


def _ranges() -> dict[str, tuple[float | None, float | None, bool]]:
    return atlas_cache.memo(
        ("indicator-ranges",),
        lambda: {
            key: (low, high, whole)
            for key, low, high, whole in Indicator.objects.filter(published=True).values_list(
                "key", "min_value", "max_value", "whole_numbers"
            )
        },
    )


def import_batch_list(*, principal: Principal) -> QuerySet[ImportBatch]:
    """Batches a user may see: all for national admins, their own otherwise."""
    batches = ImportBatch.objects.select_related("created_by", "source").defer("errors", "preview")
    if principal.is_national_admin:
        return batches
    return batches.filter(created_by_id=principal.user_id)


def import_batch_get(*, batch_id: int) -> ImportBatch | None:
    return ImportBatch.objects.select_related("created_by", "source").filter(pk=batch_id).first()
