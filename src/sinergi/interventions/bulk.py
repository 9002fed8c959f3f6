"""Bulk writes of interventions for the spreadsheet import: everything already validated in
memory, then written in one transaction with a number of statements that grows with the
number of rows divided by the batch size, never one per row.

The same rules as ``services.intervention_create`` / ``intervention_update``: locations
and target groups are replaced, partner organisations kept, the totals computed without
double counting (or split in proportion to population), ``version`` moved on for every
changed intervention, and one audit event per created or changed intervention with the
fields it changed (written in bulk too). Unchanged interventions are not touched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.utils import timezone

from sinergi.core.models import AuditEvent, User
from sinergi.interventions.models import (
    Intervention,
    InterventionLocation,
    InterventionParty,
    InterventionTargetGroup,
)
from sinergi.interventions.services import (
    SCALAR_FIELDS,
    InterventionData,
    changes_between,
    intervention_assign,
    intervention_snapshot,
    intervention_statistics_refresh,
    location_entries,
    snapshot_of,
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
    found: Intervention | None  # with target groups, parties and locations prefetched
    data: InterventionData


def _parties(item: BulkItem) -> list[tuple[int, str]]:
    return sorted(set(item.data.parties))


def _insert(model: type[Model], rows: Sequence[Model]) -> None:
    """INSERT ``rows`` with ``executemany`` in chunks: the values are prepared for the
    database once per field, without building one SQL text per batch of rows (what
    ``bulk_create`` spends most of its time on). Primary keys are not read back."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-thread proxy
    # Text, whole numbers, booleans and foreign keys go to both drivers as they are: read
    # them straight off the instance (Django's per-value conversion was half the write time).
    # (Choice fields stay on Django's path: psycopg would write an enum member's name.)
    plain = [f.get_internal_type() in PLAIN_TYPES and not f.choices for f in fields]
    prepare = [(f.attname, f.pre_save, f.get_db_prep_save) for f in fields]
    values = [
        tuple(
            getattr(row, attname) if is_plain else to_db(pre_save(row, True), db)
            for (attname, pre_save, to_db), is_plain in zip(prepare, plain, strict=True)
        )
        for row in rows
    ]
    _insert_values(model, [str(f.column) for f in fields], values)


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


def _ids(made: Sequence[Intervention]) -> dict[tuple[int, str], int]:
    """The ids the database gave the new interventions (one query)."""
    found = Intervention.objects.filter(
        organisation_id__in={i.organisation_id for i in made}
    ).values_list("organisation_id", "ref", "pk")
    return {(org_id, ref): pk for org_id, ref, pk in found}


@transaction.atomic
def interventions_write_bulk(
    *, actor: User | None, items: Sequence[BulkItem], population: Mapping[str, int]
) -> list[int]:
    """Create (``found`` None) or update the interventions; returns their ids in order."""
    now = timezone.now()
    creating = [item for item in items if item.found is None]
    made = [
        Intervention(organisation=item.organisation, created_by=actor, version=1)
        for item in creating
    ]
    for intervention, item in zip(made, creating, strict=True):
        intervention_assign(intervention, item.data)
    _insert(Intervention, made)
    new_ids = _ids(made) if made else {}
    for intervention in made:
        intervention.pk = new_ids[(intervention.organisation_id, intervention.ref)]
    # New interventions get the parties their data names; updated ones keep theirs (the
    # import's data carries the existing parties unchanged).
    InterventionParty.objects.bulk_create(
        (
            InterventionParty(intervention=intervention, organisation_id=org_id, role=role)
            for intervention, item in zip(made, creating, strict=True)
            for org_id, role in _parties(item)
        ),
        batch_size=BATCH,
    )
    updating = [item for item in items if item.found is not None]
    changed = [item.found for item in updating if item.found is not None]
    befores: list[dict[str, Any]] = []
    for found, item in zip(changed, updating, strict=True):
        befores.append(intervention_snapshot(found))
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
    db = connections[DEFAULT_DB_ALIAS]
    at = AuditEvent._meta.get_field("at").get_db_prep_save(now, db)
    to_json = AuditEvent._meta.get_field("changes").get_db_prep_save
    actor_id = actor.pk if actor is not None else None
    locations: list[tuple[Any, ...]] = []
    groups: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    for action, interventions, chosen, before_of in (
        ("intervention.create", made, creating, [{}] * len(made)),
        ("intervention.update", changed, updating, befores),
    ):
        for intervention, item, before in zip(interventions, chosen, before_of, strict=True):
            places = location_entries(item.data, population)
            keys = sorted(set(item.data.target_groups))
            locations += [(intervention.pk, e.region, e.targeted, e.reached) for e in places]
            groups += [(intervention.pk, key) for key in keys]
            after = snapshot_of(
                intervention, target_groups=keys, locations=places, parties=_parties(item)
            )
            changes = to_json(changes_between(before, after), db)
            events.append((actor_id, action, "intervention", str(intervention.pk), changes, at))
    _insert_values(
        InterventionLocation, ("intervention_id", "region_id", "targeted", "reached"), locations
    )
    _insert_values(InterventionTargetGroup, ("intervention_id", "key"), groups)
    _insert_values(
        AuditEvent, ("actor_id", "action", "target_type", "target_id", "changes", "at"), events
    )
    if len(items) >= REFRESH_AFTER:
        intervention_statistics_refresh()
    by_item = {id(item): i.pk for item, i in zip(creating, made, strict=True)}
    by_item.update({id(item): i.pk for item, i in zip(updating, changed, strict=True)})
    return [by_item[id(item)] for item in items]
