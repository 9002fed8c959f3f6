"""Writes for an intervention's results framework beyond tracking an indicator
(``services.indicator_create`` and ``services.intervention_indicator_set``): changing a
library indicator, stopping tracking one, and an organisation's own indicator made from an
intervention's page. Every write is audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.core.models import User
from sinergi.core.services import audit_record
from sinergi.interventions.models import Indicator, Intervention, InterventionIndicator
from sinergi.interventions.reach import intervention_reach_refresh
from sinergi.interventions.services import (
    check_indicator,
    indicator_create,
    intervention_indicator_set,
)
from sinergi.partners.models import Organisation

INDICATOR_FIELDS = ("name", "unit", "function", "programme", "sdgs", "counts_reached")


@transaction.atomic
def indicator_update(
    *, actor: User | None, indicator: Indicator, changes: Mapping[str, Any]
) -> Indicator:
    """Change some of an indicator's fields (``INDICATOR_FIELDS``; the code is its identity
    in spreadsheets and reports, so it never changes). Audited with the old and new values.

    Turning ``counts_reached`` on is refused while an intervention tracking the indicator
    already tracks another indicator that counts people reached: at most one per
    intervention, or reach would be counted twice. Either way the interventions tracking it
    get their approved and pending reach recomputed.
    """
    unknown = set(changes) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed.")] for name in unknown})
    wanted = dict(changes)
    if "sdgs" in wanted:
        wanted["sdgs"] = sorted(set(wanted["sdgs"]))
    errors: dict[str, list[str]] = {}
    check_indicator(
        function=wanted.get("function", ""),
        programme=wanted.get("programme", ""),
        tags=wanted.get("sdgs", []),
        errors=errors,
    )
    tracking = list(
        InterventionIndicator.objects.filter(indicator=indicator).values_list(
            "intervention_id", flat=True
        )
    )
    if (
        wanted.get("counts_reached")
        and not indicator.counts_reached
        and InterventionIndicator.objects.filter(
            intervention_id__in=tracking, indicator__counts_reached=True
        )
        .exclude(indicator=indicator)
        .exists()
    ):
        errors["counts_reached"] = [
            _(
                "An intervention tracking this indicator already tracks another that counts "
                "people reached."
            )
        ]
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(indicator, name) for name in wanted}
    for name, value in wanted.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save(update_fields=list(wanted) or None)
    delta = {
        name: {"from": before[name], "to": value}
        for name, value in wanted.items()
        if before[name] != value
    }
    audit_record(
        actor=actor,
        action="indicator.update",
        target_type="indicator",
        target_id=str(indicator.pk),
        changes=delta,
    )
    if "counts_reached" in delta:
        intervention_reach_refresh(intervention_ids=tracking)
    return indicator


@transaction.atomic
def intervention_indicator_remove(*, actor: User | None, tracked: InterventionIndicator) -> None:
    """Stop tracking an indicator that has no reported value in any report (draft ones
    included): a value once entered is part of the record and stays, so removing it would
    rewrite history. The indicator itself stays in the library or the organisation's list."""
    if tracked.values.exists():
        raise ValidationError(
            {"indicator": _("This indicator has reported values; it cannot be removed.")}
        )
    code = tracked.indicator.code
    intervention_id = tracked.intervention_id
    tracked.delete()
    audit_record(
        actor=actor,
        action="intervention.indicator_remove",
        target_type="intervention",
        target_id=str(intervention_id),
        changes={"indicator": code},
    )


@transaction.atomic
def intervention_custom_indicator_add(
    *,
    actor: User | None,
    intervention: Intervention,
    name: str,
    unit: str,
    function: str = "",
    programme: str = "",
    sdgs: Iterable[str] = (),
    counts_reached: bool = False,
    baseline: Decimal,
    target: Decimal,
    targets: Mapping[str, Decimal] | None = None,
) -> InterventionIndicator:
    """Create the intervention's organisation's own indicator and track it, both or
    neither (a refused target leaves no orphan indicator behind)."""
    indicator = indicator_create(
        actor=actor,
        code=custom_indicator_code(intervention.organisation),
        name=name,
        unit=unit,
        function=function,
        programme=programme,
        sdgs=sdgs,
        counts_reached=counts_reached,
        organisation=intervention.organisation,
    )
    return intervention_indicator_set(
        actor=actor,
        intervention=intervention,
        indicator=indicator,
        baseline=baseline,
        target=target,
        targets=targets,
    )


def custom_indicator_code(organisation: Organisation) -> str:
    """The next free code for an organisation's own indicator (``M<organisation>-<n>``):
    codes are unique across the library and every organisation, and a generated one never
    takes a code the shipped library uses."""
    taken = set(
        Indicator.objects.filter(code__startswith=f"M{organisation.pk}-").values_list(
            "code", flat=True
        )
    )
    number = len(taken) + 1
    while f"M{organisation.pk}-{number:03d}" in taken:
        number += 1
    return f"M{organisation.pk}-{number:03d}"
