"""A partner's capital grant to a KUBE, recorded as an intervention (5W) so it counts in the
partner's work, the 3W exports and the region figures like any other.

The intervention: programme KUBE, function economic empowerment, the granting partner as the
lead organisation, the group's village as the one location with its member households as
targeted and reached, the amount as budget and spend, dated on the day the money arrived,
completed, with the reference ``KUBE-MODAL-<grant id>``. The grant keeps the link
(``CapitalGrant.intervention``), so the same grant is never recorded twice.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.core.models import User
from sinergi.core.services import audit_record
from sinergi.interventions.models import Intervention, LocationMode, Status, Unit, Visibility
from sinergi.interventions.services import InterventionData, LocationEntry, intervention_create
from sinergi.kube.models import CapitalGrant

REF_PREFIX = "KUBE-MODAL-"


def grant_ref(grant: CapitalGrant) -> str:
    return f"{REF_PREFIX}{grant.pk}"


@transaction.atomic
def grant_intervention_record(*, actor: User | None, grant: CapitalGrant) -> Intervention:
    """Record ``grant`` as an intervention of its granting partner (once)."""
    grant = (
        CapitalGrant.objects.select_for_update(of=("self",))
        .select_related("organisation", "group")
        .get(pk=grant.pk)
    )
    organisation = grant.organisation
    if organisation is None:
        raise ValidationError(
            {"organisation": _("Only a grant from a partner organisation can be recorded.")}
        )
    if grant.intervention_id is not None:
        raise ValidationError({"grant": _("This grant is already recorded as an intervention.")})
    group = grant.group
    households = group.members.count()
    amount = int(grant.amount)
    intervention = intervention_create(
        actor=actor,
        organisation=organisation,
        data=InterventionData(
            ref=grant_ref(grant),
            title=_("KUBE capital: %(group)s") % {"group": group.name},
            description=_(
                "Capital assistance to the joint business group %(group)s, recorded from KUBE."
            )
            % {"group": group.name},
            function="ekonomi",
            programme="KUBE",
            status=Status.COMPLETED,
            start_date=grant.received_on,
            end_date=grant.received_on,
            budget_idr=amount,
            spend_idr=amount,
            unit=Unit.HOUSEHOLDS,
            location_mode=LocationMode.PER_LOCATION,
            locations=[LocationEntry(group.village_id, households, households)],
            visibility=Visibility.PUBLIC,
        ),
    )
    grant.intervention = intervention
    grant.save(update_fields=["intervention"])
    audit_record(
        actor=actor,
        action="kube.capital.intervention",
        target_type="kube_group",
        target_id=str(group.pk),
        changes={"grant": grant.pk, "intervention": intervention.pk},
    )
    return intervention
