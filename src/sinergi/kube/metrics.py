"""Commitment progress from mentoring records (registered in ``KubeConfig.ready``).

``kube_mentored`` ("mentor 100 KUBE in 5 regencies"): the distinct groups that, right now,
have an **active** assignment with a mentor of the committed organisation (or, when the
commitment names none, of any party to the agreement) **and** at least one session under that
assignment held within the commitment's period — from the agreement's start (valid from, else
the signing date; unbounded when it has neither) to the commitment's deadline — and whose
village lies within the commitment's region when it has one. Ended, proposed and rejected
assignments do not count, nor do active ones whose mentor never met the group in the period.
See docs/kube.md, "Agreement commitments".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from sinergi.core.access import region_code_within
from sinergi.kube.models import AssignmentStatus, Session
from sinergi.partners.models import Agreement, AgreementParty, Commitment


def _periods(commitments: Sequence[Commitment]) -> dict[int, tuple[date | None, date]]:
    starts = {
        pk: valid_from or signed_on
        for pk, valid_from, signed_on in Agreement.objects.filter(
            pk__in={c.agreement_id for c in commitments}
        ).values_list("pk", "valid_from", "signed_on")
    }
    return {c.id: (starts.get(c.agreement_id), c.deadline) for c in commitments}


def kube_mentored(commitments: Sequence[Commitment]) -> Mapping[int, Decimal]:
    """Three queries for the whole batch."""
    if not commitments:
        return {}
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
    periods = _periods(commitments)
    wanted = set().union(*organisations.values())
    rows = (
        Session.objects.filter(
            assignment__mentor__organisation_id__in=wanted,
            assignment__status=AssignmentStatus.ACTIVE,
            held_on__lte=max(end for _start, end in periods.values()),
        )
        .values_list(
            "assignment__mentor__organisation_id",
            "assignment__group_id",
            "assignment__group__village_id",
            "held_on",
        )
        .distinct()
    )
    by_organisation: dict[int, list[tuple[int, str, date]]] = defaultdict(list)
    for organisation_id, group_id, village, held_on in rows:
        by_organisation[organisation_id].append((group_id, village, held_on))
    result: dict[int, Decimal] = {}
    for commitment in commitments:
        start, end = periods[commitment.id]
        groups = {
            group_id
            for organisation_id in organisations[commitment.id]
            for group_id, village, held_on in by_organisation[organisation_id]
            if (start is None or held_on >= start)
            and held_on <= end
            and (not commitment.region_id or region_code_within(village, commitment.region_id))
        }
        result[commitment.id] = Decimal(len(groups))
    return result
