"""Writes of the atlas: catalogue, sources, import batches, series (values) and need-index
weights. Every write is a keyword-only, typed function in a transaction that records an audit
event and moves the data version, so caches of payloads and indices refresh.

Imports (``values_import``) live in ``importing.py``; the shipped statistics loader
(``statistics_load``) in ``loading.py``. Both land values through ``series_land`` here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.atlas.cache import atlas_cache
from sinergi.atlas.catalogue import CATALOGUE, CATALOGUE_VERSION, DEFAULT_NEED_INDEX_WEIGHTS
from sinergi.atlas.engines import cells
from sinergi.atlas.imports.grouping import SeriesKey
from sinergi.atlas.models import (
    BatchStatus,
    DataVersion,
    ImportBatch,
    Indicator,
    NeedIndexWeight,
    Series,
    SeriesRevision,
    Source,
)
from sinergi.core.models import User
from sinergi.core.services import audit_record

_CATALOGUE_FIELDS = (
    "name_id",
    "name_en",
    "short_id",
    "short_en",
    "kind",
    "theme",
    "unit",
    "direction",
    "decimals",
    "min_value",
    "max_value",
    "whole_numbers",
    "additive",
    "sensitive",
    "levels",
    "sdgs",
    "source",
    "pin_group",
    "pin_role",
    "headline",
    "taxonomy_version",
)


@transaction.atomic
def data_version_bump() -> int:
    """Move the atlas data version on; every cache keyed by it refreshes."""
    version, _created = DataVersion.objects.get_or_create(pk=1)
    DataVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=timezone.now())
    atlas_cache.invalidate()
    return version.number + 1


@transaction.atomic
def catalogue_sync(*, actor: User | None = None) -> int:
    """Write the shipped catalogue (``catalogue.py``) to the database. Idempotent.

    Definitions are updated in place; thresholds a national admin tuned (``suppress_below``,
    ``published``) are kept. Default need-index weights are created only when there are
    none, so edited weights survive every reload. Returns how many entries changed.
    """
    existing = {indicator.key: indicator for indicator in Indicator.objects.all()}
    changed = 0
    for order, spec in enumerate(CATALOGUE):
        values: dict[str, Any] = {name: getattr(spec, name) for name in _CATALOGUE_FIELDS}
        values["levels"] = list(spec.levels)
        values["sdgs"] = list(spec.sdgs)
        values["sort_order"] = order
        current = existing.get(spec.key)
        if current is None:
            Indicator.objects.create(
                key=spec.key,
                suppress_below=spec.suppress_below,
                catalogue_version=CATALOGUE_VERSION,
                **values,
            )
            changed += 1
        elif any(getattr(current, name) != value for name, value in values.items()):
            Indicator.objects.filter(pk=current.pk).update(
                catalogue_version=CATALOGUE_VERSION, **values
            )
            changed += 1
    if not NeedIndexWeight.objects.exists():
        keys = Indicator.objects.filter(key__in=DEFAULT_NEED_INDEX_WEIGHTS).values_list("pk", "key")
        NeedIndexWeight.objects.bulk_create(
            NeedIndexWeight(indicator_id=pk, weight=DEFAULT_NEED_INDEX_WEIGHTS[key])
            for pk, key in keys
        )
        changed += 1
    if changed:
        audit_record(
            actor=actor,
            action="atlas.catalogue.sync",
            target_type="catalogue",
            target_id=CATALOGUE_VERSION,
            changes={"entries": changed},
        )
        data_version_bump()
    return changed


@transaction.atomic
def source_ensure(
    *, name: str, publication: str = "", licence: str = "", caveats: str = ""
) -> Source:
    """The source with this name and publication, created once (licence and caveats are
    refreshed when they change)."""
    source, created = Source.objects.get_or_create(
        name=name[:200],
        publication=publication[:300],
        defaults={"licence": licence[:200], "caveats": caveats},
    )
    if not created and (source.licence, source.caveats) != (licence[:200], caveats) and licence:
        Source.objects.filter(pk=source.pk).update(licence=licence[:200], caveats=caveats)
    return source


@transaction.atomic
def import_batch_create(
    *,
    kind: str,
    created_by: User | None,
    filename: str = "",
    content: bytes | None = None,
    checksum: str = "",
    dry_run: bool = False,
    source: Source | None = None,
) -> ImportBatch:
    """Record an arriving file. With ``content`` the file is stored for the background
    worker (and kept as the provenance of what was imported)."""
    batch = ImportBatch(
        kind=kind,
        created_by=created_by,
        filename=filename[:255],
        checksum=checksum,
        dry_run=dry_run,
        source=source,
    )
    if content is not None:
        batch.upload.save(filename or "upload", ContentFile(content), save=False)
    batch.save()
    audit_record(
        actor=created_by,
        action="atlas.import.create",
        target_type="import_batch",
        target_id=str(batch.pk),
        changes={"kind": kind, "filename": filename, "dry_run": dry_run},
    )
    return batch


@transaction.atomic
def import_batch_progress(
    *, batch: ImportBatch, stage: str, rows_done: int | None = None, rows_total: int | None = None
) -> None:
    """Report how far an import got (committed at once when no outer transaction is open,
    so the status page can show it while the import runs)."""
    updates: dict[str, Any] = {"stage": stage, "status": BatchStatus.RUNNING}
    if rows_done is not None:
        updates["rows_done"] = rows_done
    if rows_total is not None:
        updates["rows_total"] = rows_total
    ImportBatch.objects.filter(pk=batch.pk).update(**updates)
    for name, value in updates.items():
        setattr(batch, name, value)


@transaction.atomic
def import_batch_finish(
    *,
    batch: ImportBatch,
    status: str,
    errors: list[dict[str, Any]] | None = None,
    error_count: int = 0,
    detail: str = "",
    counts: Mapping[str, Any] | None = None,
    preview: list[dict[str, Any]] | None = None,
) -> ImportBatch:
    """Close a batch with its outcome: imported, checked (dry run), rejected or failed."""
    batch.status = status
    batch.errors = errors or []
    batch.error_count = error_count
    batch.detail = detail
    batch.preview = preview or []
    batch.stage = "done"
    batch.rows_done = batch.rows_total
    batch.finished_at = timezone.now()
    for name, value in (counts or {}).items():
        setattr(batch, name, value)
    batch.save()
    audit_record(
        actor=batch.created_by,
        action=f"atlas.import.{status}",
        target_type="import_batch",
        target_id=str(batch.pk),
        changes={
            "errors": error_count,
            **{k: v for k, v in (counts or {}).items() if isinstance(v, int)},
        },
    )
    return batch


@dataclass
class SeriesChange:
    key: SeriesKey
    merged: cells.Merged
    existing: Series | None


@dataclass
class LandReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    series_written: int = 0
    changes: list[SeriesChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated)

    def counts(self) -> dict[str, int]:
        return {"inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged}

    def preview(self, limit: int = 100) -> list[dict[str, Any]]:
        keys = {change.key[0] for change in self.changes}
        names = dict(Indicator.objects.filter(pk__in=keys).values_list("pk", "key"))
        return [
            {
                "indicator": names.get(change.key[0], ""),
                "level": change.key[1],
                "period": change.key[2],
                "inserted": change.merged.inserted,
                "updated": change.merged.updated,
                "unchanged": change.merged.unchanged,
            }
            for change in self.changes[:limit]
        ]


def series_plan(tables: Mapping[SeriesKey, pa.Table]) -> LandReport:
    """What landing ``tables`` would do, series by series (reads only; dry runs stop here)."""
    report = LandReport()
    if not tables:
        return report
    candidates = Series.objects.filter(
        indicator_id__in={key[0] for key in tables},
        level__in={key[1] for key in tables},
        period__in={key[2] for key in tables},
    )
    existing = {(s.indicator_id, s.level, s.period): s for s in candidates}
    for key in sorted(tables):
        current = existing.get(key)
        old = cells.decode(bytes(current.cells)) if current is not None else None
        merged = cells.merge(old, tables[key])
        report.inserted += merged.inserted
        report.updated += merged.updated
        report.unchanged += merged.unchanged
        report.changes.append(SeriesChange(key, merged, current))
    return report


@transaction.atomic
def series_land(*, batch: ImportBatch, tables: Mapping[SeriesKey, pa.Table]) -> LandReport:
    """Upsert values into their series in bulk: a few hundred rows for a million values.

    Unchanged series are not touched; a changed one is rewritten whole and its previous
    cells are kept as a ``SeriesRevision`` (the history of every value it held).
    """
    report = series_plan(tables)
    new: list[Series] = []
    changed: list[Series] = []
    revisions: list[SeriesRevision] = []
    for change in report.changes:
        if not change.merged.changed:
            continue
        blob = cells.encode(change.merged.table)
        indicator_id, level, period = change.key
        if change.existing is None:
            new.append(
                Series(
                    indicator_id=indicator_id,
                    level=level,
                    period=period,
                    cells=blob,
                    count=change.merged.table.num_rows,
                    etag=cells.etag(blob),
                    batch=batch,
                )
            )
        else:
            revisions.append(
                SeriesRevision(
                    series=change.existing,
                    cells=bytes(change.existing.cells),
                    count=change.existing.count,
                    replaced_by=batch,
                )
            )
            change.existing.cells = blob
            change.existing.count = change.merged.table.num_rows
            change.existing.etag = cells.etag(blob)
            change.existing.batch = batch
            change.existing.updated_at = timezone.now()
            changed.append(change.existing)
    Series.objects.bulk_create(new, batch_size=100)
    Series.objects.bulk_update(
        changed, ["cells", "count", "etag", "batch", "updated_at"], batch_size=100
    )
    SeriesRevision.objects.bulk_create(revisions, batch_size=100)
    report.series_written = len(new) + len(changed)
    if report.series_written:
        data_version_bump()
    return report


@transaction.atomic
def need_index_weights_update(
    *, weights: Mapping[str, float], updated_by: User
) -> list[NeedIndexWeight]:
    """Replace the need-index components and weights (national admins only; checked by the
    caller). Weights are relative: they need not sum to one. A weight of 0 removes a
    component."""
    by_key = {i.key: i for i in Indicator.objects.filter(key__in=weights, published=True)}
    unknown = sorted(set(weights) - set(by_key))
    if unknown:
        raise ValidationError(
            {"weights": _("Unknown indicator(s): %(keys)s.") % {"keys": ", ".join(unknown)}}
        )
    for key, weight in weights.items():
        if not 0 <= weight <= 1_000:  # also false for NaN
            raise ValidationError(
                {"weights": _("The weight of %(key)s must be between 0 and 1000.") % {"key": key}}
            )
        if by_key[key].direction == "neutral" and weight > 0:
            raise ValidationError(
                {
                    "weights": _(
                        "%(key)s is neither better nor worse when higher, so it cannot say "
                        "where need is greater."
                    )
                    % {"key": key}
                }
            )
    if not any(weight > 0 for weight in weights.values()):
        raise ValidationError({"weights": _("Give at least one component a weight above 0.")})
    NeedIndexWeight.objects.all().delete()
    saved = NeedIndexWeight.objects.bulk_create(
        NeedIndexWeight(indicator=by_key[key], weight=weight, updated_by=updated_by)
        for key, weight in weights.items()
        if weight > 0
    )
    audit_record(
        actor=updated_by,
        action="atlas.need_index.weights",
        target_type="need_index",
        target_id="weights",
        changes={"weights": dict(weights)},
    )
    data_version_bump()
    return saved


@transaction.atomic
def indicator_settings_update(
    *, indicator: Indicator, suppress_below: int, published: bool, updated_by: User | None
) -> Indicator:
    """What a national admin may tune on a catalogue entry: its public small-count threshold
    and whether it is published. Everything else comes from the shipped catalogue."""
    if suppress_below < 0:
        raise ValidationError({"suppress_below": _("The threshold cannot be negative.")})
    Indicator.objects.filter(pk=indicator.pk).update(
        suppress_below=suppress_below, published=published
    )
    indicator.suppress_below, indicator.published = suppress_below, published
    audit_record(
        actor=updated_by,
        action="atlas.indicator.settings",
        target_type="indicator",
        target_id=indicator.key,
        changes={"suppress_below": suppress_below, "published": published},
    )
    data_version_bump()
    return indicator


@transaction.atomic
def need_index_weight_set(
    *, indicator: Indicator, weight: float, updated_by: User | None
) -> NeedIndexWeight | None:
    """Set one component's weight (0 removes it); the admin site's path to the weights."""
    weights = dict(NeedIndexWeight.objects.values_list("indicator__key", "weight"))
    weights[indicator.key] = weight
    if updated_by is None:
        raise ValidationError({"weights": _("Weights are changed by a national admin.")})
    need_index_weights_update(weights=weights, updated_by=updated_by)
    return NeedIndexWeight.objects.filter(indicator=indicator).first()
