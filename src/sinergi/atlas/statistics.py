"""Read the shipped official statistics (``sinergi/data/stats/*.csv.gz``) into plain rows.
No database access here; ``services.statistics_load`` lands them.

Provenance, licences and caveats of every file are in ``sinergi/data/SOURCES.md``. What this
module decides, file by file, is which column feeds which catalogue indicator and period:

* periods are ``YYYY`` for annual figures and ``YYYY-MM`` for a survey month (BPS poverty
  in March and September, Sakernas unemployment in February and August);
* the number of poor is published in thousands and stored in people;
* national rows are left out (the registry has no national region), and so are the
  urban/rural Gini splits (only the total is an indicator);
* rows for 91/92 that describe the territory before the 2022 Papua split keep their note and
  are flagged ``boundary_break``: they must never be drawn as one line with later figures.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "stats"
DATASET = "statistics"


@dataclass(frozen=True)
class SourceSpec:
    key: str
    name: str
    publication: str = ""
    licence: str = ""
    caveats: str = ""


@dataclass(frozen=True, slots=True)
class StatRow:
    indicator: str
    level: int
    period: str
    code: str
    value: float
    source: str  # SourceSpec.key, or a publication-specific key made by the reader
    note: str = ""
    boundary_break: bool = False


_NO_LICENCE = "no licence stated in the mirror; the figures are BPS statistics"
SOURCES: dict[str, SourceSpec] = {
    spec.key: spec
    for spec in (
        SourceSpec(
            "bps_poverty_province",
            "BPS: Jumlah dan Persentase Penduduk Miskin Menurut Provinsi",
            "BPS, 2015-2025 (via akbaralqahri/Kemiskinan-Indonesia)",
            _NO_LICENCE,
            "Poverty line missing for 2015 and some September rows; two broken national cells "
            "blanked; rows for 91/92 before 2022 describe pre-split territory.",
        ),
        SourceSpec(
            "bps_gini_province",
            "BPS: Gini Ratio Menurut Provinsi dan Daerah",
            "BPS, 2005-2024 (via yusufimantaka/gamadata-2)",
            _NO_LICENCE,
            "2006 missing; new Papua provinces from 2024 only; no regency figures exist.",
        ),
        SourceSpec(
            "bps_unemployment_province",
            "BPS: Tingkat Pengangguran Terbuka Menurut Provinsi",
            "BPS, 2010-2025 (via yusufimantaka/gamadata-2)",
            _NO_LICENCE,
            "2025 has February only.",
        ),
        SourceSpec(
            "bps_poverty_line_regency",
            "BPS: Garis Kemiskinan Menurut Kabupaten/Kota",
            "BPS, 2022-2024 (via yusufimantaka/gamadata-2)",
            _NO_LICENCE,
            "Regency names matched to Kemendagri codes by name within the province.",
        ),
        SourceSpec(
            "bps_regency_2021",
            "BPS: indikator sosial ekonomi kabupaten/kota 2021",
            "Kaggle 'Klasifikasi Tingkat Kemiskinan di Indonesia' (via "
            "zoarpanjaitanunnes/SINERGI-sistem-analitik-kesejahteraan-sosial-)",
            "no licence stated; the figures are BPS statistics",
            "The file has no year: 2021 was inferred by spot checks against BPS 2021 figures. "
            "Mean years of schooling is for ages 15+.",
        ),
        SourceSpec(
            "jabar_poverty_regency",
            "Open Data Jabar: Jumlah dan Persentase Penduduk Miskin Kabupaten/Kota",
            "bps-od_16425, bps-od_17058 (via YaserAp/pkh-dashboard)",
            "Open Data Jabar terms; the figures are BPS statistics",
        ),
        SourceSpec(
            "jabar_pkh_regency",
            "Open Data Jabar: Jumlah Penerima Bantuan Program Keluarga Harapan (PKH)",
            "dinsos-od_20731 (via YaserAp/pkh-dashboard)",
            "Open Data Jabar terms",
            "Contains clear data-entry errors, kept as published; 33 rows flagged as "
            "suspect outliers.",
        ),
        SourceSpec(
            "dukcapil_population",
            "Dukcapil Kemendagri: Data Kependudukan Semester II",
            "Desember 2024 (via cahyadsn/wilayah)",
            "MIT (cahyadsn/wilayah)",
            "Published for provinces and regencies/cities only.",
        ),
    )
}
# Statistik Indonesia tables get one source per publication, table and page.
YEARBOOK = "BPS: Statistik Indonesia"

FILES = (
    "poverty_province_2015_2025",
    "gini_ratio_province_2005_2024",
    "unemployment_rate_province_2010_2025",
    "province_indicators_2015_2025",
    "poverty_line_regency_2022_2024",
    "regency_socioeconomic_2021",
    "jabar_poverty_regency_2002_2024",
    "jabar_pkh_beneficiary_families_regency_2017_2024",
)
_MONTHS = {"february": "02", "march": "03", "august": "08", "september": "09", "annual": ""}


def files(data_dir: Path = DATA_DIR) -> list[Path]:
    return [data_dir / f"{name}.csv.gz" for name in FILES]


def checksum(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _period(year: str, survey: str) -> str:
    month = _MONTHS[survey]
    return f"{year}-{month}" if month else year


def _province_rows(row: dict[str, str]) -> bool:
    return row.get("level", "province") == "province" and bool(row["province_code"])


def _poverty_province(path: Path) -> Iterator[StatRow]:
    for row in filter(_province_rows, _rows(path)):
        period = _period(row["year"], row["period"])
        note, broken = row["boundary_note"], bool(row["boundary_note"])
        code = row["province_code"]
        fields = (
            ("poverty_rate", row["poverty_rate_pct"], 1.0),
            ("poor_population", row["poor_population_thousand"], 1000.0),
            ("poverty_line", row["poverty_line_idr_per_capita_month"], 1.0),
        )
        for indicator, text, scale in fields:
            if text:
                value = round(float(text) * scale) if scale != 1.0 else float(text)
                yield StatRow(
                    indicator, 1, period, code, value, "bps_poverty_province", note, broken
                )


def _gini_province(path: Path) -> Iterator[StatRow]:
    for row in filter(_province_rows, _rows(path)):
        if row["area"] == "total" and row["gini_ratio"]:
            yield StatRow(
                "gini",
                1,
                _period(row["year"], row["period"]),
                row["province_code"],
                float(row["gini_ratio"]),
                "bps_gini_province",
                row["boundary_note"],
                bool(row["boundary_note"]),
            )


def _unemployment_province(path: Path) -> Iterator[StatRow]:
    for row in filter(_province_rows, _rows(path)):
        if row["open_unemployment_rate_pct"]:
            yield StatRow(
                "open_unemployment",
                1,
                _period(row["year"], row["period"]),
                row["province_code"],
                float(row["open_unemployment_rate_pct"]),
                "bps_unemployment_province",
                row["boundary_note"],
                bool(row["boundary_note"]),
            )


# Statistik Indonesia indicators: (catalogue key, survey month or "" for annual).
_YEARBOOK_INDICATORS = {
    "hdi": ("hdi", ""),
    "tpak_aug_pct": ("labour_force_participation", "08"),
    "sanitation_access_pct": ("sanitation_access", ""),
    "drinking_water_access_pct": ("drinking_water_access", ""),
    "total_exp_pc_month_rp": ("monthly_expenditure", "03"),
}


def yearbook_source_key(row: dict[str, str]) -> str:
    """One source per yearbook table and page, so each value can be checked in print."""
    return "|".join(
        (YEARBOOK, row["source_publication"], row["source_table"], row["source_pdf_page"])
    )


def _province_indicators(path: Path) -> Iterator[StatRow]:
    for row in _rows(path):
        wanted = _YEARBOOK_INDICATORS.get(row["indicator"])
        if wanted is None or not row["value"]:
            continue
        key, month = wanted
        notes = "; ".join(n for n in (row["note"], row["boundary_note"]) if n)
        yield StatRow(
            key,
            1,
            f"{row['year']}-{month}" if month else row["year"],
            row["province_code"],
            float(row["value"]),
            yearbook_source_key(row),
            notes,
            bool(row["boundary_note"]),
        )


def _poverty_line_regency(path: Path) -> Iterator[StatRow]:
    for row in _rows(path):
        if row["poverty_line_idr_per_capita_month"]:
            yield StatRow(
                "poverty_line",
                2,
                row["year"],
                row["code"],
                float(row["poverty_line_idr_per_capita_month"]),
                "bps_poverty_line_regency",
            )


_REGENCY_2021 = {
    "poverty_rate_pct": "poverty_rate",
    "mean_years_schooling_15plus": "mean_years_schooling",
    "adjusted_per_capita_expenditure_thousand_idr_per_year": "per_capita_expenditure",
    "hdi": "hdi",
    "life_expectancy_years": "life_expectancy",
    "pct_households_adequate_sanitation": "sanitation_access",
    "pct_households_safe_drinking_water": "drinking_water_access",
    "open_unemployment_rate_pct": "open_unemployment",
    "labour_force_participation_rate_pct": "labour_force_participation",
}


def _regency_2021(path: Path) -> Iterator[StatRow]:
    for row in _rows(path):
        for column, key in _REGENCY_2021.items():
            if row[column]:
                yield StatRow(
                    key, 2, row["year"], row["code"], float(row[column]), "bps_regency_2021"
                )


def _jabar_poverty(path: Path) -> Iterator[StatRow]:
    for row in _rows(path):
        if row["poor_population_thousand"]:
            people = round(float(row["poor_population_thousand"]) * 1000)
            yield StatRow(
                "poor_population", 2, row["year"], row["code"], people, "jabar_poverty_regency"
            )
        if row["poverty_rate_pct"]:
            yield StatRow(
                "poverty_rate",
                2,
                row["year"],
                row["code"],
                float(row["poverty_rate_pct"]),
                "jabar_poverty_regency",
            )


SUSPECT_NOTE = "Suspect outlier in the published series (kept as published)."


def _jabar_pkh(path: Path) -> Iterator[StatRow]:
    for row in _rows(path):
        if row["pkh_beneficiary_families"]:
            yield StatRow(
                "pkh_families",
                2,
                row["year"],
                row["code"],
                float(row["pkh_beneficiary_families"]),
                "jabar_pkh_regency",
                SUSPECT_NOTE if row["quality_flag"] == "suspect_outlier" else "",
            )


_READERS = (
    _poverty_province,
    _gini_province,
    _unemployment_province,
    _province_indicators,
    _poverty_line_regency,
    _regency_2021,
    _jabar_poverty,
    _jabar_pkh,
)


@dataclass(frozen=True)
class Conflict:
    key: tuple[str, int, str, str]
    kept: StatRow
    dropped: StatRow


def read_statistics(data_dir: Path = DATA_DIR) -> tuple[list[StatRow], list[Conflict]]:
    """Every shipped figure, and the figures dropped because an earlier file already gave
    the same indicator, region and period (the files are read in ``FILES`` order; the only
    overlap, Jawa Barat P0 2021, carries identical values in both files)."""
    seen: dict[tuple[str, int, str, str], StatRow] = {}
    conflicts: list[Conflict] = []
    for reader, path in zip(_READERS, files(data_dir), strict=True):
        for row in reader(path):
            key = (row.indicator, row.level, row.period, row.code)
            if key in seen:
                conflicts.append(Conflict(key, seen[key], row))
            else:
                seen[key] = row
    return list(seen.values()), conflicts
