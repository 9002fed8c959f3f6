"""An intervention's reach as the reports say it: approved, and reported but not yet approved.

Every figure Sinergi shows of people reached (coverage, gaps and overlaps, recommendations, the
plan's current pattern, commitment progress, the organisation report, IATI actuals) counts
``Intervention.reached_approved``: the sum of the approved values of the one tracked indicator
that counts people reached (``Indicator.counts_reached``). Values are increments per period,
so the sum over approved periods is the cumulative reach. Submitted values wait in
``reached_pending`` and are shown beside the approved figure, never added to it. What the
organisation typed on the form (``Intervention.reached``) is a declaration: it only weighs how
the approved total spreads over the locations (``counting.apportion``).

The services that change a report's status or values call ``intervention_reach_refresh``, which
writes both columns and tells the listeners (the synergy tables, the same path as an edit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.db import transaction
from django.utils import timezone

from sinergi.interventions import counting
from sinergi.interventions.listeners import interventions_changed
from sinergi.interventions.models import Intervention, ReportStatus, ReportValue


def reach_sums(intervention_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(approved, pending) people reached per intervention id, whole people (one query)."""
    ids = list(intervention_ids)
    sums: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    rows = ReportValue.objects.filter(
        report__intervention_id__in=ids,
        indicator__indicator__counts_reached=True,
        report__status__in=(ReportStatus.APPROVED, ReportStatus.SUBMITTED),
    ).values_list("report__intervention_id", "report__status", "value")
    for intervention_id, status, value in rows:
        sums[intervention_id][0 if status == ReportStatus.APPROVED else 1] += value
    whole = {
        pk: tuple(int(v.to_integral_value(ROUND_FLOOR)) for v in figures)
        for pk, figures in sums.items()
    }
    return {pk: (whole[pk][0], whole[pk][1]) if pk in whole else (0, 0) for pk in ids}


@transaction.atomic
def intervention_reach_refresh(*, intervention_ids: Iterable[int]) -> list[int]:
    """Recount the approved and pending reach of these interventions from their reports;
    the ids whose figures moved (their listeners are told once the transaction commits)."""
    ids = sorted(set(intervention_ids))
    sums = reach_sums(ids)
    current = Intervention.objects.filter(pk__in=ids).values_list(
        "pk", "reached_approved", "reached_pending"
    )
    moved = [pk for pk, approved, pending in current if sums[pk] != (approved, pending)]
    now = timezone.now()
    for pk in moved:
        approved, pending = sums[pk]
        # updated_at moves too: other processes notice changes through MAX(updated_at).
        Intervention.objects.filter(pk=pk).update(
            reached_approved=approved, reached_pending=pending, updated_at=now
        )
    if moved:
        interventions_changed(moved)
    return moved


@dataclass(frozen=True)
class ReachShares:
    """Where an intervention's approved and pending people were reached, by location code."""

    approved: dict[str, int]
    pending: dict[str, int]


def reach_shares(
    *, approved: int, pending: int, declared: Mapping[str, tuple[int, int]]
) -> ReachShares:
    """Both totals shared over the locations by their declared (reached, targeted) figures
    (``counting.apportion``): reports give one figure per intervention, the declaration says
    where."""
    return ReachShares(
        approved=counting.apportion(approved, declared),
        pending=counting.apportion(pending, declared),
    )


def intervention_reach_shares(intervention: Intervention) -> ReachShares:
    """``reach_shares`` of an intervention whose locations are loaded (or prefetched)."""
    declared = {loc.region_id: (loc.reached, loc.targeted) for loc in intervention.locations.all()}
    return reach_shares(
        approved=intervention.reached_approved,
        pending=intervention.reached_pending,
        declared=declared,
    )
