"""Commitment progress from mentoring records (registered in ``KubeConfig.ready``).

``kube_mentored``: distinct groups that had at least one session under an active or ended
assignment with a mentor of the committed organisation (or, when the commitment names none,
of any party to the agreement), within the commitment's region when it has one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

from sinergi.core.access import region_code_within
from sinergi.kube.models import Assignment
from sinergi.partners.models import AgreementParty, Commitment


def kube_mentored(commitments: Sequence[Commitment]) -> Mapping[int, Decimal]:
    """Two queries for the whole batch."""
    agreement_ids = {c.agreement_id for c in commitments if c.organisation_id is None}
    parties: dict[int, set[int]] = defaultdict(set)
    for agreement_id, organisation_id in AgreementParty.objects.filter(
        agreement_id__in=agreement_ids
    ).values_list("agreement_id", "organisation_id"):
        parties[agreement_id].add(organisation_id)
    organisations = {
        c.id: ({c.organisation_id} if c.organisation_id is not None else parties[c.agreement_id])
        for c in commitments
    }
    wanted = set().union(*organisations.values()) if organisations else set()
    rows = (
        Assignment.objects.filter(
            mentor__organisation_id__in=wanted,
            status__in=["active", "ended"],
            sessions__isnull=False,
        )
        .values_list("mentor__organisation_id", "group_id", "group__village_id")
        .distinct()
    )
    by_organisation: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for organisation_id, group_id, village in rows:
        by_organisation[organisation_id].add((group_id, village))
    result: dict[int, Decimal] = {}
    for commitment in commitments:
        groups = set().union(*(by_organisation[o] for o in organisations[commitment.id]))
        if commitment.region_id:
            groups = {g for g in groups if region_code_within(g[1], commitment.region_id)}
        result[commitment.id] = Decimal(len({g[0] for g in groups}))
    return result
