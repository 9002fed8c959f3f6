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

from django.db import transaction
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
    location_rows,
    snapshot_of,
)
from sinergi.partners.models import Organisation

BATCH = 1_000
# Statistics are refreshed after imports that change at least this many interventions.
REFRESH_AFTER = 1_000


@dataclass(frozen=True)
class BulkItem:
    organisation: Organisation
    found: Intervention | None  # with target groups, parties and locations prefetched
    data: InterventionData


def _rows(
    item: BulkItem, intervention: Intervention, population: Mapping[str, int]
) -> tuple[list[InterventionLocation], list[InterventionTargetGroup]]:
    locations = location_rows(intervention, item.data, population)
    groups = [
        InterventionTargetGroup(intervention=intervention, key=key)
        for key in sorted(set(item.data.target_groups))
    ]
    return locations, groups


def _parties(item: BulkItem) -> list[tuple[int, str]]:
    return sorted(set(item.data.parties))


def _event(actor: User | None, action: str, pk: int, changes: dict[str, Any]) -> AuditEvent:
    return AuditEvent(
        actor=actor,
        action=action,
        target_type="intervention",
        target_id=str(pk),
        changes=changes,
    )


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
    Intervention.objects.bulk_create(made, batch_size=BATCH)
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
    locations: list[InterventionLocation] = []
    groups: list[InterventionTargetGroup] = []
    events: list[AuditEvent] = []
    for intervention, item in zip(made, creating, strict=True):
        own_locations, own_groups = _rows(item, intervention, population)
        locations += own_locations
        groups += own_groups
        after = snapshot_of(
            intervention,
            target_groups=[g.key for g in own_groups],
            locations=own_locations,
            parties=_parties(item),
        )
        changes = changes_between({}, after)
        events.append(_event(actor, "intervention.create", intervention.pk, changes))
    for intervention, item, before in zip(changed, updating, befores, strict=True):
        own_locations, own_groups = _rows(item, intervention, population)
        locations += own_locations
        groups += own_groups
        after = snapshot_of(
            intervention,
            target_groups=[g.key for g in own_groups],
            locations=own_locations,
            parties=_parties(item),
        )
        events.append(
            _event(actor, "intervention.update", intervention.pk, changes_between(before, after))
        )
    InterventionLocation.objects.bulk_create(locations, batch_size=BATCH)
    InterventionTargetGroup.objects.bulk_create(groups, batch_size=BATCH)
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    if len(items) >= REFRESH_AFTER:
        intervention_statistics_refresh()
    by_item = {id(item): i.pk for item, i in zip(creating, made, strict=True)}
    by_item.update({id(item): i.pk for item, i in zip(updating, changed, strict=True)})
    return [by_item[id(item)] for item in items]
