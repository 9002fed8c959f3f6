"""Reminder emails: each organisation's partner admins and editors get one email listing
their overdue progress reports (drafts and returned reports past their due date)."""

from __future__ import annotations

import smtplib
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.core.models import Role, RoleAssignment
from sinergi.core.services import audit_record
from sinergi.interventions.models import Report
from sinergi.interventions.selectors import overdue_reports


def _body(reports: list[Report]) -> str:
    lines = [
        _("These progress reports are overdue. Please complete and submit them in Sinergi:"),
        "",
    ]
    line = _("- %(ref)s %(title)s, period %(period)s (due %(due)s)")
    lines += [
        line
        % {
            "ref": report.intervention.ref,
            "title": report.intervention.title,
            "period": report.period,
            "due": report.due_on.isoformat(),
        }
        for report in reports
    ]
    return "\n".join(lines)


@transaction.atomic
def reminders_send(*, today: date) -> int:
    """Send one reminder per organisation with overdue reports; the number sent."""
    by_organisation: dict[int, list[Report]] = defaultdict(list)
    for report in overdue_reports(today=today):
        by_organisation[report.intervention.organisation_id].append(report)
    recipients: dict[int, list[str]] = defaultdict(list)
    for organisation_id, email in RoleAssignment.objects.filter(
        organisation_id__in=list(by_organisation),
        role__in=[Role.PARTNER_ADMIN, Role.PARTNER_EDITOR],
    ).values_list("organisation_id", "user__email"):
        if email and organisation_id is not None:
            recipients[organisation_id].append(email)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for organisation_id, reports in sorted(by_organisation.items()):
            to = sorted(set(recipients.get(organisation_id, [])))
            if not to:
                continue
            subject = _("Sinergi: %(count)s overdue progress report(s)") % {"count": len(reports)}
            try:
                send_mail(subject, _body(reports), None, to)
            except (smtplib.SMTPException, OSError):
                continue  # the next run tries again
            audit_record(
                actor=None,
                action="report.reminder",
                target_type="organisation",
                target_id=str(organisation_id),
                changes={"reports": [r.pk for r in reports], "recipients": len(to)},
            )
            sent += 1
    return sent
