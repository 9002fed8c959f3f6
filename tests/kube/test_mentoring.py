"""Matching proposals from the database, the assignment lifecycle, sessions, and commitment
progress computed from mentoring."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from sinergi.core.models import AuditEvent
from sinergi.kube.mentoring import (
    assignment_accept,
    assignment_end,
    assignment_reject,
    matching_propose,
    session_record,
)
from sinergi.kube.models import Assignment
from sinergi.partners.selectors import commitment_list, commitment_progress
from tests.dates import jakarta_moment
from tests.kube.factories import SURABAYA_VILLAGE, group, mentor
from tests.partners.factories import CommitmentFactory, OrganisationFactory, agreement_between

pytestmark = pytest.mark.django_db


def test_proposals_prefer_the_right_expertise_and_carry_reasons() -> None:
    food = group(name="KUBE Pangan", category="food_processing")
    craft = group(name="KUBE Anyaman", category="crafts", village="32.73.01.1003")
    cook = mentor(name="Ibu Pangan", expertise=("food_processing",))
    weaver = mentor(name="Ibu Anyam", expertise=("crafts",))
    proposals = matching_propose(actor=None, region_code="32")
    chosen = {p.group_id: p.mentor_id for p in proposals}
    assert chosen == {food.pk: cook.pk, craft.pk: weaver.pk}
    for proposal in proposals:
        assert proposal.status == "proposed"
        assert proposal.reasons["category_match"] is True
        assert 0 <= float(proposal.reasons["distance_km"]) < 50
        assert proposal.reasons["mentor_capacity"] == 3
        assert proposal.cost is not None
    assert AuditEvent.objects.filter(action="kube.matching.propose").count() == 1


def test_capacity_is_respected_and_groups_outside_reach_stay_unassigned() -> None:
    groups = [group(name=f"KUBE {i}", village=f"32.73.01.100{i}") for i in range(1, 5)]
    far = group(name="KUBE Surabaya", village=SURABAYA_VILLAGE)
    only = mentor(capacity=2)
    proposals = matching_propose(actor=None, region_code="32")
    assert len(proposals) == 2 and {p.mentor_id for p in proposals} == {only.pk}
    assert {p.group_id for p in proposals} <= {g.pk for g in groups}
    # Jawa Timur is outside the mentor's reach and outside the region asked for.
    assert matching_propose(actor=None, region_code="35") == []
    assert not Assignment.objects.filter(group=far).exists()
    # Groups with an open proposal are not proposed again; the mentor is full.
    assert matching_propose(actor=None, region_code="32") == []


def test_lifecycle_accept_edit_reject_end() -> None:
    first = group(name="KUBE Satu")
    second = group(name="KUBE Dua", village="32.73.01.1002")
    mentor_a = mentor(name="Ibu A", capacity=1)
    mentor_b = mentor(name="Ibu B", capacity=1)
    proposals = {p.group_id: p for p in matching_propose(actor=None, region_code="32.73")}
    assert len(proposals) == 2
    accepted = assignment_accept(actor=None, assignment=proposals[first.pk], mentor=mentor_a)
    assert accepted.status == "active" and accepted.mentor_id == mentor_a.pk
    # Mentor A is full: accepting the second group with A again is refused; B is fine.
    with pytest.raises(ValidationError):
        assignment_accept(actor=None, assignment=proposals[second.pk], mentor=mentor_a)
    edited = assignment_accept(actor=None, assignment=proposals[second.pk], mentor=mentor_b)
    assert edited.mentor_id == mentor_b.pk
    with pytest.raises(ValidationError):
        assignment_reject(actor=None, assignment=edited)
    ended = assignment_end(actor=None, assignment=accepted, ended_on=timezone.localdate())
    assert ended.status == "ended"
    with pytest.raises(ValidationError):
        assignment_end(actor=None, assignment=ended, ended_on=timezone.localdate())
    # The group is free again and gets a new proposal; rejecting it leaves it free.
    again = matching_propose(actor=None, region_code="32.73")
    assert [p.group_id for p in again] == [first.pk]
    assert assignment_reject(actor=None, assignment=again[0]).status == "rejected"


def test_sessions_only_for_active_assignments_with_sane_attendance() -> None:
    created = group(size=6)
    mentor()
    (proposal,) = matching_propose(actor=None, region_code="32")
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        session_record(actor=None, assignment=proposal, held_on=today, topics="Pembukuan")
    active = assignment_accept(actor=None, assignment=proposal)
    session = session_record(
        actor=None,
        assignment=active,
        held_on=today,
        topics="Pembukuan sederhana",
        action_items=["Buat buku kas", " "],
        attendance=6,
    )
    assert session.action_items == ["Buat buku kas"]
    for bad in ({"attendance": 7}, {"held_on": today + timedelta(days=1)}, {"topics": " "}):
        fields = {"held_on": today, "topics": "Pemasaran", "attendance": 3, **bad}
        with pytest.raises(ValidationError):
            session_record(actor=None, assignment=active, **fields)  # type: ignore[arg-type]
    assert created.pk == active.group_id


# The factory's commitments are due 31 December 2026 and only sessions up to the deadline count:
# "today" must fall inside the agreement's period.
@time_machine.travel(jakarta_moment(date(2026, 6, 15)), tick=False)
def test_commitment_progress_counts_groups_mentored_with_sessions() -> None:
    iwapi = OrganisationFactory.create(name="Ikatan Wanita Pengusaha Uji")
    ministry = OrganisationFactory.create(name="Kementerian Uji", type="ministry")
    agreement = agreement_between(ministry, iwapi)
    anywhere = CommitmentFactory.create(agreement=agreement, organisation=iwapi)
    in_jabar = CommitmentFactory.create(agreement=agreement, region_id="32")
    in_jatim = CommitmentFactory.create(agreement=agreement, region_id="35")
    other_metric = CommitmentFactory.create(agreement=agreement, metric="sessions_held")
    groups = [group(name=f"KUBE {i}", village=f"32.73.01.100{i}") for i in range(1, 4)]
    mentor(organisation=iwapi, capacity=5)
    mentor(name="Relawan lain", capacity=5, expertise=("trade",))  # not from a party
    proposals = matching_propose(actor=None, region_code="32")
    assert len(proposals) == 3
    actives = [assignment_accept(actor=None, assignment=p) for p in proposals]
    own = [a for a in actives if a.mentor.organisation_id == iwapi.pk]
    # Only groups that actually met their mentor count: two of the three.
    for assignment in own[:2]:
        session_record(
            actor=None, assignment=assignment, held_on=timezone.localdate(), topics="Modal"
        )
    progress = commitment_progress(commitment_list(agreement=agreement))
    assert progress[anywhere.pk].value == 2 and progress[anywhere.pk].computed
    assert progress[in_jabar.pk].value == 2
    # Only active assignments count: an ended one no longer does.
    assignment_end(actor=None, assignment=own[0], ended_on=timezone.localdate())
    progress = commitment_progress(commitment_list(agreement=agreement))
    assert progress[anywhere.pk].value == 1
    assert progress[in_jatim.pk].value == 0
    assert not progress[other_metric.pk].computed
    assert len(groups) == 3
