"""Boundary preparation and GeoJSON assembly. Pure functions over shapely; no database.

Per level, polygon parts below a minimum area are dropped (a region always keeps its largest
part), then the whole level is simplified as one coverage so neighbours keep a shared edge,
and snapped to a grid. The thresholds suit the zoom at which each level is shown: provinces
and regencies nationwide, districts within one province or regency.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping, shape

from sinergi.regions.codes import Level
from sinergi.regions.reference import open_text


@dataclass(frozen=True)
class LevelSimplification:
    tolerance_deg: float  # coverage_simplify tolerance, in degrees (0.01° ≈ 1.1 km)
    min_part_area_deg2: float  # smaller island parts are dropped
    decimals: int  # coordinate rounding


SIMPLIFICATION = {
    Level.PROVINCE: LevelSimplification(0.02, 2e-4, 3),
    Level.REGENCY: LevelSimplification(0.02, 2e-4, 3),
    Level.DISTRICT: LevelSimplification(0.002, 2e-6, 4),
}


@dataclass(frozen=True, slots=True)
class PreparedBoundary:
    code: str
    geometry_json: str
    label_lat: float | None
    label_lng: float | None


def _drop_small_parts(geometry: Any, min_area: float) -> Any:
    parts = shapely.get_parts(geometry)
    if len(parts) <= 1:
        return geometry
    areas = shapely.area(parts)
    keep = [part for part, area in zip(parts, areas, strict=True) if area >= min_area]
    if not keep:
        keep = [parts[int(np.argmax(areas))]]
    return keep[0] if len(keep) == 1 else shapely.multipolygons(keep)


def _polygonal(geometry: Any) -> Any:
    """Keep only polygons: simplification and snapping can leave lines or points behind."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = [p for p in shapely.get_parts(geometry) if p.geom_type == "Polygon"]
    return shapely.multipolygons(polygons) if polygons else shapely.Polygon()


def prepare_level(features: Sequence[dict[str, Any]], level: Level) -> list[PreparedBoundary]:
    """Simplify one level's features; every output geometry is valid and non-empty."""
    rule = SIMPLIFICATION[level]
    originals = [shape(feature["geometry"]) for feature in features]
    trimmed = [_drop_small_parts(g, rule.min_part_area_deg2) for g in originals]
    simplified = shapely.coverage_simplify(np.array(trimmed, dtype=object), rule.tolerance_deg)
    snapped = shapely.set_precision(simplified, 10.0**-rule.decimals)
    prepared = []
    for feature, original, geometry in zip(features, originals, snapped, strict=True):
        result = _polygonal(geometry)
        if result.is_empty or not result.is_valid:
            result = shapely.make_valid(original)  # tiny units can vanish: keep the original
        rounded = shapely.transform(result, lambda xy: np.round(xy, rule.decimals))
        props = feature["properties"]
        prepared.append(
            PreparedBoundary(
                code=str(props["code"]),
                geometry_json=json.dumps(mapping(rounded), separators=(",", ":")),
                label_lat=props.get("label_lat"),
                label_lng=props.get("label_lng"),
            )
        )
    return prepared


def read_level(path: Path) -> list[dict[str, Any]]:
    with open_text(path) as handle:
        features: list[dict[str, Any]] = json.load(handle)["features"]
    return features


def prepare_all(paths: Iterable[tuple[Level, Path]]) -> list[PreparedBoundary]:
    prepared: list[PreparedBoundary] = []
    for level, path in paths:
        prepared.extend(prepare_level(read_level(path), level))
    return prepared


@dataclass(frozen=True)
class FeatureSource:
    """What a served feature needs: the stored geometry text and the region's facts."""

    code: str
    name: str
    level: int
    parent_code: str | None
    population: int | None
    area_km2: float | None
    geometry_json: str
    label_lat: float | None
    label_lng: float | None


@dataclass(frozen=True)
class Bundle:
    body: bytes
    gzip_body: bytes
    etag: str
    feature_count: int


def build_bundle(sources: Sequence[FeatureSource]) -> Bundle:
    """One FeatureCollection whose feature ids are region codes, serialised and gzipped once."""
    chunks = []
    for source in sources:
        density = (
            round(source.population / source.area_km2, 1)
            if source.population is not None and source.area_km2
            else None
        )
        properties = {
            "code": source.code,
            "name": source.name,
            "level": Level(source.level).key,
            "parent_code": source.parent_code,
            "population": source.population,
            "area_km2": source.area_km2,
            "density": density,
            "label": [source.label_lat, source.label_lng],
        }
        code = json.dumps(source.code)
        props = json.dumps(properties, separators=(",", ":"))
        chunks.append(
            f'{{"type":"Feature","id":{code},"properties":{props},'
            f'"geometry":{source.geometry_json}}}'
        )
    features = ",".join(chunks)
    body = f'{{"type":"FeatureCollection","features":[{features}]}}'.encode()
    return Bundle(
        body=body,
        gzip_body=gzip.compress(body, compresslevel=6, mtime=0),
        etag=hashlib.sha256(body).hexdigest()[:32],
        feature_count=len(sources),
    )
