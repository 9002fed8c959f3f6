"""The import service: a CSV or XLSX of values in, every row checked, and either nothing
changed (with a full error report) or everything landed at once.

Stages, each reported on the batch so the status page can follow a large file: ``reading``
(pyarrow / streamed XLSX), ``checking`` (vectorised validation), ``saving`` (one transaction:
sources, series, the batch's outcome and the audit event together). Reading and checking
write nothing, so a rejected or dry-run file leaves the values exactly as they were.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from django.db import transaction

from sinergi.atlas.imports.grouping import series_tables
from sinergi.atlas.imports.layout import to_long
from sinergi.atlas.imports.reading import RaggedRows, RawTable, read_upload
from sinergi.atlas.imports.validate import validate
from sinergi.atlas.models import BatchStatus, ImportBatch, Source
from sinergi.atlas.selectors import import_lookups, indicator_aliases
from sinergi.atlas.services import (
    import_batch_finish,
    import_batch_progress,
    series_land,
    series_plan,
    source_ensure,
)
from sinergi.core.access import Principal
from sinergi.core.tabular import ImportRejected, RowError, UnreadableFile

Progress = Callable[[str, int, int], None]


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _reject(batch: ImportBatch, errors: list[RowError], total: int | None = None) -> ImportBatch:
    return import_batch_finish(
        batch=batch,
        status=BatchStatus.REJECTED,
        errors=[error.as_dict() for error in errors],
        error_count=total if total is not None else len(errors),
    )


def _source_names(column: pa.Array | None) -> list[str]:
    if column is None:
        return []
    return sorted(name for name in pc.unique(column).to_pylist() if name)


def values_import(
    *,
    batch: ImportBatch,
    data: bytes | Path,
    principal: Principal | None,
    progress: Progress | None = None,
) -> ImportBatch:
    """Import ``data`` (named ``batch.filename``) for ``principal`` (None: the operator at
    the command line, any region). Returns the batch with its outcome: ``succeeded``,
    ``previewed`` (dry run), or ``rejected`` with every error; raises nothing for bad input.
    """
    say = progress or (lambda _stage, _done, _total: None)
    raw_bytes = data if isinstance(data, bytes) else data.read_bytes()
    import_batch_progress(batch=batch, stage="reading", rows_done=0)
    say("reading", 0, 0)
    try:
        raw = read_upload(raw_bytes, filename=batch.filename)
    except UnreadableFile as error:
        return _reject(batch, [RowError(0, "", batch.filename, "unreadable", str(error))])
    except RaggedRows as error:
        return _reject(batch, error.errors)
    return _check_and_land(batch, raw, principal, say)


def _check_and_land(
    batch: ImportBatch, raw: RawTable, principal: Principal | None, say: Progress
) -> ImportBatch:
    total = raw.num_rows
    import_batch_progress(batch=batch, stage="checking", rows_done=0, rows_total=total)
    say("checking", 0, total)
    try:
        rows = to_long(raw, indicator_aliases())
    except ImportRejected as rejected:
        return _reject(batch, rejected.errors)
    batch.layout = rows.layout
    if not len(rows):
        return _reject(batch, [RowError(0, "", batch.filename, "no_values")])
    outcome = validate(rows, import_lookups(principal=principal))
    if outcome.validated is None:
        return _reject(batch, outcome.errors, outcome.error_count)
    say("checking", total, total)
    names = _source_names(outcome.validated.sources)
    if batch.dry_run:
        known = dict(
            Source.objects.filter(name__in=names, publication="").values_list("name", "pk")
        )
        ids = {name: known.get(name, -1) for name in names}  # -1: a source not yet known
        tables = series_tables(outcome.validated, batch=batch.pk, source_ids=ids)
        report = series_plan(tables)
        say("done", total, total)
        return import_batch_finish(
            batch=batch,
            status=BatchStatus.PREVIEWED,
            counts=_counts(report.counts(), batch),
            preview=report.preview(),
        )
    import_batch_progress(batch=batch, stage="saving", rows_done=total)
    say("saving", total, total)
    with transaction.atomic():
        ids = {name: source_ensure(name=name).pk for name in names}
        tables = series_tables(outcome.validated, batch=batch.pk, source_ids=ids)
        report = series_land(batch=batch, tables=tables)
        finished = import_batch_finish(
            batch=batch,
            status=BatchStatus.SUCCEEDED,
            counts=_counts(report.counts(), batch),
            preview=report.preview(),
        )
    say("done", total, total)
    return finished


def _counts(counts: dict[str, int], batch: ImportBatch) -> dict[str, Any]:
    return {**counts, "layout": batch.layout}
