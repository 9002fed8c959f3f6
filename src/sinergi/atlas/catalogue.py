"""The indicator catalogue as shipped: official statistics, the 26 PPKS target groups as
people-in-need indicators and the 12 PSKS resources. ``services.catalogue_sync`` writes it to
the database; national admins may then tune thresholds and weights there.

PPKS and PSKS keys, names and sensitivity come from ``sinergi.core.taxonomy`` (never
redefined here). Bump ``CATALOGUE_VERSION`` whenever an entry changes meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sinergi.core.taxonomy import PPKS, PSKS, TAXONOMY_VERSION

CATALOGUE_VERSION = "2025.1"
SUPPRESS_BELOW = 10  # default small-count threshold for sensitive groups on public views
ALL_LEVELS = (1, 2, 3, 4)
AREA_LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    name_id: str
    name_en: str
    kind: str
    theme: str
    unit: str
    direction: str
    short_id: str = ""
    short_en: str = ""
    decimals: int = 1
    min_value: float | None = 0.0
    max_value: float | None = None
    whole_numbers: bool = False
    additive: bool = False
    sensitive: bool = False
    suppress_below: int = 0
    levels: tuple[int, ...] = AREA_LEVELS
    sdgs: tuple[str, ...] = ()
    source: str = ""
    pin_group: str = ""
    pin_role: str = ""
    headline: bool = False
    taxonomy_version: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _stat(
    key: str, name_id: str, name_en: str, theme: str, unit: str, direction: str, **options: Any
) -> IndicatorSpec:
    """An official statistic; every one is a headline figure on region profiles."""
    return IndicatorSpec(
        key, name_id, name_en, "statistic", theme, unit, direction, headline=True, **options
    )


STATISTICS: tuple[IndicatorSpec, ...] = (
    _stat(
        "population",
        "Jumlah penduduk",
        "Population",
        "population",
        "people",
        "neutral",
        short_id="Penduduk",
        short_en="Population",
        decimals=0,
        whole_numbers=True,
        additive=True,
        levels=ALL_LEVELS,
        source="Dukcapil Kemendagri",
    ),
    _stat(
        "poverty_rate",
        "Persentase penduduk miskin (P0)",
        "Poverty rate (P0)",
        "poverty",
        "percent",
        "higher_worse",
        short_id="P0",
        short_en="P0",
        decimals=2,
        max_value=100,
        sdgs=("SDG1",),
        source="BPS, Susenas",
        pin_group="FM",
        pin_role="rate_percent",
    ),
    _stat(
        "poor_population",
        "Jumlah penduduk miskin",
        "Number of poor people",
        "poverty",
        "people",
        "higher_worse",
        short_id="Penduduk miskin",
        short_en="Poor people",
        decimals=0,
        whole_numbers=True,
        additive=True,
        sdgs=("SDG1",),
        source="BPS, Susenas",
        pin_group="FM",
        pin_role="official_count",
    ),
    _stat(
        "poverty_line",
        "Garis kemiskinan",
        "Poverty line",
        "poverty",
        "rupiah_per_capita_month",
        "neutral",
        short_id="GK",
        short_en="Poverty line",
        decimals=0,
        sdgs=("SDG1",),
        source="BPS, Susenas",
    ),
    _stat(
        "open_unemployment",
        "Tingkat pengangguran terbuka (TPT)",
        "Open unemployment rate (TPT)",
        "labour",
        "percent",
        "higher_worse",
        short_id="TPT",
        short_en="Unemployment",
        decimals=2,
        max_value=100,
        sdgs=("SDG8",),
        source="BPS, Sakernas",
    ),
    _stat(
        "labour_force_participation",
        "Tingkat partisipasi angkatan kerja (TPAK)",
        "Labour-force participation rate (TPAK)",
        "labour",
        "percent",
        "higher_better",
        short_id="TPAK",
        short_en="Participation",
        decimals=2,
        max_value=100,
        sdgs=("SDG8",),
        source="BPS, Sakernas",
    ),
    _stat(
        "gini",
        "Rasio Gini",
        "Gini ratio",
        "inequality",
        "ratio",
        "higher_worse",
        short_id="Gini",
        short_en="Gini",
        decimals=3,
        max_value=1,
        sdgs=("SDG10",),
        source="BPS, Susenas",
    ),
    _stat(
        "hdi",
        "Indeks Pembangunan Manusia (IPM)",
        "Human Development Index (IPM)",
        "human_development",
        "index",
        "higher_better",
        short_id="IPM",
        short_en="HDI",
        decimals=2,
        max_value=100,
        sdgs=("SDG3", "SDG4"),
        source="BPS",
    ),
    _stat(
        "life_expectancy",
        "Umur harapan hidup saat lahir",
        "Life expectancy at birth",
        "human_development",
        "years",
        "higher_better",
        short_id="UHH",
        short_en="Life expectancy",
        decimals=2,
        max_value=120,
        sdgs=("SDG3",),
        source="BPS",
    ),
    _stat(
        "mean_years_schooling",
        "Rata-rata lama sekolah",
        "Mean years of schooling",
        "human_development",
        "years",
        "higher_better",
        short_id="RLS",
        short_en="Schooling",
        decimals=2,
        max_value=25,
        sdgs=("SDG4",),
        source="BPS",
    ),
    _stat(
        "per_capita_expenditure",
        "Pengeluaran per kapita disesuaikan",
        "Adjusted per-capita expenditure",
        "human_development",
        "thousand_rupiah_per_capita_year",
        "higher_better",
        short_id="Pengeluaran",
        short_en="Expenditure",
        decimals=0,
        sdgs=("SDG1", "SDG10"),
        source="BPS",
    ),
    _stat(
        "monthly_expenditure",
        "Rata-rata pengeluaran per kapita sebulan",
        "Average monthly per-capita expenditure",
        "poverty",
        "rupiah_per_capita_month",
        "higher_better",
        short_id="Pengeluaran/bln",
        short_en="Monthly spending",
        decimals=0,
        sdgs=("SDG1",),
        source="BPS, Susenas",
    ),
    _stat(
        "sanitation_access",
        "Rumah tangga dengan sanitasi layak",
        "Households with adequate sanitation",
        "basic_services",
        "percent",
        "higher_better",
        short_id="Sanitasi",
        short_en="Sanitation",
        decimals=2,
        max_value=100,
        sdgs=("SDG6",),
        source="BPS, Susenas",
    ),
    _stat(
        "drinking_water_access",
        "Rumah tangga dengan air minum layak",
        "Households with safe drinking water",
        "basic_services",
        "percent",
        "higher_better",
        short_id="Air minum",
        short_en="Drinking water",
        decimals=2,
        max_value=100,
        sdgs=("SDG6",),
        source="BPS, Susenas",
    ),
    IndicatorSpec(
        "pkh_families",
        "Keluarga penerima manfaat PKH",
        "PKH beneficiary families",
        "programme",
        "programmes",
        "families",
        "neutral",
        short_id="KPM PKH",
        short_en="PKH families",
        decimals=0,
        whole_numbers=True,
        additive=True,
        levels=ALL_LEVELS,
        sdgs=("SDG1",),
        source="Dinas Sosial",
        headline=True,
    ),
)

# Our mapping of target groups to SDGs (domain.md §5.1).
_PPKS_SDGS: dict[str, tuple[str, ...]] = {
    "ABT": ("SDG1", "SDG2"),
    "AT": ("SDG1", "SDG4"),
    "ABH": ("SDG16",),
    "AJ": ("SDG1", "SDG4"),
    "ADK": ("SDG10",),
    "AKTK": ("SDG5", "SDG16"),
    "AMPK": ("SDG16",),
    "LUT": ("SDG1",),
    "PD": ("SDG10",),
    "TS": ("SDG5",),
    "GLD": ("SDG1", "SDG11"),
    "PGM": ("SDG1",),
    "PML": ("SDG1",),
    "KMIN": ("SDG10",),
    "BWBLP": ("SDG16",),
    "ODHA": ("SDG3",),
    "NAPZA": ("SDG3",),
    "KTR": ("SDG5", "SDG16"),
    "KTK": ("SDG5", "SDG16"),
    "PMBS": ("SDG8",),
    "KBA": ("SDG1", "SDG11"),
    "KBS": ("SDG1", "SDG16"),
    "PRSE": ("SDG1", "SDG5"),
    "FM": ("SDG1",),
    "KBSP": ("SDG16",),
    "KAT": ("SDG10",),
}
_FAMILY_GROUPS = {"KBSP"}

PEOPLE_IN_NEED: tuple[IndicatorSpec, ...] = tuple(
    IndicatorSpec(
        group.key,
        group.name_id,
        group.name_en,
        "people_in_need",
        "people_in_need",
        "families" if group.key in _FAMILY_GROUPS else "people",
        "higher_worse",
        short_id=group.key,
        short_en=group.key,
        decimals=0,
        whole_numbers=True,
        additive=True,
        sensitive=group.sensitive,
        suppress_below=SUPPRESS_BELOW if group.sensitive else 0,
        levels=ALL_LEVELS,
        sdgs=_PPKS_SDGS.get(group.key, ()),
        source="Dinas Sosial (DTKS / pendataan PPKS)",
        pin_group=group.key,
        pin_role="count",
        taxonomy_version=TAXONOMY_VERSION,
    )
    for group in PPKS
)

_PSKS_UNITS = {
    "LKS": "organisations",
    "KARTAR": "organisations",
    "LK3": "organisations",
    "WKSBM": "organisations",
    "DUNIA_USAHA": "organisations",
    "KEL_PIONER": "families",
}

RESOURCES: tuple[IndicatorSpec, ...] = tuple(
    IndicatorSpec(
        term.key,
        term.name_id,
        term.name_en,
        "resource",
        "resources",
        _PSKS_UNITS.get(term.key, "people"),
        "higher_better",
        short_id=term.key,
        short_en=term.key,
        decimals=0,
        whole_numbers=True,
        additive=True,
        levels=ALL_LEVELS,
        source="Dinas Sosial (pendataan PSKS)",
        taxonomy_version=TAXONOMY_VERSION,
    )
    for term in PSKS
)

CATALOGUE: tuple[IndicatorSpec, ...] = (*STATISTICS, *PEOPLE_IN_NEED, *RESOURCES)

# Default need-index components and weights (docs/methods/need-index.md explains the choice).
DEFAULT_NEED_INDEX_WEIGHTS: dict[str, float] = {
    "poverty_rate": 0.30,
    "open_unemployment": 0.15,
    "gini": 0.10,
    "hdi": 0.15,
    "mean_years_schooling": 0.10,
    "sanitation_access": 0.10,
    "drinking_water_access": 0.10,
}
