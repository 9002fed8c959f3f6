"""Expiry and deadline alerts on a frozen clock: what the panel lists, what is emailed, and
that a rerun emails nothing twice."""

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from sinergi.core.models import Role, User
from sinergi.partners.alerts import agreement_alerts_send
from sinergi.partners.models import Agreement, AlertDispatch, Organisation, ProgressReport
from sinergi.partners.selectors import alert_list
from tests.partners.factories import CommitmentFactory, agreement_between, member

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(datetime(2026, 10, 1, 8, 0, tzinfo=JAKARTA), tick=False) as clock:
        yield clock


@pytest.fixture
def ending(
    frozen: time_machine.Traveller, kemensos: Organisation, mitra_a: Organisation, alice: User
) -> Agreement:
    """Active, valid until 31 December 2026, with one commitment due 15 October."""
    member(mitra_a, Role.PARTNER_EDITOR, "bob")
    member(mitra_a, Role.PARTNER_VIEWER, "vera")  # viewers are not emailed
    agreement = agreement_between(kemensos, mitra_a, valid_until=date(2026, 12, 31))
    commitment = CommitmentFactory.create(
        agreement=agreement, deadline=date(2026, 10, 15), target=Decimal(100)
    )
    ProgressReport.objects.create(commitment=commitment, value=Decimal(60), as_of=date(2026, 9, 1))
    return agreement


def kinds(user: User | None = None) -> list[tuple[str, int]]:
    return [(alert.kind, alert.days) for alert in alert_list(user=user)]


def test_the_panel_lists_what_is_due_soonest_first(ending: Agreement, alice: User) -> None:
    assert kinds(alice) == [("commitment_due", 14)]  # the agreement ends in 91 days: not yet


def test_alerts_only_reach_those_who_may_see_the_agreement(
    ending: Agreement, charlie: User, rahmat: User, citra: User
) -> None:
    assert kinds(charlie) == []
    assert kinds(citra) == []
    assert kinds(rahmat) == [("commitment_due", 14)]  # Mitra A is registered in his region


def test_each_alert_is_emailed_once_to_admins_and_editors(
    ending: Agreement, frozen: time_machine.Traveller
) -> None:
    first = agreement_alerts_send(today=date(2026, 10, 1))
    assert len(first.sent) == 1 and first.expired == []
    [message] = mail.outbox
    assert sorted(message.to) == ["alice@example.org", "bob@example.org"]
    assert "15 Oktober 2026" in message.subject  # Indonesian, the site's language
    assert "60" in message.body and "100" in message.body

    again = agreement_alerts_send(today=date(2026, 10, 1))
    assert again.sent == [] and again.already_sent == 1
    assert len(mail.outbox) == 1

    frozen.move_to(datetime(2026, 10, 2, 8, 0, tzinfo=JAKARTA))
    next_day = agreement_alerts_send(today=date(2026, 10, 2))
    assert [key.split(":")[-1] for key in next_day.sent] == ["90"]  # now within 90 days
    assert len(mail.outbox) == 2


def test_thresholds_expiry_and_overdue_over_time(
    ending: Agreement, frozen: time_machine.Traveller
) -> None:
    sent: list[str] = []
    for day in (date(2026, 10, 1), date(2026, 10, 16), date(2026, 12, 2), date(2027, 1, 1)):
        frozen.move_to(datetime.combine(day, datetime.min.time(), tzinfo=JAKARTA))
        sent += agreement_alerts_send(today=day).sent
    assert [key.split(":", 2)[0] + ":" + key.rsplit(":", 1)[-1] for key in sent] == [
        "commitment:commitment_due",
        "commitment:commitment_overdue",
        "agreement:90",
        "agreement:30",
        "agreement:2026-12-31",  # the expiry itself
    ]
    ending.refresh_from_db()
    assert ending.status == "expired"
    assert AlertDispatch.objects.count() == len(sent)


def test_a_reached_commitment_raises_no_alert(ending: Agreement) -> None:
    commitment = ending.commitments.get()
    ProgressReport.objects.create(
        commitment=commitment, value=Decimal(100), as_of=date(2026, 9, 30)
    )
    assert kinds() == []  # and the agreement ends in 91 days: nothing to say yet


def test_extending_an_agreement_raises_new_alerts_later(
    ending: Agreement, frozen: time_machine.Traveller
) -> None:
    frozen.move_to(datetime(2026, 12, 5, tzinfo=JAKARTA))
    assert any(
        k.startswith("agreement") for k in agreement_alerts_send(today=date(2026, 12, 5)).sent
    )
    ending.valid_until = date(2027, 12, 31)
    ending.save()
    assert [kind for kind, _days in kinds()] == ["commitment_overdue"]


def test_the_command_runs_as_of_a_given_day(ending: Agreement) -> None:
    out = StringIO()
    call_command("send_agreement_alerts", "--today", "2027-01-05", stdout=out)
    ending.refresh_from_db()
    assert ending.status == "expired"
    assert "1 kesepakatan kedaluwarsa" in out.getvalue()
    with pytest.raises(Exception, match="2026-12-31"):
        call_command("send_agreement_alerts", "--today", "kemarin")
