"""Recognise an import's columns (Indonesian, English or HXL hashtags) and bring long and
wide layouts to one long form. Pure, no Django.

Long layout: one row per value, with region, indicator, period and value columns
(``kode_wilayah, indikator, periode, nilai[, sumber, catatan]``). Wide layout: one row per
region and period and one column per indicator (headed by its key, its name, or
``#indicator+num+<key>``). A region is given by its Kemendagri code (dotted or compact), by
its BPS code, or by its name within a parent code.

Problems with the columns themselves are reported as errors on row 1; reasons are codes that
the service turns into sentences in the user's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from rapidfuzz import fuzz, process

from sinergi.atlas.imports.reading import RawTable
from sinergi.core.tabular import ImportRejected, RowError, header_key

REGION_FIELDS = ("region_code", "bps_code", "region_name", "parent")
FIELDS = (*REGION_FIELDS, "indicator", "period", "value", "source", "note")

# Normalised header text (core.tabular.header_key) → field, in Indonesian and English.
ALIASES: dict[str, str] = {
    **dict.fromkeys(
        (
            "kode wilayah",
            "kode",
            "kode kemendagri",
            "kode wilayah kemendagri",
            "kode daerah",
            "region code",
            "code",
            "kemendagri code",
            "area code",
            "region",
        ),
        "region_code",
    ),
    **dict.fromkeys(("kode bps", "kode wilayah bps", "bps code", "bps region code"), "bps_code"),
    **dict.fromkeys(
        ("nama wilayah", "wilayah", "nama", "nama daerah", "region name", "name", "area name"),
        "region_name",
    ),
    **dict.fromkeys(
        (
            "kode induk",
            "kode wilayah induk",
            "induk",
            "parent code",
            "parent region code",
            "parent",
        ),
        "parent",
    ),
    **dict.fromkeys(
        ("indikator", "kode indikator", "indicator", "indicator code", "indicator key"),
        "indicator",
    ),
    **dict.fromkeys(("periode", "tahun", "period", "year"), "period"),
    **dict.fromkeys(("nilai", "angka", "value", "figure"), "value"),
    **dict.fromkeys(("sumber", "sumber data", "source", "data source"), "source"),
    **dict.fromkeys(("catatan", "keterangan", "note", "notes", "remarks"), "note"),
}
_HXL_ADMIN = {"adm1": 1, "adm2": 2, "adm3": 3, "adm4": 4, "loc": 9}


@dataclass
class LongRows:
    """Every value of the file as one row of text columns (the validator parses them)."""

    layout: str  # "long" or "wide"
    rows: np.ndarray  # spreadsheet row number per value
    columns: dict[str, pa.Array]  # field → text column (only fields the file has)
    headers: dict[str, str]  # field → the header text it came from
    value_headers: pa.Array  # per value: the header of the column its value came from
    indicator_keys: pa.Array | None = None  # wide layout: the key each value column names
    extra: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.rows.shape[0])


@dataclass(frozen=True)
class _Header:
    index: int
    text: str
    field: str | None = None
    admin_level: int = 0
    indicator: str | None = None  # wide layout: the indicator this column holds


def _hxl_admin(tag: str, attrs: set[str], index: int, text: str) -> _Header:
    level = _HXL_ADMIN[tag]
    if "code" in attrs and "bps" in attrs:
        return _Header(index, text, "bps_code", level)
    if "code" in attrs and "parent" in attrs:
        return _Header(index, text, "parent", level)
    if attrs & {"code", "id"}:
        return _Header(index, text, "region_code", level)
    if "name" in attrs:
        return _Header(index, text, "region_name", level)
    return _Header(index, text)


def _hxl_indicator(
    attrs: set[str], indicators: Mapping[str, str], index: int, text: str
) -> _Header:
    if attrs & {"code", "id"}:
        return _Header(index, text, "indicator")
    named = attrs - {"num", "value"}
    if len(named) == 1 and next(iter(named)) in indicators:
        return _Header(index, text, indicator=indicators[next(iter(named))])
    if attrs and attrs <= {"num", "value"}:
        return _Header(index, text, "value")
    return _Header(index, text)


_HXL_OTHER = {"date": "period", "description": "note"}


def _hxl(key: str, indicators: Mapping[str, str], index: int, text: str) -> _Header:
    tag, *attributes = key[1:].split("+")
    attrs = set(attributes)
    if tag in _HXL_ADMIN:
        return _hxl_admin(tag, attrs, index, text)
    if tag == "indicator":
        return _hxl_indicator(attrs, indicators, index, text)
    if tag in _HXL_OTHER:
        return _Header(index, text, _HXL_OTHER[tag])
    if tag == "meta" and attrs & {"source", "note"}:
        return _Header(index, text, "source" if "source" in attrs else "note")
    return _Header(index, text)


def _classify(headers: list[str], indicators: Mapping[str, str]) -> list[_Header]:
    found = []
    for index, text in enumerate(headers):
        key = header_key(text)
        if key.startswith("#"):
            found.append(_hxl(key, indicators, index, text))
        elif key in ALIASES:
            found.append(_Header(index, text, ALIASES[key]))
        elif key in indicators:
            found.append(_Header(index, text, indicator=indicators[key]))
        else:
            found.append(_Header(index, text))
    return found


def _pick_admin(headers: list[_Header]) -> dict[str, _Header]:
    """With HXL admin columns (#adm1+code, #adm2+name, ...) the deepest code is the region;
    a name deeper than every code is the region, found within the deepest code as parent."""
    chosen: dict[str, _Header] = {}
    codes = [h for h in headers if h.field == "region_code"]
    names = [h for h in headers if h.field == "region_name"]
    deepest_code = max(codes, key=lambda h: h.admin_level, default=None)
    deepest_name = max(names, key=lambda h: h.admin_level, default=None)
    if deepest_code is not None and (
        deepest_name is None
        or deepest_name.admin_level <= deepest_code.admin_level
        or deepest_name.admin_level == 0
    ):
        chosen["region_code"] = deepest_code
    elif deepest_name is not None:
        chosen["region_name"] = deepest_name
        if deepest_code is not None:
            chosen["parent"] = deepest_code
    return chosen


def _suggest(text: str, choices: list[str]) -> str:
    best = process.extractOne(header_key(text), choices, scorer=fuzz.ratio, score_cutoff=70)
    return str(best[0]) if best else ""


def _column_errors(
    raw: RawTable, headers: list[_Header], mapped: dict[str, _Header], indicators: Mapping[str, str]
) -> list[RowError]:
    errors = []
    used = {h.index for h in mapped.values()}
    admin_context = {h.index for h in headers if h.field in REGION_FIELDS and h.admin_level}
    known = sorted({*ALIASES, *indicators})
    for header in headers:
        if header.index in used or header.indicator is not None or header.index in admin_context:
            continue
        if header.field is not None:  # a second column for a field already taken
            errors.append(RowError(1, header.text, header.text, "duplicate_column"))
            continue
        if not header.text:
            if pc.any(pc.not_equal(raw.columns[header.index], "")).as_py():
                errors.append(RowError(1, f"#{header.index + 1}", "", "column_without_header"))
            continue
        errors.append(
            RowError(1, header.text, header.text, "unknown_column", _suggest(header.text, known))
        )
    return errors


def _missing_errors(mapped: dict[str, _Header], wide_columns: list[_Header]) -> list[RowError]:
    errors = []
    if not (mapped.keys() & {"region_code", "bps_code", "region_name"}):
        errors.append(RowError(1, "", "", "missing_region_column"))
    if "period" not in mapped:
        errors.append(RowError(1, "", "", "missing_period_column"))
    if "indicator" in mapped and "value" not in mapped:
        errors.append(RowError(1, "", "", "missing_value_column"))
    if "indicator" not in mapped and not wide_columns:
        errors.append(RowError(1, "", "", "missing_indicator_column"))
    return errors


def to_long(raw: RawTable, indicators: Mapping[str, str]) -> LongRows:
    """The file's values in long form, or ``ImportRejected`` naming every column problem.

    ``indicators`` maps normalised indicator keys, names and HXL attributes to catalogue keys
    (for wide layouts and for ``#indicator+num+<key>`` columns).
    """
    headers = _classify(raw.headers, indicators)
    mapped = _pick_admin(headers)
    for header in headers:
        if not header.field or header.field in mapped:
            continue
        # HXL admin codes and names were placed by _pick_admin; BPS and parent codes were not.
        if not header.admin_level or header.field in ("bps_code", "parent"):
            mapped[header.field] = header
    long_layout = "indicator" in mapped
    wide_columns = [] if long_layout else [h for h in headers if h.indicator is not None]
    if long_layout:
        # In the long layout a column named after an indicator is a mistake, not data.
        headers = [_Header(h.index, h.text, h.field) if h.indicator else h for h in headers]
    errors = _column_errors(raw, headers, mapped, indicators) + _missing_errors(
        mapped, wide_columns
    )
    if errors:
        raise ImportRejected(errors)
    columns = {name: raw.columns[h.index] for name, h in mapped.items()}
    field_headers = {name: h.text for name, h in mapped.items()}
    if long_layout:
        return LongRows(
            layout="long",
            rows=raw.rows,
            columns=dict(columns),
            headers=field_headers,
            value_headers=pa.DictionaryArray.from_arrays(
                pa.array(np.zeros(raw.num_rows, dtype=np.int32)),
                pa.array([mapped["value"].text], pa.string()),
            ),
        )
    return _unpivot(raw, columns, field_headers, wide_columns)


def _unpivot(
    raw: RawTable,
    columns: dict[str, pa.ChunkedArray],
    field_headers: dict[str, str],
    wide_columns: list[_Header],
) -> LongRows:
    """One long row per non-empty cell of an indicator column."""
    row_parts, value_parts, key_parts, header_parts = [], [], [], []
    field_parts: dict[str, list[pa.Array]] = {name: [] for name in columns}
    for header in wide_columns:
        cells = pc.utf8_trim_whitespace(raw.columns[header.index].combine_chunks())
        keep = pc.not_equal(cells, "")
        take = np.flatnonzero(keep.to_numpy(zero_copy_only=False))
        row_parts.append(raw.rows[take])
        value_parts.append(cells.take(pa.array(take)))
        key_parts.append(pa.array([header.indicator] * len(take), pa.string()))
        header_parts.append(pa.array([header.text] * len(take), pa.string()))
        for name, column in columns.items():
            field_parts[name].append(column.combine_chunks().take(pa.array(take)))
    merged = {name: pa.concat_arrays(parts) for name, parts in field_parts.items()}
    merged["value"] = pa.concat_arrays(value_parts)
    keys = pa.concat_arrays(key_parts)
    merged["indicator"] = keys
    return LongRows(
        layout="wide",
        rows=np.concatenate(row_parts) if row_parts else np.zeros(0, dtype=np.int64),
        columns=merged,
        headers={**field_headers, "indicator": "", "value": ""},
        value_headers=pa.concat_arrays(header_parts),
        indicator_keys=keys,
    )
