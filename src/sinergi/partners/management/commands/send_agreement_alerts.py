from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.partners.alerts import agreement_alerts_send


class Command(BaseCommand):
    help = (
        "Mark ended agreements as expired and email each expiry and deadline alert once "
        "(safe to run repeatedly; run it daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="run as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(_("--today must be a date like 2026-12-31.")) from error
        run = agreement_alerts_send(today=today)
        self.stdout.write(
            _(
                "%(expired)s agreement(s) expired; %(sent)s alert(s) sent, %(already)s sent "
                "before, %(nobody)s without recipients."
            )
            % {
                "expired": len(run.expired),
                "sent": len(run.sent),
                "already": run.already_sent,
                "nobody": len(run.without_recipients),
            }
        )
