"""Agreement alerts by email: expiry and commitment deadlines, each sent once.

``agreement_alerts_send`` is what ``manage.py send_agreement_alerts`` runs (daily, from cron or
a scheduler). It first marks agreements whose period has ended as expired, then emails every
current alert (``selectors.alert_list``) that has not been sent before to the parties' partner
admins and editors. Each alert is recorded in ``AlertDispatch`` under its unique key in the same
transaction as its email: a rerun sends nothing twice, and a failed email is retried next run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction

from sinergi.partners.agreement_services import agreement_expire_due
from sinergi.partners.mail import mail_send
from sinergi.partners.models import AlertDispatch
from sinergi.partners.selectors import Alert, alert_list, alert_recipients, commitment_progress


@dataclass
class AlertRun:
    expired: list[int] = field(default_factory=list)  # agreement ids marked expired
    sent: list[str] = field(default_factory=list)  # alert keys emailed in this run
    already_sent: int = 0
    without_recipients: list[str] = field(default_factory=list)


@transaction.atomic
def _alert_send(alert: Alert, recipients: list[str]) -> bool:
    """Record and email one alert; False when it was already recorded (nothing sent)."""
    try:
        with transaction.atomic():
            AlertDispatch.objects.create(
                key=alert.key, agreement=alert.agreement, recipients=len(recipients)
            )
    except IntegrityError:
        return False
    progress = (
        commitment_progress([alert.commitment])[alert.commitment.pk] if alert.commitment else None
    )
    mail_send(
        to=recipients,
        template="alert",
        context={"alert": alert, "agreement": alert.agreement, "progress": progress},
    )
    return True


def agreement_alerts_send(*, today: date) -> AlertRun:
    """Expire what has ended, then email each alert due on ``today`` once."""
    run = AlertRun(expired=[a.pk for a in agreement_expire_due(today=today)])
    done = set(AlertDispatch.objects.values_list("key", flat=True))
    for alert in alert_list(user=None, today=today):
        if alert.key in done:
            run.already_sent += 1
            continue
        recipients = alert_recipients(agreement=alert.agreement)
        if not recipients:
            run.without_recipients.append(alert.key)
            continue
        if _alert_send(alert, recipients):
            run.sent.append(alert.key)
        else:
            run.already_sent += 1
    return run
