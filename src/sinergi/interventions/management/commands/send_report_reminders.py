from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.interventions.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Email each organisation's partner admins and editors the list of their overdue "
        "progress reports (run it weekly)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="run as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(_("Write the date as YYYY-MM-DD.")) from error
        sent = reminders_send(today=today)
        self.stdout.write(_("%(count)s reminder(s) sent.") % {"count": sent})
