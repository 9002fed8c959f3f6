"""Commitment progress from interventions: ``people_reached`` is the people reached by the
interventions linked to the commitment's agreement (by the committing organisation, within
the commitment's region when it has one), each person counted once (``counting``).

Only approved results count (``Intervention.reached_approved``, see ``reach``): what a partner
declared on the form, or submitted in a report not yet approved, never moves a commitment. The
submitted figure is returned as ``pending`` so the agreement page can show it beside the bar.
For a commitment limited to a region, an intervention's approved total is shared over its
locations in proportion to the declared per-location figures (``counting.apportion``) and the
part inside the region counted (``counting.total_within``); the pending total likewise.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Prefetch

from sinergi.interventions import counting
from sinergi.interventions.models import Intervention, InterventionLocation, Unit
from sinergi.interventions.reach import intervention_reach_shares
from sinergi.partners.metrics import MetricValues, metric_source_register
from sinergi.partners.models import Commitment


def people_reached(commitments: Sequence[Commitment]) -> MetricValues:
    """Approved (``counted``) and reported-not-yet-approved (``pending``) people reached per
    commitment id; two queries for the whole batch."""
    agreement_ids = {c.agreement_id for c in commitments}
    interventions = list(
        Intervention.objects.filter(agreement_id__in=agreement_ids, unit=Unit.PERSONS)
        .only("pk", "agreement_id", "organisation_id", "reached_approved", "reached_pending")
        .prefetch_related(
            Prefetch(
                "locations",
                queryset=InterventionLocation.objects.only(
                    "intervention_id", "region_id", "reached", "targeted"
                ),
            )
        )
    )
    approved: dict[int, Decimal] = {}
    pending: dict[int, Decimal] = {}
    for commitment in commitments:
        counted = waiting = 0
        for intervention in interventions:
            if intervention.agreement_id != commitment.agreement_id or (
                commitment.organisation_id
                and intervention.organisation_id != commitment.organisation_id
            ):
                continue
            if commitment.region_id:
                # The declared figures only weigh where the approved people were reached.
                shares = intervention_reach_shares(intervention)
                counted += counting.total_within(shares.approved, commitment.region_id)
                waiting += counting.total_within(shares.pending, commitment.region_id)
            else:
                counted += intervention.reached_approved
                waiting += intervention.reached_pending
        approved[commitment.pk] = Decimal(counted)
        pending[commitment.pk] = Decimal(waiting)
    return MetricValues(counted=approved, pending=pending)


def register_metric_sources() -> None:
    metric_source_register("people_reached", people_reached)
