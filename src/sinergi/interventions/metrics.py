"""Commitment progress from interventions: ``people_reached`` is the people reached by the
interventions linked to the commitment's agreement (by the committing organisation, within
the commitment's region when it has one), each person counted once (``counting``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db.models import Prefetch

from sinergi.interventions import counting
from sinergi.interventions.models import Intervention, InterventionLocation, Unit
from sinergi.partners.metrics import metric_source_register
from sinergi.partners.models import Commitment


def people_reached(commitments: Sequence[Commitment]) -> Mapping[int, Decimal]:
    agreement_ids = {c.agreement_id for c in commitments}
    interventions = list(
        Intervention.objects.filter(agreement_id__in=agreement_ids, unit=Unit.PERSONS)
        .only("pk", "agreement_id", "organisation_id", "reached")
        .prefetch_related(
            Prefetch(
                "locations",
                queryset=InterventionLocation.objects.only(
                    "intervention_id", "region_id", "reached"
                ),
            )
        )
    )
    reached: dict[int, Decimal] = {}
    for commitment in commitments:
        total = 0
        for intervention in interventions:
            if intervention.agreement_id != commitment.agreement_id or (
                commitment.organisation_id
                and intervention.organisation_id != commitment.organisation_id
            ):
                continue
            if commitment.region_id:
                figures = {loc.region_id: loc.reached for loc in intervention.locations.all()}
                total += counting.total_within(figures, commitment.region_id)
            else:
                total += intervention.reached
        reached[commitment.pk] = Decimal(total)
    return reached


def register_metric_sources() -> None:
    metric_source_register("people_reached", people_reached)
