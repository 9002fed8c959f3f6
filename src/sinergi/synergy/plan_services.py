"""Writes for recommendations and the plan: weights, unit costs, pledges and scenarios.

A scenario is solved when it is saved and its outcome stored with it, so comparing scenarios
never re-solves and a later change of data does not silently rewrite a saved comparison.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.core.models import User
from sinergi.core.services import audit_record
from sinergi.core.taxonomy import PPKS
from sinergi.partners.models import Organisation
from sinergi.synergy import plan
from sinergi.synergy.models import PlanScenario, Pledge, RecommendationWeights, UnitCost

GROUP_KEYS = frozenset(group.key for group in PPKS)
WEIGHT_FIELDS = (
    "need",
    "gap_exponent",
    "footprint",
    "proximity",
    "crowding",
    "half_distance_km",
    "unfocused",
)


@transaction.atomic
def recommendation_weights_set(
    *, actor: User | None, values: dict[str, float]
) -> RecommendationWeights:
    """Replace the weights in force (all non-negative; the half distance positive)."""
    unknown = set(values) - set(WEIGHT_FIELDS)
    positive = ("half_distance_km", "gap_exponent")
    if (
        unknown
        or any(v < 0 for v in values.values())
        or any(values.get(k, 1) <= 0 for k in positive)
    ):
        raise ValidationError({"weights": _("Weights must be known, non-negative numbers.")})
    row = RecommendationWeights.objects.order_by("pk").first() or RecommendationWeights()
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_by = actor
    row.save()
    audit_record(
        actor=actor, action="synergy.weights", target_type="recommendation_weights",
        target_id=str(row.pk), changes=dict(values),
    )  # fmt: skip
    return row


@transaction.atomic
def unit_cost_set(*, actor: User | None, target_group: str, cost_idr: int, basis: str) -> UnitCost:
    if target_group not in GROUP_KEYS:
        raise ValidationError({"target_group": _("Not a PPKS target group.")})
    if cost_idr <= 0:
        raise ValidationError({"cost_idr": _("A unit cost must be above zero.")})
    row, _created = UnitCost.objects.update_or_create(
        target_group=target_group,
        defaults={"cost_idr": cost_idr, "basis": basis.strip(), "updated_by": actor},
    )
    audit_record(
        actor=actor, action="synergy.unit_cost", target_type="unit_cost",
        target_id=target_group, changes={"cost_idr": cost_idr},
    )  # fmt: skip
    return row


@transaction.atomic
def pledge_set(
    *, actor: User | None, organisation: Organisation, year: int, amount_idr: int
) -> Pledge | None:
    """Set an organisation's pledge for a year; zero removes it."""
    if amount_idr < 0:
        raise ValidationError({"amount_idr": _("A pledge cannot be negative.")})
    audit_record(
        actor=actor, action="synergy.pledge", target_type="organisation",
        target_id=str(organisation.pk), changes={"year": year, "amount_idr": amount_idr},
    )  # fmt: skip
    if amount_idr == 0:
        Pledge.objects.filter(organisation=organisation, year=year).delete()
        return None
    row, _created = Pledge.objects.update_or_create(
        organisation=organisation,
        year=year,
        defaults={"amount_idr": amount_idr, "updated_by": actor},
    )
    return row


def _check_changes(changes: dict[str, Any]) -> None:
    groups = set(changes.get("unit_costs", {})) - GROUP_KEYS
    if groups:
        raise ValidationError(
            {
                "unit_costs": _("Not PPKS target groups: %(groups)s.")
                % {"groups": ", ".join(sorted(groups))}
            }
        )
    organisations = {int(k) for k in changes.get("budgets", {})}
    known = set(Organisation.objects.filter(pk__in=organisations).values_list("pk", flat=True))
    if organisations - known:
        raise ValidationError({"budgets": _("No organisation has one of these numbers.")})


@transaction.atomic
def scenario_create(
    *, actor: User | None, name: str, year: int, changes: dict[str, Any]
) -> PlanScenario:
    """Solve the plan with these changes and keep it, outcome included (even when infeasible:
    the explanation is what the planner needs to see)."""
    if not name.strip():
        raise ValidationError({"name": _("Name the scenario.")})
    _check_changes(changes)
    outcome = plan.run(year=year, changes=changes)
    scenario = PlanScenario.objects.create(
        name=name.strip(), year=year, changes=changes, outcome=outcome, created_by=actor
    )
    audit_record(
        actor=actor, action="synergy.scenario_create", target_type="plan_scenario",
        target_id=str(scenario.pk), changes={"name": scenario.name, "year": year},
    )  # fmt: skip
    return scenario


@transaction.atomic
def scenario_delete(*, actor: User | None, scenario: PlanScenario) -> None:
    audit_record(
        actor=actor, action="synergy.scenario_delete", target_type="plan_scenario",
        target_id=str(scenario.pk),
    )  # fmt: skip
    scenario.delete()
