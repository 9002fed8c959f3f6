"""Read the shipped reference files into plain rows. No database access here.

The loader service (``services.reference_load``) lands these rows; keeping the reading apart
lets the benchmark compare landing against a bare ``executemany`` of exactly the same rows.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sinergi.regions.codes import InvalidCodeError, Level, level_of, normalise_code, parent_of
from sinergi.regions.text import search_key

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REGION_FILES = ("provinces", "regencies", "districts", "villages")
CROSSWALK_FILES = ("crosswalk_bps_kemendagri_regency", "crosswalk_bps_kemendagri_district")
BOUNDARY_FILES = ("provinces", "regencies", "districts")
REGIONS_DATASET = "regions"
BOUNDARIES_DATASET = "boundaries"
BUNDLES_DATASET = "boundary-bundles"  # its checksum versions the served bundles
_VILLAGE_TYPES = {"desa": "desa", "kelurahan": "kelurahan", "desa_adat": "desa_adat"}


@dataclass(frozen=True, slots=True)
class RegionRow:
    """One region as stored; field order matches ``REGION_COLUMNS``."""

    code: str
    name: str
    search_name: str
    level: int
    parent_id: str | None
    type: str
    population: int | None
    population_male: int | None
    population_female: int | None
    area_km2: float | None
    centroid_lat: float | None
    centroid_lng: float | None
    bps_code: str


REGION_COLUMNS = tuple(RegionRow.__dataclass_fields__)


def open_text(path: Path) -> io.TextIOWrapper:
    return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    with open_text(path) as handle:
        yield from csv.DictReader(handle)


def checksum(paths: list[Path]) -> str:
    """SHA-256 over the files' bytes: the data version of what they hold."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def region_files(data_dir: Path = DATA_DIR) -> list[Path]:
    names = [*REGION_FILES, *CROSSWALK_FILES]
    return [data_dir / "regions" / f"{name}.csv.gz" for name in names]


def boundary_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return [data_dir / "boundaries" / f"{name}.geojson.gz" for name in BOUNDARY_FILES]


def _int(text: str) -> int | None:
    return int(text) if text else None


def _float(text: str) -> float | None:
    return float(text) if text else None


def bps_codes(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """Kemendagri code → 2020 BPS code, for regencies, districts and unambiguous provinces.

    A province gets a BPS code only when its regencies' BPS codes share one two-digit prefix
    that no other province's regencies use; after the 2022 Papua split they do not, so the six
    Papua provinces have none (see SOURCES.md).
    """
    mapping: dict[str, str] = {}
    prefixes_by_province: dict[str, set[str]] = defaultdict(set)
    for name in CROSSWALK_FILES:
        for row in _read_csv(data_dir / "regions" / f"{name}.csv.gz"):
            bps = row["bps_code_2020"].strip()
            if not bps:
                continue
            mapping[row["code"]] = bps
            if name.endswith("regency"):
                prefixes_by_province[row["code"][:2]].add(bps[:2])
    claims: dict[str, list[str]] = defaultdict(list)
    for province, prefixes in prefixes_by_province.items():
        if len(prefixes) == 1:
            claims[next(iter(prefixes))].append(province)
    for prefix, provinces in claims.items():
        if len(provinces) == 1:
            mapping[provinces[0]] = prefix
    return mapping


def _region_type(level: Level, row: dict[str, str]) -> str:
    if level is Level.PROVINCE:
        return "provinsi"
    if level is Level.DISTRICT:
        return "kecamatan"
    if level is Level.VILLAGE:
        return _VILLAGE_TYPES[row["type"]]
    return row["type"]


class ReferenceDataError(ValueError):
    """The shipped files contradict themselves; nothing was loaded."""

    def __init__(self, problems: list[str]) -> None:
        shown = "\n".join(problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the reference data:\n{shown}{more}")
        self.problems = problems


def validate_regions(rows: list[RegionRow]) -> None:
    """Every code is well-formed and unique, and every parent is a region of the level above."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    for row in rows:
        try:
            code = normalise_code(row.code)
        except InvalidCodeError as error:
            problems.append(f"{row.code!r}: {error}")
            continue
        if code != row.code or level_of(code).value != row.level:
            problems.append(f"{row.code}: not a dotted {Level(row.level).key} code")
        if code in seen:
            problems.append(f"{code}: listed twice")
        if row.parent_id != parent_of(code):
            problems.append(f"{code}: parent {row.parent_id} contradicts the code")
        elif row.parent_id is not None and seen.get(row.parent_id) != row.level - 1:
            problems.append(f"{code}: parent {row.parent_id} is not a known region above it")
        if not row.name.strip():
            problems.append(f"{code}: empty name")
        seen[code] = row.level
    if problems:
        raise ReferenceDataError(problems)


def read_regions(data_dir: Path = DATA_DIR) -> list[RegionRow]:
    """All regions, parents before children (provinces first, villages last)."""
    bps = bps_codes(data_dir)
    rows: list[RegionRow] = []
    for level, name in zip(Level, REGION_FILES, strict=True):
        for row in _read_csv(data_dir / "regions" / f"{name}.csv.gz"):
            code = row["code"]
            rows.append(
                RegionRow(
                    code=code,
                    name=row["name"],
                    search_name=search_key(row["name"]),
                    level=level.value,
                    parent_id=row["parent_code"] or None,
                    type=_region_type(level, row),
                    population=_int(row.get("population_2024", "")),
                    population_male=_int(row.get("population_male_2024", "")),
                    population_female=_int(row.get("population_female_2024", "")),
                    area_km2=_float(row.get("area_km2", "")),
                    centroid_lat=_float(row["centroid_lat"]),
                    centroid_lng=_float(row["centroid_lng"]),
                    bps_code=bps.get(code, ""),
                )
            )
    return rows
