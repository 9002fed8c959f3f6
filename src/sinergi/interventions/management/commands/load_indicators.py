from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sinergi.interventions.library import indicator_library_load


class Command(BaseCommand):
    help = "Load the shipped standard indicator library (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Compare every row again.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = indicator_library_load(force=options["force"])
        for code in report.conflicts:
            self.stderr.write(
                _("Skipped library indicator %(code)s: an organisation's own has the code.")
                % {"code": code}
            )
        if not report.changed:
            self.stdout.write(_("The indicator library is already up to date: nothing changed."))
            return
        self.stdout.write(
            _("Indicator library: %(created)d added, %(updated)d updated, %(unchanged)d unchanged")
            % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
        )
