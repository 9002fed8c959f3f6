"""Cut validated values into series (indicator x level x period) cells tables. Pure, no
Django: one sort of the rows, then zero-copy slices."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from sinergi.atlas.engines import cells
from sinergi.atlas.imports.validate import Validated

SeriesKey = tuple[int, int, str]  # (indicator id, level, period)


def _nullable_text(column: pa.Array | None, n: int) -> pa.Array:
    if column is None:
        return pa.nulls(n, pa.string())
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def _source_ids(column: pa.Array | None, ids: Mapping[str, int], n: int) -> pa.Array:
    if column is None:
        return pa.nulls(n, pa.int64())
    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    mapped = pa.array(
        [ids.get(text) if text else None for text in encoded.dictionary.to_pylist()], pa.int64()
    )
    return mapped.take(encoded.indices)


def series_tables(
    validated: Validated, *, batch: int, source_ids: Mapping[str, int]
) -> dict[SeriesKey, pa.Table]:
    """One cells table per series the values belong to, each sorted by region code.

    ``validated.order`` already sorts the rows by series and code, so each series is a
    contiguous run: numeric columns are gathered once, region codes are taken from the
    sorted distinct codes per run, and nothing is sorted again."""
    n = len(validated)
    if not n:
        return {}
    order = validated.order
    values = pa.array(validated.values[order], pa.float64())
    sources = _source_ids(validated.sources, source_ids, n)
    notes = _nullable_text(validated.notes, n)
    if validated.sources is not None:
        sources = sources.take(pa.array(order))
    if validated.notes is not None:
        notes = notes.take(pa.array(order))
    period_names, period_index = validated.period_names, validated.period_index
    series = validated.series_ids
    starts = np.concatenate([[0], np.flatnonzero(np.diff(series)) + 1])
    ends = np.concatenate([starts[1:], [n]])
    result: dict[SeriesKey, pa.Table] = {}
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        first = int(order[start])
        key = (
            int(validated.indicator_ids[first]),
            int(validated.levels[first]),
            period_names[int(period_index[first])],
        )
        size = end - start
        result[key] = pa.table(
            {
                "code": validated.code_names.take(pa.array(validated.code_ranks[start:end])),
                "value": values.slice(start, size),
                "batch": pa.array(np.full(size, batch, dtype=np.int64)),
                "source": sources.slice(start, size),
                "note": notes.slice(start, size),
                "boundary_break": pa.array(np.zeros(size, dtype=bool)),
            },
            schema=cells.SCHEMA,
        )
    return result
