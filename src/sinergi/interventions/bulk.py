"""Bulk writes of interventions for the spreadsheet import: everything already validated in
memory, then written in one transaction with a number of statements that grows with the
number of rows divided by the batch size, never one per row.

The same rules as ``services.intervention_create`` / ``intervention_update``: locations
and target groups are replaced, partner organisations kept, the totals computed without
double counting (or split in proportion to population), ``version`` moved on for every
changed intervention, and one audit event per created or changed intervention with the
fields it changed (written in bulk too). Unchanged interventions are not touched. The
listeners hear of the written ones after the commit, as after any edit.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.utils import timezone

from sinergi.core.models import AuditEvent, User
from sinergi.interventions.listeners import interventions_changed
from sinergi.interventions.models import (
    Intervention,
    InterventionLocation,
    InterventionParty,
    InterventionTargetGroup,
)
from sinergi.interventions.selectors import StoredIntervention
from sinergi.interventions.services import (
    SCALAR_FIELDS,
    SNAPSHOT_FIELDS,
    InterventionData,
    LocationEntry,
    changes_between,
    intervention_assign,
    intervention_statistics_refresh,
    location_entries,
    snapshot_from,
    snapshot_of,
    totals_of,
)
from sinergi.partners.models import Organisation

BATCH = 1_000
PLAIN_TYPES = frozenset(
    {
        *("CharField", "TextField", "BooleanField", "ForeignKey"),
        *("IntegerField", "BigIntegerField", "PositiveIntegerField", "PositiveBigIntegerField"),
        *("SmallIntegerField", "PositiveSmallIntegerField"),
    }
)
CHUNK = 5_000  # rows per executemany
# Statistics are refreshed after imports that change at least this many interventions.
REFRESH_AFTER = 1_000


@dataclass(frozen=True)
class BulkItem:
    organisation: Organisation
    found: StoredIntervention | None
    data: InterventionData


def _parties(item: BulkItem) -> list[tuple[int, str]]:
    return sorted(set(item.data.parties))


class _Columns:
    """How each column of ``model`` (primary key aside) goes to the database, decided once
    per field, not per value. Text (choices too: their members are ``str``), whole numbers,
    booleans and foreign key ids go to both drivers as they are; dates and JSON through the
    connection's own adapters: dates once per distinct value (an import has a few
    thousand), the empty breakdown most imported interventions have once. Django's
    per-value ``get_db_prep_save`` path was half the write time."""

    def __init__(self, model: type[Model]) -> None:
        db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-thread proxy
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = [str(f.column) for f in fields]
        self.values_of = operator.itemgetter(*(str(f.attname) for f in fields))
        self.adapters: list[tuple[int, Callable[[Any], Any]]] = []
        for index, f in enumerate(fields):
            kind = f.get_internal_type()
            if kind == "DateField":
                self.adapters.append((index, _Remembered(db.ops.adapt_datefield_value)))
            elif kind == "DateTimeField":
                self.adapters.append((index, _Remembered(db.ops.adapt_datetimefield_value)))
            elif kind == "JSONField":
                empty = f.get_db_prep_save({}, db)
                self.adapters.append((index, functools.partial(_json, f, db, empty)))
            elif kind not in PLAIN_TYPES:
                self.adapters.append((index, functools.partial(f.get_db_prep_save, connection=db)))

    def row(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        row = list(self.values_of(values))
        for index, adapt in self.adapters:
            row[index] = adapt(row[index])
        return tuple(row)


class _Remembered:
    """An adapter that converts each distinct (hashable) value once."""

    def __init__(self, adapt: Callable[[Any], Any]) -> None:
        self.adapt, self.seen = adapt, dict[Any, Any]()

    def __call__(self, value: Any) -> Any:
        if value not in self.seen:
            self.seen[value] = self.adapt(value)
        return self.seen[value]


def _json(field: Any, db: Any, empty: Any, value: Any) -> Any:
    return empty if value == {} else field.get_db_prep_save(value, db)


def _insert_values(
    model: type[Model], columns: Sequence[str], values: list[tuple[Any, ...]]
) -> None:
    """INSERT plain value tuples (already in the database's form) with ``executemany``."""
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(model._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with db.cursor() as cursor:
        for start in range(0, len(values), CHUNK):
            cursor.executemany(sql, values[start : start + CHUNK])


def _ids(organisation_ids: set[int]) -> dict[tuple[int, str], int]:
    """The ids of the organisations' interventions by reference (one query)."""
    found = Intervention.objects.filter(organisation_id__in=organisation_ids).values_list(
        "organisation_id", "ref", "pk"
    )
    return {(org_id, ref): pk for org_id, ref, pk in found}


def _new_fields(item: BulkItem, base: Mapping[str, Any]) -> dict[str, Any]:
    """Every column of a new intervention: the model's defaults, then ``data``."""
    fields = dict(base)
    fields.update((name, getattr(item.data, name)) for name in SCALAR_FIELDS)
    fields.update(totals_of(item.data))
    fields["organisation_id"] = item.organisation.pk
    return fields


def _create(
    creating: Sequence[BulkItem], actor_id: int | None, now: datetime
) -> list[dict[str, Any]]:
    """INSERT the new interventions without building model instances; their fields, each
    with the ``id`` the database gave it."""
    columns = _Columns(Intervention)
    base = {f.attname: f.get_default() for f in Intervention._meta.concrete_fields}
    base.update(created_by_id=actor_id, version=1, created_at=now, updated_at=now)
    made = [_new_fields(item, base) for item in creating]
    _insert_values(Intervention, columns.columns, [columns.row(fields) for fields in made])
    ids = _ids({fields["organisation_id"] for fields in made}) if made else {}
    for fields in made:
        fields["id"] = ids[(fields["organisation_id"], fields["ref"])]
    # New interventions get the parties their data names; updated ones keep theirs (the
    # import's data carries the existing parties unchanged).
    _insert_values(
        InterventionParty,
        ("intervention_id", "organisation_id", "role"),
        [
            (fields["id"], org_id, str(role))
            for fields, item in zip(made, creating, strict=True)
            for org_id, role in _parties(item)
        ],
    )
    return made


def _update(
    updating: Sequence[BulkItem], now: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """UPDATE the changed interventions (few per import: kept on Django's path) and drop
    their locations and target groups; the snapshot of each before the change, and its
    fields after."""
    befores: list[dict[str, Any]] = []
    stored = [item.found for item in updating if item.found is not None]
    changed = [s.intervention for s in stored]
    for found, before, item in zip(changed, stored, updating, strict=True):
        places = [LocationEntry(*location) for location in before.locations]
        befores.append(
            snapshot_of(
                found, target_groups=before.target_groups, locations=places, parties=before.parties
            )
        )
        intervention_assign(found, item.data)
        found.version += 1
        found.updated_at = now
    Intervention.objects.bulk_update(
        changed, [*SCALAR_FIELDS, "targeted", "reached", "version", "updated_at"], BATCH // 4
    )
    ids = [i.pk for i in changed]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        InterventionLocation.objects.filter(intervention_id__in=chunk).delete()
        InterventionTargetGroup.objects.filter(intervention_id__in=chunk).delete()
    afters = [{name: getattr(i, name) for name in ("id", *SNAPSHOT_FIELDS)} for i in changed]
    return befores, afters


@transaction.atomic
def interventions_write_bulk(
    *, actor: User | None, items: Sequence[BulkItem], population: Mapping[str, int]
) -> list[int]:
    """Create (``found`` None) or update the interventions; returns their ids in order."""
    now = timezone.now()
    actor_id = actor.pk if actor is not None else None
    creating = [item for item in items if item.found is None]
    updating = [item for item in items if item.found is not None]
    made = _create(creating, actor_id, now)
    befores, afters = _update(updating, now)
    db = connections[DEFAULT_DB_ALIAS]
    at = AuditEvent._meta.get_field("at").get_db_prep_save(now, db)
    to_json = AuditEvent._meta.get_field("changes").get_db_prep_save
    locations: list[tuple[Any, ...]] = []
    groups: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    ids: dict[int, int] = {}  # id(item) -> its intervention's id
    for action, chosen, fields_of, before_of in (
        ("intervention.create", creating, made, [{}] * len(made)),
        ("intervention.update", updating, afters, befores),
    ):
        for fields, item, before in zip(fields_of, chosen, before_of, strict=True):
            pk = ids[id(item)] = fields["id"]
            places = location_entries(item.data, population)
            keys = sorted(set(item.data.target_groups))
            locations += [(pk, e.region, e.targeted, e.reached) for e in places]
            groups += [(pk, key) for key in keys]
            after = snapshot_from(
                fields, target_groups=keys, locations=places, parties=_parties(item)
            )
            changes = to_json(changes_between(before, after), db)
            events.append((actor_id, action, "intervention", str(pk), changes, at))
    _insert_values(
        InterventionLocation, ("intervention_id", "region_id", "targeted", "reached"), locations
    )
    _insert_values(InterventionTargetGroup, ("intervention_id", "key"), groups)
    _insert_values(
        AuditEvent, ("actor_id", "action", "target_type", "target_id", "changes", "at"), events
    )
    if len(items) >= REFRESH_AFTER:
        intervention_statistics_refresh()
    written = [ids[id(item)] for item in items]
    interventions_changed(written)
    return written
