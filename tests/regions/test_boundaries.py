"""Boundary simplification and GeoJSON assembly on hand-made shapes (no database)."""

import gzip
import json

import shapely
from shapely.geometry import Polygon, box, mapping, shape

from sinergi.regions.boundaries import FeatureSource, build_bundle, prepare_level
from sinergi.regions.codes import Level


def zigzag(x: float, n: int = 200) -> list[tuple[float, float]]:
    """A south-to-north edge at longitude x with 0.001° zig-zags (far below the tolerance)."""
    return [(x + (0.001 if i % 2 else 0.0), i / n) for i in range(n + 1)]


def feature(code: str, geometry: object) -> dict[str, object]:
    return {
        "properties": {"code": code, "label_lat": 0.5, "label_lng": 0.5},
        "geometry": mapping(geometry),
    }


def test_neighbours_keep_a_shared_edge_after_simplification() -> None:
    left = Polygon([(0, 0), *zigzag(1), (0, 1)])
    right = Polygon([*reversed(zigzag(1)), (2, 0), (2, 1)][::-1])
    assert left.is_valid and right.is_valid
    before = shapely.get_num_coordinates(left) + shapely.get_num_coordinates(right)
    prepared = prepare_level([feature("91", left), feature("92", right)], Level.REGENCY)
    shapes = [shape(json.loads(p.geometry_json)) for p in prepared]
    after = sum(shapely.get_num_coordinates(s) for s in shapes)
    assert after < before / 10, "zig-zags below the tolerance are simplified away"
    assert all(s.is_valid and not s.is_empty for s in shapes)
    assert shapes[0].intersection(shapes[1]).area < 1e-9, "no overlap appears"
    assert shapes[0].intersection(shapes[1]).length > 0.99, "the shared edge stays shared"


def test_small_islands_are_dropped_but_never_a_regions_only_part() -> None:
    with_island = shapely.multipolygons([box(0, 0, 1, 1), box(3, 3, 3.001, 3.001)])
    tiny_only = box(10, 10, 10.001, 10.001)
    prepared = prepare_level([feature("91", with_island), feature("99", tiny_only)], Level.REGENCY)
    first, second = (shape(json.loads(p.geometry_json)) for p in prepared)
    assert first.geom_type == "Polygon"  # the 0.001° island went
    assert not second.is_empty  # a region made only of a tiny island keeps it


def test_bundle_is_a_feature_collection_keyed_by_code_with_density() -> None:
    source = FeatureSource(
        code="32.73",
        name="Kota Bandung",
        level=2,
        parent_code="32",
        population=2_000,
        area_km2=100.0,
        geometry_json=json.dumps(mapping(box(0, 0, 1, 1))),
        label_lat=0.5,
        label_lng=0.5,
    )
    bundle = build_bundle([source])
    document = json.loads(bundle.body)
    assert document["type"] == "FeatureCollection"
    feature = document["features"][0]
    assert feature["id"] == "32.73"
    assert feature["properties"]["density"] == 20.0
    assert feature["properties"]["level"] == "regency"
    assert gzip.decompress(bundle.gzip_body) == bundle.body
    assert build_bundle([source]).etag == bundle.etag
